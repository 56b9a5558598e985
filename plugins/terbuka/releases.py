"""Releases: each publication of the data frozen in the repository, linked to
the one before it by a hash, so that any later change is evident.

A release ``rilis/<versi>/`` holds ``data/`` (the exports exactly as they were
released) and ``manifest.json``: the SHA-256 of every file, the date, a note,
and the SHA-256 of the previous release's manifest. ``verify`` recomputes all
of it and names whatever was altered, added or removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .schema import OPTIONAL_FILES, REQUIRED_FILES

VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,63}")
MANIFEST = "manifest.json"
RELEASED_FILES = (
    *REQUIRED_FILES,
    *OPTIONAL_FILES,
    "kerangka_spbe_2020.csv",
    "kerangka_pemdi_2026.csv",
)


class ReleaseError(Exception):
    """A release cannot be made or does not verify; the message says why."""


@dataclass(frozen=True)
class Release:
    version: str
    date: dt.date
    note: str
    files: dict[str, str]  # path inside the release -> sha256
    previous: str | None  # previous version
    previous_manifest: str | None  # sha256 of the previous manifest.json
    path: Path

    @property
    def manifest_sha256(self) -> str:
        return sha256_file(self.path / MANIFEST)

    @property
    def data_dir(self) -> Path:
        return self.path / "data"


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read(path: Path) -> Release:
    data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    return Release(
        version=data["versi"],
        date=dt.date.fromisoformat(data["tanggal"]),
        note=data.get("catatan", ""),
        files=data["file"],
        previous=data.get("versi_sebelumnya"),
        previous_manifest=data.get("sha256_manifest_sebelumnya"),
        path=path,
    )


def chain(store: Path) -> list[Release]:
    """Every release, oldest first, following the hash chain back from the newest."""
    if not store.is_dir():
        return []
    releases = {p.name: _read(p) for p in sorted(store.iterdir()) if (p / MANIFEST).is_file()}
    for release in releases.values():
        if release.previous and release.previous not in releases:
            raise ReleaseError(
                f"rilis {release.previous} hilang dari rantai (dirujuk oleh {release.version}): "
                f"{store / release.previous} tidak ada"
            )
    referenced = {r.previous for r in releases.values() if r.previous}
    heads = [v for v in releases if v not in referenced]
    if not releases:
        return []
    if len(heads) != 1:
        raise ReleaseError(f"rantai rilis bercabang atau putus: rilis terakhir {', '.join(heads)}")
    ordered = []
    current: str | None = heads[0]
    while current:
        ordered.append(releases[current])
        current = releases[current].previous
    ordered.reverse()
    return ordered


def freeze(
    datadir: Path, store: Path, version: str, note: str, date: dt.date | None = None
) -> Release:
    """Copy the exports into ``store/<version>/`` with a manifest chained to the last."""
    if not VERSION.fullmatch(version):
        raise ReleaseError(
            f"nama versi '{version}' tidak sah: pakai huruf, angka, titik, garis bawah atau "
            "tanda hubung, misalnya 2026-TW3"
        )
    target = store / version
    if target.exists():
        raise ReleaseError(
            f"rilis {version} sudah ada; rilis tidak pernah ditimpa. Pakai nama versi baru"
        )
    releases = chain(store)
    previous = releases[-1] if releases else None
    names = [n for n in RELEASED_FILES if (datadir / n).is_file()]
    staging = store / f".{version}.baru"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "data").mkdir(parents=True)
    for name in names:
        shutil.copyfile(datadir / name, staging / "data" / name)
    manifest = {
        "versi": version,
        "tanggal": (date or dt.date.today()).isoformat(),
        "catatan": note,
        "file": {f"data/{n}": sha256_file(staging / "data" / n) for n in names},
        "versi_sebelumnya": previous.version if previous else None,
        "sha256_manifest_sebelumnya": previous.manifest_sha256 if previous else None,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    (staging / MANIFEST).write_text(text, encoding="utf-8")
    staging.rename(target)
    return _read(target)


def verify(store: Path) -> list[str]:
    """Every problem with the stored releases, each naming its file; [] when intact."""
    try:
        releases = chain(store)
    except ReleaseError as exc:
        return [str(exc)]
    except (KeyError, ValueError) as exc:
        return [f"manifest rusak: {exc}"]
    problems = []
    for i, release in enumerate(releases):
        found = {
            str(p.relative_to(release.path))
            for p in release.path.rglob("*")
            if p.is_file() and p.name != MANIFEST
        }
        for name, digest in sorted(release.files.items()):
            path = release.path / name
            if not path.is_file():
                problems.append(f"{path}: file hilang setelah rilis")
            elif sha256_file(path) != digest:
                problems.append(f"{path}: isi berubah setelah rilis (SHA-256 tidak cocok)")
        for name in sorted(found - set(release.files)):
            problems.append(f"{release.path / name}: file ditambahkan setelah rilis")
        if i > 0:
            before = releases[i - 1]
            if release.previous_manifest != before.manifest_sha256:
                problems.append(
                    f"{before.path / MANIFEST}: manifest berubah setelah rilis {release.version} "
                    "dibuat (hash rantai tidak cocok)"
                )
    return problems


def data_matches(datadir: Path, release: Release) -> bool:
    """True when ``datadir`` holds exactly the files of ``release``."""
    names = {f"data/{n}" for n in RELEASED_FILES if (datadir / n).is_file()}
    if names != set(release.files):
        return False
    return all(
        sha256_file(datadir / n.removeprefix("data/")) == d for n, d in release.files.items()
    )


def checksums_text(release: Release) -> str:
    """``sha256sum -c`` input for the files of a release, as downloaded."""
    return "".join(f"{d}  {Path(n).name}\n" for n, d in sorted(release.files.items()))
