"""The Table Schemas of the input files: the single source of truth for columns.

Each ``schemas/<name>.json`` is a Frictionless Table Schema with a few
properties of our own, all prefixed or plainly additional:
``aliases`` (header names that SIPD/e-Monev exports use), ``x-kind``
(money, percent or number: how a number column is read), ``x-default``
(the value an empty cell means), ``x-column-required`` (the column must be
present although some cells may be empty) and, on a foreign key,
``x-skip-when-empty`` (fields whose emptiness means "no reference").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
REQUIRED_FILES = ("opd.csv", "program.csv", "kegiatan.csv")
OPTIONAL_FILES = ("realisasi.csv", "indikator.csv", "spbe.csv", "spbe_indeks.csv")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string, integer or number
    kind: str  # text, integer, money, percent or number
    title: str
    required: bool
    column_required: bool
    unique: bool
    enum: tuple[str, ...] | None
    pattern: str | None
    max_length: int | None
    minimum: float | None
    maximum: float | None
    default: str | None
    aliases: tuple[str, ...]
    example: str
    help: str  # how to write a value that must match ``pattern``
    alternatives: tuple[str, ...] = ()  # columns that may stand in for this one (x-or)
    # x-absent-means-not-reported: a column missing altogether (no header like it)
    # means the figure is not reported yet; a header like it is still an error.
    absent_means_not_reported: bool = False


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # file stem; "" means the same file
    reference_fields: tuple[str, ...]
    skip_when_empty: tuple[str, ...]


@dataclass(frozen=True)
class TableSchema:
    name: str  # file stem, e.g. "kegiatan"
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    descriptor: dict  # the JSON as written, for publishing
    ignored: frozenset[str] = frozenset()  # export columns read past without a warning
    mapped: tuple[tuple[str, str], ...] = ()  # (normalised header, field) from data/kolom.csv

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def header_lookup(self) -> dict[str, str]:
        """Normalised header name or alias -> field name."""
        lookup = {}
        for f in self.fields:
            lookup[f.name] = f.name
            for alias in f.aliases:
                lookup[alias] = f.name
        lookup.update(self.mapped)
        return lookup


def normalise_header(name: str) -> str:
    """``Kode Sub-Kegiatan `` -> ``kode_sub_kegiatan``: case, spaces, hyphens ignored."""
    name = name.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-_]+", "_", name).strip("_")


def _field(d: dict) -> Field:
    constraints = d.get("constraints", {})
    kind = d.get("x-kind") or {"string": "text", "integer": "integer"}.get(d["type"], "number")
    return Field(
        name=d["name"],
        type=d["type"],
        kind=kind,
        title=d.get("title", d["name"]),
        required=bool(constraints.get("required")),
        column_required=bool(constraints.get("required") or d.get("x-column-required")),
        unique=bool(constraints.get("unique")),
        enum=tuple(constraints["enum"]) if "enum" in constraints else None,
        pattern=constraints.get("pattern"),
        max_length=constraints.get("maxLength"),
        minimum=constraints.get("minimum"),
        maximum=constraints.get("maximum"),
        default=d.get("x-default"),
        aliases=tuple(d.get("aliases", ())),
        example=d.get("example", ""),
        help=d.get("x-pattern-help", ""),
        alternatives=tuple(d.get("x-or", ())),
        absent_means_not_reported=bool(d.get("x-absent-means-not-reported")),
    )


def _foreign_key(d: dict) -> ForeignKey:
    return ForeignKey(
        fields=tuple(d["fields"]),
        resource=d["reference"]["resource"],
        reference_fields=tuple(d["reference"]["fields"]),
        skip_when_empty=tuple(d.get("x-skip-when-empty", ())),
    )


# Published tables that share an input file's columns under another name:
# name -> (input schema, title, description).
VARIANTS = {
    "kegiatan_semua_versi": (
        "kegiatan",
        "Kegiatan dan sub kegiatan, semua versi anggaran",
        "Setiap versi anggaran seperti diekspor: untuk tahun yang punya APBD perubahan, baris "
        "anggaran murni dan baris perubahannya sama-sama ada, sehingga jumlah semua baris "
        "menghitung pagu dua kali. Untuk menjumlahkan, pakai kegiatan.csv (atau tampilan "
        "kegiatan_versi_terkini di terbuka.sqlite), yang untuk setiap OPD dan tahun mengambil "
        "baris perubahan bila ada, selain itu baris murni.",
    ),
}


@cache
def load_schema(name: str) -> TableSchema:
    if name in VARIANTS:
        base, title, description = VARIANTS[name]
        original = load_schema(base)
        descriptor = {**original.descriptor, "title": title, "description": description}
        return TableSchema(
            name, title, original.fields, original.primary_key, original.foreign_keys, descriptor
        )
    descriptor = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return TableSchema(
        name=name,
        title=descriptor["title"],
        fields=tuple(_field(f) for f in descriptor["fields"]),
        primary_key=tuple(descriptor.get("primaryKey", ())),
        foreign_keys=tuple(_foreign_key(fk) for fk in descriptor.get("foreignKeys", ())),
        descriptor=descriptor,
    )


def all_schemas() -> list[TableSchema]:
    return [load_schema(Path(f).stem) for f in REQUIRED_FILES + OPTIONAL_FILES]


COLUMN_MAP = "kolom"  # data/kolom.csv: headers the tool does not know, mapped by the clerk

# Formats a data file may come in; the stem names the table (kegiatan.xlsx).
SUFFIXES = (".csv", ".xlsx")
EXPORT_EXTRAS = "ekspor"  # schemas/ekspor.json: SIPD columns the activity file may add


def source_names(filename: str) -> tuple[str, ...]:
    """``kegiatan.csv`` -> the names it may have in data/: kegiatan.csv, kegiatan.xlsx."""
    stem = Path(filename).stem
    return tuple(stem + suffix for suffix in SUFFIXES)


# The one list of what a data folder may hold, in the contract's order. The
# report's order of files, a release's contents, the frameworks read and the
# boundary file all come from here.
FRAMEWORK_NAMES = ("spbe_2020", "pemdi_2026")
BOUNDARY_FILE = "wilayah.geojson"
SYNONYM_FILE = "sinonim.csv"  # everyday words search also looks up by their official names


def framework_file(name: str) -> str:
    """``spbe_2020`` -> ``kerangka_spbe_2020.csv``, the file that replaces the shipped one."""
    return f"kerangka_{name}.csv"


FRAMEWORK_FILES = tuple(framework_file(n) for n in FRAMEWORK_NAMES)
TABLE_FILES = (*REQUIRED_FILES, *OPTIONAL_FILES)
REPORT_ORDER = (*TABLE_FILES, *FRAMEWORK_FILES)
INPUT_FILES = (
    *(name for f in TABLE_FILES for name in source_names(f)),
    *FRAMEWORK_FILES,
    *source_names(f"{COLUMN_MAP}.csv"),  # the header map the tables were read with
    BOUNDARY_FILE,  # the boundaries the map is drawn with
    SYNONYM_FILE,  # what search also looks for
)


# A per-unit budget report (``inputs.report``) may have any name a download site
# gives it (3402_1475312338.csv), within these characters: it is frozen in a
# release and read back by that name, on any system.
_REPORT_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]*(\.[0-9A-Za-z_-]+)*\.(csv|xlsx)", re.I)
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?", re.I)
MAX_REPORT_NAME = 120


def report_file_name(name: str) -> bool:
    """Whether a file in data/ other than the contract's may be read as a report."""
    return (
        len(name) <= MAX_REPORT_NAME
        and name.isascii()
        and _REPORT_NAME.fullmatch(name) is not None
        and _RESERVED.fullmatch(name) is None
        and name not in INPUT_FILES
    )


@cache
def export_extras() -> dict:
    """schemas/ekspor.json as written: the columns a SIPD export may add."""
    return json.loads((SCHEMA_DIR / f"{EXPORT_EXTRAS}.json").read_text(encoding="utf-8"))


@cache
def reading_schema(name: str) -> TableSchema:
    """The schema a data file is read with: the activity file also accepts the
    columns of a SIPD export (schemas/ekspor.json), which ``derive`` turns
    into the contract's tables; every other file, its own schema."""
    schema = load_schema(name)
    if name != "kegiatan":
        return schema
    extras = export_extras()
    return TableSchema(
        name=schema.name,
        title=schema.title,
        fields=schema.fields + tuple(_field(f) for f in extras["fields"]),
        primary_key=schema.primary_key,
        foreign_keys=schema.foreign_keys,
        descriptor=schema.descriptor,
        ignored=frozenset(extras["x-ignored-columns"]),
    )
