"""Published URLs never die: old addresses of renamed or merged units get
static redirect pages from ``redirects.csv``, and a build fails when an
address of the previous release would disappear without one."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .model import CityModel
from .read import NotRegularFileError, decode, read_regular
from .urls import URLS, UnsafePathError, normalise


class RedirectError(Exception):
    exitcode = 1


def read_redirects(path: Path) -> dict[str, str]:
    """Old path -> new path, from a CSV with columns alamat_lama, alamat_baru."""
    if not path.is_file() and not path.is_symlink():
        return {}
    try:
        text, _, problems = decode(read_regular(path), path.name)
    except NotRegularFileError as exc:
        raise RedirectError(f"{path.name}: {exc}; tidak dibaca") from None
    if text is None or problems:
        raise RedirectError(f"{path.name}: simpan sebagai CSV UTF-8")
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise RedirectError(f"{path.name}: tidak bisa dibaca sebagai CSV ({exc})") from None
    out = {}
    for line, row in enumerate(rows, start=2):
        old, new = row.get("alamat_lama", ""), row.get("alamat_baru", "")
        if not old or not new:
            raise RedirectError(f"{path.name}:{line}: alamat_lama dan alamat_baru wajib diisi")
        try:
            out[normalise(old)] = normalise(new)
        except UnsafePathError as exc:
            raise RedirectError(f"{path.name}:{line}: {exc}") from None
    return out


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
