"""Files people download: every dataset as XLSX, Parquet, CSV and JSON, per city and
per unit, with a Frictionless ``datapackage.json``, checksums and a ZIP.

- CSV: UTF-8 with a byte-order mark (Excel shows Indonesian text right),
  CRLF; a text cell that could start a formula (``=``, ``+``, ``-``, ``@``)
  gets a leading apostrophe, as OWASP recommends.
- XLSX: codes and names are text cells (``01`` stays ``01``; ``=1+1`` stays
  text), amounts are numbers; with a data-dictionary and a license sheet.
- JSON: a list of records; amounts as JSON numbers with their exact digits.
- Parquet: typed columns that DuckDB, pandas and R read right with no option:
  codes as strings, money as ``DECIMAL(20,2)``, years as integers, each
  column described from the schema.
Published values are normalised (``1500000.5``, ``82.5``) so that the same
Table Schemas that validate the input describe the output.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from decimal import Decimal
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from terbuka.core.cache import FILES, CacheStore
from terbuka.core.fingerprint import code_digest
from terbuka.core.formatting import plain_rupiah
from terbuka.core.published import FileData, sha256
from terbuka.core.schema import TableSchema, load_schema
from terbuka.core.settings import TerbukaSettings
from terbuka.core.writes import whole_file, write_whole

_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FIXED_TIME = dt.datetime(2000, 1, 1)  # for reproducible XLSX and ZIP files
# In the order the catalog lists them: a spreadsheet's file, a tool's, then text.
FORMATS = ("xlsx", "parquet", "csv", "json")


def safe_cell(value: object) -> str:
    """A cell as text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def plain_value(value: Any, kind: str) -> str:
    """A typed cell as published text: exact, with a decimal point."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if kind == "money":
        return plain_rupiah(int(value))
    if kind == "integer":
        return str(int(value))
    if kind == "percent":
        return format(Decimal(repr(float(value))).normalize(), "f")
    if kind == "number":
        return format(Decimal(value), "f")
    return str(value)


@dataclass
class Table:
    """One published table: a schema and its rows as published text."""

    schema: TableSchema
    rows: list[list[str]]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.schema.fields]


def table_of(df: pd.DataFrame, schema: TableSchema) -> Table:
    columns = [df[f.name].tolist() for f in schema.fields]
    kinds = [f.kind for f in schema.fields]
    rows = [
        [plain_value(v, k) for v, k in zip(cells, kinds, strict=True)]
        for cells in zip(*columns, strict=True)
    ]
    return Table(schema, rows)


def json_bytes(value: object) -> bytes:
    """Compact UTF-8 JSON; amounts keep their exact digits."""
    return (_encode(value) + "\n").encode("utf-8")


class Exact:
    """A number written into JSON with exactly the digits it was given."""

    def __init__(self, text: str) -> None:
        self.text = text


def _encode(value: object) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, Exact):
        return value.text
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        items = (f"{encode_basestring(str(k))}:{_encode(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_encode(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


NUMERIC_KINDS = ("integer", "money", "percent", "number")


def table_json_bytes(table: Table) -> bytes:
    """The table as a JSON list of records, written row by row (fast: the
    published numbers are already valid JSON number literals)."""
    keys = [encode_basestring(c) + ":" for c in table.columns]
    numeric = [f.kind in NUMERIC_KINDS for f in table.schema.fields]
    rows = []
    for row in table.rows:
        cells = [
            key + ("null" if text == "" else text if num else encode_basestring(text))
            for key, num, text in zip(keys, numeric, row, strict=True)
        ]
        rows.append("{" + ",".join(cells) + "}")
    return ("[" + ",".join(rows) + "]\n").encode("utf-8")


NUMBER_FORMATS = {"money": "#,##0.00", "percent": "0.0#", "number": "General", "integer": "0"}
MAX_COLUMN_WIDTH = 60  # characters; longer names wrap in the cell rather than widen the sheet


# Above this many rows a workbook is written row by row through a temporary
# file (XlsxWriter's constant_memory): a province's 770,000 quarterly rows
# held as cells took a worker past 2 GB. Its strings are then inline, not shared.
XLSX_STREAM_ROWS = 100_000


def xlsx_bytes(table: Table, license_text: str) -> bytes:
    buffer = io.BytesIO()
    streamed = len(table.rows) > XLSX_STREAM_ROWS
    options = {"constant_memory": True} if streamed else {"in_memory": True}
    workbook = xlsxwriter.Workbook(buffer, {**options, "strings_to_formulas": False})
    workbook.set_properties({"created": FIXED_TIME, "title": table.schema.title})
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet(table.schema.name[:31])
    kinds = [f.kind for f in table.schema.fields]
    # Money with thousands and sen (3.970.000.000,00 in an Indonesian Excel, never
    # 3.97E+09), a year without a thousands mark; each column as wide as its text.
    formats = {k: workbook.add_format({"num_format": f}) for k, f in NUMBER_FORMATS.items()}
    widths = [len(name) for name in table.columns]
    for c, name in enumerate(table.columns):
        sheet.write_string(0, c, name, bold)
    for r, row in enumerate(table.rows, start=1):
        for c, (text, kind) in enumerate(zip(row, kinds, strict=True)):
            if text == "":
                continue
            if len(text) > widths[c]:
                widths[c] = len(text)
            if kind in NUMBER_FORMATS:
                sheet.write_number(r, c, float(text), formats[kind])
            else:
                sheet.write_string(r, c, text)
    for c, (width, kind) in enumerate(zip(widths, kinds, strict=True)):
        extra = width // 3 + 3 if kind == "money" else 2  # room for grouping marks and sen
        sheet.set_column(c, c, min(width + extra, MAX_COLUMN_WIDTH))
    sheet.freeze_panes(1, 0)
    dictionary = workbook.add_worksheet("kamus_data")
    for c, name in enumerate(("kolom", "judul", "jenis", "keterangan", "contoh")):
        dictionary.write_string(0, c, name, bold)
    for r, f in enumerate(table.schema.descriptor["fields"], start=1):
        values = (
            f["name"],
            f.get("title", ""),
            kind_word(f),
            f.get("description", ""),
            f.get("example", ""),
        )
        for c, value in enumerate(values):
            dictionary.write_string(r, c, str(value))
    workbook.add_worksheet("lisensi").write_string(0, 0, license_text)
    workbook.close()
    return buffer.getvalue()


def parquet_bytes(table: Table, license_text: str) -> bytes:
    """The table as Parquet: one typed column per field, described by the
    schema's title and description; the bytes depend on the rows only."""
    import pyarrow as pa  # imported here: only the workers that write Parquet pay for it
    import pyarrow.parquet as pq

    columns, fields = [], []
    for c, f in enumerate(table.schema.fields):
        texts = [row[c] for row in table.rows]
        kind_type, values = _parquet_column(f.kind, texts, pa)
        about = table.schema.descriptor["fields"][c]
        meta = {"judul": about.get("title", ""), "description": about.get("description", "")}
        fields.append(pa.field(f.name, kind_type, metadata=meta))
        columns.append(pa.array(values, type=kind_type))
    meta = {"judul": table.schema.title, "lisensi": license_text}
    arrow = pa.Table.from_arrays(columns, schema=pa.schema(fields, metadata=meta))
    buffer = pa.BufferOutputStream()
    pq.write_table(arrow, buffer, compression="zstd")
    return bytes(buffer.getvalue().to_pybytes())


def _parquet_column(kind: str, texts: list[str], pa: Any) -> tuple[Any, list[Any]]:
    """A column's Arrow type and values from its published text ("" is null)."""
    if kind == "money":
        return pa.decimal128(20, 2), [Decimal(t) if t else None for t in texts]
    if kind == "integer":
        return pa.int64(), [int(t) if t else None for t in texts]
    if kind in ("percent", "number"):
        return pa.float64(), [float(t) if t else None for t in texts]
    return pa.string(), [t if t else None for t in texts]


KIND_WORDS = {
    "money": "uang (rupiah)",
    "percent": "persen (0-100)",
    "number": "angka",
    "integer": "bilangan bulat",
    "text": "teks",
}


def kind_word(field_descriptor: dict) -> str:
    kind = field_descriptor.get("x-kind") or {"string": "text", "integer": "integer"}.get(
        field_descriptor["type"], "number"
    )
    return KIND_WORDS[kind]


def datapackage(
    schemas: list[TableSchema], site: TerbukaSettings, descriptions: dict[str, str]
) -> dict:
    """The Frictionless Data Package describing the city-wide CSV files."""
    resources = []
    for table_schema in schemas:
        name = table_schema.name
        schema = {
            k: v for k, v in table_schema.descriptor.items() if k not in ("title", "description")
        }
        # A reference that applies only when a field is filled (an indicator's
        # activity) has no Table Schema form: the package leaves it out.
        schema["foreignKeys"] = [
            fk for fk in schema.get("foreignKeys", []) if "x-skip-when-empty" not in fk
        ]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "title": table_schema.title,
                "description": descriptions[name],
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": schema,
            }
        )
    return {
        "name": site.package_name,
        "title": site.site_name or "Terbuka",
        "licenses": [site.license],
        "resources": resources,
    }


def zip_bytes(files: dict[str, FileData]) -> bytes:
    buffer = io.BytesIO()
    _write_zip(buffer, files)
    return buffer.getvalue()


def zip_file(files: dict[str, FileData], target: Path) -> Path:
    """The same ZIP as ``zip_bytes``, written to ``target`` with members read
    from their files a megabyte at a time (a province's CSVs are 200 MB)."""
    with whole_file(target) as fh:
        _write_zip(fh, files)
    return target


def _write_zip(fileobj: Any, files: dict[str, FileData]) -> None:
    with zipfile.ZipFile(fileobj, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = files[name]
            if isinstance(data, bytes):
                archive.writestr(info, data)
                continue
            info.file_size = data.stat().st_size  # as writestr sets it: the same bytes
            with data.open("rb") as source, archive.open(info, "w") as member:
                shutil.copyfileobj(source, member, 1 << 20)


def checksums(files: dict[str, bytes]) -> bytes:
    """``sha256sum -c`` input for the files of one folder."""
    return checksum_lines({name: sha256(data) for name, data in files.items()})


def checksum_lines(digests: dict[str, str]) -> bytes:
    """``sha256sum -c`` input from file name -> SHA-256."""
    lines = [f"{digest}  {name}\n" for name, digest in sorted(digests.items())]
    return "".join(lines).encode("utf-8")


# The bytes of this module: a change of code invalidates every cached file.


def row_hashes(frame: pd.DataFrame) -> pd.Series:
    """One hash per row of a table's cells (not its line numbers), by index."""
    return pd.util.hash_pandas_object(frame.drop(columns=["_baris"], errors="ignore"), index=False)


def frame_key(frame: pd.DataFrame, *extra: str, hashes: pd.Series | None = None) -> str:
    """A content hash of a table's cells (not its line numbers) and options.
    ``hashes``, the ``row_hashes`` of a table ``frame`` was cut from, spares
    hashing its rows again (a thousand slices of one table cost seconds)."""
    found = row_hashes(frame) if hashes is None else hashes.loc[frame.index]
    columns = [c for c in frame.columns if c != "_baris"]
    digest = hashlib.sha256(found.to_numpy().tobytes())
    digest.update("|".join((code_digest(), *columns, *extra)).encode("utf-8"))
    return digest.hexdigest()


def make_table_files(
    frame: pd.DataFrame, schema_name: str, license_text: str, formats: Sequence[str]
) -> dict[str, bytes]:
    """The published files of one table (runs in a worker process too)."""
    table = table_of(frame, load_schema(schema_name))
    makers = {
        "csv": lambda: csv_bytes(table.columns, table.rows),
        "json": lambda: table_json_bytes(table),
        "xlsx": lambda: xlsx_bytes(table, license_text),
        "parquet": lambda: parquet_bytes(table, license_text),
    }
    return {f: makers[f]() for f in formats}


def store_table_files(
    places: dict[str, str],
    frame: pd.DataFrame,
    schema_name: str,
    license_text: str,
    formats: Sequence[str],
) -> None:
    """``make_table_files``, written to the cache files ``places`` (format -> path)
    instead of returned: a worker sends no bytes back to the build."""
    for fmt, data in make_table_files(frame, schema_name, license_text, formats).items():
        write_whole(Path(places[fmt]), data)


@dataclass
class TableJob:
    frame: pd.DataFrame
    schema_name: str
    license_text: str
    formats: tuple[str, ...]
    hashes: pd.Series | None = None  # row_hashes of the table ``frame`` was cut from


class FileCache:
    """Published files of tables, kept on disk by content hash across builds,
    so a rebuild makes again only the tables whose rows changed; what must be
    made is made in the build's worker pool."""

    def __init__(self, store: CacheStore | None) -> None:
        self.store = store

    def _names(self, job: TableJob) -> dict[str, str]:
        if self.store is None:
            return {}
        key = frame_key(
            job.frame, job.schema_name, job.license_text, *job.formats, hashes=job.hashes
        )
        return {f: f"{key}.{f}" for f in job.formats}

    def files(
        self, jobs: list[TableJob], pool: Executor | None = None
    ) -> list[dict[str, FileData]]:
        """The files of every job, in order: from the cache, else made."""
        return self.submit(jobs, pool).result()

    def submit(self, jobs: list[TableJob], pool: Executor | None = None) -> PendingFiles:
        """``files``, started: what is not cached is made in the pool (into the
        cache folder, when there is one) while the caller goes on; ``result``
        waits."""
        results: list[dict[str, FileData] | None] = []
        todo = []
        names = [self._names(job) for job in jobs]
        for i, named in enumerate(names):
            found = {f: self.store.file(FILES, n) for f, n in named.items()} if self.store else {}
            if named and all(found.values()):
                results.append({f: p for f, p in found.items() if p is not None})
            else:
                results.append(None)
                todo.append(i)
        args: list[tuple[Any, ...]] = [
            (jobs[i].frame, jobs[i].schema_name, jobs[i].license_text, jobs[i].formats)
            for i in todo
        ]
        maker: Callable[..., dict[str, bytes] | None] = make_table_files
        store = self.store
        if store is not None:
            maker = store_table_files
            args = [
                ({f: str(store.path(FILES, n)) for f, n in names[i].items()}, *a)
                for i, a in zip(todo, args, strict=True)
            ]
        made: Iterator[dict[str, bytes] | None] | list[dict[str, bytes] | None]
        if pool is not None and len(todo) > 1:
            made = pool.map(maker, *zip(*args, strict=True), chunksize=4)
        else:  # made here when the result is asked for: the pages come first
            made = (maker(*a) for a in args)
        return PendingFiles(store, names, results, todo, made)


@dataclass
class PendingFiles:
    """Table files being made (``FileCache.submit``)."""

    store: CacheStore | None
    names: list[dict[str, str]]  # each job's files in the cache (format -> name)
    results: list[dict[str, FileData] | None]
    todo: list[int]
    made: Iterator[dict[str, bytes] | None] | list[dict[str, bytes] | None]

    def result(self) -> list[dict[str, FileData]]:
        for i, files in zip(self.todo, self.made, strict=True):
            found: dict[str, FileData] = {}
            if files is not None:
                found.update(files)
            elif self.store is not None:  # written into the cache by a worker: sealed here
                found.update({f: self.store.seal(FILES, n) for f, n in self.names[i].items()})
            self.results[i] = found
        self.todo = []
        return [r for r in self.results if r is not None]
