"""Numbers as Indonesian exports write them, read exactly.

Excel in the Indonesian locale writes ``1.500.000,50``; SIPD and hand edits
write ``1500000.5``; Excel in an English locale and the statutory reports of
SIMDA write money ``759,243,300,538.61`` and negatives ``(9,156,100.00)``.
A lone ``1.500`` could be either, so the style is decided per column from
the values that are unambiguous, and a value that could still be read two
ways is reported, never guessed. Comma thousands are money only: there a
comma followed by three digits cannot be the decimal mark (rupiah stop at
sen), so ``1,500`` is one thousand five hundred.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from terbuka.core.formatting import exact_number

# Every figure has at most 15 digits before the decimal mark (999 triliun):
# beyond that a number is not a budget, and a double (Excel) no longer holds
# it exactly.
MAX_INTEGER_DIGITS = 15
MAX_SHOWN = 40  # characters of a refused value quoted back in a message
STYLE_ID = "id"  # 1.500.000,50
STYLE_PLAIN = "plain"  # 1500000.50

EXAMPLE = {"money": "1.500.000,50", "percent": "82,5", "number": "3,05"}
KIND_WORD = {"money": "angka rupiah", "percent": "persen", "number": "angka"}

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_RP_PREFIX = re.compile(r"^rp\.?", re.IGNORECASE)
# ASCII digits only: other scripts' digits (١٥٠٠) are not read as amounts.
_DIGITS = re.compile(r"\d+", re.ASCII)
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", re.ASCII)  # 1.500.000 or 1.500.000,50
_COMMA_DECIMAL = re.compile(r"\d+,\d+", re.ASCII)  # 82,5
_DOT_DECIMAL = re.compile(r"\d+\.\d+", re.ASCII)  # 1500000.5
_COMMA_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", re.ASCII)  # 1,500,000.50 (money)


class Reading(Enum):
    """How a single value can be read before its column's style is known."""

    EXACT = "exact"  # same value in every style (1500000, -)
    ID = "id"  # only the Indonesian style reads it
    PLAIN = "plain"  # only the plain style reads it
    AMBIGUOUS = "ambiguous"  # both styles read it, differently
    INVALID = "invalid"


@dataclass(frozen=True)
class Classified:
    reading: Reading
    id_value: Decimal | None = None
    plain_value: Decimal | None = None


class NumberError(ValueError):
    """A value that cannot be read; ``message`` is Bahasa Indonesia for staff."""

    def __init__(self, message: str, ambiguous: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.ambiguous = ambiguous  # readable two ways: one cause for a whole column


def _strip_decorations(text: str, kind: str) -> str:
    """Remove what surrounds the digits: spaces, ``Rp`` for money, ``%`` for rates."""
    s = _SPACES.sub("", text)
    if kind == "money":
        s = _RP_PREFIX.sub("", s)
    elif s.endswith("%"):
        s = s[:-1]
    return s


def classify(text: str, kind: str) -> Classified:
    """Say how ``text`` reads as a number of ``kind`` (money, percent, number)."""
    s = _strip_decorations(text, kind)
    if s in {"-", ""}:
        # Excel's accounting format writes zero as a dash ("Rp -").
        return Classified(Reading.EXACT, Decimal(0), Decimal(0))
    sign = ""
    if s[0] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    elif kind == "money" and len(s) > 2 and s[0] == "(" and s[-1] == ")":
        sign, s = "-", s[1:-1]  # accounting negatives: (9,156,100.00)
    if _DIGITS.fullmatch(s):
        value = Decimal(sign + s)
        return Classified(Reading.EXACT, value, value)
    if _GROUPED.fullmatch(s):
        id_value = Decimal(sign + s.replace(".", "").replace(",", "."))
        if s.count(".") == 1 and "," not in s:
            return Classified(Reading.AMBIGUOUS, id_value, Decimal(sign + s))
        return Classified(Reading.ID, id_value=id_value)
    if kind == "money" and _COMMA_GROUPED.fullmatch(s):
        return Classified(Reading.PLAIN, plain_value=Decimal(sign + s.replace(",", "")))
    if _COMMA_DECIMAL.fullmatch(s):
        return Classified(Reading.ID, id_value=Decimal(sign + s.replace(",", ".")))
    if _DOT_DECIMAL.fullmatch(s):
        return Classified(Reading.PLAIN, plain_value=Decimal(sign + s))
    return Classified(Reading.INVALID)


def column_style(classified: Sequence[Classified]) -> str | None:
    """The style of a column: the one its unambiguous values use.

    Returns None when no value tells. When both styles occur, the more common
    one wins and the others are reported as errors by ``resolve``.
    """
    id_count = sum(1 for c in classified if c.reading is Reading.ID)
    plain_count = sum(1 for c in classified if c.reading is Reading.PLAIN)
    if id_count == 0 and plain_count == 0:
        return None
    return STYLE_ID if id_count >= plain_count else STYLE_PLAIN


def resolve(text: str, c: Classified, style: str | None, kind: str) -> Decimal:
    """The exact value of one classified cell in a column of ``style``.

    Raises ``NumberError`` with a message for staff when the cell is unreadable,
    ambiguous, or written in the other style than the rest of its column.
    """
    example = EXAMPLE[kind]
    if c.reading is Reading.INVALID:
        raise NumberError(f"nilai '{_shown(text)}' bukan {KIND_WORD[kind]} (contoh: {example})")
    if c.reading is Reading.EXACT:
        value = c.id_value
    elif c.reading is Reading.AMBIGUOUS:
        if style is None:
            raise NumberError(
                f"nilai '{_shown(text)}' bisa dibaca dua cara: {exact_number(c.id_value)} atau "
                f"{exact_number(c.plain_value)}; tulis tanpa titik ribuan "
                f"(misalnya {_plain_digits(c.id_value)}) atau pakai koma untuk desimal",
                ambiguous=True,
            )
        value = c.id_value if style == STYLE_ID else c.plain_value
    elif style is None or (c.reading is Reading.ID) == (style == STYLE_ID):
        value = c.id_value if c.reading is Reading.ID else c.plain_value
    elif style == STYLE_ID:
        raise NumberError(
            f"nilai '{_shown(text)}' memakai titik sebagai desimal (atau koma sebagai pemisah "
            "ribuan), padahal kolom ini memakai "
            f"gaya Indonesia (contoh: {example}); tulis {exact_number(c.plain_value)}"
        )
    else:
        raise NumberError(
            f"nilai '{_shown(text)}' memakai gaya Indonesia (titik ribuan, koma desimal), padahal "
            f"kolom ini memakai titik sebagai desimal; tulis {_plain_digits(c.id_value)}"
        )
    assert value is not None
    if value.adjusted() >= MAX_INTEGER_DIGITS:  # also keeps quantize below within precision
        raise NumberError(
            f"nilai '{_shown(text)}' terlalu besar: lebih dari {MAX_INTEGER_DIGITS} angka sebelum "
            "koma (rupiah sebesar itu tidak ada di APBD mana pun); periksa selnya"
        )
    if kind == "money" and value != value.quantize(Decimal("0.01")):
        raise NumberError(
            f"nilai '{_shown(text)}' punya lebih dari 2 angka di belakang koma; rupiah hanya "
            "sampai sen"
        )
    return value


def parse_column(texts: Sequence[str], kind: str) -> list[Decimal | NumberError | None]:
    """Parse the non-empty cells of one column: a Decimal or an error per cell.

    Empty cells give None. Only the cells passed in decide the column's style.
    """
    classified = [classify(t, kind) if t else None for t in texts]
    style = column_style([c for c in classified if c is not None])
    out: list[Decimal | NumberError | None] = []
    for text, c in zip(texts, classified, strict=True):
        if c is None:
            out.append(None)
            continue
        try:
            out.append(resolve(text, c, style, kind))
        except NumberError as exc:
            out.append(exc)
    return out


LINES_SHOWN = 20  # lines of an ambiguous column named one by one


def read_column(
    texts: Sequence[str], lines: Sequence[int], kind: str
) -> tuple[list[Decimal | None], list[tuple[int, str]]]:
    """The values of one column (None where blank or unreadable), and its errors
    as (line, message): one per unreadable cell, except that cells which stay
    readable two ways are one cause, so one error for the column."""
    parsed = parse_column(texts, kind)
    ambiguous = [i for i, v in enumerate(parsed) if isinstance(v, NumberError) and v.ambiguous]
    together = len(ambiguous) >= 2
    values: list[Decimal | None] = []
    errors: list[tuple[int, str]] = []
    for value, line in zip(parsed, lines, strict=True):
        if isinstance(value, NumberError):
            values.append(None)
            if not (together and value.ambiguous):
                errors.append((line, value.message))
        else:
            values.append(value)
    if together:
        first = ambiguous[0]
        shown = ", ".join(str(lines[i]) for i in ambiguous[:LINES_SHOWN])
        more = (
            f" dan {len(ambiguous) - LINES_SHOWN} lainnya" if len(ambiguous) > LINES_SHOWN else ""
        )
        errors.append(
            (
                lines[first],
                f"{len(ambiguous)} nilai di kolom ini bisa dibaca dua cara (baris {shown}{more}), "
                f"misalnya '{_shown(texts[first])}', dan tidak ada nilai lain di kolom ini yang "
                "menunjukkan gayanya; tulis satu saja dengan desimal (1.500,00 atau 1500.00) agar "
                "seluruh kolom terbaca",
            )
        )
    return values, errors


def parse_number(text: str, kind: str = "number") -> Decimal:
    """Parse one value on its own (no column to decide the style)."""
    return resolve(text, classify(text, kind), None, kind)


def to_sen(value: Decimal) -> int:
    """Rupiah as an exact integer number of sen (1/100 rupiah)."""
    return int(value * 100)


def _shown(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def _plain_digits(value: Decimal | None) -> str:
    return format(value, "f")
