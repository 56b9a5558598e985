"""From a folder of exports to a validated model, or the list of what is wrong.

This is the whole front half of the data flow: read each file, type it
against its schema, fill derived defaults, check keys, references and the
contract's rules, and build the model only when no error remains.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import rules, spbe
from .framework import Framework, load_frameworks
from .inputs import code_digest, tree_digest
from .model import CityModel
from .problems import Code, Report, error
from .read import RawTable, read_table, regular_file_problem
from .schema import REQUIRED_FILES, TableSchema, all_schemas, load_schema
from .validate import check_foreign_key, check_primary_key, type_table


@dataclass
class Loaded:
    report: Report
    model: CityModel | None  # None when the report has errors
    datadir: Path


def _empty_table(schema: TableSchema) -> pd.DataFrame:
    raw = RawTable(schema.filename, [], [], [], "utf-8", ",")
    return type_table(raw, schema)[0]


def read_all(datadir: Path) -> tuple[dict[str, pd.DataFrame], Report]:
    """Typed tables of every file present, and every problem found on the way."""
    report = Report()
    tables: dict[str, pd.DataFrame] = {}
    for schema in all_schemas():
        path = datadir / schema.filename
        refused = regular_file_problem(path, schema.filename)
        if refused is not None:
            report.extend([refused])
            continue
        if not path.is_file():
            if schema.filename in REQUIRED_FILES:
                report.extend(
                    [
                        error(
                            schema.filename,
                            None,
                            None,
                            f"file wajib tidak ada di {datadir}",
                            Code.FILE_MISSING,
                        )
                    ]
                )
            continue
        raw, problems = read_table(path, schema)
        report.extend(problems)
        if raw is None:
            continue
        if not raw.rows and not raw.unreadable and schema.filename in REQUIRED_FILES:
            message = "file hanya berisi baris judul, tanpa satu pun baris data"
            report.extend([error(schema.filename, None, None, message, Code.NO_ROWS)])
        table, problems = type_table(raw, schema)
        report.extend(problems)
        tables[schema.name] = table
    return tables, report


def check_all(
    tables: dict[str, pd.DataFrame], report: Report, frameworks: dict[str, Framework]
) -> None:
    """Keys, references and the contract's rules, across files."""
    rules.fill_defaults(tables)
    # A file missing a required column cannot have its keys checked, nor be
    # referred to: its header error says it all, without one error per row.
    incomplete = {
        p.file
        for p in report.problems
        if p.code in (Code.MISSING_COLUMN, Code.DUPLICATE_COLUMN, Code.NO_ROWS)
    }
    checkable = {n: t for n, t in tables.items() if load_schema(n).filename not in incomplete}
    for name, table in checkable.items():
        schema = load_schema(name)
        report.extend(check_primary_key(table, schema))
        broken_lines: set[int] = set()
        for fk in schema.foreign_keys:
            target_name = fk.resource or name
            target = checkable.get(target_name)
            if target is None:
                continue
            found, failed = check_foreign_key(
                table, schema, fk, target, load_schema(target_name).filename, broken_lines
            )
            broken_lines.update(failed)
            report.extend(found)
    unreadable = {
        (p.column, p.line)
        for p in report.problems
        if p.code == Code.NOT_A_NUMBER and p.column is not None and p.line is not None
    }
    # Row rules only where the header is whole: a missing column is one error.
    if "kegiatan" in checkable:
        report.extend(rules.kegiatan_rules(tables["kegiatan"], unreadable))
    if "realisasi" in checkable:
        report.extend(rules.realisasi_rules(tables["realisasi"]))
    # The SPBE evaluation needs every level, year and index read: with an
    # error in either SPBE file (or its framework) that error says it all.
    spbe_files = (
        "spbe.csv",
        "spbe_indeks.csv",
        "kerangka_spbe_2020.csv",
        "kerangka_pemdi_2026.csv",
    )
    spbe_readable = not any(p.file in spbe_files for p in report.errors)
    if "spbe" in checkable:
        official = tables.get("spbe_indeks", _empty_table(load_schema("spbe_indeks")))
        report.extend(spbe.check(tables["spbe"], official, frameworks, spbe_readable))


def load(datadir: Path) -> Loaded:
    tables, report = read_all(datadir)
    frameworks, problems = load_frameworks(datadir)
    report.extend(problems)
    check_all(tables, report, frameworks)
    if not report.ok:
        return Loaded(report, None, datadir)
    for schema in all_schemas():
        if schema.name not in tables:
            tables[schema.name] = _empty_table(schema)
    model = CityModel(
        units=tables["opd"],
        programs=tables["program"],
        activities=tables["kegiatan"],
        quarterly=tables["realisasi"],
        indicators=tables["indikator"],
        spbe_levels=tables["spbe"],
        spbe_index=tables["spbe_indeks"],
        frameworks=frameworks,
    )
    return Loaded(report, model, datadir)


_memory: dict[tuple, Loaded] = {}
MEMORY_FOLDERS = 16  # the data folder and the releases a build checks, kept in this process


def load_cached(datadir: Path, cache_dir: Path | None = None) -> Loaded:
    """``load``, done once per process for the same files (the CLI validates
    the data and each release, then Pelican's generator asks again in the
    same process), and kept on disk by the content of the data and of this
    code across runs."""
    datadir = datadir.resolve()
    stamp = tuple(
        (p.name, p.lstat().st_size, p.lstat().st_mtime_ns) for p in sorted(datadir.glob("*.csv"))
    )
    key = (str(datadir), stamp)
    if key in _memory:
        return _memory[key]
    for stale in [k for k in _memory if k[0] == key[0]] + list(_memory)[:-MEMORY_FOLDERS]:
        _memory.pop(stale, None)
    pickled = None
    if cache_dir is not None:
        name = tree_digest(sorted(datadir.glob("*.csv"))) + code_digest()
        pickled = cache_dir / "data" / f"{name}.pickle"
        if pickled.is_file():
            loaded = pickle.loads(pickled.read_bytes())
            loaded.datadir = datadir
            _memory[key] = loaded
            return loaded
    loaded = load(datadir)
    if pickled is not None:
        pickled.parent.mkdir(parents=True, exist_ok=True)
        for old in pickled.parent.glob("*.pickle"):
            old.unlink()
        pickled.write_bytes(pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))
    _memory[key] = loaded
    return loaded
