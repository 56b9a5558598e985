"""Names shared by every step of the data flow, kept below all of them.

The column that carries each row's spreadsheet line, the budget versions,
the grouping keys, and which input table becomes which part of the model.
"""

from __future__ import annotations

LINE = "_baris"  # the column that keeps each row's spreadsheet line number
MURNI, PERUBAHAN = "murni", "perubahan"  # the original and the revised budget

UNIT_YEAR = ["kode_opd", "tahun"]
PROGRAM = ["tahun", "kode_opd", "kode_program"]
ACTIVITY = [*PROGRAM, "kode_kegiatan"]

# Input table (schema name) -> the CityModel field that holds it.
TABLES = {
    "opd": "units",
    "program": "programs",
    "kegiatan": "activities",
    "realisasi": "quarterly",
    "indikator": "indicators",
    "spbe": "spbe_levels",
    "spbe_indeks": "spbe_index",
}
