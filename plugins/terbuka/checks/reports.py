"""Per-unit budget reports (``inputs.report``) to the activity table, checked.

A report prints a total on every level: the unit's spending, each program,
each kegiatan, each account with accounts under it. What is published is the
sum of the most detailed rows (the accounts with nothing under them), and
every printed total is checked against it: where the source disagrees with
itself, a warning names the row, both figures and the difference.

Spending outside programs (program and kegiatan ``00``: Belanja Tidak
Langsung, "Non Kegiatan") belongs to the unit's total under a program code
ending in ``00``, which the pages show as spending outside programs, never
as a program. Revenue (``4``) and financing (``6``) rows are read past.

The same unit uploaded twice is read once when the two are the same report
(same figures, codes equal after a trailing ``.00``, names equal up to case
and spacing), with a warning naming the files; two files claiming one unit
with other figures are one error naming both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from terbuka.core.formatting import rupiah
from terbuka.core.problems import Code, Problem, error, warning
from terbuka.core.text import plain
from terbuka.inputs.read import RawTable
from terbuka.inputs.report import (
    KIND_WORDS,
    PENJABARAN,
    PERUBAHAN,
    REALISASI,
    BudgetReport,
    Levels,
    Line,
    note_place,
    note_source,
    zeros,
)

SPENDING = "5"  # the akun of spending; 4 is revenue, 6 financing
OUTSIDE_PROGRAM_NAME = "Belanja di luar program (Belanja Tidak Langsung)"
OUTSIDE_ACTIVITY_NAME = "Belanja tidak langsung"
# Rows that total across programs, whatever code they carry (a real report
# codes Belanja Langsung 5.1.2): their figure is checked, never counted.
CROSS_TOTALS = {
    "belanja": "all",
    "belanja daerah": "all",
    "jumlah belanja": "all",
    "belanja langsung": "programs",
    "belanja tidak langsung": "outside",
}
# Rows without a code that total others: read past (or checked), never counted.
_TOTAL_WORDS = re.compile(
    r"(jumlah|total|sub ?total|surplus|defisit|pembiayaan netto|sisa lebih|rekapitulasi)\b"
    r"|(belanja( daerah| langsung| tidak langsung)?|pendapatan( daerah)?|pembiayaan( daerah)?)$"
)
LINE_BASE = 10_000_000  # a report's rows get lines base * (i + 1) + line in the joined table
LISTED = 30  # rows named one by one in a warning


def unit_key(code: str) -> str:
    """``1.19.23.00`` and ``1.19.23`` are one unit: trailing zero segments dropped."""
    parts = code.split(".")
    while len(parts) > 1 and zeros(parts[-1]):
        parts.pop()
    return ".".join(parts)


@dataclass(frozen=True)
class Leaf:
    """An account with nothing under it: what is published."""

    line: int
    context: tuple[str, ...]  # urusan, program, kegiatan, sub
    account: str
    name: str
    amounts: dict[str, int]


@dataclass
class ReadReport:
    """One report's published rows and what was found on the way."""

    report: BudgetReport
    leaves: list[Leaf] = field(default_factory=list)
    names: dict[tuple[str, ...], tuple[str, str]] = field(
        default_factory=dict
    )  # context -> name, note
    headings: dict[int, tuple[str, ...] | None] = field(default_factory=dict)  # kegiatan above
    unit_name: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def signature(self) -> tuple:
        return tuple(
            sorted(
                (leaf.context, leaf.account, plain(leaf.name), tuple(sorted(leaf.amounts.items())))
                for leaf in self.leaves
            )
        )


def _roles_by_kind(report: BudgetReport) -> tuple[dict[str, str], list[Problem]]:
    """Published field -> the report's amount role, by the report's kind."""
    kind, roles = report.title.kind, report.roles
    wanted: dict[str, tuple[str, ...]] = {
        PENJABARAN: ("amount",),
        PERUBAHAN: ("before", "after"),
        REALISASI: ("before", "after") if "before" in roles else ("amount", "spent"),
    }
    missing = [r for r in wanted[kind] if r not in roles]
    if missing:
        headers = {
            "amount": "Jumlah",
            "before": "Sebelum",
            "after": "Sesudah",
            "spent": "Realisasi",
        }
        return {}, [
            error(
                report.filename,
                report.header_line,
                None,
                f"laporan {KIND_WORDS[kind]} tanpa kolom "
                f"{', '.join(headers[m] for m in missing)}; tidak ada angka yang bisa dibaca",
                Code.MISSING_COLUMN,
            )
        ]
    if kind == PENJABARAN:
        return {"pagu": "amount"}, []
    if kind == PERUBAHAN:
        return {"pagu_murni": "before", "pagu": "after"}, []
    budget, spent = wanted[kind]
    reading = warning(
        report.filename,
        report.header_line,
        None,
        f"laporan Realisasi dibaca: kolom {report.roles[budget]} sebagai anggaran, kolom "
        f"{report.roles[spent]} sebagai realisasi",
        Code.REPORT_READING,
    )
    return {"pagu": budget, "realisasi": spent}, [reading]


def read_rows(report: BudgetReport) -> ReadReport:
    """The leaves of one report, its names, and every printed total checked."""
    found = ReadReport(report)
    fields, problems = _roles_by_kind(report)
    found.problems += problems
    if not fields:
        return found
    title = report.title
    found.unit_name = title.unit_name
    spending: list[Line] = []
    other_units: dict[str, int] = {}
    skipped = 0
    uncoded: list[Line] = []
    headings: list[Line] = []  # program rows written with an account code
    heading: tuple[str, ...] | None = None  # the kegiatan (or sub kegiatan) row above
    for row in report.lines:
        levels = row.levels
        if levels is None:
            uncoded.append(row)
            continue
        if levels.unit and title.unit_code and levels.unit != title.unit_code:
            other_units.setdefault(levels.unit, row.line)
        if levels.level == "unit" and not found.unit_name:
            found.unit_name = row.name
        if levels.level in ("program", "kegiatan", "sub"):
            found.names.setdefault(_context(levels, levels.level), (row.name, row.note))
            heading = _padded(_context(levels, levels.level)) if levels.level != "program" else None
        if levels.level != "account":
            continue
        if not levels.account.startswith(SPENDING):
            skipped += 1  # revenue and financing are not spending
            continue
        if not levels.outside_programs and (not levels.kegiatan or zeros(levels.kegiatan)):
            if levels.account.count(".") <= 1:
                # A program's own row, coded with its kelompok (``001.000.5.2``).
                found.names.setdefault(_context(levels, "program"), (row.name, row.note))
                headings.append(row)
                heading = None
                continue
        elif levels.account.count(".") <= 1 and _cross_total(row) is None:
            # A kegiatan named only on its kelompok row (``001.001.5.2 Penyediaan ...``).
            found.names.setdefault(_context(levels, "kegiatan"), (row.name, row.note))
            heading = _context(levels)
        found.headings[row.line] = heading
        spending.append(row)
    # A row with an amount but no code that is no total (a blank or merged code
    # cell): its figure belongs somewhere the report does not say. Never dropped.
    for row in uncoded:
        # Without a name as well it is a printed total without its label (the
        # last rows of a report): read past, as the totals are.
        named = plain(row.name)
        if named and any(row.amounts.values()) and not _TOTAL_WORDS.match(named):
            found.problems.append(
                error(
                    report.filename,
                    row.line,
                    "kode_rekening",
                    f"baris '{row.name[:60]}' berangka tetapi tanpa kode rekening (sel kosong atau "
                    "sel gabungan); isi kodenya, atau hapus baris ini bila ia baris jumlah",
                    Code.REQUIRED,
                )
            )
    repaired = [r.line for r in report.lines if r.levels is not None and r.levels.repaired]
    if repaired:
        shown = ", ".join(str(n) for n in repaired[:LISTED])
        found.problems.append(
            warning(
                report.filename,
                repaired[0],
                "kode_rekening",
                f"{len(repaired)} baris kodenya kehilangan segmen terakhir kode OPD (misalnya "
                f"1.01.05 untuk {title.unit_code}.05) dan dibaca sebagai OPD {title.unit_code}: "
                f"baris {shown}{' dan lainnya' if len(repaired) > LISTED else ''}",
                Code.REPORT_CODE,
            )
        )
    for unit, line in other_units.items():
        found.problems.append(
            warning(
                report.filename,
                line,
                "kode_rekening",
                f"kode OPD di kode rekening ({unit}) berbeda dengan Kode Organisasi di judul "
                f"({title.unit_code}); semua baris diterbitkan di OPD {title.unit_code}",
                Code.REPORT_CODE,
            )
        )
    if skipped:
        found.problems.append(
            warning(
                report.filename,
                None,
                None,
                f"{skipped} baris pendapatan (4) dan pembiayaan (6) dilewati: Terbuka menerbitkan "
                "belanja",
                Code.REPORT_READING,
            )
        )
    if not found.unit_name:
        found.problems.append(
            error(
                report.filename,
                report.header_line,
                None,
                "nama OPD tidak ada di baris judul (Nama Organisasi) maupun di baris OPD",
                Code.REPORT_TITLE,
            )
        )
    _leaves_and_sums(found, spending, uncoded, headings, fields)
    if not found.leaves and not any(p.severity == "kesalahan" for p in found.problems):
        found.problems.append(
            warning(
                report.filename,
                report.header_line,
                None,
                "laporan ini tidak memuat satu pun rekening belanja (kode diawali 5); tidak ada "
                "yang diterbitkan darinya",
                Code.REPORT_READING,
            )
        )
    found.problems += _unnamed(found)
    found.problems += _spending_over_budget(found)
    return found


def _spending_over_budget(found: ReadReport) -> list[Problem]:
    """A Realisasi report whose spending exceeds its budget in total may have its
    columns the other way round (or be a Perubahan report): said, never swapped."""
    budget = sum(leaf.amounts.get("pagu", 0) for leaf in found.leaves)
    spent = sum(leaf.amounts.get("realisasi", 0) for leaf in found.leaves)
    if "realisasi" not in (found.leaves[0].amounts if found.leaves else {}) or spent <= budget:
        return []
    return [
        warning(
            found.report.filename,
            found.report.header_line,
            None,
            f"realisasi seluruh laporan ({rupiah(spent)}) melebihi anggarannya ({rupiah(budget)}): "
            "periksa apakah kolom Sebelum dan Sesudah memang anggaran dan realisasi, dan bukan "
            "anggaran murni dan perubahan (laporan Perubahan APBD)",
            Code.REPORT_READING,
        )
    ]


def unnamed_label(level: str, code: str) -> str:
    """What a program or kegiatan the report never names is called, saying so."""
    return f"{level.capitalize()} {code} (nama tidak ada di laporan)"


def _unnamed(found: ReadReport) -> list[Problem]:
    """Programs and kegiatan that have accounts but no row naming them."""
    missing: dict[str, int] = {}
    for leaf in found.leaves:
        _urusan, program, _kegiatan, _sub = leaf.context
        if zeros(program):
            continue
        for depth, key in (("program", leaf.context[:2]), ("kegiatan", leaf.context[:3])):
            if key not in found.names:
                missing.setdefault(f"{depth} {'.'.join(key)}", leaf.line)
    if not missing:
        return []
    shown = "; ".join(f"{what} (baris {line})" for what, line in list(missing.items())[:LISTED])
    return [
        warning(
            found.report.filename,
            min(missing.values()),
            None,
            f"{len(missing)} program atau kegiatan tanpa baris yang menyebut namanya: {shown}; "
            "diterbitkan dengan kodenya dan keterangan 'nama tidak ada di laporan'",
            Code.REPORT_READING,
        )
    ]


def _padded(context: tuple[str, ...]) -> tuple[str, ...]:
    return (*context, "", "", "")[:4]


def _context(levels: Levels, depth: str = "sub") -> tuple[str, ...]:
    full = (levels.urusan, levels.program, levels.kegiatan, levels.sub)
    size = {"program": 2, "kegiatan": 3, "sub": 4}[depth]
    return full[:size]


def _cross_total(row: Line) -> str | None:
    """``all``, ``programs`` or ``outside`` for a row totalling across programs:
    named so wherever it stands, or, outside programs, akun ``5`` and
    Belanja Langsung ``5.2`` with its jenis, which under Permendagri 13/2006
    only programs spend."""
    levels = row.levels
    assert levels is not None
    named = CROSS_TOTALS.get(plain(row.name))
    if named:
        return named
    if levels.outside_programs and levels.account == SPENDING:
        return "all"
    if levels.outside_programs and (levels.account + ".").startswith("5.2."):
        return "programs"
    return None


def _leaves_and_sums(
    found: ReadReport,
    spending: list[Line],
    uncoded: list[Line],
    headings: list[Line],
    fields: dict[str, str],
) -> None:
    report = found.report
    cross = {row.line: _cross_total(row) for row in spending}
    accounts = [r for r in spending if cross[r.line] is None]
    by_context: dict[tuple[str, ...], list[Line]] = {}
    for row in accounts:
        assert row.levels is not None
        by_context.setdefault(_context(row.levels), []).append(row)
    parents: set[int] = set()
    for rows in by_context.values():
        # Every proper prefix of every code in the context, once: an account is
        # a parent when its code is one of them (linear, whatever the count).
        above = {
            ".".join(parts[:n])
            for parts in (r.levels.account.split(".") for r in rows if r.levels is not None)
            for n in range(1, len(parts))
        }
        parents.update(r.line for r in rows if r.levels is not None and r.levels.account in above)
    blanks: list[Line] = []
    seen: dict[tuple[tuple[str, ...], str], int] = {}  # (context, account) -> leaf index
    moved: list[tuple[Line, tuple[str, ...]]] = []
    repeated: list[tuple[int, Line, dict[str, int]]] = []
    for row in accounts:
        if row.line in parents:
            continue
        assert row.levels is not None
        values = {name: row.amounts.get(role) for name, role in fields.items()}
        if any(v is None for v in values.values()):
            blanks.append(row)  # a report prints zero as a blank cell
        filled = {n: v or 0 for n, v in values.items()}
        negative = [report.roles[fields[n]] for n, v in filled.items() if v < 0]
        if negative:
            found.problems.append(
                error(
                    report.filename,
                    row.line,
                    "pagu",
                    f"rekening {row.levels.account} ({row.name}) bernilai negatif di kolom "
                    f"{', '.join(negative)}; anggaran dan realisasi tidak bisa kurang dari nol",
                    Code.OUT_OF_RANGE,
                )
            )
            continue
        context = _context(row.levels)
        heading = found.headings.get(row.line)
        account = row.levels.account
        broken = (
            not row.levels.kegiatan
            or row.levels.unit != report.title.unit_code
            or (context, account) in seen
        )
        if broken and heading and heading != context and not row.levels.outside_programs:
            # A code that drops a segment, names another unit, or repeats an
            # account of another kegiatan, printed under a kegiatan's row: that
            # row is its kegiatan (its printed total counts it); the code is
            # reported. A whole code naming another kegiatan is taken as written.
            moved.append((row, heading))
            context = heading
        if not context[2] and not row.levels.outside_programs:
            found.problems.append(
                error(
                    report.filename,
                    row.line,
                    "kode_rekening",
                    f"rekening {account} tanpa kegiatan: kodenya ({row.code.strip()[:60]}) tidak "
                    "memuat kode kegiatan dan tidak ada baris kegiatan di atasnya; lengkapi "
                    "kodenya",
                    Code.REPORT_CODE,
                )
            )
            continue
        earlier = seen.get((context, account))
        if earlier is not None:
            repeated.append((earlier, row, filled))
            continue
        seen[(context, account)] = len(found.leaves)
        found.leaves.append(Leaf(row.line, context, account, row.name, filled))
    _same_codes(found, repeated)
    if blanks:
        found.problems.append(_blank_warning(report, blanks))
    if moved:
        shown = ", ".join(f"{r.line} ({r.code.strip()})" for r, _ in moved[:LISTED])
        more = f" dan {len(moved) - LISTED} lainnya" if len(moved) > LISTED else ""
        found.problems.append(
            warning(
                report.filename,
                moved[0][0].line,
                "kode_rekening",
                f"{len(moved)} baris rekening yang kodenya tidak cocok dengan kegiatan di atasnya "
                "(kegiatan lain, atau ada bagian kode yang hilang) dihitung di kegiatan di "
                f"atasnya: baris {shown}{more}. Periksa kodenya",
                Code.REPORT_CODE,
            )
        )
    misnamed = [
        r
        for r in spending
        if cross[r.line] is not None and r.levels is not None and r.levels.account.count(".") >= 2
    ]
    for row in misnamed:
        assert row.levels is not None
        found.problems.append(
            warning(
                report.filename,
                row.line,
                "kode_rekening",
                f"baris berkode rekening {row.levels.account} bernama '{row.name}': dibaca "
                "sebagai baris jumlah, bukan rekening, agar tidak terhitung dua kali",
                Code.REPORT_CODE,
            )
        )
    _check_sums(found, spending, uncoded, headings, parents, cross, fields)


def _same_codes(found: ReadReport, repeated: list[tuple[int, Line, dict[str, int]]]) -> None:
    """Account codes printed again under one kegiatan. With the same figures the
    row is a heading and its one detail: counted once. With other figures both
    are spending the report counts (its kegiatan total holds both): summed under
    the code, one of them carrying the wrong code. Said once per code, the lines
    listed up to ``LISTED``."""
    by_leaf: dict[int, list[tuple[Line, bool]]] = {}
    for index, row, values in repeated:
        first = found.leaves[index]
        same = first.amounts == values
        if not same:
            summed = {k: v + values.get(k, 0) for k, v in first.amounts.items()}
            found.leaves[index] = Leaf(first.line, first.context, first.account, first.name, summed)
        by_leaf.setdefault(index, []).append((row, same))
    for index, rows in list(by_leaf.items())[:LISTED]:
        leaf = found.leaves[index]
        lines = ", ".join(str(r.line) for r, _ in rows[:LISTED])
        more = f" dan {len(rows) - LISTED} lainnya" if len(rows) > LISTED else ""
        counted = (
            "yang angkanya sama dihitung sekali"
            if all(same for _, same in rows)
            else "yang angkanya berbeda dijumlahkan di kode itu, karena jumlah kegiatannya "
            "memuat semuanya; salah satu kodenya mungkin keliru"
        )
        message = (
            f"rekening {leaf.account} ('{leaf.name[:60]}', baris {leaf.line}) tertulis lagi di "
            f"baris {lines}{more}: {counted}"
        )
        found.problems.append(
            warning(
                found.report.filename, rows[0][0].line, "kode_rekening", message, Code.REPORT_CODE
            )
        )
    if len(by_leaf) > LISTED:
        found.problems.append(
            warning(
                found.report.filename,
                None,
                "kode_rekening",
                f"dan {len(by_leaf) - LISTED} kode rekening lain yang tertulis lebih dari sekali",
                Code.REPORT_CODE,
            )
        )


def _blank_warning(report: BudgetReport, blanks: list[Line]) -> Problem:
    """Blank amounts on detailed rows: read as zero, said once with the lines."""
    shown = ", ".join(str(r.line) for r in blanks[:LISTED])
    more = f" dan {len(blanks) - LISTED} lainnya" if len(blanks) > LISTED else ""
    shifted = [r.line for r in blanks if _is_number(r.note)]
    hint = (
        f"; di baris {', '.join(map(str, shifted[:10]))} angkanya ada di kolom keterangan, "
        "mungkin bergeser satu kolom"
        if shifted
        else ""
    )
    return warning(
        report.filename,
        blanks[0].line,
        None,
        f"{len(blanks)} rekening rinci tanpa angka di salah satu kolom jumlah dibaca 0 (baris "
        f"{shown}{more}){hint}",
        Code.REPORT_READING,
    )


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"\(?-?[\d.,]+\)?", text.strip()))


def _check_sums(
    found: ReadReport,
    spending: list[Line],
    uncoded: list[Line],
    headings: list[Line],
    parents: set[int],
    cross: dict[int, str | None],
    fields: dict[str, str],
) -> None:
    """Every printed total against the sum of the leaves under it. The sums under
    every account prefix and every context are gathered in one pass, so the
    checks cost the same however many rows the report has."""
    report = found.report
    names = list(fields)
    Sums = dict[str, int]

    def add(table: dict, key: object, leaf: Leaf) -> None:
        sums = table.setdefault(key, dict.fromkeys(names, 0))
        for n in names:
            sums[n] += leaf.amounts[n]

    every: dict = {}
    by_prefix: dict = {}  # (scope, account prefix) -> sums; scope: context, or "programs"
    by_context: dict = {}  # context prefix -> sums
    for leaf in found.leaves:
        add(every, "all", leaf)
        add(every, "outside" if _outside(leaf) else "programs", leaf)
        parts = leaf.account.split(".")
        for n in range(1, len(parts) + 1):
            prefix = ".".join(parts[:n])
            add(by_prefix, (leaf.context, prefix), leaf)
            if not _outside(leaf):
                add(by_prefix, ("programs", prefix), leaf)
        for size in (2, 3, 4):
            add(by_context, leaf.context[:size], leaf)
    empty: Sums = dict.fromkeys(names, 0)
    checks: list[tuple[Line, Sums]] = []
    for row in spending:
        levels = row.levels
        assert levels is not None
        scope = cross[row.line]
        if scope in ("all", "outside"):
            checks.append((row, every.get(scope, empty)))
        elif scope == "programs":
            # Outside programs, 5.2.2 totals the programs' 5.2.2; a row named
            # Belanja Langsung, whatever its code, totals all of theirs.
            prefix = "5.2" if plain(row.name) in CROSS_TOTALS else levels.account
            checks.append((row, by_prefix.get(("programs", prefix), empty)))
        elif row.line in parents:
            checks.append((row, by_prefix.get((_context(levels), levels.account), empty)))
    for row in [*report.lines, *headings]:
        levels = row.levels
        if levels is None:
            continue
        depth = "program" if row in headings else levels.level
        if depth not in ("program", "kegiatan", "sub"):
            continue
        checks.append((row, by_context.get(_context(levels, depth), empty)))
    for row in uncoded:
        if CROSS_TOTALS.get(plain(row.name)) == "all" and any(
            v is not None for v in row.amounts.values()
        ):
            checks.append((row, every.get("all", empty)))
    differences = []
    for row, sums in checks:
        for name, role in fields.items():
            printed = row.amounts.get(role)
            if printed is None:
                continue
            summed = sums[name]
            if printed != summed:
                differences.append((row, report.roles[role], printed, summed))
    for row, header, printed, summed in differences[:LISTED]:
        found.problems.append(
            warning(
                report.filename,
                row.line,
                header,
                f"'{row.name[:80]}' tertulis {rupiah(printed)}, padahal jumlah rincian di "
                f"bawahnya {rupiah(summed)} (selisih {rupiah(printed - summed)}); yang "
                "diterbitkan adalah jumlah rinciannya",
                Code.REPORT_SUM,
            )
        )
    if len(differences) > LISTED:
        found.problems.append(
            warning(
                report.filename,
                differences[LISTED][0].line,
                None,
                f"dan {len(differences) - LISTED} baris jumlah lain yang berbeda dari rinciannya",
                Code.REPORT_SUM,
            )
        )


def _outside(leaf: Leaf) -> bool:
    return zeros(leaf.context[1])


def deduplicated(read: list[ReadReport]) -> tuple[list[ReadReport], list[Problem]]:
    """Each unit-year once: equal uploads read once (a warning), conflicting ones an error."""
    problems: list[Problem] = []
    kept: dict[tuple[str, int | None], ReadReport] = {}
    for item in read:
        title = item.report.title
        key = (unit_key(title.unit_code), title.year)
        first = kept.get(key)
        if first is None:
            kept[key] = item
            continue
        names = sorted((plain(first.unit_name), plain(item.unit_name)), key=len)
        same = (
            first.report.title.kind == title.kind
            and names[1].startswith(names[0])  # "Dinas Kelautan" and "... dan Peternakan"
            and first.signature == item.signature
        )
        files = f"{first.report.filename} dan {item.report.filename}"
        if same:
            if len(item.unit_name) > len(first.unit_name):
                first.unit_name = item.unit_name  # the fuller name of the same unit
            problems.append(
                warning(
                    item.report.filename,
                    None,
                    None,
                    f"OPD {title.unit_code} tahun {title.year} diunggah dua kali dengan isi yang "
                    f"sama ({files}); dibaca sekali, dari {first.report.filename}",
                    Code.REPORT_DUPLICATE,
                )
            )
            continue
        problems.append(
            error(
                item.report.filename,
                None,
                None,
                f"OPD {title.unit_code} tahun {title.year} ada di dua laporan yang berbeda "
                f"({files}: {_difference(first, item)}); simpan satu saja di folder data",
                Code.REPORT_DUPLICATE,
            )
        )
    units = list(kept.values())
    by_signature: dict[tuple, ReadReport] = {}
    for item in units:
        if not item.leaves:
            continue
        twin = by_signature.setdefault((item.report.title.year, item.signature), item)
        if twin is not item:
            problems.append(
                warning(
                    item.report.filename,
                    None,
                    None,
                    f"laporan OPD {item.report.title.unit_code} sama baris demi baris dengan "
                    f"laporan OPD {twin.report.title.unit_code} ({twin.report.filename}); "
                    "periksa apakah satu laporan tersimpan dengan dua kode",
                    Code.REPORT_DUPLICATE,
                )
            )
    return units, problems


def _difference(first: ReadReport, second: ReadReport) -> str:
    if first.report.title.kind != second.report.title.kind:
        return "jenis laporannya berbeda"
    if plain(first.unit_name) != plain(second.unit_name):
        return f"nama OPD-nya berbeda: {first.unit_name} dan {second.unit_name}"
    return "angka atau rekeningnya berbeda"


def activity_table(reports: list[ReadReport]) -> RawTable:
    """The leaves of every report as rows of the activity table (SIPD's columns)."""
    kinds = {r.report.title.kind for r in reports}
    money = ["pagu"]
    if PERUBAHAN in kinds:
        money += ["pagu_murni", "pagu_perubahan"]
    if REALISASI in kinds:
        money.append("realisasi")
    columns = ["tahun", "kode_opd", "nama_opd", "kode_program", "nama_program"]
    columns += ["kode_kegiatan", "nama_kegiatan", "kode_sub_kegiatan", "nama_sub_kegiatan"]
    columns += ["kode_rekening", "nama_rekening", *money, "sumber_dana", "lokasi"]
    rows: list[list[str]] = []
    lines: list[int] = []
    parts: list[list] = []
    for i, item in enumerate(reports):
        base = LINE_BASE * (i + 1)
        parts.append([base, item.report.filename])
        title = item.report.title
        for leaf in item.leaves:
            urusan, program, kegiatan, sub = leaf.context
            program_code = f"{urusan}.{program}"
            kegiatan_code = f"{program_code}.{kegiatan or program}"  # one 00 for both
            outside = zeros(program)
            program_name = (
                OUTSIDE_PROGRAM_NAME
                if outside
                else item.names.get((urusan, program), ("", ""))[0]
                or unnamed_label("program", program_code)
            )
            kegiatan_name, note = item.names.get((urusan, program, kegiatan), ("", ""))
            kegiatan_name = kegiatan_name or (
                OUTSIDE_ACTIVITY_NAME if outside else unnamed_label("kegiatan", kegiatan_code)
            )
            sub_name = item.names.get(leaf.context, ("", ""))[0] if sub else ""
            source, place = note_source(note), note_place(note)
            values: dict[str, int | None] = dict(leaf.amounts)
            if PERUBAHAN in kinds:
                revised = title.kind == PERUBAHAN
                values["pagu_murni"] = values.get("pagu_murni", values["pagu"])
                values["pagu_perubahan"] = values["pagu"] if revised else None
            row = [
                str(title.year or ""),
                title.unit_code,
                item.unit_name,
                program_code,
                program_name,
                kegiatan_code,
                kegiatan_name,
                f"{kegiatan_code}.{sub}" if sub else "",
                sub_name,
                leaf.account,
                leaf.name,
                *(_money_text(values.get(m)) for m in money),
                source,
                place,
            ]
            rows.append(row)
            lines.append(base + leaf.line)
    filename = reports[0].report.filename if len(reports) == 1 else "laporan OPD"
    return RawTable(filename, columns, rows, lines, "utf-8", ",", parts=parts)


def _money_text(sen: int | None) -> str:
    if sen is None:
        return ""
    rupiah_part, cents = divmod(sen, 100)
    return f"{rupiah_part}.{cents:02d}" if cents else str(rupiah_part)


def origin(raw: RawTable, line: int) -> tuple[str, int] | None:
    """The report file and line a row of the joined table came from."""
    for base, filename in reversed(raw.parts):
        if line >= base:
            return filename, line - base
    return None
