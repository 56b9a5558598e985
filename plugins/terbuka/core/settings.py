"""Every ``TERBUKA_*`` setting, its default and meaning, read once.

``DOCUMENTED`` is the one list: the README's table is made from it and a
test fails when code reads a setting that is not in it. ``from_pelican``
turns Pelican's settings dict into a frozen ``TerbukaSettings``; relative
paths are resolved against ``TERBUKA_ROOT`` (the project folder, which
``pelicanconf.py`` sets to its own), so a build means the same from any
working directory, as Pelican does for ``PATH`` and ``OUTPUT_PATH``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from terbuka.core.embed import check_origins
from terbuka.core.problems import TerbukaError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    meaning: str


DEFAULT_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Atribusi 4.0 Internasional",
    "path": "https://creativecommons.org/licenses/by/4.0/deed.id",
}

# The stylesheet's accent colours a city may set (TERBUKA_COLOURS), and their defaults.
COLOURS = {"aksen": "#0b5394", "aksen-gelap": "#073763"}
SAMPLE_FAVICON = "theme/kota/favicon.svg"

DOCUMENTED: tuple[Setting, ...] = (
    Setting("TERBUKA_ROOT", None, "the project folder; relative paths below are resolved from it"),
    Setting("TERBUKA_DATADIR", "data", "the folder of the exports"),
    Setting("TERBUKA_RELEASES_DIR", "rilis", "the folder of frozen releases"),
    Setting("TERBUKA_REDIRECTS", "redirects.csv", "old addresses and where they now lead"),
    Setting("TERBUKA_REPORT", "laporan-data.json", "where check-data writes its JSON report"),
    Setting("TERBUKA_REGION", "", "the region's name as pages show it (Kota Madiun)"),
    Setting("TERBUKA_SAMPLE_DATA", False, "True while data/ holds the synthetic sample (banner)"),
    Setting("TERBUKA_DATA_DATE", None, "date of the exports, YYYY-MM-DD ('data diperbarui')"),
    Setting("TERBUKA_REPORT_URL", "", "where readers report a wrong figure"),
    Setting("TERBUKA_LINK_INDEX_HTML", False, "links end in index.html (site opened from disk)"),
    Setting("TERBUKA_CSP", "default-src 'self'", "the Content Security Policy of every page"),
    Setting("TERBUKA_LICENSE", DEFAULT_LICENSE, "the data's license (name, title, path)"),
    Setting("TERBUKA_PACKAGE_NAME", "terbuka", "the name of the Frictionless data package"),
    Setting(
        "TERBUKA_DEPLOY_TARGET",
        "",
        "where make publish installs the site (folder, user@host:/path)",
    ),
    Setting(
        "TERBUKA_DEPLOY_KEEP", 5, "how many published trees a target keeps for rollback (2 or more)"
    ),
    Setting(
        "TERBUKA_SSH_CONFIG",
        "",
        "the SSH config file for publishing ('' for your own ~/.ssh/config)",
    ),
    Setting("TERBUKA_LOGO", "", "the city's logo (SVG) beside the site's name; '' for none"),
    Setting("TERBUKA_FAVICON", SAMPLE_FAVICON, "the browser tab's icon (SVG)"),
    Setting("TERBUKA_COLOURS", {}, "accent colours, e.g. {'aksen': '#0b5394', 'aksen-gelap': ...}"),
    Setting(
        "TERBUKA_LIVE_OUTPUT",
        None,
        "set by terbuka build: the live site whose unchanged files a rebuild hard-links",
    ),
    Setting(
        "TERBUKA_PREVIEW",
        False,
        "set by make devserver: changed pages reach the served site first, marked, "
        "while the rest is built",
    ),
    Setting(
        "TERBUKA_EMBED_ORIGINS",
        ["*"],
        "sites that may show a chart in an iframe: ['*'] any, ['https://...'] some, [] none",
    ),
)
DEFAULTS = {s.name: s.default for s in DOCUMENTED}


@dataclass(frozen=True)
class TerbukaSettings:
    """What the plugin reads from the settings, typed and resolved."""

    root: Path
    datadir: Path
    releases_dir: Path
    redirects: Path
    report: Path
    cache_dir: Path
    region: str
    sample_data: bool
    data_date: dt.date | None
    report_url: str
    link_index_html: bool
    csp: str
    license: dict[str, str]
    package_name: str
    deploy_target: str
    site_url: str
    site_name: str
    author: str
    logo: Path | None
    favicon: Path
    colours: dict[str, str]
    embed_origins: tuple[str, ...]
    # How this build writes, not what a page shows: left out of every cache key.
    preview: bool = field(default=False, compare=False, repr=False)
    # Where and how it is published: no page shows them.
    deploy_keep: int = field(default=5, compare=False)
    ssh_config: Path | None = field(default=None, compare=False)


def _value(settings: dict[str, Any], name: str) -> Any:
    value = settings.get(name, DEFAULTS[name])
    return DEFAULTS[name] if value is None else value


def _keep(value: Any) -> int:
    """TERBUKA_DEPLOY_KEEP: a whole number of trees, at least the live one and one to go back to."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 2:
        raise TerbukaError(
            f"TERBUKA_DEPLOY_KEEP harus bilangan bulat 2 atau lebih (versi aktif dan satu "
            f"untuk kembali), bukan {value!r}"
        )
    return value


def from_pelican(settings: dict[str, Any]) -> TerbukaSettings:
    """The plugin's settings from Pelican's (defaults filled, paths absolute)."""
    root = Path(settings.get("TERBUKA_ROOT") or Path.cwd()).resolve()

    def path(name: str) -> Path:
        return (root / str(_value(settings, name))).resolve()

    date = _value(settings, "TERBUKA_DATA_DATE")
    cache = settings.get("CACHE_PATH") or "cache"
    return TerbukaSettings(
        root=root,
        datadir=path("TERBUKA_DATADIR"),
        releases_dir=path("TERBUKA_RELEASES_DIR"),
        redirects=path("TERBUKA_REDIRECTS"),
        report=path("TERBUKA_REPORT"),
        cache_dir=(root / cache).resolve(),
        region=str(_value(settings, "TERBUKA_REGION")),
        sample_data=bool(_value(settings, "TERBUKA_SAMPLE_DATA")),
        data_date=dt.date.fromisoformat(str(date)) if date else None,
        report_url=str(_value(settings, "TERBUKA_REPORT_URL")),
        link_index_html=bool(_value(settings, "TERBUKA_LINK_INDEX_HTML")),
        csp=str(_value(settings, "TERBUKA_CSP")),
        license=dict(_value(settings, "TERBUKA_LICENSE")),
        package_name=str(_value(settings, "TERBUKA_PACKAGE_NAME")),
        deploy_target=str(_value(settings, "TERBUKA_DEPLOY_TARGET")),
        deploy_keep=_keep(_value(settings, "TERBUKA_DEPLOY_KEEP")),
        ssh_config=path("TERBUKA_SSH_CONFIG") if _value(settings, "TERBUKA_SSH_CONFIG") else None,
        site_url=str(settings.get("SITEURL") or ""),
        site_name=str(settings.get("SITENAME") or ""),
        author=str(settings.get("AUTHOR") or ""),
        logo=path("TERBUKA_LOGO") if _value(settings, "TERBUKA_LOGO") else None,
        favicon=path("TERBUKA_FAVICON"),
        colours=dict(_value(settings, "TERBUKA_COLOURS")),
        embed_origins=check_origins(_value(settings, "TERBUKA_EMBED_ORIGINS")),
        preview=bool(_value(settings, "TERBUKA_PREVIEW")),
    )


def read_settings(settings_file: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """A Pelican settings file read as Pelican reads it (``from_pelican`` types it)."""
    from pelican import settings as pelican_settings

    return pelican_settings.read_settings(str(settings_file), override=overrides or {})


def readme_table() -> str:
    """The Markdown table of every setting, for the README."""
    lines = ["| setting | default | meaning |", "| --- | --- | --- |"]
    for s in DOCUMENTED:
        default = "(folder of pelicanconf.py)" if s.name == "TERBUKA_ROOT" else repr(s.default)
        if s.name == "TERBUKA_LICENSE":
            default = "CC-BY-4.0"
        lines.append(f"| `{s.name}` | `{default}` | {s.meaning} |")
    return "\n".join(lines)
