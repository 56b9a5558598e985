"""Numbers, money and dates written for people, the Indonesian way.

Every figure a reader sees passes through here, so the site writes
``Rp 1.234.567.890``, ``82,4%`` and ``17 Maret 2024`` the same everywhere.
Rounding is half-up (what people learn at school), done in Decimal before
Babel lays out the digits.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol
from markupsafe import Markup

from terbuka.core.text import BIDI

LOCALE = "id_ID"
# The locale's symbols come from Babel; the digits are laid out by Python's
# own exact formatting of Decimal (Babel's per-call machinery was the largest
# cost of rendering a large site).
_SEPARATORS = str.maketrans({",": get_group_symbol(LOCALE), ".": get_decimal_symbol(LOCALE)})
DASH = "–"  # shown where a figure does not exist (no budget, no data)

# Short money scale words, largest first: (sen per unit, word).
_SCALES = (
    (10**12 * 100, "triliun"),
    (10**9 * 100, "miliar"),
    (10**6 * 100, "juta"),
)

Number = int | float | Decimal


def round_half_up(value: Number, digits: int) -> Decimal:
    """``value`` rounded half-up to ``digits`` decimals, exactly."""
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def _grouped(value: Decimal | int, digits: int) -> str:
    return f"{value:,.{digits}f}".translate(_SEPARATORS)


def exact_number(value: Number | None) -> str:
    """Every digit of ``value``, Indonesian separators: 1.234.567,5."""
    if value is None:
        return DASH
    exact = Decimal(str(value))
    text = format(exact, "f")
    digits = len(text.partition(".")[2].rstrip("0"))
    return _grouped(exact, digits)


def number(value: Number | None, digits: int = 0) -> str:
    """``value`` rounded half-up to ``digits`` decimals: 1.234,6."""
    if value is None:
        return DASH
    return _grouped(round_half_up(value, digits), digits)


def rupiah(sen: int | None) -> str:
    """An exact amount of money: Rp 1.234.567.890 (with ,50 when there are sen)."""
    if sen is None:
        return DASH
    whole, cents = divmod(abs(int(sen)), 100)
    sign = "-" if sen < 0 else ""
    text = _grouped(whole, 0)
    if cents:
        text += f",{cents:02d}"
    return f"{sign}Rp {text}"


def plain_rupiah(sen: int | None) -> str:
    """An exact amount as files publish it: 1500000, or 1500000.50 with sen; a
    figure not reported (spending of a budget-only report) is a blank cell.

    The one money-to-text of every download, chart table and the explorer's
    data; ``rupiah`` is its counterpart for people."""
    if sen is None:
        return ""
    whole, cents = divmod(abs(int(sen)), 100)
    sign = "-" if sen < 0 else ""
    return f"{sign}{whole}.{cents:02d}" if cents else f"{sign}{whole}"


def rupiah_short(sen: int | None, digits: int = 1) -> str:
    """A rounded amount for headlines: Rp 12,3 miliar; exact below a million."""
    if sen is None:
        return DASH
    for size, word in _SCALES:
        if abs(sen) >= size:
            return f"Rp {number(Decimal(sen) / size, digits)} {word}"
    return rupiah(int(round_half_up(Decimal(sen) / 100, 0)) * 100)


def filesize(size: int) -> str:
    """A file's size as people read it: 850 KB, 3,7 MB."""
    if size >= 1024 * 1024:
        return f"{number(Decimal(size) / (1024 * 1024), 1)} MB"
    return f"{number(Decimal(size) / 1024, 0)} KB"


def rupiah_pair(before: int, after: int) -> tuple[str, str]:
    """Two amounts of a change, rounded alike but with enough digits to
    differ when they do (Rp 2,00 triliun menjadi Rp 2,03 triliun)."""
    for digits in range(1, 7):
        pair = (rupiah_short(before, digits), rupiah_short(after, digits))
        if pair[0] != pair[1] or before == after:
            return pair
    return rupiah(before), rupiah(after)


def percent(value: Number | None, digits: int = 1) -> str:
    """A percentage already in 0..100: 82,4%."""
    if value is None:
        return DASH
    return f"{number(value, digits)}%"


_ISOLATE_OPENERS = "\u2066\u2067\u2068"
_FSI, _PDI = "\u2068", "\u2069"


def isolate_bidi(value: object) -> object:
    """Text with bidirectional controls, wrapped so they cannot reverse what
    surrounds it: first-strong isolate ... pop isolate (UAX #9), with stray
    pops dropped and open isolates closed. Other values pass unchanged.

    Used as Jinja's ``finalize``: every value a template prints passes here.
    Markup (rendered Markdown written by staff) is left as it is.
    """
    if not isinstance(value, str) or isinstance(value, Markup) or not BIDI.search(value):
        return value
    return isolated(value)


def isolated(value: str) -> str:
    """``value`` between an isolate and its pop when it holds bidirectional
    controls, so that text composed around it (a chart's summary) keeps its
    order; other text unchanged."""
    if not BIDI.search(value):
        return value
    depth, kept = 0, []
    for char in value:
        if char in _ISOLATE_OPENERS:
            depth += 1
        elif char == _PDI:
            if depth == 0:
                continue
            depth -= 1
        kept.append(char)
    return _FSI + "".join(kept) + _PDI * depth + _PDI


def without_bidi(text: str) -> str:
    """Text for a chart label: bidirectional controls removed."""
    return BIDI.sub("", text)


def long_date(value: dt.date | None) -> str:
    """17 Maret 2024."""
    if value is None:
        return DASH
    return format_date(value, "d MMMM y", locale=LOCALE)


JINJA_FILTERS = {
    "exact_number": exact_number,
    "number": number,
    "rupiah": rupiah,
    "rupiah_short": rupiah_short,
    "rupiah_pair": rupiah_pair,
    "filesize": filesize,
    "percent": percent,
    "long_date": long_date,
}
