"""Spending by place on a map of data/wilayah.geojson, the boundary file read
as hostile input, and program pages across years and budget versions."""

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from conftest import ROOT, build_site, minimal_files, page, run_terbuka, write_dataset
from terbuka.core.problems import Code
from terbuka.inputs.boundaries import read_boundaries
from terbuka.outputs.charts.build import map_classes
from test_sample import rows
from test_site import latest_rows

SQUARE = [[[111.50, -7.60], [111.51, -7.60], [111.51, -7.61], [111.50, -7.61], [111.50, -7.60]]]


def feature(name: str, district: str, dx: float = 0.0) -> dict:
    ring = [[[x + dx, y] for x, y in SQUARE[0]]]
    return {
        "type": "Feature",
        "properties": {"kode": "35.77.01.1001", "nama": name, "kecamatan": district},
        "geometry": {"type": "Polygon", "coordinates": ring},
    }


def geojson(*features: dict, source: str = "Peta uji") -> str:
    return json.dumps({"type": "FeatureCollection", "sumber": source, "features": list(features)})


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def rupiah_rounded(value: Decimal) -> str:
    """Rp 354,3 miliar, Rp 1,4 triliun, Rp 722,2 juta: one decimal rounded half up, a
    comma, written here apart from the site's code."""
    for size, word in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta")):
        if value >= size:
            shown = (value / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            return f"Rp {shown} {word}".replace(".", ",")
    raise AssertionError(f"{value} is below a million")


def place_sums(selected: list[dict[str, str]]) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for r in selected:
        sums[r["lokasi"]] = sums.get(r["lokasi"], Decimal(0)) + Decimal(r["pagu"])
    return sums


def districts() -> dict[str, str]:
    """Kelurahan -> kecamatan, as the sample's boundary file says."""
    shapes = json.loads((ROOT / "data/wilayah.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["nama"]: f["properties"]["kecamatan"] for f in shapes["features"]}


def on_kecamatan(sums: dict[str, Decimal]) -> tuple[dict[str, Decimal], Decimal, dict]:
    """(kecamatan -> budget with its kelurahan added, the kelurahan part, the rest)."""
    where = districts()
    kecamatan: dict[str, Decimal] = {}
    folded, rest = Decimal(0), {}
    for name, value in sums.items():
        if name.startswith("Kecamatan "):
            place = name.removeprefix("Kecamatan ")
        elif name.startswith("Kelurahan ") and name.removeprefix("Kelurahan ") in where:
            place = where[name.removeprefix("Kelurahan ")]
            folded += value
        else:
            rest[name] = value
            continue
        kecamatan[place] = kecamatan.get(place, Decimal(0)) + value
    return kecamatan, folded, rest


def off_the_map(rest: dict[str, Decimal]) -> str:
    names = ", ".join(sorted(rest, key=lambda n: (-rest[n], n)))
    return f"Tidak tampak di peta: {rupiah_rounded(sum(rest.values()))} untuk {names}."


def test_the_sample_maps_add_kelurahan_to_their_kecamatan_and_say_what_is_off_the_map(
    sample_site,
):
    latest, current = latest_rows()
    sums = place_sums(current)
    assert any(n.startswith("Kelurahan ") for n in sums), "the sample names kelurahan"
    assert any(n.startswith("Kecamatan ") for n in sums), "and kecamatan"
    # Rows name both: the city map is of kecamatan, each with its kelurahan's budgets
    # added, so no located rupiah is left off; the whole city cannot be placed.
    figure = page(sample_site, "").find(id="grafik-lokasi")
    assert figure.strong.get_text() == f"Peta pagu per kecamatan, {latest}"
    svg = (sample_site / f"grafik/lokasi-{latest}.svg").read_text(encoding="utf-8")
    assert "<image" not in svg and "http://www.w3.org" in svg and "https://" not in svg
    assert svg.count("<path") >= 27  # one shape per kelurahan at least
    kecamatan, folded, rest = on_kecamatan(sums)
    alt = figure.find("img")["alt"]
    for place, budget in kecamatan.items():  # each kecamatan named, with its whole budget
        assert f"Kecamatan {place} {rupiah_rounded(budget)}" in alt, place
        assert place in svg and rupiah_rounded(budget) in svg, place
    summary = figure.select_one(".ringkasan-grafik").get_text()
    said = f" Lokasi kelurahan ({rupiah_rounded(folded)}) dijumlahkan ke kecamatannya."
    assert summary.endswith((off_the_map(rest) if rest else "") + said), summary
    # The table and CSV keep the exact figures of every lokasi as named, kelurahan too.
    published = {r["lokasi"]: Decimal(r["pagu"]) for r in csv_rows(sample_site / f"grafik/lokasi-{latest}.csv")}  # fmt: skip
    assert published == sums
    assert "cahyadsn/wilayah_boundaries" in figure.select_one(".sumber-grafik").get_text()


def test_a_map_of_kecamatan_takes_in_its_kelurahan_and_warns_of_unknown_places(tmp_path):
    files = minimal_files()
    body = files["kegiatan.csv"].rstrip("\n").split("\n")
    header, first = body[0], body[1:]
    extra = [
        "2026,1.01.0.00.0.00.01.0000,1.01.02,1.01.02.2.01,Kegiatan A,1.01.02.2.01.0002,Sub C,4000000,0,0,DAU,Kelurahan Alpha,",
        "2026,1.01.0.00.0.00.01.0000,1.01.02,1.01.02.2.01,Kegiatan A,1.01.02.2.01.0003,Sub D,1000000,0,0,DAU,Kecamatan Barat,",
        "2026,1.01.0.00.0.00.01.0000,1.01.02,1.01.02.2.01,Kegiatan A,1.01.02.2.01.0004,Sub E,500000,0,0,DAU,Kelurahan Gamma,",
    ]
    files["kegiatan.csv"] = "\n".join([header, *first, *extra]) + "\n"
    files["wilayah.geojson"] = geojson(
        feature("Alpha", "Barat"), feature("Beta", "Barat", 0.01), feature("Barat", "Timur", 0.02)
    )
    output = tmp_path / "out"
    result = build_site(write_dataset(tmp_path / "data", files), output)
    assert result.returncode == 0, result.stdout + result.stderr
    figure = page(output, "").find(id="grafik-lokasi")
    assert figure.strong.get_text() == "Peta pagu per kecamatan, 2026"
    summary = figure.select_one(".ringkasan-grafik").get_text()
    # Alpha lies in Barat: 4 + 1 million there; Gamma is not in the file.
    assert "Kecamatan Barat Rp 5,0 juta" in figure.find("img")["alt"]
    assert summary.endswith(
        "Tidak tampak di peta: Rp 5,5 juta untuk (tidak disebut), Kelurahan Gamma. "
        "Lokasi kelurahan (Rp 4,0 juta) dijumlahkan ke kecamatannya."
    ), summary
    assert figure.select_one(".sumber-grafik").get_text() == "Peta uji"
    warnings = json.loads((output / "kualitas-data/laporan.json").read_text(encoding="utf-8"))
    found = [m for m in warnings["masalah"] if m["kode"] == Code.PLACE_NOT_ON_MAP]
    assert [(m["file"], m["baris"], m["kolom"]) for m in found] == [("kegiatan.csv", 7, "lokasi")]
    assert "lokasi 'Kelurahan Gamma' tidak ada di wilayah.geojson" in found[0]["pesan"]


def test_rows_naming_only_kelurahan_are_mapped_per_kelurahan(tmp_path):
    files = minimal_files()
    files["kegiatan.csv"] = files["kegiatan.csv"].replace(",DAU,,", ",DAU,Kelurahan Beta,")
    files["wilayah.geojson"] = geojson(feature("Alpha", "Barat"), feature("Beta", "Barat", 0.01))
    output = tmp_path / "out"
    assert build_site(write_dataset(tmp_path / "data", files), output).returncode == 0
    figure = page(output, "").find(id="grafik-lokasi")
    assert figure.strong.get_text() == "Peta pagu per kelurahan, 2026"
    assert "Kelurahan Beta Rp" in figure.find("img")["alt"]
    assert "dijumlahkan" not in figure.select_one(".ringkasan-grafik").get_text()


@pytest.mark.parametrize(
    "values",
    [
        [5, 5, 7],  # two areas of one budget, another apart
        [1, 2, 3, 4, 5],  # as many budgets as shades
        [10, 11, 200, 3000, 3001, 3002, 50000],  # more budgets than shades
        [8],
    ],
)
def test_map_classes_cover_every_value_and_skip_none(values):
    shades = 5
    areas = {f"a{i}": v for i, v in enumerate(values)}
    classes, legend = map_classes(areas, shades)
    distinct = sorted(set(values))
    if len(distinct) <= shades:  # different budgets, different shades
        assert len({classes[a] for a in areas}) == len(distinct)
    # Larger budgets never get a lighter shade.
    ordered = sorted(areas, key=areas.get)
    assert [classes[a] for a in ordered] == sorted(classes[a] for a in ordered)
    # One legend line per shade used, none for a shade no area has.
    assert [c for c, _ in legend] == sorted(set(classes.values()))
    assert all(0 <= c < shades for c in classes.values())


def test_without_a_boundary_file_places_are_bars(tmp_path):
    files = minimal_files()
    files["kegiatan.csv"] = files["kegiatan.csv"].replace(",DAU,,", ",DAU,Kecamatan Barat,")
    output = tmp_path / "out"
    assert build_site(write_dataset(tmp_path / "data", files), output).returncode == 0
    figure = page(output, "").find(id="grafik-lokasi")
    assert figure.strong.get_text() == "Pagu dan realisasi per lokasi, 2026"
    assert not figure.select(".sumber-grafik")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"type": "FeatureCollection", "features": [' + "1" * 5000 + "]}", "bukan JSON yang sah"),
        (b"\xff\xfe{}", "bukan UTF-8"),
        ('{"type": "FeatureCollection", "features": [NaN]}', "bukan JSON yang sah"),
        ("[" * 100_000 + "]" * 100_000, "bukan JSON yang sah"),
        ('{"type": "Topology"}', "harus satu FeatureCollection"),
        (geojson(feature("A", "B"), feature("a", "C")), "nama wilayah dipakai dua kali: a"),
        (geojson(feature("A\u202e", "B")), "fitur ke-1: teks berisi karakter kendali"),
        (geojson(feature("", "B")), "fitur ke-1: 'nama' harus teks"),
        (
            geojson(feature("A", "B") | {"geometry": {"type": "Point", "coordinates": [1, 2]}}),
            "geometri harus Polygon",
        ),
        (geojson(feature("A", "B", 500.0)), "di luar bujur/lintang"),
        (geojson(*[feature(f"A{i}", "B") for i in range(2001)]), "paling banyak 2000"),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        feature("A", "B")
                        | {"geometry": {"type": "Polygon", "coordinates": [[[0.0, 0.0]] * 300_000]}}
                    ],
                }
            ),
            "lebih dari 10000 titik",
        ),
        (geojson(feature("A", "B"), source="x" * 301), "'sumber' harus teks"),
    ],
)
def test_a_hostile_boundary_file_is_one_error_that_says_why(tmp_path, content, expected):
    path = tmp_path / "wilayah.geojson"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    boundaries, problems = read_boundaries(tmp_path)
    assert boundaries is None
    assert [(p.file, p.code) for p in problems] == [("wilayah.geojson", Code.BOUNDARIES)]
    assert expected in problems[0].message, problems[0].message


def test_a_boundary_file_that_is_a_link_a_folder_or_too_large_is_refused(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/wilayah.geojson").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b/wilayah.geojson").symlink_to(ROOT / "data/wilayah.geojson")
    (tmp_path / "c").mkdir()
    (tmp_path / "c/wilayah.geojson").write_bytes(b" " * 5_000_001)
    for folder, said in (("a", "folder"), ("b", "tautan simbolik"), ("c", "5 MB")):
        boundaries, problems = read_boundaries(tmp_path / folder)
        assert boundaries is None and len(problems) == 1 and said in problems[0].message


def test_check_data_names_a_broken_boundary_file_in_bahasa_indonesia(tmp_path):
    files = minimal_files() | {"wilayah.geojson": '{"type": "FeatureCollection"'}
    result = run_terbuka("check", "--datadir", str(write_dataset(tmp_path / "data", files)))
    assert result.returncode == 1
    assert "wilayah.geojson: file bukan JSON yang sah" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_place_names_match_by_level_without_prefix_or_case(tmp_path):
    (tmp_path / "wilayah.geojson").write_text(
        geojson(feature("Taman", "Taman"), feature("Banjarejo", "Taman", 0.01)), encoding="utf-8"
    )
    boundaries, problems = read_boundaries(tmp_path)
    assert problems == [] and boundaries is not None

    def level(name: str) -> tuple[str, list[str]] | None:
        found = boundaries.match(name)
        return (found[0], [a.name for a in found[1]]) if found else None

    assert level("Kecamatan Taman") == ("kecamatan", ["Taman", "Banjarejo"])
    assert level("kec.  TAMAN") == ("kecamatan", ["Taman", "Banjarejo"])
    assert level("Kelurahan Taman") == ("kelurahan", ["Taman"])
    assert level("Taman") == ("kelurahan", ["Taman"])
    assert level("Kel. Banjarejo") == ("kelurahan", ["Banjarejo"])
    assert level("Kelurahan Tamanan") is None and level("Kota Madiun") is None


def test_each_program_shows_every_year_and_its_revision_per_kegiatan_summed_from_the_files(
    sample_site,
):
    activities = rows("kegiatan.csv")
    revised = {(r["kode_opd"], r["tahun"]) for r in activities if r["versi_anggaran"] == "perubahan"}  # fmt: skip
    current = [r for r in activities if ((r["kode_opd"], r["tahun"]) not in revised) or r["versi_anggaran"] == "perubahan"]  # fmt: skip
    slugs = {u["kode_opd"]: u["slug"] for u in rows("opd.csv")}
    unit, year = sorted(revised)[0]
    program = next(r["kode_program"] for r in activities if (r["kode_opd"], r["tahun"]) == (unit, year))  # fmt: skip
    # Murni beside perubahan per kegiatan, exact.
    expected: dict[str, list[Decimal]] = {}
    for r in activities:
        if (r["kode_opd"], r["tahun"], r["kode_program"]) == (unit, year, program):
            pair = expected.setdefault(r["kode_kegiatan"], [Decimal(0), Decimal(0)])
            pair[0 if r["versi_anggaran"] == "murni" else 1] += Decimal(r["pagu"])
    base = sample_site / f"opd/{slugs[unit]}/{year}/{program}"
    published = {
        r["kode"]: [Decimal(r["pagu_murni"]), Decimal(r["pagu_perubahan"]), Decimal(r["selisih"])]
        for r in csv_rows(base / "grafik-perubahan.csv")
    }
    assert published == {k: [m, p, p - m] for k, (m, p) in expected.items()}
    # Every year of the program, from the version in force of each year.
    years: dict[str, list[Decimal]] = {}
    for r in current:
        if (r["kode_opd"], r["kode_program"]) == (unit, program):
            pair = years.setdefault(r["tahun"], [Decimal(0), Decimal(0)])
            pair[0] += Decimal(r["pagu"])
            pair[1] += Decimal(r["realisasi"] or 0)
    assert len(years) > 1
    trend = csv_rows(sample_site / f"opd/{slugs[unit]}/grafik-tren-{program}.csv")
    assert {r["tahun"]: [Decimal(r["pagu"]), Decimal(r["realisasi"])] for r in trend} == years
    soup = page(sample_site, f"opd/{slugs[unit]}/{year}/{program}/")
    assert soup.find(id="grafik-tren").find("img")["src"].endswith(f"grafik-tren-{program}.svg")
    assert (
        soup.find(id="grafik-perubahan")
        .select_one(".ringkasan-grafik")
        .get_text()
        .startswith(f"Di APBD perubahan {year}, pagu program {program} ")
    )
