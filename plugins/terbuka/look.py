"""The city's own look: its logo, favicon and colours, from the settings.

A city adopting Terbuka sets ``TERBUKA_LOGO`` and ``TERBUKA_FAVICON`` (SVG
files) and ``TERBUKA_COLOURS`` (the stylesheet's accent colours). They are
checked here as hostile input, like any export: an SVG is published on the
site's own origin, so one with a script, an event handler or a link to
another origin is refused; a colour must be ``#rrggbb`` and keep the
contrast that the header's white text and the links need (WCAG AA, 4.5:1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from .read import NotRegularFileError, read_regular
from .settings import COLOURS, TerbukaSettings

MAX_SVG = 200_000  # bytes: a logo, not a drawing
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for body text
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
# Anything in an SVG that runs code or fetches from elsewhere when the file is
# opened on its own: refused rather than cleaned (the city fixes its file).
_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video"}
_LINK_ATTRIBUTES = {"href", "src"}


class LookError(Exception):
    """A setting of the city's look that cannot be published (message in Indonesian)."""


@dataclass(frozen=True)
class Look:
    logo: bytes | None  # SVG, or None for the site's name alone
    favicon: bytes  # SVG
    css: bytes  # the colours as CSS custom properties


def _local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def checked_svg(path: Path, setting: str) -> bytes:
    """The bytes of an SVG file that is safe to publish on the site's origin."""
    try:
        data = read_regular(path, MAX_SVG)
    except NotRegularFileError as exc:
        raise LookError(f"{setting}: {path} {exc}") from None
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise LookError(
            f"{setting}: {path.name} memuat DOCTYPE/ENTITY; simpan ulang sebagai SVG polos"
        )
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise LookError(f"{setting}: {path.name} bukan SVG yang terbaca ({exc})") from None
    if _local_name(root.tag) != "svg":
        raise LookError(f"{setting}: {path.name} bukan file SVG")
    for element in root.iter():
        name = _local_name(element.tag)
        if name in _FORBIDDEN_ELEMENTS:
            raise LookError(f"{setting}: {path.name} memuat <{name}>; hapus lalu simpan ulang")
        for attribute, value in element.attrib.items():
            key = _local_name(attribute)
            if key.startswith("on"):
                raise LookError(f"{setting}: {path.name} memuat atribut {key}; hapus")
            outside = key in _LINK_ATTRIBUTES and not value.strip().startswith("#")
            if outside or "url(" in value.replace(" ", "").lower().replace("url(#", ""):
                raise LookError(
                    f"{setting}: {path.name} merujuk ke file lain ({value[:60]}); gambar harus "
                    "utuh dalam satu file"
                )
    return data


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1) of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colours_css(colours: dict[str, str]) -> bytes:
    """``:root { --aksen: ...; }`` after checking every name, value and contrast."""
    unknown = sorted(set(colours) - set(COLOURS))
    if unknown:
        raise LookError(
            f"TERBUKA_COLOURS: warna {', '.join(unknown)} tidak dikenal; pilihan: "
            f"{', '.join(COLOURS)}"
        )
    chosen = {**COLOURS, **colours}
    for name, value in chosen.items():
        if not isinstance(value, str) or not _HEX.fullmatch(value):
            raise LookError(f"TERBUKA_COLOURS: {name} harus ditulis #rrggbb, bukan {value!r}")
        ratio = contrast(value, "#ffffff")
        if ratio < MIN_CONTRAST:
            raise LookError(
                f"TERBUKA_COLOURS: {name} {value} terlalu terang di atas putih (kontras "
                f"{ratio:.1f}:1, paling tidak {MIN_CONTRAST}:1); pilih warna yang lebih gelap"
            )
    lines = "".join(f"  --{name}: {value.lower()};\n" for name, value in chosen.items())
    return f"/* Warna kota, dari TERBUKA_COLOURS. */\n:root {{\n{lines}}}\n".encode()


def city_look(site: TerbukaSettings) -> Look:
    """The checked logo, favicon and colours of the site."""
    logo = checked_svg(site.logo, "TERBUKA_LOGO") if site.logo is not None else None
    return Look(logo, checked_svg(site.favicon, "TERBUKA_FAVICON"), colours_css(site.colours))
