"""``data/kolom.csv``: the clerk's map from an export's own headers to ours.

An export whose header the tool does not know (``Nilai DPA`` for ``pagu``)
needs no renaming by hand: one row of ``kolom.csv`` (file, kolom_ekspor,
kolom_terbuka) says what it means. The map is checked like any data file:
an unknown file or an unknown target column is an error at its line, with
the closest names suggested.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import get_close_matches
from pathlib import Path

from .constants import LINE
from .problems import Code, Problem, error
from .read import read_table, regular_file_problem
from .schema import (
    COLUMN_MAP,
    OPTIONAL_FILES,
    REQUIRED_FILES,
    SUFFIXES,
    load_schema,
    normalise_header,
    reading_schema,
    source_names,
)
from .validate import check_primary_key, type_table

Mapped = dict[str, tuple[tuple[str, str], ...]]  # table -> (normalised header, field)
TABLE_NAMES = tuple(Path(f).stem for f in (*REQUIRED_FILES, *OPTIONAL_FILES))


def _table_name(text: str) -> str:
    name = text.strip().lower()
    return Path(name).stem if name.endswith(SUFFIXES) else name


def _suggest(value: str, choices: list[str]) -> str:
    close = get_close_matches(value, choices, n=2, cutoff=0.6)
    return f"; mungkin maksudnya {' atau '.join(repr(c) for c in close)}" if close else ""


def read_column_map(datadir: Path) -> tuple[Mapped, list[Problem]]:
    """The header map of ``data/kolom.csv`` (or .xlsx), and its problems."""
    found = [datadir / n for n in source_names(f"{COLUMN_MAP}.csv") if (datadir / n).exists()]
    if not found:
        return {}, []
    path = found[0]
    refused = regular_file_problem(path, path.name)
    if refused is not None:
        return {}, [refused]
    schema = load_schema(COLUMN_MAP)
    raw, problems = read_table(path, schema)
    if raw is None:
        return {}, problems
    table, typed = type_table(raw, schema)
    problems += typed
    key = table.assign(
        file=[_table_name(f) for f in table["file"]],
        kolom_ekspor=[normalise_header(h) for h in table["kolom_ekspor"]],
    )
    problems += [replace(p, file=raw.filename) for p in check_primary_key(key, schema)]
    mapped: dict[str, dict[str, str]] = {}
    for file, header, target, line in key[
        ["file", "kolom_ekspor", "kolom_terbuka", LINE]
    ].itertuples(index=False):
        if not file or not header or not target:
            continue  # reported as required cells already
        if file not in TABLE_NAMES:
            message = f"file '{file}' bukan file data Terbuka; pilihan: {', '.join(TABLE_NAMES)}"
            problems.append(error(raw.filename, int(line), "file", message, Code.CHOICE))
            continue
        fields = [f.name for f in reading_schema(file).fields]
        if target not in fields:
            message = f"kolom '{target}' tidak ada di {file}{_suggest(target, fields)}"
            problems.append(error(raw.filename, int(line), "kolom_terbuka", message, Code.CHOICE))
            continue
        mapped.setdefault(file, {})[header] = target
    return {name: tuple(m.items()) for name, m in mapped.items()}, problems
