"""Charts: what to draw (``build``), as typed specs (``specs``), drawn to
deterministic SVG and PNG (``draw``) in the build's worker pool (``pool``).

A ``Chart`` (``chart``) carries everything a page shows around the picture:
a one-line summary written from the same numbers, alt text, the table
alternative and the CSV of exactly the numbers drawn. Drawing is a pure
function of the chart's spec; pictures are cached by a hash of spec, code
and matplotlib's version.
"""

from terbuka.outputs.charts.build import (
    budget_by_program,
    by_group,
    on_the_map,
    over_the_years,
    quarterly,
    reported_sum,
    revision,
    spbe_aspects,
    spbe_trend,
    spending_by_class,
    spent_by_unit,
)
from terbuka.outputs.charts.chart import COLUMN_TITLES, WIDTH_IN, Chart
from terbuka.outputs.charts.draw import STYLE, render
from terbuka.outputs.charts.pool import Drawing, pool_for, worker_pool
from terbuka.outputs.charts.specs import (
    BarsSpec,
    BudgetSpentSpec,
    MapArea,
    MapSpec,
    QuarterlySpec,
    Spec,
    TrendSpec,
)

__all__ = [
    "COLUMN_TITLES",
    "STYLE",
    "WIDTH_IN",
    "BarsSpec",
    "BudgetSpentSpec",
    "Chart",
    "Drawing",
    "MapArea",
    "MapSpec",
    "QuarterlySpec",
    "Spec",
    "TrendSpec",
    "budget_by_program",
    "by_group",
    "on_the_map",
    "over_the_years",
    "pool_for",
    "quarterly",
    "render",
    "reported_sum",
    "revision",
    "spbe_aspects",
    "spbe_trend",
    "spending_by_class",
    "spent_by_unit",
    "worker_pool",
]
