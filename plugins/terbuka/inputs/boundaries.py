"""``data/wilayah.geojson``: the city's kelurahan boundaries, for the map of
spending by place.

The file is hostile like every export: its size, depth, numbers and names are
checked before anything is drawn, and a problem is an error at the feature
that has it, in Bahasa Indonesia. Each feature is one kelurahan (or any
smallest area) with ``nama``, an optional ``kode`` and an optional
``kecamatan``; a kecamatan is drawn as the union of its kelurahan (the
reference notes that simplified kecamatan polygons overlap). A ``lokasi`` of
the exports is matched to an area by name, without prefixes such as
"Kecamatan" or "Kel." and without case.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from terbuka.core.files import NotRegularFileError, read_regular, regular_file_problem
from terbuka.core.problems import Code, Problem, error
from terbuka.core.schema import BOUNDARY_FILE

FILENAME = BOUNDARY_FILE
MAX_BYTES = 5_000_000  # a city's kelurahan, simplified, take tens of kilobytes
MAX_FEATURES = 2_000
# The map's SVG grows by about 17 bytes a point: 10,000 points are about 170 KB,
# inside the 250 KB a page may weigh (a 190,000-point file made 2.9 MB). The
# bundled Kota Madiun file has 1,244 points.
MAX_POINTS = 10_000
# Degenerate geometry, refused before the map divides by it: a ring must enclose
# more than MIN_RING_AREA square degrees (about 1 m2), and the file's bounding
# box must be MIN_EXTENT degrees (about 11 m) wide and high at least; the map
# rounds its coordinates to 0.00001 degrees.
MIN_RING_AREA = 1e-10
MIN_EXTENT = 0.0001
MAX_NAME = 100
MAX_SOURCE = 300
# A lokasi for the whole city or regency, which no single area holds.
WHOLE_AREA = re.compile(r"^(kota|kabupaten|kab\.?|seluruh|semua)\b")
_PREFIX = re.compile(r"^(kecamatan|kelurahan|kec\.?|kel\.?|desa|ds\.?)\s+")
_DISTRICT = re.compile(r"^(kecamatan|kec\.?)\s+")
_VILLAGE = re.compile(r"^(kelurahan|kel\.?|desa|ds\.?)\s+")

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Area:
    """One smallest area of the boundary file (a kelurahan)."""

    name: str
    code: str
    district: str  # its kecamatan, "" when the file does not say
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: outer ring, then holes


@dataclass(frozen=True)
class Boundaries:
    areas: tuple[Area, ...]
    source: str  # the file's own "sumber": who drew the boundaries, under which license

    def match(self, place: str) -> tuple[str, list[Area]] | None:
        """The level (``kelurahan`` or ``kecamatan``) and the areas a ``lokasi`` names.
        Kelurahan often share their kecamatan's name (Taman in Taman): a prefix
        decides, and a bare name is the kelurahan."""
        key = place_key(place)
        if not key:
            return None
        own = [a for a in self.areas if place_key(a.name) == key]
        district = [a for a in self.areas if a.district and place_key(a.district) == key]
        first = " ".join(place.split()).casefold()
        order = [("kecamatan", district), ("kelurahan", own)]
        if not _DISTRICT.match(first):
            order.reverse()
        if _VILLAGE.match(first):
            order = order[:1]
        return next(((level, areas) for level, areas in order if areas), None)


def place_key(name: str) -> str:
    """``Kecamatan  Taman`` and ``kec. taman`` -> ``taman``."""
    text = " ".join(name.split()).casefold()
    return _PREFIX.sub("", text)


class _Refused(Exception):
    """Why the file cannot be read, for the one error that names it."""


def read_boundaries(datadir: Path) -> tuple[Boundaries | None, list[Problem]]:
    """The boundary file of ``datadir``, if there is one, and its problems."""
    path = datadir / FILENAME
    refused = regular_file_problem(path, FILENAME)
    if refused is not None:
        return None, [refused]
    if not path.exists():
        return None, []
    try:
        data = read_regular(path, MAX_BYTES)
    except NotRegularFileError as exc:
        message = f"{exc}; batas {MAX_BYTES // 1_000_000} MB untuk file batas wilayah"
        return None, [error(FILENAME, None, None, message, Code.NOT_REGULAR_FILE)]
    try:
        document = json.loads(
            data.decode("utf-8-sig"), parse_constant=_no_constant, parse_int=_small_int
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = "bukan UTF-8" if isinstance(exc, UnicodeDecodeError) else "bukan JSON yang sah"
        return None, [_problem(f"file {reason}; simpan ulang sebagai GeoJSON (UTF-8)")]
    try:
        return _boundaries(document), []
    except _Refused as exc:
        return None, [_problem(str(exc))]


def _problem(message: str) -> Problem:
    return error(FILENAME, None, None, message, Code.BOUNDARIES)


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} bukan angka JSON")


def _small_int(text: str) -> float:
    if len(text) > 20:  # a coordinate has a few digits; 5,000-digit numbers are refused
        raise ValueError("angka terlalu panjang")
    return float(text)


def _boundaries(document: Any) -> Boundaries:
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise _Refused("isi file harus satu FeatureCollection GeoJSON")
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise _Refused("FeatureCollection tanpa daftar 'features'")
    if len(features) > MAX_FEATURES:
        raise _Refused(f"{len(features)} fitur; paling banyak {MAX_FEATURES}")
    source = document.get("sumber", "")
    if not isinstance(source, str) or len(source) > MAX_SOURCE:
        raise _Refused(f"'sumber' harus teks, paling panjang {MAX_SOURCE} karakter")
    areas, points = [], 0
    for number, feature in enumerate(features, start=1):
        try:
            area = _area(feature)
            points += sum(len(ring) for polygon in area.polygons for ring in polygon)
            if points > MAX_POINTS:
                raise _Refused(
                    f"'{area.name}': sampai fitur ini {points} titik, lebih dari "
                    f"{MAX_POINTS} titik untuk seluruh file; sederhanakan batasnya "
                    "(misalnya dengan mapshaper)"
                )
            _degenerate(area)
        except _Refused as exc:
            raise _Refused(f"fitur ke-{number}: {exc}") from None
        areas.append(area)
    _extent(areas)
    names = [place_key(a.name) for a in areas]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise _Refused(f"nama wilayah dipakai dua kali: {', '.join(twice)}")
    return Boundaries(tuple(areas), _clean(source))


def _area(feature: Any) -> Area:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise _Refused("bukan Feature GeoJSON")
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        raise _Refused("tanpa 'properties'")
    name = _text(properties, "nama", required=True)
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        raise _Refused(f"'{name}' tanpa geometri")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    polygons: tuple[tuple[Ring, ...], ...]
    if kind == "Polygon":
        polygons = (_polygon(coordinates, name),)
    elif kind == "MultiPolygon" and isinstance(coordinates, list) and coordinates:
        polygons = tuple(_polygon(p, name) for p in coordinates)
    else:
        raise _Refused(f"'{name}': geometri harus Polygon atau MultiPolygon")
    return Area(name, _text(properties, "kode"), _text(properties, "kecamatan"), polygons)


def _text(properties: dict, key: str, required: bool = False) -> str:
    value = properties.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > MAX_NAME or (required and not value.strip()):
        raise _Refused(f"'{key}' harus teks 1 sampai {MAX_NAME} karakter")
    return _clean(value)


def _clean(text: str) -> str:
    """Names are printed on pages and in SVG: no control characters."""
    if any(ord(c) < 32 or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in text):
        raise _Refused("teks berisi karakter kendali")
    return " ".join(text.split())


def _polygon(rings: Any, name: str) -> tuple[Ring, ...]:
    if not isinstance(rings, list) or not rings:
        raise _Refused(f"'{name}': poligon tanpa cincin titik")
    return tuple(_ring(r, name) for r in rings)


def _degenerate(area: Area) -> None:
    """A ring that encloses nothing: all its points equal, or on one line."""
    for number, polygon in enumerate(area.polygons, start=1):
        for hole, ring in enumerate(polygon):
            if _area2(ring) > 2 * MIN_RING_AREA:
                continue
            which = f"lubang ke-{hole}" if hole else "cincin luar"
            if len(area.polygons) > 1:
                which += f" poligon ke-{number}"
            raise _Refused(
                f"'{area.name}': {which} luasnya nol (titik-titiknya sama atau segaris); "
                "perbaiki atau hapus cincin itu"
            )


def _area2(ring: Ring) -> float:
    """Twice the area the ring encloses (shoelace), in square degrees; measured
    from its first point, so that large coordinates do not cancel each other."""
    x0, y0 = ring[0]
    points = [(x - x0, y - y0) for x, y in ring]
    if points[-1] != (0.0, 0.0):  # an unclosed ring is drawn closed
        points.append((0.0, 0.0))
    return abs(sum(xa * yb - xb * ya for (xa, ya), (xb, yb) in pairwise(points)))


def _extent(areas: list[Area]) -> None:
    """The whole file must span some ground: a map of one point has no scale."""
    points = [p for area in areas for polygon in area.polygons for ring in polygon for p in ring]
    width = max(x for x, _ in points) - min(x for x, _ in points)
    height = max(y for _, y in points) - min(y for _, y in points)
    if width < MIN_EXTENT or height < MIN_EXTENT:
        raise _Refused(
            f"kotak batas seluruh file berukuran {width:.6f}° x {height:.6f}° "
            "(bujur x lintang): lebar atau tingginya nol atau hampir nol; batas wilayah "
            f"perlu paling sedikit {MIN_EXTENT}° (sekitar 11 m) ke tiap arah"
        )


def _ring(points: Any, name: str) -> Ring:
    if not isinstance(points, list) or len(points) < 4:
        raise _Refused(f"'{name}': cincin poligon perlu paling sedikit 4 titik")
    ring = []
    for point in points:
        if (
            not isinstance(point, list)
            or len(point) < 2
            or not all(isinstance(v, float) and math.isfinite(v) for v in point[:2])
        ):
            raise _Refused(f"'{name}': titik harus [bujur, lintang] berupa angka")
        lon, lat = point[0], point[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise _Refused(f"'{name}': titik [{lon}, {lat}] di luar bujur/lintang yang sah")
        ring.append((lon, lat))
    return tuple(ring)
