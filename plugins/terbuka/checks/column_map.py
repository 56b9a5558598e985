"""``data/kolom.csv``: the clerk's map from an export's own headers to ours.

An export whose header the tool does not know (``Nilai DPA`` for ``pagu``)
needs no renaming by hand: one row of ``kolom.csv`` (file, kolom_ekspor,
kolom_terbuka) says what it means. The map is checked like any data file:
an unknown file or an unknown target column is an error at its line, with
the closest names suggested.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path

from terbuka.checks.validate import check_primary_key, type_table
from terbuka.core.constants import LINE
from terbuka.core.files import regular_file_problem
from terbuka.core.problems import Code, Problem, error, warning
from terbuka.core.schema import (
    COLUMN_MAP,
    OPTIONAL_FILES,
    REQUIRED_FILES,
    SUFFIXES,
    load_schema,
    normalise_header,
    reading_schema,
    source_names,
)
from terbuka.inputs.read import read_table

TABLE_NAMES = tuple(Path(f).stem for f in (*REQUIRED_FILES, *OPTIONAL_FILES))


@dataclass
class ColumnMap:
    """The map as read: for each table, normalised export header -> (field, line)."""

    filename: str = f"{COLUMN_MAP}.csv"
    tables: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)

    def pairs(self, table: str) -> tuple[tuple[str, str], ...]:
        return tuple((h, f) for h, (f, _) in self.tables.get(table, {}).items())

    def unused(self, table: str, headers: set[str], source: str | None) -> list[Problem]:
        """A warning for each row that maps a header the table's file does not have."""
        where = source or f"{table}.csv (file itu tidak ada)"
        return [
            warning(
                self.filename,
                line,
                "kolom_ekspor",
                f"kolom '{header}' tidak ada di baris judul {where}; baris ini tidak dipakai",
                Code.UNKNOWN_COLUMN,
            )
            for header, (_, line) in self.tables.get(table, {}).items()
            if header not in headers
        ]


def _table_name(text: str) -> str:
    name = text.strip().lower()
    return Path(name).stem if name.endswith(SUFFIXES) else name


def _suggest(value: str, choices: list[str]) -> str:
    close = get_close_matches(value, choices, n=2, cutoff=0.6)
    return f"; mungkin maksudnya {' atau '.join(repr(c) for c in close)}" if close else ""


def read_column_map(datadir: Path) -> tuple[ColumnMap, list[Problem]]:
    """The header map of ``data/kolom.csv`` (or .xlsx), and its problems."""
    found = [datadir / n for n in source_names(f"{COLUMN_MAP}.csv") if (datadir / n).exists()]
    if not found:
        return ColumnMap(), []
    path = found[0]
    if len(found) > 1:
        message = f"ada {' dan '.join(p.name for p in found)}; simpan satu saja di folder data"
        return ColumnMap(path.name), [error(path.name, None, None, message, Code.TWO_FORMATS)]
    refused = regular_file_problem(path, path.name)
    if refused is not None:
        return ColumnMap(path.name), [refused]
    schema = load_schema(COLUMN_MAP)
    raw, problems = read_table(path, schema)
    if raw is None:
        return ColumnMap(path.name), problems
    table, typed = type_table(raw, schema)
    problems += typed
    key = table.assign(
        file=[_table_name(f) for f in table["file"]],
        kolom_ekspor=[normalise_header(h) for h in table["kolom_ekspor"]],
    )
    problems += [replace(p, file=raw.filename) for p in check_primary_key(key, schema)]
    column_map = ColumnMap(raw.filename)
    for file, header, target, original, line in zip(
        key["file"],
        key["kolom_ekspor"],
        key["kolom_terbuka"],
        table["kolom_ekspor"],
        key[LINE],
        strict=True,
    ):
        problem = _row_problem(file, header, target, original)
        if problem is not None:
            column, message = problem
            problems.append(error(raw.filename, int(line), column, message, Code.CHOICE))
            continue
        if not file or not header or not target:
            continue  # reported as required cells already
        built_in = reading_schema(file).header_lookup().get(header)
        if built_in is not None and built_in != target:
            message = (
                f"kolom '{original}' sudah dikenal sebagai '{built_in}'; baris ini mengubah "
                f"artinya menjadi '{target}'. Pastikan memang itu maksudnya"
            )
            problems.append(
                warning(raw.filename, int(line), "kolom_terbuka", message, Code.UNKNOWN_COLUMN)
            )
        column_map.tables.setdefault(file, {})[header] = (target, int(line))
    return column_map, problems


def _row_problem(file: str, header: str, target: str, original: str) -> tuple[str, str] | None:
    """(column, message) when a row of the map cannot be used."""
    if original and not header:
        return "kolom_ekspor", f"'{original}' bukan judul kolom (hanya tanda baca atau spasi)"
    if file and file not in TABLE_NAMES:
        return "file", f"file '{file}' bukan file data Terbuka; pilihan: {', '.join(TABLE_NAMES)}"
    if file and target:
        fields = [f.name for f in reading_schema(file).fields]
        if target not in fields:
            return (
                "kolom_terbuka",
                f"kolom '{target}' tidak ada di {file}{_suggest(target, fields)}",
            )
    return None
