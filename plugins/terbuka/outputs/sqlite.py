"""``terbuka.sqlite``: every city-wide dataset as one SQLite database, for
journalists who query with ``sqlite3``, DB Browser or ``datasette``.

Tables are named after the datasets and have the columns of their CSV
files. Money columns keep the CSV's rupiah (an INTEGER while the amount is
whole rupiah, as SIPD's are, so ``SUM(pagu)`` equals the page exactly) and
gain an exact twin in sen, ``<kolom>_sen`` (always INTEGER: a sum to the sen
is exact whatever the amounts). Codes and years are indexed. The view
``kegiatan_versi_terkini`` applies the budget-version rule in SQL to
``kegiatan_semua_versi``, and gives exactly the rows of ``kegiatan``.

The file is built in memory and serialised, so the same tables always give
the same bytes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from decimal import Decimal

from terbuka.core.constants import PERUBAHAN, UNIT_YEAR
from terbuka.outputs.downloads import Table

SQL_TYPES = {
    "integer": "INTEGER",
    "money": "NUMERIC",
    "percent": "REAL",
    "number": "REAL",
    "text": "TEXT",
}
CURRENT_VIEW = "kegiatan_versi_terkini"
ALL_VERSIONS = "kegiatan_semua_versi"


def _quote(name: str) -> str:
    """An identifier for SQL; the names come from our own schemas."""
    return '"' + name.replace('"', '""') + '"'


def _sen(text: str) -> int:
    return int(Decimal(text) * 100)


def _cell(text: str, kind: str) -> object:
    if text == "":
        return None
    if kind == "integer":
        return int(text)
    if kind == "money":
        value = Decimal(text)
        return int(value) if value == value.to_integral_value() else float(value)
    if kind in ("percent", "number"):
        return float(text)
    return text


def _columns(table: Table) -> list[tuple[str, str]]:
    """(name, SQL type) of every column, each money column followed by its sen twin."""
    out = []
    for f in table.schema.fields:
        out.append((f.name, SQL_TYPES[f.kind]))
        if f.kind == "money":
            out.append((f"{f.name}_sen", "INTEGER"))
    return out


def _rows(table: Table) -> Iterator[list[object]]:
    kinds = [f.kind for f in table.schema.fields]
    for row in table.rows:
        cells: list[object] = []
        for text, kind in zip(row, kinds, strict=True):
            cells.append(_cell(text, kind))
            if kind == "money":
                cells.append(None if text == "" else _sen(text))
        yield cells


def _current_view() -> str:
    year, unit = (_quote(c) for c in reversed(UNIT_YEAR))
    return (
        f"CREATE VIEW {CURRENT_VIEW} AS SELECT * FROM {ALL_VERSIONS} AS k "
        f"WHERE k.versi_anggaran = '{PERUBAHAN}' OR NOT EXISTS ("
        f"SELECT 1 FROM {ALL_VERSIONS} AS p WHERE p.{year} = k.{year} "
        f"AND p.{unit} = k.{unit} AND p.versi_anggaran = '{PERUBAHAN}')"
    )


def sqlite_bytes(tables: Iterable[tuple[str, Table]]) -> bytes:
    """One database with a table per dataset, indexed on its codes and year.
    ``tables`` may be made one at a time: a province's tables as text would
    not fit in memory together."""
    connection = sqlite3.connect(":memory:")
    names = set()
    try:
        for name, table in tables:
            names.add(name)
            columns = _columns(table)
            definition = ", ".join(f"{_quote(c)} {t}" for c, t in columns)
            connection.execute(f"CREATE TABLE {_quote(name)} ({definition})")
            marks = ", ".join("?" for _ in columns)
            connection.executemany(f"INSERT INTO {_quote(name)} VALUES ({marks})", _rows(table))
            for column, _ in columns:
                if column == "tahun" or column.startswith("kode_"):
                    index = _quote(f"{name}_{column}")
                    connection.execute(f"CREATE INDEX {index} ON {_quote(name)} ({_quote(column)})")
        if ALL_VERSIONS in names:
            connection.execute(_current_view())
        connection.commit()
        return connection.serialize()
    finally:
        connection.close()
