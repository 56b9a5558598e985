"""The code examples printed on the API page (curl, pandas, DuckDB, sqlite3,
datasette), each with the result it prints, computed here from the same
model as the pages. The test suite runs every example against a built site
and compares what it prints with this result and with the unit's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from terbuka.core.urls import URLS
from terbuka.model.model import CityModel
from terbuka.outputs.downloads import plain_value

PLACEHOLDER_SITE = "https://alamat-situs"  # when the settings give no site address
DATASETTE_PORT = 8001  # datasette's own default


@dataclass(frozen=True)
class Example:
    key: str  # curl, pandas, sqlite3, datasette: what the tests run
    title: str
    code: str
    result: str  # what it prints, or what to read in its answer
    explanation: str
    amount: int  # the result in sen, as the page prints it
    prints: bool = True  # False: the result is a value inside a longer answer


def _subject(model: CityModel) -> tuple[str, str, int] | None:
    """The unit (code, slug) and year the examples ask about: the first unit
    with activities in the latest year with a revised budget (where summing
    every version would count the budget twice), else in the latest year."""
    revised = [r["year"] for r in model.revisions]
    year = revised[-1] if revised else model.latest_year
    if year is None:
        return None
    for code, unit in model.unit_directory.items():
        if (code, year) in model.activities_by_unit_year:
            return code, unit.slug, year
    return None


def code_examples(model: CityModel, site_url: str, sqlite_name: str) -> list[Example]:
    subject = _subject(model)
    if subject is None:
        return []
    code, slug, year = subject
    base = site_url or PLACEHOLDER_SITE
    sen = model.unit_totals(code, year).budget
    budget = plain_value(sen, "money")
    where = f"tahun = {year} AND kode_opd = '{code}'"
    query = f"SELECT SUM(pagu) AS pagu FROM kegiatan WHERE {where}"
    return [
        Example(
            "curl",
            "Ringkasan satu OPD dengan curl",
            f"curl -s {base}/{URLS.api_unit(slug)}",
            budget,
            f'Jawabannya berupa dokumen JSON untuk semua tahun OPD ini; angka ini ada di "pagu" '
            f'pada bagian "tahun": {year}.',
            sen,
            prints=False,
        ),
        Example(
            "pandas",
            "Jumlah pagu satu OPD dengan pandas",
            "from decimal import Decimal\n"
            "import pandas as pd\n\n"
            f'kegiatan = pd.read_csv("{base}/{URLS.data_file("kegiatan.csv")}",\n'
            "                       dtype=str, keep_default_na=False)\n"
            f'baris = kegiatan[(kegiatan["tahun"] == "{year}")\n'
            f'                  & (kegiatan["kode_opd"] == "{code}")]\n'
            'print(sum(Decimal(v) for v in baris["pagu"]))',
            budget,
            "Kolom dibaca sebagai teks lalu dijumlahkan dengan Decimal, sehingga hasilnya "
            "tepat sampai sen.",
            sen,
        ),
        Example(
            "duckdb",
            "Jumlah pagu satu OPD dengan DuckDB, dari file Parquet",
            f"curl -sO {base}/{URLS.data_file('kegiatan.parquet')}\n"
            'python3 -c "import duckdb; print(duckdb.sql(\\"'
            + query.replace("FROM kegiatan", "FROM 'kegiatan.parquet'")
            + '\\").fetchall()[0][0])"',
            budget,
            "File Parquet membawa jenis setiap kolom: kode tetap teks dan pagu berupa DECIMAL, "
            "sehingga jumlahnya tepat sampai sen tanpa pengaturan apa pun.",
            sen,
        ),
        Example(
            "sqlite3",
            "Jumlah pagu satu OPD dengan sqlite3",
            f'curl -sO {base}/{URLS.data_file(sqlite_name)}\nsqlite3 {sqlite_name} "{query}"',
            budget,
            "Untuk jumlah yang tepat sampai sen, jumlahkan pagu_sen lalu bagi 100.",
            sen,
        ),
        Example(
            "datasette",
            "Menjelajah dengan datasette",
            f"datasette {sqlite_name}\n"
            f"# lalu buka di peramban:\n"
            f"http://localhost:{DATASETTE_PORT}/{sqlite_name.removesuffix('.sqlite')}?"
            + urlencode({"sql": query}),
            budget,
            "Datasette menampilkan setiap tabel dan menjalankan kueri SQL di peramban Anda.",
            sen,
        ),
    ]
