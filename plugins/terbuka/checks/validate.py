"""Schema-driven checks: types, required values, enums, ranges, keys.

Everything here follows from the Table Schemas in ``schemas/``; the contract's
rules that a schema cannot say live in ``rules.py``. Cells become typed
columns: text is ``""`` when empty (never null, so keys group cleanly),
integers and money (in sen) are nullable integers, percents nullable floats
and other numbers exact ``Decimal``. A cell that cannot be read becomes null
and gets a problem; a dataset with any error is never built.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pandas as pd

from terbuka.core.constants import LINE
from terbuka.core.problems import ERROR, WARNING, Code, Problem, error
from terbuka.core.schema import Field, ForeignKey, TableSchema
from terbuka.core.text import BIDI
from terbuka.inputs import numbers
from terbuka.inputs.read import RawTable

_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")  # beyond 18 digits no range of ours holds
_LONGEST_NUMBER = 40  # characters; longer cells are never a plausible amount

Converted = tuple[list, list[Problem]]


def type_table(raw: RawTable, schema: TableSchema) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed columns for every field of ``schema`` (absent columns are empty)."""
    position = {name: i for i, name in enumerate(raw.columns)}
    problems: list[Problem] = []
    data: dict[str, Any] = {}
    for f in schema.fields:
        i = position.get(f.name)
        texts = [row[i] for row in raw.rows] if i is not None else [""] * len(raw.rows)
        values, found = _convert(texts, raw.lines, f, raw.filename)
        if f.kind == "money":
            found += _check_total(values, f, raw.filename)
        if i is not None or not f.column_required:  # a missing column is reported once
            problems.extend(found)
        data[f.name] = _column(values, f)
    data[LINE] = pd.array(raw.lines, dtype="int64")
    return pd.DataFrame(data), problems


MAX_TOTAL_SEN = 9 * 10**18  # what a 64-bit column of sen holds: Rp 90.000 triliun


def _check_total(values: list, f: Field, filename: str) -> list[Problem]:
    """A file's total must fit the model's 64-bit columns: one error, no traceback."""
    if sum(v for v in values if v is not None) <= MAX_TOTAL_SEN:
        return []
    return [
        error(
            filename,
            None,
            f.name,
            f"jumlah kolom '{f.name}' melebihi Rp 90.000 triliun; periksa angka yang "
            "terlalu besar (satuan rupiah, bukan sen)",
            Code.OUT_OF_RANGE,
        )
    ]


def _column(values: list[Any], f: Field) -> pd.api.extensions.ExtensionArray | pd.Series:
    if f.kind in ("integer", "money"):
        return pd.array(values, dtype="Int64")
    if f.kind == "percent":
        return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
    return pd.Series(values, dtype=object)


def _convert(texts: list[str], lines: list[int], f: Field, filename: str) -> Converted:
    problems: list[Problem] = []

    def report(line: int, message: str, code: Code, severity: str = ERROR) -> None:
        problems.append(Problem(severity, filename, line, f.name, message, code))

    values: list[Any]
    if f.kind == "text":
        values = [_text(t, line, f, report) for t, line in zip(texts, lines, strict=True)]
    elif f.kind == "integer":
        values = [_integer(t, line, f, report) for t, line in zip(texts, lines, strict=True)]
    else:
        values = _numbers(texts, lines, f, report)
    for i, (value, text, line) in enumerate(zip(values, texts, lines, strict=True)):
        if not text and f.required and not f.default:
            report(line, f"kosong; kolom '{f.name}' wajib diisi{_example(f)}", Code.REQUIRED)
        elif value is not None and value != "" and not _in_range(value, text, line, f, report):
            # Reported already; null keeps typed columns safe (25 nines of
            # rupiah would not fit a 64-bit column of sen).
            values[i] = None
    if f.unique:
        _check_unique(values, lines, f, report)
    return values, problems


def _example(f: Field) -> str:
    return f" (contoh: {f.example})" if f.example else ""


def _text(text: str, line: int, f: Field, report: Callable) -> str:
    if not text:
        return f.default or ""
    if bidi := BIDI.search(text):
        code = f"U+{ord(bidi.group()):04X}"
        report(
            line,
            f"teks memuat karakter pengarah teks {code} (tak terlihat) yang bisa membalik "
            "urutan tulisan; situs mengurungnya, tetapi sebaiknya dihapus",
            Code.BIDI_CONTROL,
            WARNING,
        )
    if f.enum is not None:
        canonical = {e.lower(): e for e in f.enum}.get(text.lower())
        if canonical is None:
            report(line, f"nilai '{text}' tidak dikenal; pilihan: {', '.join(f.enum)}", Code.CHOICE)
            return ""
        return canonical
    if f.max_length is not None and len(text) > f.max_length:
        report(
            line,
            f"nilai '{text[:40]}…' terlalu panjang ({len(text)} karakter); paling panjang "
            f"{f.max_length} karakter",
            Code.TOO_LONG,
        )
        return text
    if f.pattern is not None and not re.fullmatch(f.pattern, text):
        help_text = f.help or f"harus sesuai pola {f.pattern}"
        report(line, f"nilai '{text}' tidak sah: {help_text}", Code.PATTERN)
    return text


def _integer(text: str, line: int, f: Field, report: Callable) -> int | None:
    if not text:
        return None
    if not _INTEGER.fullmatch(text):
        shown = text if len(text) <= 40 else text[:40] + "…"
        report(line, f"nilai '{shown}' bukan bilangan bulat{_example(f)}", Code.NOT_AN_INTEGER)
        return None
    return int(text)


def _numbers(texts: list[str], lines: list[int], f: Field, report: Callable) -> list:
    # Plain digits read the same in every style: the common case, done
    # without parsing; only the other cells decide the column's style.
    values: list = [None] * len(texts)
    others = []
    for i, text in enumerate(texts):
        if len(text) > _LONGEST_NUMBER:
            report(
                lines[i],
                f"nilai '{text[:40]}…' terlalu panjang untuk sebuah angka",
                Code.NOT_A_NUMBER,
            )
        elif text.isascii() and text.isdigit():
            values[i] = int(text) * 100 if f.kind == "money" else Decimal(text)
        elif text:
            others.append(i)
    parsed, errors = numbers.read_column(
        [texts[i] for i in others], [lines[i] for i in others], f.kind
    )
    for line, message in errors:
        report(line, message, Code.NOT_A_NUMBER)
    for i, value in zip(others, parsed, strict=True):
        if value is not None:
            values[i] = numbers.to_sen(value) if f.kind == "money" else value
    return values


def _in_range(value: Any, text: str, line: int, f: Field, report: Callable) -> bool:
    """False (and a problem reported) when ``value`` is outside the field's range."""
    if f.kind == "money":
        value = Decimal(value) / 100
    if f.minimum is not None and value < f.minimum:
        report(line, f"nilai '{text}' tidak boleh kurang dari {f.minimum}", Code.OUT_OF_RANGE)
        return False
    if f.maximum is not None and value > f.maximum:
        limit = f"{f.maximum:,}".replace(",", ".") if f.kind == "money" else f.maximum
        report(line, f"nilai '{text}' tidak boleh lebih dari {limit}", Code.OUT_OF_RANGE)
        return False
    return True


def _check_unique(values: list, lines: list[int], f: Field, report: Callable) -> None:
    first_line: dict = {}
    for value, line in zip(values, lines, strict=True):
        if value is None or value == "":
            continue
        if value in first_line:
            report(
                line,
                f"nilai '{value}' sudah dipakai di baris {first_line[value]}; "
                f"kolom '{f.name}' harus unik",
                Code.DUPLICATE_VALUE,
            )
        else:
            first_line[value] = line


def _key_tuples(df: pd.DataFrame, fields: tuple[str, ...]) -> list[tuple | None]:
    """Each row's key, or None where a key cell could not be read."""
    columns = [df[name].tolist() for name in fields]
    keys: list[tuple | None] = []
    for cells in zip(*columns, strict=True):
        keys.append(None if any(c is None or c is pd.NA for c in cells) else tuple(cells))
    return keys


def _describe(fields: tuple[str, ...], key: tuple) -> str:
    return ", ".join(
        f"{name}={value if value != '' else '(kosong)'}"
        for name, value in zip(fields, key, strict=True)
    )


def check_primary_key(df: pd.DataFrame, schema: TableSchema) -> list[Problem]:
    """Every row's key must be new; repeats point at the first row."""
    key = schema.primary_key
    if not key or (len(key) == 1 and schema.field(key[0]).unique):
        return []  # no key, or a one-column key that the field's own check covers
    problems: list[Problem] = []
    first_line: dict[tuple, int] = {}
    column = schema.primary_key[-1]
    for found, line in zip(_key_tuples(df, schema.primary_key), df[LINE], strict=True):
        if found is None:
            continue
        if found in first_line:
            problems.append(
                error(
                    schema.filename,
                    int(line),
                    column,
                    f"baris ganda: {_describe(schema.primary_key, found)} sudah ada di baris "
                    f"{first_line[found]}; hapus salah satu atau perbaiki kodenya",
                    Code.DUPLICATE_KEY,
                )
            )
        else:
            first_line[found] = int(line)
    return problems


def check_foreign_key(
    df: pd.DataFrame,
    schema: TableSchema,
    fk: ForeignKey,
    target: pd.DataFrame,
    target_name: str,
    skip_lines: set[int],
) -> tuple[list[Problem], set[int]]:
    """Every reference must name a row that exists in the referenced file.

    Rows in ``skip_lines`` already have a broken reference (their unit, say)
    and are not reported again for the references that follow from it.
    Returns the problems and the lines of every row that failed.
    """
    known = {k for k in _key_tuples(target, fk.reference_fields) if k is not None}
    # The shortest part of a missing key that is unknown is its cause: a
    # whole unit or year missing from the target is one error, not one per row.
    prefixes = [{k[:n] for k in known} for n in range(len(fk.fields) + 1)]
    skip = [df[name].tolist() for name in fk.skip_when_empty]
    causes: dict[tuple, list[int]] = {}
    for i, (key, line) in enumerate(zip(_key_tuples(df, fk.fields), df[LINE], strict=True)):
        if key is None or all(v == "" for v in key) or any(s[i] == "" for s in skip):
            continue
        if line in skip_lines or key in known:
            continue
        size = next((n for n in range(len(key) + 1) if key[:n] not in prefixes[n]), len(key))
        causes.setdefault(key[:size], []).append(int(line))
    problems = []
    for cause, lines in causes.items():
        if not cause:
            message = f"{target_name} tidak punya satu baris pun untuk dirujuk"
        else:
            message = (
                f"tidak ada baris di {target_name} dengan "
                f"{_describe(fk.fields[: len(cause)], cause)}; "
                f"tambahkan dulu di {target_name} atau perbaiki kodenya"
            )
        column = fk.fields[max(len(cause), 1) - 1]
        problems.append(
            error(schema.filename, lines[0], column, message + _also(lines), Code.MISSING_REFERENCE)
        )
    return problems, {line for lines in causes.values() for line in lines}


def _also(lines: list[int], shown: int = 5) -> str:
    """`` (juga baris 7, 9 ...; 12 baris)`` for a cause shared by several rows."""
    if len(lines) == 1:
        return ""
    others = ", ".join(str(n) for n in lines[1:shown])
    more = " …" if len(lines) > shown else ""
    return f" (berlaku untuk {len(lines)} baris: {lines[0]}, {others}{more})"
