"""The city's own look: its logo, favicon and colours, from the settings.

A city adopting Terbuka sets ``TERBUKA_LOGO`` and ``TERBUKA_FAVICON`` (SVG
files) and ``TERBUKA_COLOURS`` (the stylesheet's accent colours). They are
checked here as hostile input, like any export: an SVG is published on the
site's own origin, where opened on its own it could run script or fetch from
another origin, so it must hold only what :mod:`terbuka.safe_svg` allows
(shapes, text, gradients) and the bytes published are written again from the
parsed file (#27); a colour must be ``#rrggbb`` and keep the contrast that the
header's white text and the links need (WCAG AA, 4.5:1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from terbuka.core.files import NotRegularFileError, read_regular
from terbuka.core.published import Published
from terbuka.core.settings import COLOURS, TerbukaSettings
from terbuka.core.urls import URLS
from terbuka.outputs.safe_svg import UnsafeSvgError, safe_svg

MAX_SVG = 200_000  # bytes: a logo, not a drawing
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for body text
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


class LookError(Exception):
    """A setting of the city's look that cannot be published (message in Indonesian)."""


@dataclass(frozen=True)
class Look:
    logo: bytes | None  # SVG, or None for the site's name alone
    favicon: bytes  # SVG
    css: bytes  # the colours as CSS custom properties

    def finish(self) -> Published:
        """The files the site serves of its look (``kota/``)."""
        out = Published()
        for name, data in (("logo.svg", self.logo), ("favicon.svg", self.favicon),
                           ("warna.css", self.css)):  # fmt: skip
            if data is not None:
                out.add(URLS.city_asset(name), data)
        return out


def checked_svg(path: Path, setting: str) -> bytes:
    """An SVG file, refused unless safe to publish on the site's origin, written anew.

    What a file may hold is :mod:`terbuka.safe_svg`'s allow-list; the bytes
    returned come from its writer, not from the file (UTF-8, at most
    :data:`MAX_SVG` bytes read).
    """
    try:
        data = read_regular(path, MAX_SVG)
    except NotRegularFileError as exc:
        big = str(exc).startswith("lebih dari")
        todo = "; sederhanakan gambarnya lalu simpan ulang sebagai SVG polos" if big else ""
        raise LookError(f"{setting}: {path} {exc}{todo}") from None
    try:
        return safe_svg(data)
    except UnsafeSvgError as exc:
        raise LookError(f"{setting}: {path.name} {exc}") from None


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
