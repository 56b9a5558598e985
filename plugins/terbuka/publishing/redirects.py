"""Published URLs never die: old addresses of renamed or merged units get
static redirect pages from ``redirects.csv``, and a build fails when an
address of the previous release would disappear without one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from terbuka.core.problems import Code, Problem, TerbukaError, error
from terbuka.core.urls import URLS, UnsafePathError, normalise, printable
from terbuka.inputs.read import MAX_EXPORT_BYTES, records, small_csv

if TYPE_CHECKING:
    from terbuka.model.model import CityModel

COLUMNS = ("alamat_lama", "alamat_baru")


class RedirectError(TerbukaError):
    pass


def read_redirects(path: Path) -> tuple[dict[str, str], list[Problem]]:
    """Old path -> new path, from a CSV with columns alamat_lama, alamat_baru,
    and every problem of the file at once (``check-data`` lists them)."""
    name = path.name
    reader, problems = small_csv(path, MAX_EXPORT_BYTES)
    if reader is None:
        return {}, problems
    out: dict[str, str] = {}
    for line, row in records(reader, name, 2, problems):
        cells = {c: printable((row.get(c) or "").strip()) for c in COLUMNS}
        missing = [c for c in COLUMNS if not cells[c]]
        for column in missing:
            problems.append(error(name, line, column, "wajib diisi", Code.REQUIRED))
        if missing:
            continue
        try:
            out[normalise(cells["alamat_lama"])] = normalise(cells["alamat_baru"])
        except UnsafePathError as exc:
            problems.append(error(name, line, None, str(exc), Code.PATTERN))
    return out, problems


def published_urls(model: CityModel) -> set[str]:
    """The unit, year and program pages a version of the data publishes."""
    slugs = dict(zip(model.units["kode_opd"], model.units["slug"], strict=True))
    urls = {URLS.unit(slug) for slug in slugs.values()}
    for unit, year in model.activities_by_unit_year:
        urls.add(URLS.unit(slugs[unit], year))
    for year, unit, program in model.programs[["tahun", "kode_opd", "kode_program"]].itertuples(
        index=False
    ):
        urls.add(URLS.program(slugs[unit], year, program))
    return urls


def check(redirects: dict[str, str], pages: set[str], previous: set[str], version: str) -> None:
    """Every redirect leads to a page; every earlier address still answers."""
    for old, new in sorted(redirects.items()):
        if old in pages:
            raise RedirectError(f"redirects.csv: /{old} masih berupa halaman; hapus pengalihannya")
        if new not in pages:
            raise RedirectError(f"redirects.csv: tujuan /{new} (dari /{old}) tidak ada di situs")
    lost = sorted(previous - pages - set(redirects))
    if lost:
        shown = ", ".join(f"/{u}" for u in lost[:10])
        more = f" dan {len(lost) - 10} lainnya" if len(lost) > 10 else ""
        raise RedirectError(
            f"{len(lost)} alamat yang terbit di rilis {version} akan hilang: {shown}{more}. "
            "Alamat yang sudah terbit tidak boleh mati: tambahkan baris alamat_lama,alamat_baru "
            "ke redirects.csv"
        )
