#!/usr/bin/env python3
"""Write the synthetic sample data: a city shaped like Kota Madiun.

The units and their kinds are the city's real ones; every budget, spending
figure, progress figure, indicator and SPBE level is invented from a fixed
seed, so the same command always writes the same bytes. The one real figure
is the official SPBE index of 2023 (4,45, Keputusan Menteri PANRB 13/2024);
the invented 2023 levels are tuned to reproduce it.

The invented spending behaves like a city's: in the current year (reported to
its third quarter) the units spread from about 31% to 94% of their budget,
works-heavy units more often slow; finished years are mostly near complete.
Money is spent late: each unit's quarters bend upwards (a small first quarter,
the largest step last), salaries closer to month by month. Three sub
kegiatan spend slightly above their pagu (a data-quality warning, one a
year). A ``lokasi`` names the whole city, a kecamatan or, for field work and
the kecamatan offices, a kelurahan ("Kelurahan Taman", as the boundary file
names it); what the mayor assigns a kecamatan office is spent in another
kecamatan.

    python scripts/generate_sample.py --out data
    python scripts/generate_sample.py --out /tmp/big --units 60 --years 5 --rows 50000
    python scripts/generate_sample.py --sipd /tmp/sipd/kegiatan.xlsx

``--sipd`` writes the same invented city, one fiscal year, as SIPD's report
"Laporan Penjabaran Anggaran dan Realisasi" does: title rows above the
header, one row per account (kode rekening) under each sub kegiatan, the
unit as Sub SKPD under its SKPD induk, a JUMLAH row at the end; ``.csv``
gives the same rows as Excel in the Indonesian locale saves them (``;``,
``1.500.000,50``, BOM, CRLF).
"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent.parent / "plugins" / "terbuka" / "reference"
LAST_YEAR = 2026  # the sample's current year, reported up to the third quarter
LAST_QUARTER = 3
REVISED_YEAR = 2025  # the year whose sample has an APBD perubahan

# (name, abbreviation, kind, slug, bidang urusan codes, address street)
UNITS = [
    (
        "Sekretariat Daerah",
        "Setda",
        "Sekretariat",
        "sekretariat-daerah",
        ["4.01"],
        "Jl. Pahlawan No. 37",
    ),
    (
        "Sekretariat DPRD",
        "Setwan",
        "Sekretariat",
        "sekretariat-dprd",
        ["4.02"],
        "Jl. Pahlawan No. 35",
    ),
    (
        "Inspektorat Daerah",
        "Inspektorat",
        "Inspektorat",
        "inspektorat",
        ["6.01"],
        "Jl. Mayjend Panjaitan No. 2",
    ),
    ("Dinas Pendidikan", "Dindik", "Dinas", "dinas-pendidikan", ["1.01"], "Jl. Mastrip No. 25"),
    (
        "Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana",
        "Dinkes PPKB",
        "Dinas",
        "dinas-kesehatan",
        ["1.02", "2.14"],
        "Jl. Trunojoyo No. 120",
    ),
    (
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "DPUPR",
        "Dinas",
        "dinas-pupr",
        ["1.03"],
        "Jl. Salak No. 9",
    ),
    (
        "Dinas Perumahan dan Kawasan Permukiman",
        "Disperkim",
        "Dinas",
        "dinas-perkim",
        ["1.04", "2.10"],
        "Jl. Salak No. 9",
    ),
    (
        "Satuan Polisi Pamong Praja",
        "Satpol PP",
        "Satuan",
        "satpol-pp",
        ["1.05"],
        "Jl. Pahlawan No. 37",
    ),
    (
        "Badan Penanggulangan Bencana Daerah",
        "BPBD",
        "Badan",
        "bpbd",
        ["1.05"],
        "Jl. Hayam Wuruk No. 1",
    ),
    (
        "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
        "Dinsos PPPA",
        "Dinas",
        "dinas-sosial",
        ["1.06", "2.08"],
        "Jl. Cokroaminoto No. 10",
    ),
    (
        "Dinas Tenaga Kerja",
        "Disnaker",
        "Dinas",
        "dinas-tenaga-kerja",
        ["2.07"],
        "Jl. Cokroaminoto No. 12",
    ),
    (
        "Dinas Lingkungan Hidup",
        "DLH",
        "Dinas",
        "dinas-lingkungan-hidup",
        ["2.11"],
        "Jl. Thamrin No. 27",
    ),
    (
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dispendukcapil",
        "Dinas",
        "dispendukcapil",
        ["2.12"],
        "Jl. Mayjend Panjaitan No. 15",
    ),
    ("Dinas Perhubungan", "Dishub", "Dinas", "dinas-perhubungan", ["2.15"], "Jl. Mastrip No. 19"),
    (
        "Dinas Komunikasi dan Informatika",
        "Diskominfo",
        "Dinas",
        "diskominfo",
        ["2.16", "2.20", "2.21"],
        "Jl. Perintis Kemerdekaan No. 32",
    ),
    (
        "Dinas Koperasi dan Usaha Mikro",
        "Dinkop UM",
        "Dinas",
        "dinas-koperasi",
        ["2.17"],
        "Jl. Cokroaminoto No. 14",
    ),
    (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        "Dinas",
        "dpmptsp",
        ["2.18"],
        "Jl. Pahlawan No. 37",
    ),
    (
        "Dinas Kebudayaan, Pariwisata, Kepemudaan dan Olahraga",
        "Disbudparpora",
        "Dinas",
        "disbudparpora",
        ["2.19", "2.22", "3.26"],
        "Jl. Cokroaminoto No. 16",
    ),
    (
        "Dinas Perpustakaan dan Kearsipan",
        "Dinas Arpus",
        "Dinas",
        "dinas-perpustakaan",
        ["2.23", "2.24"],
        "Jl. Mastrip No. 21",
    ),
    (
        "Dinas Perdagangan",
        "Disdag",
        "Dinas",
        "dinas-perdagangan",
        ["3.30", "3.31"],
        "Jl. Pahlawan No. 51",
    ),
    (
        "Dinas Pertanian dan Ketahanan Pangan",
        "Dispertahankan",
        "Dinas",
        "dinas-pertanian",
        ["2.09", "3.27", "3.25"],
        "Jl. Mayjend Sungkono No. 5",
    ),
    (
        "Badan Perencanaan, Penelitian dan Pengembangan Daerah",
        "Bappeda Litbang",
        "Badan",
        "bappeda-litbang",
        ["5.01", "5.05"],
        "Jl. Pahlawan No. 37",
    ),
    (
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        "Badan",
        "bpkad",
        ["5.02"],
        "Jl. Pahlawan No. 37",
    ),
    ("Badan Pendapatan Daerah", "Bapenda", "Badan", "bapenda", ["5.02"], "Jl. Pahlawan No. 37"),
    (
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
        "Badan",
        "bkpsdm",
        ["5.03", "5.04"],
        "Jl. Pahlawan No. 37",
    ),
    (
        "Badan Kesatuan Bangsa dan Politik",
        "Bakesbangpol",
        "Badan",
        "bakesbangpol",
        ["8.01"],
        "Jl. Pahlawan No. 37",
    ),
    (
        "Rumah Sakit Umum Daerah Kota Madiun",
        "RSUD",
        "RSUD",
        "rsud",
        ["1.02"],
        "Jl. Campursari No. 12B, Sogaten",
    ),
    (
        "Kecamatan Kartoharjo",
        "",
        "Kecamatan",
        "kecamatan-kartoharjo",
        ["7.01"],
        "Jl. Kapten Tendean No. 2",
    ),
    ("Kecamatan Manguharjo", "", "Kecamatan", "kecamatan-manguharjo", ["7.01"], "Jl. Serayu No. 1"),
    ("Kecamatan Taman", "", "Kecamatan", "kecamatan-taman", ["7.01"], "Jl. Tirta Raya No. 1"),
]
SETDA_PARTS = [
    ("Bagian Pemerintahan", "bagian-pemerintahan"),
    ("Bagian Umum", "bagian-umum"),
    ("Bagian Pengadaan Barang dan Jasa", "bagian-pengadaan"),
]
KELURAHAN = {
    "Kecamatan Kartoharjo": [
        "Kanigoro",
        "Kartoharjo",
        "Kelun",
        "Klegen",
        "Oro-oro Ombo",
        "Pilangbango",
        "Rejomulyo",
        "Sukosari",
        "Tawangrejo",
    ],
    "Kecamatan Manguharjo": [
        "Madiun Lor",
        "Manguharjo",
        "Nambangan Kidul",
        "Nambangan Lor",
        "Ngegong",
        "Pangongangan",
        "Patihan",
        "Sogaten",
        "Winongo",
    ],
    "Kecamatan Taman": [
        "Banjarejo",
        "Demangan",
        "Josenan",
        "Kejuron",
        "Kuncen",
        "Manisrejo",
        "Mojorejo",
        "Pandean",
        "Taman",
    ],
}

SUPPORT_PROGRAM = "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
SUPPORT_ACTIVITIES = [
    (
        "2.01",
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        [
            "Penyusunan Dokumen Perencanaan Perangkat Daerah",
            "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
            "Evaluasi Kinerja Perangkat Daerah",
        ],
    ),
    (
        "2.02",
        "Administrasi Keuangan Perangkat Daerah",
        [
            "Penyediaan Gaji dan Tunjangan ASN",
            "Penyediaan Administrasi Pelaksanaan Tugas ASN",
            "Koordinasi dan Penyusunan Laporan Keuangan Akhir Tahun SKPD",
        ],
    ),
    (
        "2.05",
        "Administrasi Kepegawaian Perangkat Daerah",
        [
            "Pendidikan dan Pelatihan Pegawai Berdasarkan Tugas dan Fungsi",
            "Bimbingan Teknis Implementasi Peraturan Perundang-Undangan",
        ],
    ),
    (
        "2.06",
        "Administrasi Umum Perangkat Daerah",
        [
            "Penyediaan Peralatan dan Perlengkapan Kantor",
            "Penyediaan Bahan Logistik Kantor",
            "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
        ],
    ),
    (
        "2.08",
        "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
        [
            "Penyediaan Jasa Surat Menyurat",
            "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
            "Penyediaan Jasa Pelayanan Umum Kantor",
        ],
    ),
    (
        "2.09",
        "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
        [
            "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak dan Perizinan Kendaraan Dinas Operasional atau Lapangan",
            "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya",
        ],
    ),
]

# Substantive programs by bidang urusan: (program number, name, [activity topics]).
PROGRAMS = {
    "1.01": [
        (
            "02",
            "Program Pengelolaan Pendidikan",
            [
                "Pengelolaan Pendidikan Sekolah Dasar",
                "Pengelolaan Pendidikan Sekolah Menengah Pertama",
                "Pengelolaan Pendidikan Anak Usia Dini",
            ],
        ),
        (
            "04",
            "Program Pendidik dan Tenaga Kependidikan",
            ["Pemerataan Kuantitas dan Kualitas Pendidik dan Tenaga Kependidikan"],
        ),
    ],
    "1.02": [
        (
            "02",
            "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
            [
                "Penyediaan Fasilitas Pelayanan Kesehatan",
                "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan",
            ],
        ),
        (
            "03",
            "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan",
            ["Pengembangan Mutu dan Peningkatan Kompetensi Teknis Sumber Daya Manusia Kesehatan"],
        ),
    ],
    "1.03": [
        (
            "02",
            "Program Pengelolaan Sumber Daya Air",
            ["Pengelolaan dan Pengembangan Sistem Drainase"],
        ),
        (
            "10",
            "Program Penyelenggaraan Jalan",
            ["Penyelenggaraan Jalan Kabupaten/Kota", "Pembangunan dan Rehabilitasi Jembatan"],
        ),
        ("12", "Program Penyelenggaraan Penataan Ruang", ["Penetapan Rencana Tata Ruang Wilayah"]),
    ],
    "1.04": [
        ("02", "Program Pengembangan Perumahan", ["Penanganan Rumah Tidak Layak Huni"]),
        ("03", "Program Kawasan Permukiman", ["Penataan Kawasan Permukiman Kumuh"]),
    ],
    "1.05": [
        (
            "02",
            "Program Peningkatan Ketenteraman dan Ketertiban Umum",
            ["Penanganan Gangguan Ketenteraman dan Ketertiban Umum"],
        ),
        (
            "03",
            "Program Penanggulangan Bencana",
            ["Pelayanan Informasi Rawan Bencana", "Penanganan Pascabencana"],
        ),
    ],
    "1.06": [
        (
            "04",
            "Program Rehabilitasi Sosial",
            ["Rehabilitasi Sosial Dasar Penyandang Disabilitas Terlantar"],
        ),
        (
            "05",
            "Program Perlindungan dan Jaminan Sosial",
            ["Pemeliharaan Anak-Anak Terlantar", "Pengelolaan Data Fakir Miskin"],
        ),
    ],
    "2.07": [
        (
            "03",
            "Program Pelatihan Kerja dan Produktivitas Tenaga Kerja",
            ["Pelaksanaan Pelatihan Berdasarkan Unit Kompetensi"],
        )
    ],
    "2.08": [
        (
            "02",
            "Program Pengarusutamaan Gender dan Pemberdayaan Perempuan",
            ["Pelembagaan Pengarusutamaan Gender"],
        )
    ],
    "2.09": [
        (
            "02",
            "Program Pengelolaan Sumber Daya Ekonomi untuk Kedaulatan dan Kemandirian Pangan",
            ["Penyediaan dan Penyaluran Pangan Pokok"],
        )
    ],
    "2.11": [
        ("08", "Program Pengelolaan Persampahan", ["Pengelolaan Sampah"]),
        (
            "02",
            "Program Perencanaan Lingkungan Hidup",
            ["Rencana Perlindungan dan Pengelolaan Lingkungan Hidup"],
        ),
    ],
    "2.12": [
        ("02", "Program Pendaftaran Penduduk", ["Pelayanan Pendaftaran Penduduk"]),
        ("03", "Program Pencatatan Sipil", ["Pelayanan Pencatatan Sipil"]),
    ],
    "2.14": [
        (
            "02",
            "Program Pembinaan Keluarga Berencana",
            ["Pengendalian dan Pendistribusian Kebutuhan Alat dan Obat Kontrasepsi"],
        )
    ],
    "2.15": [
        (
            "02",
            "Program Penyelenggaraan Lalu Lintas dan Angkutan Jalan",
            [
                "Penyediaan Perlengkapan Jalan di Jalan Kabupaten/Kota",
                "Pengelolaan Terminal Penumpang Tipe C",
            ],
        )
    ],
    "2.16": [
        (
            "02",
            "Program Informasi dan Komunikasi Publik",
            ["Pengelolaan Informasi dan Komunikasi Publik"],
        ),
        (
            "03",
            "Program Aplikasi Informatika",
            [
                "Pengelolaan Nama Domain dan Sub Domain",
                "Pengelolaan E-government di Lingkup Pemerintah Daerah Kabupaten/Kota",
            ],
        ),
    ],
    "2.17": [
        (
            "06",
            "Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro",
            ["Pemberdayaan Usaha Mikro"],
        )
    ],
    "2.18": [
        ("03", "Program Promosi Penanaman Modal", ["Penyelenggaraan Promosi Penanaman Modal"]),
        (
            "04",
            "Program Pelayanan Penanaman Modal",
            ["Pelayanan Perizinan dan Nonperizinan secara Terpadu Satu Pintu"],
        ),
    ],
    "2.19": [
        (
            "03",
            "Program Pengembangan Kapasitas Daya Saing Keolahragaan",
            ["Penyelenggaraan Kejuaraan Olahraga"],
        )
    ],
    "2.20": [
        (
            "02",
            "Program Penyelenggaraan Statistik Sektoral",
            ["Penyelenggaraan Statistik Sektoral di Lingkup Daerah Kabupaten/Kota"],
        )
    ],
    "2.21": [
        (
            "02",
            "Program Penyelenggaraan Persandian untuk Pengamanan Informasi",
            ["Penyelenggaraan Persandian untuk Pengamanan Informasi Pemerintah Daerah"],
        )
    ],
    "2.22": [("02", "Program Pengembangan Kebudayaan", ["Pelestarian Kesenian Tradisional"])],
    "2.23": [
        (
            "02",
            "Program Pembinaan Perpustakaan",
            ["Pengelolaan Perpustakaan Tingkat Daerah Kabupaten/Kota"],
        )
    ],
    "2.24": [("02", "Program Pengelolaan Arsip", ["Pengelolaan Arsip Dinamis"])],
    "3.25": [
        ("03", "Program Pengelolaan Perikanan Budidaya", ["Pemberdayaan Pembudi Daya Ikan Kecil"])
    ],
    "3.26": [
        (
            "02",
            "Program Peningkatan Daya Tarik Destinasi Pariwisata",
            ["Pengelolaan Daya Tarik Wisata Kabupaten/Kota"],
        )
    ],
    "3.27": [
        (
            "02",
            "Program Penyediaan dan Pengembangan Sarana Pertanian",
            ["Pengawasan Penggunaan Sarana Pertanian"],
        )
    ],
    "3.30": [
        (
            "02",
            "Program Perizinan dan Pendaftaran Perusahaan",
            ["Penerbitan Izin Pengelolaan Pasar Rakyat"],
        ),
        (
            "03",
            "Program Peningkatan Sarana Distribusi Perdagangan",
            ["Pembangunan dan Pengelolaan Sarana Distribusi Perdagangan"],
        ),
    ],
    "3.31": [
        (
            "02",
            "Program Perencanaan dan Pembangunan Industri",
            ["Penyusunan dan Evaluasi Rencana Pembangunan Industri"],
        )
    ],
    "4.01": [
        (
            "02",
            "Program Pemerintahan dan Kesejahteraan Rakyat",
            ["Pelaksanaan Kebijakan Pemerintahan", "Pelaksanaan Kebijakan Kesejahteraan Rakyat"],
        ),
        (
            "03",
            "Program Perekonomian dan Pembangunan",
            [
                "Pelaksanaan Administrasi Pengadaan Barang dan Jasa",
                "Pengelolaan Pengadaan Barang dan Jasa",
            ],
        ),
    ],
    "4.02": [
        (
            "02",
            "Program Dukungan Pelaksanaan Tugas dan Fungsi DPRD",
            ["Pembentukan Peraturan Daerah dan Peraturan DPRD", "Pelaksanaan Reses"],
        )
    ],
    "5.01": [
        (
            "02",
            "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
            [
                "Penyusunan Perencanaan dan Pendanaan",
                "Pengendalian, Evaluasi dan Pelaporan Pembangunan Daerah",
            ],
        )
    ],
    "5.02": [
        (
            "02",
            "Program Pengelolaan Keuangan Daerah",
            ["Koordinasi dan Penyusunan Rencana Anggaran Daerah", "Pengelolaan Kas Daerah"],
        ),
        ("04", "Program Pengelolaan Pendapatan Daerah", ["Pengelolaan Pendapatan Daerah"]),
    ],
    "5.03": [
        (
            "02",
            "Program Kepegawaian Daerah",
            [
                "Pengadaan, Pemberhentian dan Informasi Kepegawaian ASN",
                "Mutasi dan Pengembangan Karier",
            ],
        )
    ],
    "5.04": [
        ("02", "Program Pengembangan Sumber Daya Manusia", ["Pengembangan Kompetensi Teknis"])
    ],
    "5.05": [
        (
            "02",
            "Program Penelitian dan Pengembangan Daerah",
            ["Penelitian dan Pengembangan Pemerintahan dan Pembangunan Manusia"],
        )
    ],
    "6.01": [
        (
            "02",
            "Program Penyelenggaraan Pengawasan",
            [
                "Penyelenggaraan Pengawasan Internal",
                "Penyelenggaraan Pengawasan dengan Tujuan Tertentu",
            ],
        )
    ],
    "7.01": [
        (
            "02",
            "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik",
            ["Penyelenggaraan Urusan Pemerintahan Umum Sesuai Penugasan Kepala Daerah"],
        ),
        (
            "03",
            "Program Pemberdayaan Masyarakat Desa dan Kelurahan",
            [
                "Pemberdayaan Lembaga Kemasyarakatan yang Bergerak di Bidang Pemberdayaan Desa dan Lembaga Adat Tingkat Daerah"
            ],
        ),
    ],
    "8.01": [
        (
            "02",
            "Program Penguatan Ideologi Pancasila dan Karakter Kebangsaan",
            ["Perumusan Kebijakan Teknis dan Pelaksanaan Pemantapan Pembinaan Ideologi Pancasila"],
        )
    ],
}
SUB_VERBS = [
    "Penyediaan",
    "Pelaksanaan",
    "Pengembangan",
    "Fasilitasi",
    "Pembinaan",
    "Monitoring dan Evaluasi",
    "Peningkatan Kualitas",
    "Koordinasi",
]
FUNDS = ["PAD", "DAU", "DAU", "DAU", "DAK", "DBH", "DID"]
PLACES = ["Kota Madiun"] + [f"Kecamatan {k}" for k in ("Kartoharjo", "Manguharjo", "Taman")]
INDICATOR_TEMPLATES = [
    ("Persentase {x} yang terlaksana sesuai rencana", "%", "naik"),
    ("Jumlah dokumen {x} yang disusun", "dokumen", "naik"),
    ("Indeks kepuasan masyarakat atas {x}", "indeks", "naik"),
    ("Persentase keluhan masyarakat tentang {x} yang belum tertangani", "%", "turun"),
]

# The unit responsible for each SPBE domain/aspect, by slug (synthetic choice).
SPBE_OWNERS = {
    "1": "diskominfo",
    "2": "bappeda-litbang",
    "3": "diskominfo",
    "4": "bkpsdm",
    "5": "diskominfo",
    "6": "inspektorat",
    "7": "sekretariat-daerah",
    "8": "dpmptsp",
}
SPBE_TARGETS = {2024: "4.50", 2025: "4.60"}
OFFICIAL_INDEX = {2023: ("4.45", "Keputusan Menteri PANRB Nomor 13 Tahun 2024")}


@dataclass
class Unit:
    code: str
    slug: str
    name: str
    short: str
    kind: str
    parent: str
    bidang: list[str]
    address: str
    weight: float  # relative size of its budget


def make_units(count: int) -> list[Unit]:
    units: list[Unit] = []
    for number, (name, short, kind, slug, bidang, street) in enumerate(UNITS, start=1):
        codes = [*bidang, "0.00", "0.00"][:3]
        code = f"{codes[0]}.{codes[1]}.{codes[2]}.{number:02d}.0000"
        weight = {"Dinas": 2.0, "Badan": 1.2, "RSUD": 4.0, "Kecamatan": 0.5}.get(kind, 1.0)
        if slug in ("dinas-pendidikan", "dinas-pupr", "dinas-kesehatan"):
            weight *= 4
        units.append(
            Unit(code, slug, name, short, kind, "", bidang, f"{street}, Kota Madiun", weight)
        )
    extra: list[tuple[str, str, str, str, list[str]]] = []
    setda = units[0]
    for i, (name, slug) in enumerate(SETDA_PARTS, start=1):
        extra.append((name, slug, "Lainnya", setda.code[:-4] + f"{i:04d}", ["4.01"]))
    for kecamatan, kelurahan in KELURAHAN.items():
        parent = next(u for u in units if u.name == kecamatan)
        for i, name in enumerate(kelurahan, start=1):
            slug = "kelurahan-" + name.lower().replace(" ", "-")
            extra.append(
                (f"Kelurahan {name}", slug, "Kelurahan", parent.code[:-4] + f"{i:04d}", ["7.01"])
            )
    for name, slug, kind, code, bidang in extra[: max(0, count - len(units))]:
        parent_code = code[:-4] + "0000"
        address = next(u.address for u in units if u.code == parent_code)
        units.append(Unit(code, slug, name, "", kind, parent_code, bidang, address, 0.3))
    return units[:count]


def money(rng: random.Random, low: int, high: int) -> int:
    """A budget in whole rupiah between low and high, rounded like real DPA lines."""
    value = int(low * (high / low) ** rng.random())
    step = 1000 if value < 100_000_000 else 100_000
    return max(step, value // step * step)


# Other names people use for a unit (opd.csv's nama_lain), so that search finds it by them.
OTHER_NAMES = {
    "dinas-pendidikan": "Disdik; Dinas P dan K",
    "dinas-kesehatan": "Dinkes; Dinas Kesehatan",
    "diskominfo": "Kominfo",
    "satpol-pp": "Satpol",
}


def build(args: argparse.Namespace) -> dict[str, list[dict]]:
    rng = random.Random(args.seed)
    units = make_units(args.units)
    years = list(range(LAST_YEAR - args.years + 1, LAST_YEAR + 1))
    total_weight = sum(u.weight for u in units)
    rows_per_year = args.rows / len(years)
    tables: dict[str, list[dict]] = {
        k: []
        for k in ("opd", "program", "kegiatan", "realisasi", "indikator", "spbe", "spbe_indeks")
    }

    for u in units:
        slug_mail = u.slug.replace("-", "")
        tables["opd"].append(
            {
                "kode_opd": u.code,
                "slug": u.slug,
                "nama_opd": u.name,
                "singkatan": u.short,
                "jenis": u.kind,
                "kode_induk": u.parent,
                "alamat": u.address,
                "telepon": f"(0351) {rng.randint(451000, 499999)}",
                "email": f"{slug_mail}@contoh.madiunkota.go.id",
                "situs_web": f"https://{slug_mail}.contoh.madiunkota.go.id",
                "nama_lain": OTHER_NAMES.get(u.slug, ""),
            }
        )

    over = rng.sample(units, min(OVERSPENT, len(units)))
    overspent = {(years[i % len(years)], u.code) for i, u in enumerate(over)}
    for year in years:
        lines: dict[str, list[Line]] = {}
        for u in units:
            target_rows = max(4, round(rows_per_year * u.weight / total_weight))
            plan = plan_unit(u, rng, target_rows)
            lines[u.code] = []
            for program_code, program_name, activities in plan:
                tables["program"].append(
                    {
                        "tahun": year,
                        "kode_opd": u.code,
                        "kode_program": program_code,
                        "nama_program": program_name,
                    }
                )
                add_indicator(tables, rng, year, u, program_code, "", program_name)
                for activity_code, activity_name, subs in activities:
                    if rng.random() < 0.3:
                        add_indicator(
                            tables, rng, year, u, program_code, activity_code, activity_name
                        )
                    lines[u.code] += [
                        plan_line(
                            rng, year, u, program_code, activity_code, activity_name, code, name
                        )
                        for code, name in subs
                    ]
        in_progress = year == LAST_YEAR
        paces = unit_paces(rng, lines, units, in_progress)
        for u in units:
            spend(rng, lines[u.code], paces[u.code], in_progress)
            bend = rng.uniform(1.3, 2.4)  # how late in the year this unit spends
            add_spending(tables, rng, year, lines[u.code], bend, (year, u.code) in overspent)

    add_spbe(tables, rng, units)
    add_spbe_targets(tables, units, years)
    return tables


def plan_unit(u: Unit, rng: random.Random, target_rows: int) -> list:
    """Programs -> activities -> sub-activities of one unit in one year."""
    primary = u.bidang[0]
    plan = []
    support = []
    for number, name, subs in SUPPORT_ACTIVITIES:
        chosen = [s for s in subs if rng.random() < 0.85] or subs[:1]
        code = f"{primary}.01.{number}"
        support.append((code, name, [(f"{code}.{i + 1:04d}", s) for i, s in enumerate(chosen)]))
    plan.append((f"{primary}.01", SUPPORT_PROGRAM, support))
    substantive = [(b, p) for b in u.bidang for p in PROGRAMS.get(b, [])]
    support_rows = sum(len(a[2]) for a in support)
    room = max(len(substantive), target_rows - support_rows)
    per_program = max(1, room // max(1, len(substantive)))
    for bidang, (number, name, topics) in substantive:
        program_code = f"{bidang}.{number}"
        activities = []
        per_activity = max(1, per_program // len(topics))
        for t, topic in enumerate(topics, start=1):
            activity_code = f"{program_code}.2.{t:02d}"
            count = max(1, round(per_activity * rng.uniform(0.7, 1.3)))
            subs = []
            for s in range(count):
                verb = SUB_VERBS[(s + t) % len(SUB_VERBS)]
                suffix = f" Tahap {s // len(SUB_VERBS) + 1}" if s >= len(SUB_VERBS) else ""
                subs.append((f"{activity_code}.{s + 1:04d}", f"{verb} {topic}{suffix}"))
            activities.append((activity_code, topic, subs))
        plan.append((program_code, name, activities))
    return plan


# Budget shares spent by the end of the year's last reported quarter.
LATEST_SPREAD = (0.31, 0.94)  # the slowest and the fastest unit of the current year
SALARY_PACE = {True: (0.70, 0.78), False: (0.95, 0.995)}  # (in progress?) -> salary rows
# Units whose money waits for works to be finished and handed over (roads,
# drains, housing): slow spenders, more often than others.
CAPITAL_BIDANG = {"1.03", "1.04"}
# Units whose work happens in named neighbourhoods (schools, clinics, roads,
# drains, housing, social aid, waste, traffic): their rows name a kelurahan more often.
FIELD_BIDANG = {"1.01", "1.02", "1.03", "1.04", "1.06", "2.11", "2.15"}
OVERSPENT = 3  # sub kegiatan spending slightly above their pagu, one a year from the first


@dataclass
class Line:
    """One sub kegiatan of a unit-year, planned before its spending is known."""

    base: dict
    budget: int  # the current budget (perubahan where the year has one)
    murni: int | None  # the original budget, in a revised year
    salary: bool
    share: float = 0.0  # realisasi / pagu at the end of the last reported quarter


def place(rng: random.Random, u: Unit, program_code: str) -> str:
    """The ``lokasi`` of one row of ``u``: the whole city, a kecamatan or a kelurahan,
    written with its prefix ("Kelurahan Taman"), since kelurahan share their
    kecamatan's names. A kecamatan office keeps its own office in its kecamatan and
    works in its kelurahan, but what the mayor assigns it (program 7.01.02) is
    spent in another kecamatan: a city event it hosts there, a shared facility."""
    support = program_code.endswith(".01")
    if u.kind == "Kelurahan":
        return u.name
    if u.kind == "Kecamatan" and u.name in KELURAHAN:
        if support:
            return u.name
        if program_code == "7.01.02":
            other = rng.choice([k for k in KELURAHAN if k != u.name])
            return f"Kelurahan {rng.choice(KELURAHAN[other])}" if rng.random() < 0.5 else other
        return f"Kelurahan {rng.choice(KELURAHAN[u.name])}" if rng.random() < 0.7 else u.name
    if not support and FIELD_BIDANG & set(u.bidang) and rng.random() < 0.35:
        kecamatan = rng.choice(list(KELURAHAN))
        return f"Kelurahan {rng.choice(KELURAHAN[kecamatan])}"
    return rng.choice(PLACES)


def plan_line(rng, year, u, program_code, activity_code, activity_name, sub_code, sub_name) -> Line:
    salary = "Gaji" in sub_name
    budget = (
        money(rng, 2_000_000_000, 40_000_000_000)
        if salary
        else money(rng, 25_000_000, 6_000_000_000)
    )
    budget = int(budget * u.weight**0.5) // 1000 * 1000
    base = {
        "tahun": year,
        "kode_opd": u.code,
        "kode_program": program_code,
        "kode_kegiatan": activity_code,
        "nama_kegiatan": activity_name,
        "kode_sub_kegiatan": sub_code,
        "nama_sub_kegiatan": sub_name,
        "sumber_dana": "DAU" if salary else rng.choice(FUNDS),
        "lokasi": place(rng, u, program_code),
    }
    murni = None
    if year == REVISED_YEAR:
        murni = budget
        budget = int(budget * rng.choice([1, 1, 1, 0.9, 0.95, 1.05, 1.15])) // 1000 * 1000
    return Line(base, budget, murni, salary)


def unit_paces(
    rng: random.Random, lines: dict[str, list[Line]], units: list[Unit], in_progress: bool
) -> dict[str, float]:
    """Each unit's realisasi/pagu for a year, and its salary rows' shares (set on the
    lines). Salaries are paid month by month; the rest of a unit's rows make up its
    pace. The current year spreads the units from LATEST_SPREAD's slowest to its
    fastest, works-heavy units slower; finished years are mostly near complete."""
    low, high = SALARY_PACE[in_progress]
    bounds = {}
    for u in units:
        total = sum(x.budget for x in lines[u.code]) or 1
        for x in lines[u.code]:
            if x.salary:
                x.share = rng.uniform(low, high)
        paid = sum(x.budget * x.share for x in lines[u.code] if x.salary) / total
        rest = sum(x.budget for x in lines[u.code] if not x.salary) / total
        bounds[u.code] = (paid + 0.01 * rest, paid + 0.99 * rest)
    if in_progress:
        raw = {
            u.code: rng.betavariate(2, 2) - (0.25 if CAPITAL_BIDANG & set(u.bidang) else 0)
            for u in units
        }
        least, most = min(raw.values()), max(raw.values())
        spread = (most - least) or 1
        first, last = LATEST_SPREAD
        wanted = {c: first + (r - least) / spread * (last - first) for c, r in raw.items()}
    else:
        wanted = {
            u.code: rng.uniform(0.7, 0.84) if rng.random() < 0.12 else rng.uniform(0.86, 0.985)
            for u in units
        }
    paces = {c: min(max(w, bounds[c][0]), bounds[c][1]) for c, w in wanted.items()}
    if in_progress and len(paces) > 1:  # a unit that can reach each end of the spread
        slow = min(bounds, key=lambda c: bounds[c][0])
        if min(paces.values()) > LATEST_SPREAD[0] + 0.02:
            paces[slow] = max(LATEST_SPREAD[0], bounds[slow][0])
        if max(paces.values()) < LATEST_SPREAD[1] - 0.02:
            fast = max((c for c in bounds if c != slow), key=lambda c: bounds[c][1])
            paces[fast] = min(LATEST_SPREAD[1], bounds[fast][1])
    return paces


def spend(rng: random.Random, lines: list[Line], pace: float, in_progress: bool) -> None:
    """Shares of the non-salary lines whose budget-weighted mean with the salaries
    is ``pace``: each line its own weight of the unit's pace, none above its pagu;
    in the current year some lines have spent nothing yet (tenders not done)."""
    others = [x for x in lines if not x.salary]
    if not others:
        return
    idle = 0.3 * (1 - pace) if in_progress else 0.0
    low, high = (0.3, 1.7) if in_progress else (0.85, 1.15)
    weights = [0.0 if rng.random() < idle else rng.uniform(low, high) for _ in others]
    total = sum(x.budget for x in lines)
    goal = pace * total - sum(x.budget * x.share for x in lines if x.salary)
    if sum(x.budget for x, w in zip(others, weights, strict=True) if w) < goal * 1.1:
        weights = [w or rng.uniform(low, high) for w in weights]  # too idle for the pace
    below, above = 0.0, 100.0
    for _ in range(60):  # the factor k with sum(budget * min(1, k * weight)) == goal
        k = (below + above) / 2
        if sum(x.budget * min(1.0, k * w) for x, w in zip(others, weights, strict=True)) < goal:
            below = k
        else:
            above = k
    for x, w in zip(others, weights, strict=True):
        x.share = min(1.0, below * w)


def quarter_curve(rng: random.Random, bend: float, quarters: int) -> list[float]:
    """Cumulative fractions of the last quarter's figure at the end of each quarter:
    ``(t / 4) ** bend``, each quarter's step shaken, so that a bend above 1 puts the
    money late in the year (a small first quarter, the largest step last)."""
    steps = [((q + 1) / 4) ** bend - (q / 4) ** bend for q in range(4)]
    steps = [s * rng.uniform(0.6, 1.4) for s in steps[:quarters]]
    total = sum(steps)
    running, out = 0.0, []
    for s in steps:
        running += s
        out.append(running / total)
    out[-1] = 1.0
    return out


def add_spending(
    tables, rng: random.Random, year: int, lines: list[Line], bend: float, overspend: bool
) -> None:
    """The kegiatan rows of one unit-year and their cumulative quarters."""
    in_progress = year == LAST_YEAR
    quarters = LAST_QUARTER if in_progress else 4
    if overspend:  # a data-quality slip for the data-quality page: spending above budget
        top = max((x for x in lines if not x.salary), key=lambda x: x.share, default=None)
        if top is not None:
            top.share = 1 + rng.uniform(0.002, 0.02)
    for x in lines:
        limit = x.budget * 100 if x.share <= 1 else None
        final = round(x.budget * x.share) * 100 + (50 if rng.random() < 0.02 else 0)
        final = min(final, limit) if limit is not None else final
        if x.share == 0:
            progress = round(rng.uniform(0, 8), 1) if in_progress else 0.0
        else:
            lead = rng.uniform(-4, 10) if in_progress else rng.uniform(-2, 6)
            progress = round(min(100.0, max(0.0, x.share * 100 + lead)), 1)
        own = 1.0 if x.salary and rng.random() < 0.5 else bend * rng.uniform(0.85, 1.15)
        money_curve = quarter_curve(rng, own, quarters)
        work_curve = quarter_curve(rng, max(1.0, own * 0.8), quarters)
        sen = [round(final * f / 100) * 100 for f in money_curve[:-1]] + [final]
        done = [round(progress * f, 1) for f in work_curve[:-1]] + [progress]
        for q in range(1, quarters):
            sen[q] = max(sen[q], sen[q - 1])
            done[q] = max(done[q], done[q - 1])
        for q in range(quarters):
            tables["realisasi"].append(
                {
                    "tahun": year,
                    "triwulan": q + 1,
                    "kode_opd": x.base["kode_opd"],
                    "kode_kegiatan": x.base["kode_kegiatan"],
                    "kode_sub_kegiatan": x.base["kode_sub_kegiatan"],
                    "realisasi": rupiah_text(sen[q]),
                    "fisik": done[q],
                }
            )
        if x.murni is not None:
            tables["kegiatan"].append(
                {**x.base, "pagu": x.murni, "realisasi": "", "fisik": "", "versi_anggaran": "murni"}
            )
        tables["kegiatan"].append(
            {
                **x.base,
                "pagu": x.budget,
                "realisasi": rupiah_text(sen[-1]),
                "fisik": done[-1],
                "versi_anggaran": "perubahan" if x.murni is not None else "murni",
            }
        )


def rupiah_text(sen: int) -> str:
    whole, cents = divmod(sen, 100)
    return f"{whole}.{cents:02d}" if cents else str(whole)


def add_indicator(tables, rng, year, u, program_code, activity_code, subject):
    template, unit_word, direction = INDICATOR_TEMPLATES[rng.randrange(len(INDICATOR_TEMPLATES))]
    topic = subject.replace("Program ", "").lower()
    if unit_word == "%":
        target = (
            rng.choice([80, 85, 90, 95, 100]) if direction == "naik" else rng.choice([5, 10, 15])
        )
        achieved = (
            round(target * rng.uniform(0.85, 1.08), 2)
            if direction == "naik"
            else round(target * rng.uniform(0.6, 1.3), 2)
        )
        achieved = min(achieved, 100)
    elif unit_word == "indeks":
        target = rng.choice([80, 82, 85])
        achieved = round(target * rng.uniform(0.95, 1.05), 2)
    else:
        target = rng.randint(2, 12)
        achieved = max(0, target + rng.randint(-2, 1))
    tables["indikator"].append(
        {
            "tahun": year,
            "kode_opd": u.code,
            "kode_program": program_code,
            "kode_kegiatan": activity_code,
            "indikator": template.format(x=topic),
            "satuan": unit_word,
            "target": target,
            "realisasi": "" if year == LAST_YEAR and rng.random() < 0.5 else achieved,
            "arah": direction,
        }
    )


def add_spbe(tables, rng, units):
    """SPBE levels for the evaluation years before the sample's current year."""
    by_slug = {u.slug: u.code for u in units}
    rows = list(csv.DictReader((REFERENCE / "spbe_2020.csv").open(encoding="utf-8")))
    levels: list[int] = []
    for year in range(2022, LAST_YEAR):
        if not levels:
            levels = [rng.choice([2, 3, 3, 4]) for _ in rows]
        else:  # a year later, some indicators move up a level, rarely one down
            levels = [
                min(5, lv + 1)
                if rng.random() < 0.35
                else max(1, lv - 1)
                if rng.random() < 0.04
                else lv
                for lv in levels
            ]
        if year in OFFICIAL_INDEX:
            levels = tune_levels(rows, levels, Decimal(OFFICIAL_INDEX[year][0]), rng)
            tables["spbe_indeks"].append(
                {
                    "tahun": year,
                    "indeks": OFFICIAL_INDEX[year][0],
                    "kerangka": "spbe_2020",
                    "sumber": OFFICIAL_INDEX[year][1],
                }
            )
        for row, level in zip(rows, levels, strict=True):
            owner = by_slug.get(SPBE_OWNERS[row["no_aspek"]], "")
            tables["spbe"].append(
                {
                    "tahun": year,
                    "kerangka": "spbe_2020",
                    "kode_indikator": row["no_indikator"],
                    "tingkat": level,
                    "kode_opd": owner,
                    "catatan": "",
                }
            )


def add_spbe_targets(tables, units, years):
    """The city's own (synthetic) index target, as Diskominfo reports it."""
    kominfo = next((u for u in units if u.slug == "diskominfo"), None)
    for year in years:
        if kominfo is None or year not in SPBE_TARGETS:
            continue
        tables["indikator"].append(
            {
                "tahun": year,
                "kode_opd": kominfo.code,
                "kode_program": "2.16.03",
                "kode_kegiatan": "",
                "indikator": "Indeks SPBE Kota Madiun",
                "satuan": "indeks",
                "target": SPBE_TARGETS[year],
                "realisasi": "",
                "arah": "naik",
            }
        )


def tune_levels(rows, levels, target: Decimal, rng: random.Random) -> list[int]:
    """Levels near ``levels`` whose weighted mean is exactly ``target``."""
    weights = [Decimal(r["bobot_indikator"]) for r in rows]
    total = sum(weights)
    goal = target * total
    levels = list(levels)
    for _ in range(100_000):
        score = sum(w * lv for w, lv in zip(weights, levels, strict=True))
        gap = goal - score
        if gap == 0:
            return levels
        i = rng.randrange(len(levels))
        step = 1 if gap > 0 else -1
        if (
            1 <= levels[i] + step <= 5 and abs(gap - step * weights[i]) <= abs(gap)
        ) or rng.random() < 0.05:
            levels[i] = min(5, max(1, levels[i] + step))
    raise SystemExit("could not tune SPBE levels to the official index")


COLUMNS = {
    "opd": [
        "kode_opd",
        "slug",
        "nama_opd",
        "singkatan",
        "jenis",
        "kode_induk",
        "alamat",
        "telepon",
        "email",
        "situs_web",
        "nama_lain",
    ],
    "program": ["tahun", "kode_opd", "kode_program", "nama_program"],
    "kegiatan": [
        "tahun",
        "kode_opd",
        "kode_program",
        "kode_kegiatan",
        "nama_kegiatan",
        "kode_sub_kegiatan",
        "nama_sub_kegiatan",
        "pagu",
        "realisasi",
        "fisik",
        "sumber_dana",
        "lokasi",
        "versi_anggaran",
    ],
    "realisasi": [
        "tahun",
        "triwulan",
        "kode_opd",
        "kode_kegiatan",
        "kode_sub_kegiatan",
        "realisasi",
        "fisik",
    ],
    "indikator": [
        "tahun",
        "kode_opd",
        "kode_program",
        "kode_kegiatan",
        "indikator",
        "satuan",
        "target",
        "realisasi",
        "arah",
    ],
    "spbe": ["tahun", "kerangka", "kode_indikator", "tingkat", "kode_opd", "catatan"],
    "spbe_indeks": ["tahun", "indeks", "kerangka", "sumber"],
}


def write(tables: dict[str, list[dict]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS[name], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


# Accounts a sub kegiatan spends through: (kode rekening, nama rekening).
SALARY_ACCOUNTS = [
    ("5.1.01.01.01.0001", "Belanja Gaji Pokok PNS"),
    ("5.1.01.01.02.0001", "Belanja Tunjangan Keluarga PNS"),
    ("5.1.01.01.04.0001", "Belanja Tunjangan Fungsional PNS"),
]
OTHER_ACCOUNTS = [
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor"),
    ("5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat"),
    (
        "5.1.02.02.01.0003",
        "Honorarium Narasumber atau Pembahas, Moderator, Pembawa Acara, dan Panitia",
    ),
    ("5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa"),
    ("5.1.02.03.02.0035", "Belanja Pemeliharaan Alat Angkutan-Alat Angkutan Darat Bermotor"),
    ("5.2.02.05.01.0005", "Belanja Modal Alat Kantor Lainnya"),
    ("5.2.02.10.01.0002", "Belanja Modal Personal Computer"),
    ("5.2.03.01.01.0001", "Belanja Modal Bangunan Gedung Kantor"),
    ("5.2.04.01.01.0003", "Belanja Modal Jalan Kota"),
    ("5.1.05.05.01.0001", "Belanja Hibah kepada Badan, Lembaga, Organisasi Kemasyarakatan"),
    ("5.1.06.01.01.0001", "Belanja Bantuan Sosial kepada Individu"),
]
SIPD_HEADER = [
    "Tahun", "Kode Urusan", "Nama Urusan", "Kode Bidang", "Nama Bidang", "Kode SKPD Induk",
    "Nama SKPD Induk", "Kode Unit", "Nama Unit", "Kode Sub Unit", "Nama Sub Unit", "Sumber Dana",
    "Kode Sub SKPD", "Nama Sub SKPD", "Kode Program", "Nama Program", "Kode Kegiatan",
    "Nama Kegiatan", "Kode Sub Kegiatan", "Nama Sub Kegiatan", "Kode Rekening", "Nama Rekening",
    "Alokasi Anggaran", "Realisasi Anggaran",
]  # fmt: skip


def split_sen(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` sen in ``parts`` whole-rupiah shares that add up exactly."""
    if parts == 1 or total < parts * 100:
        return [total] + [0] * (parts - 1)
    cuts = sorted(rng.randint(1, total // 100 - 1) * 100 for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def sipd_rows(tables: dict[str, list[dict]], year: int, seed: int) -> list[list]:
    """One row per account of every sub kegiatan of ``year``, as SIPD reports them."""
    rng = random.Random(seed + 1)  # its own stream: the CSV sample stays as it is
    units = {u["kode_opd"]: u for u in tables["opd"]}
    programs = {(p["kode_opd"], p["kode_program"]): p["nama_program"] for p in tables["program"]
                if p["tahun"] == year}  # fmt: skip
    out = []
    for r in (r for r in tables["kegiatan"] if r["tahun"] == year):
        unit = units[r["kode_opd"]]
        parent = units.get(unit["kode_induk"], unit)
        accounts = SALARY_ACCOUNTS if "Gaji" in r["nama_sub_kegiatan"] else OTHER_ACCOUNTS
        chosen = sorted(rng.sample(accounts, rng.randint(2, min(4, len(accounts)))))
        budget = split_sen(int(r["pagu"]) * 100, len(chosen), rng)
        spent_total = round(Decimal(str(r["realisasi"] or 0)) * 100)
        spent = [min(b, spent_total * b // max(1, int(r["pagu"]) * 100)) for b in budget]
        spent[-1] += spent_total - sum(spent)
        bidang = r["kode_program"].rsplit(".", 1)[0]
        for (code, name), b, s_ in zip(chosen, budget, spent, strict=True):
            out.append([
                year, bidang.split(".")[0], "", bidang, "", parent["kode_opd"], parent["nama_opd"],
                unit["kode_opd"], unit["nama_opd"], unit["kode_opd"], unit["nama_opd"],
                r["sumber_dana"], unit["kode_opd"], unit["nama_opd"], r["kode_program"],
                programs[(r["kode_opd"], r["kode_program"])], r["kode_kegiatan"],
                r["nama_kegiatan"], r["kode_sub_kegiatan"], r["nama_sub_kegiatan"], code, name,
                Decimal(b) / 100, Decimal(s_) / 100,
            ])  # fmt: skip
    return out


def sipd_title(year: int) -> list[str]:
    return [
        "PEMERINTAH KOTA MADIUN (DATA CONTOH, BUKAN ANGKA RESMI)",
        "LAPORAN PENJABARAN ANGGARAN DAN REALISASI",
        f"TAHUN ANGGARAN {year}",
    ]


def indonesian(value: Decimal) -> str:
    """1500000.5 -> 1.500.000,50 (Excel in the Indonesian locale)."""
    whole, _, cents = f"{value:.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped if cents == "00" else f"{grouped},{cents}"


def write_sipd(tables: dict[str, list[dict]], path: Path, year: int, seed: int) -> int:
    rows = sipd_rows(tables, year, seed)
    total = ["JUMLAH", *[""] * 21, sum(r[22] for r in rows), sum(r[23] for r in rows)]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".csv":
        lines = [[t] for t in sipd_title(year)] + [[], SIPD_HEADER]
        lines += [[*r[:22], indonesian(r[22]), indonesian(r[23])] for r in rows]
        lines.append([*total[:22], indonesian(total[22]), indonesian(total[23])])
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(lines)
        return len(rows)
    import datetime as dt

    import xlsxwriter

    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    book.set_properties({"created": dt.datetime(2026, 1, 1)})  # same bytes every time
    sheet = book.add_worksheet("Laporan")
    for i, title in enumerate(sipd_title(year)):
        sheet.write_string(i, 0, title)
    sheet.write_row(4, 0, SIPD_HEADER)
    for i, r in enumerate([*rows, total], start=5):
        for j, value in enumerate(r):
            if isinstance(value, Decimal):
                sheet.write_number(i, j, float(value))
            elif isinstance(value, int):
                sheet.write_number(i, j, value)
            else:
                sheet.write_string(i, j, value)
    book.close()
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=Path("data"))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--units",
        type=int,
        default=33,
        help="number of units (30 main units, then Setda parts and kelurahan; at most 60)",
    )
    parser.add_argument("--years", type=int, default=3, help=f"fiscal years up to {LAST_YEAR}")
    parser.add_argument(
        "--rows", type=int, default=2000, help="about how many current activity rows in all"
    )
    parser.add_argument(
        "--sipd", type=Path, help="write one year as a SIPD report instead (.xlsx or .csv)"
    )
    parser.add_argument("--year", type=int, default=LAST_YEAR, help="the year --sipd writes")
    args = parser.parse_args()
    tables = build(args)
    if args.sipd:
        count = write_sipd(tables, args.sipd, args.year, args.seed)
        print(f"laporan SIPD contoh ditulis ke {args.sipd} ({count} baris rekening)")
        return
    write(tables, args.out)
    counts = ", ".join(f"{name}: {len(rows)}" for name, rows in tables.items())
    print(f"data contoh ditulis ke {args.out} ({counts})")


if __name__ == "__main__":
    main()
