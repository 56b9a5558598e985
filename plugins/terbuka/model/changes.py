"""What changed between two versions of the data: units, programs and
activities added and removed, budget and spending changes (largest first),
and SPBE levels that moved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import pandas as pd

from terbuka.core.constants import PROGRAM
from terbuka.model.model import CityModel

ACTIVITY_ROW = ["tahun", "kode_opd", "kode_kegiatan", "kode_sub_kegiatan"]


@dataclass
class Changes:
    units_added: list[dict] = field(default_factory=list)
    units_removed: list[dict] = field(default_factory=list)
    programs_added: list[dict] = field(default_factory=list)
    programs_removed: list[dict] = field(default_factory=list)
    activities_added: list[dict] = field(default_factory=list)
    activities_removed: list[dict] = field(default_factory=list)
    units_changed: list[dict] = field(default_factory=list)  # budget/spent per unit and year
    programs_changed: list[dict] = field(default_factory=list)
    spbe_moved: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)

    def for_unit(self, kode_opd: str) -> Changes:
        """Only the changes of one unit."""
        return Changes(
            **{
                name: [row for row in getattr(self, name) if row.get("kode_opd") == kode_opd]
                for name in self.__dataclass_fields__
                if name != "spbe_moved"
            },
            spbe_moved=[r for r in self.spbe_moved if r.get("kode_opd") == kode_opd],
        )


def _keyed(frame: pd.DataFrame, keys: list[str], names: list[str]) -> dict[tuple, dict]:
    return {
        tuple(row[k] for k in keys): {k: row[k] for k in keys + names}
        for row in frame[keys + names].to_dict("records")
    }


def _added_removed(old: dict, new: dict) -> tuple[list[dict], list[dict]]:
    return [new[k] for k in new if k not in old], [old[k] for k in old if k not in new]


def _money_changes(old: pd.DataFrame, new: pd.DataFrame, names: dict) -> list[dict]:
    """Rows whose budget or spending differ, largest change first."""
    joined = old[["budget", "spent"]].join(
        new[["budget", "spent"]], how="outer", lsuffix="_lama", rsuffix="_baru"
    )
    reported = joined[["spent_lama", "spent_baru"]].notna()  # not reported is not Rp 0
    joined = joined.fillna(0).astype("int64")
    joined["d_budget"] = joined["budget_baru"] - joined["budget_lama"]
    joined["d_spent"] = joined["spent_baru"] - joined["spent_lama"]
    changed = joined[(joined["d_budget"] != 0) | (joined["d_spent"] != 0)]
    rows = []
    for (key, r), (old_known, new_known) in zip(
        changed.iterrows(), reported.loc[changed.index].itertuples(index=False), strict=True
    ):
        key_dict = dict(zip(joined.index.names, cast(tuple, key), strict=True))
        rows.append(
            {
                **key_dict,
                **names.get(key, {}),
                "budget_old": int(r["budget_lama"]),
                "budget_new": int(r["budget_baru"]),
                "spent_old": int(r["spent_lama"]) if old_known else None,
                "spent_new": int(r["spent_baru"]) if new_known else None,
                "d_budget": int(r["d_budget"]),
                "d_spent": int(r["d_spent"]),
            }
        )
    rows.sort(key=lambda r: (-max(abs(r["d_budget"]), abs(r["d_spent"])), str(r)))
    return rows


def compare(old: CityModel, new: CityModel) -> Changes:
    names = {**_unit_names(old), **_unit_names(new)}
    changes = Changes()
    old_units = _keyed(old.units, ["kode_opd"], ["nama_opd", "slug"])
    new_units = _keyed(new.units, ["kode_opd"], ["nama_opd", "slug"])
    changes.units_added, changes.units_removed = _added_removed(old_units, new_units)

    old_programs = _keyed(old.programs, PROGRAM, ["nama_program"])
    new_programs = _keyed(new.programs, PROGRAM, ["nama_program"])
    added, removed = _added_removed(old_programs, new_programs)
    changes.programs_added = [{**p, "nama_opd": names.get(p["kode_opd"], "")} for p in added]
    changes.programs_removed = [{**p, "nama_opd": names.get(p["kode_opd"], "")} for p in removed]

    label = ["nama_kegiatan", "nama_sub_kegiatan"]
    old_rows = _keyed(old.current, ACTIVITY_ROW, label)
    new_rows = _keyed(new.current, ACTIVITY_ROW, label)
    added, removed = _added_removed(old_rows, new_rows)
    changes.activities_added = [{**a, "nama_opd": names.get(a["kode_opd"], "")} for a in added]
    changes.activities_removed = [{**a, "nama_opd": names.get(a["kode_opd"], "")} for a in removed]

    unit_names = {(k, y): {"nama_opd": names.get(k, "")} for k, y in new.by_unit_year.index}
    unit_names |= {(k, y): {"nama_opd": names.get(k, "")} for k, y in old.by_unit_year.index}
    changes.units_changed = _money_changes(old.by_unit_year, new.by_unit_year, unit_names)
    program_names = {
        key: {"nama_program": v["nama_program"], "nama_opd": names.get(key[1], "")}
        for key, v in {**old_programs, **new_programs}.items()
    }
    changes.programs_changed = _money_changes(old.by_program, new.by_program, program_names)
    changes.spbe_moved = _spbe_moves(old, new)
    return changes


def _unit_names(model: CityModel) -> dict[str, str]:
    return dict(zip(model.units["kode_opd"], model.units["nama_opd"], strict=True))


def _spbe_moves(old: CityModel, new: CityModel) -> list[dict]:
    keys = ["tahun", "kerangka", "kode_indikator"]
    before = _keyed(old.spbe_levels, keys, ["tingkat", "kode_opd"])
    moved = []
    for key, row in _keyed(new.spbe_levels, keys, ["tingkat", "kode_opd"]).items():
        if key in before and before[key]["tingkat"] != row["tingkat"]:
            moved.append({**row, "tingkat_lama": before[key]["tingkat"]})
    return moved
