"""``Chart``: a picture and everything a page shows around it.

A ``Chart`` carries a one-line summary written from the same numbers, alt
text, the table alternative and the CSV of exactly the numbers drawn, and
its typed ``spec`` (``specs``) that the drawing is a pure function of.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import matplotlib

from terbuka.core.fingerprint import code_digest
from terbuka.outputs.charts.specs import Spec, key_text

# About 326 px: drawn at the width a 360 px phone shows it, so that 9 pt text is
# 12 px there (at 4.4 in it was shrunk to 9-11 px); wider screens enlarge it.
WIDTH_IN = 3.4
# What the table under a chart calls each CSV column (the CSV keeps the names).
COLUMN_TITLES = {
    "perangkat_daerah": "Perangkat daerah",
    "pagu": "Pagu",
    "realisasi": "Realisasi",
    "persen_terserap": "Terserap",
    "fisik": "Fisik",
    "sumber_dana": "Sumber dana",
    "lokasi": "Lokasi",
    "kode": "Kode",
    "nama": "Nama",
    "pagu_murni": "APBD murni",
    "pagu_perubahan": "APBD perubahan",
    "selisih": "Selisih",
    "kode_program": "Kode",
    "nama_program": "Program",
    "kode_jenis": "Kode",
    "jenis_belanja": "Jenis belanja",
    "kelompok_belanja": "Kelompok",
    "triwulan": "Triwulan",
    "realisasi_kumulatif": "Realisasi kumulatif",
    "persen_pagu": "Persen dari pagu",
    "fisik_rata_rata": "Fisik (rata-rata tertimbang)",
    "tahun": "Tahun",
    "kerangka": "Kerangka evaluasi",
    "indeks_dihitung": "Indeks dihitung",
    "indeks_resmi": "Indeks resmi",
    "predikat": "Predikat",
    "aspek": "Aspek",
    "bobot": "Bobot",
    "indeks": "Indeks",
}


@dataclass
class Chart:
    path: str  # site path without extension: opd/diskominfo/2026/grafik-program
    title: str
    summary: str  # one plain sentence, shown above the chart
    alt: str  # the key figures, for screen readers
    columns: list[str]  # header of the table alternative and of the CSV
    rows: list[list]  # the numbers drawn, raw (for the CSV)
    display: list[list[str]]  # the same rows written for people (for the table)
    spec: Spec = field(repr=False)  # what the drawing draws
    note: str = ""  # where the drawing's own material comes from (a map's boundaries)

    @property
    def headers(self) -> list[str]:
        """The table's column headers, for people."""
        return [COLUMN_TITLES.get(c, c.replace("_", " ")) for c in self.columns]

    @property
    def width_px(self) -> int:
        return round(WIDTH_IN * 96)  # SVG sizes are in points; CSS pixels are 1/96 in

    @property
    def height_px(self) -> int:
        return round(self.spec.height * 96)

    def __getstate__(self) -> dict:
        # The computed key is no part of what the chart is (a page's cache key
        # pickles its charts): whether it was asked for yet must not count.
        return {k: v for k, v in self.__dict__.items() if k != "key"}

    @cached_property
    def key(self) -> str:
        """Names the chart's cached drawing: computed once, asked for twice."""
        text = key_text(self.spec)
        salt = f"{code_digest()}|{matplotlib.__version__}|"
        return hashlib.sha256((salt + text).encode("utf-8")).hexdigest()
