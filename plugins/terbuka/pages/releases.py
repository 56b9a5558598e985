"""The release pages: the list, one page per release with what changed and
how to verify it, frozen unit pages, and the unit's own recent changes."""

from __future__ import annotations

import datetime as dt
import html
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from feedgenerator import Atom1Feed

from terbuka.core.cache import CacheStore
from terbuka.core.files import read_regular
from terbuka.core.formatting import long_date
from terbuka.core.published import Published
from terbuka.core.settings import TerbukaSettings
from terbuka.core.urls import URLS
from terbuka.model.changes import Changes, compare
from terbuka.model.load import load_cached
from terbuka.model.model import CityModel
from terbuka.outputs.downloads import json_bytes
from terbuka.outputs.opendata import SQLITE, release_sqlite
from terbuka.pages.base import HOME, Page
from terbuka.pages.contexts import Frozen, ReleaseContext, ReleasesContext, UnitContext
from terbuka.pages.frozen import frozen_copies
from terbuka.publishing import releases as rel
from terbuka.publishing.anchor import chain_document
from terbuka.publishing.signing import PublicKey


@dataclass
class ReleaseView:
    release: rel.Release
    model: CityModel
    changes: Changes | None  # against the release before it

    @property
    def url(self) -> str:
        return URLS.release(self.release.version)


@dataclass
class ReleaseSite:
    views: list[ReleaseView]
    current_is_released: bool
    recent: Changes | None  # what the reader should see as "changed lately"
    recent_label: str
    public_key: PublicKey | None = None

    @property
    def latest(self) -> ReleaseView | None:
        return self.views[-1] if self.views else None

    def unit_extras(self, context: UnitContext) -> UnitContext:
        """A unit's page with its own changes since the previous release."""
        if not self.views:
            return context
        recent = self.recent
        changes = recent.for_unit(context.unit.kode_opd) if recent is not None else None
        return replace(context, changes=changes, changes_label=self.recent_label)

    def edition(self, data_date: dt.date | None) -> str:
        """What the published data is, for citations: a release of the chain,
        or the current data, said to be unreleased (never a label the chain
        does not hold)."""
        if self.current_is_released and self.latest is not None:
            release = self.latest.release
            return rel.edition_of(release.version, release.date)
        when = f" per {long_date(data_date)}" if data_date else ""
        return f"Data terkini{when} (belum dirilis)"

    def site_data(self, served: Published | None) -> str | None:
        """The release the site's data is, for ``rantai.json``: the latest, when the
        data matches it and /data/ serves exactly its frozen downloads (``served``);
        else None. Settings changed since the release change the files, and then the
        site does not claim them (the build says which differ)."""
        latest = self.latest
        if not self.current_is_released or latest is None:
            return None
        frozen = rel.downloads_of(latest.release)
        if served is None or not frozen:
            return latest.release.version
        paths = {n: URLS.data_file(n) for n in frozen}
        have = {n: served.digest(p) for n, p in paths.items() if p in served.files}
        differ = [n for n, d in frozen.items() if have.get(n) != d]
        if differ:
            print(
                f"PERINGATAN: unduhan /data/ berbeda dari unduhan rilis {latest.release.version} "
                f"({', '.join(differ[:3])}{' ...' if len(differ) > 3 else ''}); pengaturan situs "
                "berubah sejak rilis? Situs tidak menyatakan datanya rilis itu "
                "(data_situs kosong).",
                file=sys.stderr,
            )
            return None
        return latest.release.version

    def published(self, store: CacheStore, served: Published | None = None) -> Published:
        """The archived files of every release at their stable URLs, with
        each manifest and signature, its frozen database, the public key and
        the chain itself (the anchor that ``verify --site`` holds the
        repository to)."""
        out = Published()
        for view in self.views:
            release = view.release
            version = release.version
            for name in release.files:
                out.add(URLS.release_file(version, name), rel.release_file(release, name))
            for name in (rel.MANIFEST, rel.SIGNATURE) if release.signed else (rel.MANIFEST,):
                out.add(URLS.release_file(version, name), read_regular(release.path / name))
            sums = rel.checksums_text(release).encode("utf-8")
            out.add(URLS.release_data(version, "SHA256SUMS"), sums)
            if rel.downloads_of(release):
                sums = rel.checksums_text(release, rel.DOWNLOADS).encode("utf-8")
                out.add(URLS.release_file(version, f"{rel.DOWNLOADS}/SHA256SUMS"), sums)
        key = self.public_key.file_text() if self.public_key else None
        if key is not None:
            out.add(URLS.public_key(), key.encode("ascii"))
        document = chain_document([v.release for v in self.views], key, self.site_data(served))
        out.add(URLS.release_chain(), json_bytes(document))
        for view in self.views:  # each release's own database, frozen with it
            sqlite = release_sqlite(view.model, store)
            out.add(URLS.release_file(view.release.version, SQLITE), sqlite)
        return out


def release_site(store: Path, datadir: Path, current: CityModel) -> ReleaseSite:
    """The releases as the site shows them; ``ReleaseError`` while any does not verify."""
    problems = rel.verify(store)
    if problems:
        raise rel.ReleaseError("; ".join(problems))
    views: list[ReleaseView] = []
    for release in rel.chain(store):
        loaded = load_cached(release.data_dir)
        if loaded.model is None:
            shown = "; ".join(str(p) for p in loaded.report.errors[:3])
            raise rel.ReleaseError(
                f"data rilis {release.version} di {release.data_dir} tidak lolos pemeriksaan "
                f"({len(loaded.report.errors)} kesalahan): {shown}"
            )
        before = views[-1].model if views else None
        views.append(
            ReleaseView(release, loaded.model, compare(before, loaded.model) if before else None)
        )
    key = rel.public_key(store)
    if not views:
        return ReleaseSite([], False, None, "", key)
    latest = views[-1]
    if rel.data_matches(datadir, latest.release):
        return ReleaseSite(
            views, True, latest.changes, f"sejak rilis sebelum {latest.release.version}", key
        )
    return ReleaseSite(
        views, False, compare(latest.model, current), f"sejak rilis {latest.release.version}", key
    )


def release_pages(site: ReleaseSite) -> list[Page]:
    crumb = ("Rilis", URLS.releases())
    pages = [
        Page(
            URLS.releases(),
            "releases",
            ReleasesContext(site=site, breadcrumbs=[HOME, (crumb[0], None)]),
        )
    ]
    pages.append(
        Page(
            URLS.file_check(),
            "file_check",
            ReleasesContext(site=site, breadcrumbs=[HOME, crumb, ("Periksa file", None)]),
        )
    )
    for i, view in enumerate(site.views):
        pages.append(
            Page(
                view.url,
                "release",
                ReleaseContext(
                    view=view,
                    previous=site.views[i - 1] if i else None,
                    checksums=rel.checksums_text(view.release),
                    downloads=rel.downloads_of(view.release),
                    exports={n: d for n, d in view.release.files.items() if n.startswith("data/")},
                    site_key=site.public_key,
                    units=list(
                        zip(view.model.units["slug"], view.model.units["nama_opd"], strict=True)
                    ),
                    breadcrumbs=[HOME, crumb, (view.release.version, None)],
                ),
            )
        )
        activity_file = view.model.sources.get("kegiatan", "kegiatan.csv")
        frozen = Frozen(view.release.version, view.release.date, view.url, activity_file)
        pages.extend(frozen_copies(view.model, frozen))
    return pages


def release_feed(site: ReleaseSite, settings: TerbukaSettings) -> bytes:
    """An Atom feed of releases, newest first."""
    base = settings.site_url
    feed = Atom1Feed(
        title=f"Rilis data {settings.site_name}",
        link=f"{base}/{URLS.releases()}",
        description="Setiap rilis data yang diterbitkan",
        language="id",
        feed_url=f"{base}/{URLS.releases_feed()}",
    )
    for view in reversed(site.views):
        release = view.release
        moment = dt.datetime.combine(release.date, dt.time(0, 0), tzinfo=dt.UTC)
        feed.add_item(
            title=f"Rilis {release.version}",
            link=f"{base}/{view.url}",
            # Atom descriptions are HTML: the note is text, escaped once more.
            description=html.escape(release.note or f"Rilis data {release.version}"),
            pubdate=moment,
            updateddate=moment,
            unique_id=f"{base}/{view.url}",
        )
    return feed.writeString("utf-8").encode("utf-8")
