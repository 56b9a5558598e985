"""Issue 27, "Nothing published that the data does not say": names in the
exports are drawn as written (never parsed as mathtext), and a boundary file
whose geometry cannot be drawn, or would make a map too heavy, is one located
error at the data check instead of a traceback in the build."""

import json
import math
import os
import re
import signal
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import pytest
from conftest import ROOT, build_site, minimal_files, page, run_terbuka, write_dataset
from terbuka.inputs.boundaries import MAX_POINTS, read_boundaries
from terbuka.outputs import charts

FRACTION = r"$\frac{1}{0}$"
POWER = r"$x^2$"
# Mathtext refuses these outright: before issue 27 they stopped the build.
BROKEN_FRACTION = r"$\frac{1}$"
BROKEN_POWER = r"$x^$"
KEGIATAN_2026 = "2026,1.01.0.00.0.00.01.0000,1.01.02,1.01.02.2.01,Kegiatan A,"


def with_rows(*rows: str) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(minimal_files())
    body = str(files["kegiatan.csv"]).rstrip("\n")
    files["kegiatan.csv"] = "\n".join([body, *rows]) + "\n"
    return files


def checked_and_built(tmp_path: Path, files: dict[str, str]) -> Path:
    """The files written as data/, checked and built, each with no error and no traceback."""
    datadir = write_dataset(tmp_path / "data", files)
    check = run_terbuka("check", "--datadir", str(datadir))
    assert check.returncode == 0, check.stdout + check.stderr
    assert_no_traceback(check)
    output = tmp_path / "out"
    result = build_site(datadir, output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_no_traceback(result)
    return output


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


def svg_texts(path: Path) -> list[str]:
    """What the SVG writes as text (not its comments)."""
    svg = path.read_text(encoding="utf-8")
    return [unescape(t) for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]


def table_cells(output: Path, url_path: str, figure_id: str) -> list[str]:
    figure = page(output, url_path).find(id=figure_id)
    assert figure is not None, f"no #{figure_id} on /{url_path}"
    return [c.get_text(strip=True) for c in figure.find_all(["th", "td"])]


# --- names are text, not markup ----------------------------------------------


def test_dollar_signs_in_sources_and_places_are_drawn_as_written(tmp_path):
    files = with_rows(
        KEGIATAN_2026 + f"1.01.02.2.01.0002,Sub C,4000000,1000000,25,{FRACTION},{POWER},",
        KEGIATAN_2026 + f"1.01.02.2.01.0003,Sub D,700000,0,0,{BROKEN_FRACTION},{BROKEN_POWER},",
    )
    output = checked_and_built(tmp_path, files)
    for chart, names in (
        ("sumber-dana-2026", (FRACTION, BROKEN_FRACTION)),
        ("lokasi-2026", (POWER, BROKEN_POWER)),
    ):
        drawn = svg_texts(output / f"grafik/{chart}.svg")
        cells = table_cells(output, f"grafik/{chart}/", "grafik")
        for name in names:
            assert name in drawn, (chart, drawn)  # one text, literally: no glyph paths
            assert name in cells, (chart, cells)
        csv_text = (output / f"grafik/{chart}.csv").read_text(encoding="utf-8-sig")
        assert all(name in csv_text for name in names)


def test_dollar_signs_in_the_boundary_file_and_a_kecamatan_label_on_the_map(tmp_path):
    square = [[111.50, -7.60], [111.51, -7.60], [111.51, -7.61], [111.50, -7.61], [111.50, -7.60]]
    boundary = {
        "type": "FeatureCollection",
        "sumber": "Peta uji $a$",
        "features": [
            {
                "type": "Feature",
                "properties": {"nama": POWER, "kecamatan": BROKEN_POWER},
                "geometry": {"type": "Polygon", "coordinates": [square]},
            }
        ],
    }
    files = with_rows(
        KEGIATAN_2026 + f"1.01.02.2.01.0002,Sub C,4000000,0,0,DAU,Kecamatan {BROKEN_POWER},"
    )
    files["wilayah.geojson"] = json.dumps(boundary)
    output = checked_and_built(tmp_path, files)
    drawn = svg_texts(output / "grafik/lokasi-2026.svg")
    assert BROKEN_POWER in drawn, drawn  # the label: the kecamatan's name, then its budget
    assert f"Kecamatan {BROKEN_POWER}" in table_cells(output, "grafik/lokasi-2026/", "grafik")


def test_the_chart_workers_draw_dollar_signs_literally_too():
    """The build renders in spawned worker processes: they apply the same style."""
    spec = charts.BarsSpec(
        height=1.5, labels=[FRACTION, BROKEN_POWER, "$$"], values=[10.0, 20.0, 30.0]
    )
    assert charts.STYLE["text.parse_math"] is False
    with charts.worker_pool() as pool:
        svg, png = pool.submit(charts.render, spec).result(timeout=120)
    texts = [unescape(t) for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg.decode())]
    assert {FRACTION, BROKEN_POWER, "$$"} <= set(texts), texts
    assert png.startswith(b"\x89PNG")
    assert (svg, png) == charts.render(spec)  # the same bytes in the worker and here


# --- the boundary file: geometry that cannot be drawn ---------------------------------


def ring(points: list[list[float]]) -> list[list[float]]:
    return [*points, points[0]]


def square(x: float, y: float, side: float) -> list[list[float]]:
    return ring([[x, y], [x + side, y], [x + side, y - side], [x, y - side]])


def circle(x: float, y: float, radius: float, count: int) -> list[list[float]]:
    """A closed ring of ``count`` points."""
    points = [
        [
            x + radius * math.cos(2 * math.pi * i / (count - 1)),
            y + radius * math.sin(2 * math.pi * i / (count - 1)),
        ]
        for i in range(count - 1)
    ]
    return ring(points)


def feature(name: str, geometry_type: str, coordinates: list) -> dict:
    return {
        "type": "Feature",
        "properties": {"nama": name, "kecamatan": "Barat"},
        "geometry": {"type": geometry_type, "coordinates": coordinates},
    }


def collection(*features: dict) -> str:
    return json.dumps(
        {"type": "FeatureCollection", "sumber": "Peta uji", "features": list(features)}
    )


GOOD = feature("Alpha", "Polygon", [square(111.50, -7.60, 0.01)])
ALL_EQUAL = [[111.5, -7.6]] * 5


@pytest.mark.parametrize(
    ("boundary", "expected"),
    [
        pytest.param(
            collection(feature("Alpha", "Polygon", [ALL_EQUAL])),
            "wilayah.geojson: fitur ke-1: 'Alpha': cincin luar luasnya nol "
            "(titik-titiknya sama atau segaris)",
            id="every-point-equal",
        ),
        pytest.param(
            collection(
                GOOD, feature("Beta", "Polygon", [[[111.5, -7.6], [111.6, -7.6], [111.5, -7.6]]])
            ),
            "wilayah.geojson: fitur ke-2: 'Beta': cincin poligon perlu paling sedikit 4 titik",
            id="three-points",
        ),
        pytest.param(
            collection(
                GOOD,
                feature(
                    "Beta", "Polygon", [ring([[111.52, -7.6], [111.53, -7.6], [111.54, -7.6]])]
                ),
            ),
            "wilayah.geojson: fitur ke-2: 'Beta': cincin luar luasnya nol",
            id="points-on-one-line",
        ),
        pytest.param(
            collection(
                feature(
                    "Gamma",
                    "MultiPolygon",
                    [[square(111.5, -7.6, 0.01)], [square(111.52, -7.6, 0.01), ALL_EQUAL]],
                )
            ),
            "wilayah.geojson: fitur ke-1: 'Gamma': lubang ke-1 poligon ke-2 luasnya nol",
            id="a-hole-of-no-area",
        ),
        pytest.param(
            collection(
                feature("Alpha", "Polygon", [square(111.5, -7.6, 0.00004)]),
                feature("Beta", "Polygon", [square(111.50004, -7.6, 0.00004)]),
            ),
            "wilayah.geojson: kotak batas seluruh file berukuran 0.000080° x 0.000040° "
            "(bujur x lintang): lebar atau tingginya nol atau hampir nol",
            id="a-bounding-box-of-a-few-metres",
        ),
        pytest.param(
            collection(
                *(
                    feature(f"Area {i}", "Polygon", [circle(111.5 + 0.02 * i, -7.6, 0.005, 4_000)])
                    for i in range(1, 4)
                )
            ),
            f"wilayah.geojson: fitur ke-3: 'Area 3': sampai fitur ini 12000 titik, "
            f"lebih dari {MAX_POINTS} titik untuk seluruh file; sederhanakan batasnya",
            id="too-many-points",
        ),
    ],
)
def test_a_boundary_file_that_cannot_be_drawn_is_one_located_error(tmp_path, boundary, expected):
    files = with_rows(KEGIATAN_2026 + "1.01.02.2.01.0002,Sub C,4000000,0,0,DAU,Kelurahan Alpha,")
    files["wilayah.geojson"] = boundary
    datadir = write_dataset(tmp_path / "data", files)
    check = run_terbuka("check", "--datadir", str(datadir))
    assert check.returncode == 1, check.stdout + check.stderr
    assert expected in check.stdout, check.stdout
    assert check.stdout.count("wilayah.geojson:") == 1, check.stdout
    assert_no_traceback(check)
    output = tmp_path / "out"
    build = build_site(datadir, output)
    assert build.returncode == 1, build.stdout + build.stderr
    assert expected in build.stdout + build.stderr
    assert_no_traceback(build)
    assert not (output / "index.html").exists()


def test_the_bundled_boundary_file_is_far_below_every_limit():
    boundaries, problems = read_boundaries(ROOT / "data")
    assert problems == [] and boundaries is not None
    points = sum(len(r) for a in boundaries.areas for polygon in a.polygons for r in polygon)
    assert points == 1_244 and points * 5 < MAX_POINTS


def test_a_map_at_the_point_limit_stays_a_light_svg(tmp_path):
    """The cap is set by weight: at MAX_POINTS the map is under 250 KB, what a page may
    weigh (a 190,000-point file made 2.9 MB)."""
    per_area = MAX_POINTS // 10
    (tmp_path / "wilayah.geojson").write_text(
        collection(
            *(
                feature(f"Area {i}", "Polygon", [circle(111.5 + 0.02 * i, -7.6, 0.009, per_area)])
                for i in range(10)
            )
        ),
        encoding="utf-8",
    )
    boundaries, problems = read_boundaries(tmp_path)
    assert problems == [] and boundaries is not None
    base = charts.Chart("peta", "t", "s", "a", [], [], [], charts.BarsSpec(1.0, [], []))
    places = [(f"Area {i}", 1_000_000 * (i + 1), 0) for i in range(10)]
    svg, _ = charts.render(charts.on_the_map(base, 2026, places, boundaries).spec)
    assert len(svg) < 250_000, len(svg)


# --- the boundary file: not a regular file ---------------------------------------------


def link_to_bundled_boundaries(tmp_path: Path) -> subprocess.CompletedProcess:
    datadir = write_dataset(tmp_path / "data", dict(minimal_files()))
    (datadir / "wilayah.geojson").symlink_to(ROOT / "data/wilayah.geojson")
    return run_terbuka("check", "--datadir", str(datadir))


def test_a_boundary_file_that_is_a_link_is_one_located_error(tmp_path):
    check = link_to_bundled_boundaries(tmp_path)
    assert check.returncode == 1, check.stdout + check.stderr
    assert (
        "wilayah.geojson: wilayah.geojson adalah tautan simbolik, bukan file biasa; tidak dibaca."
        in check.stdout
    ), check.stdout
    assert_no_traceback(check)


def test_the_link_message_names_the_geojson_file_not_a_csv(tmp_path):
    check = link_to_bundled_boundaries(tmp_path)
    assert "Salin file CSV" not in check.stdout
    assert "wilayah.geojson aslinya" in check.stdout, check.stdout


def test_the_chart_workers_end_when_the_build_is_killed(tmp_path):
    """A build killed outright (kill -9) takes its worker processes with it."""
    script = (
        "import os, signal, sys\n"
        "from terbuka.outputs import charts\n"
        "pool = charts.worker_pool()\n"
        "pids = {pool.submit(os.getpid).result(timeout=120) for _ in range(8)}\n"
        "print(' '.join(map(str, pids)), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    said = tmp_path / "pids.txt"
    with said.open("w") as out:  # a file, not a pipe: workers left behind would hold a pipe open
        run = subprocess.run([sys.executable, "-c", script], env=env, stdout=out, check=False)
    assert run.returncode == -signal.SIGKILL
    workers = [int(pid) for pid in said.read_text().split()]
    assert workers
    deadline = time.monotonic() + 30
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in workers if _running(pid)]
    for pid in left:  # none should be: then the test fails, and leaves nothing running
        os.kill(pid, signal.SIGKILL)
    assert left == []


def _running(pid: int) -> bool:
    """The process exists and has not ended (an ended one may wait as a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
