"""Releases: each publication of the data frozen in the repository, linked to
the one before it by a hash, so that any later change is evident.

A release ``rilis/<versi>/`` holds ``data/`` (the exports exactly as they were
released), ``unduhan/`` (the site's downloads made from them: CSV, XLSX,
JSON, Parquet, SQLite, ZIP, exactly as /data/ serves them while this release
is the site's data) and ``manifest.json``: the SHA-256 of every file, the
date, a note, and the SHA-256 of the previous release's manifest. ``verify`` recomputes all
of it and names whatever was altered, added or removed.

The chain cannot vouch for its newest link; a signature can. A release made
with a key carries ``manifest.json.minisig`` (``signing``), and the first
signed release stores the public key as ``rilis/kunci-publik.pub``. From then
on every release must be signed by that key: an unsigned one after a signed
one fails ``verify``. What anchors the key itself is the published site
(``anchor``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terbuka.core import writes
from terbuka.core.files import NotRegularFileError, read_regular
from terbuka.core.formatting import long_date
from terbuka.core.problems import TerbukaError
from terbuka.core.schema import INPUT_FILES, report_file_name
from terbuka.publishing import signing

VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,63}")
# Names Windows cannot hold, with or without an extension (CON, con.txt, LPT1).
WINDOWS_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?", re.IGNORECASE)
MANIFEST = "manifest.json"
PUBLIC_KEY = "kunci-publik.pub"  # in the store, beside the release folders
SIGNATURE = "manifest.json.minisig"
RELEASED_FILES = INPUT_FILES  # every file of the contract ...
# ... and the per-unit reports beside them (schema.report_file_name): the
# only entries a manifest may list, all in data/.
ALLOWED_ENTRIES = frozenset(f"data/{name}" for name in RELEASED_FILES)


DOWNLOADS = "unduhan"  # the folder of a release's frozen downloads
# A frozen download: one of the site's /data/ files, by the names it publishes.
_DOWNLOAD = re.compile(r"[a-z][a-z0-9_-]{0,63}\.(csv|xlsx|json|parquet|sqlite|zip)")


def allowed_entry(name: str) -> bool:
    """A manifest entry: a contract file or a report's name, directly in data/,
    or a download of the site directly in unduhan/."""
    if name in ALLOWED_ENTRIES:
        return True
    if name.startswith(f"{DOWNLOADS}/"):
        return _DOWNLOAD.fullmatch(name.removeprefix(f"{DOWNLOADS}/")) is not None
    return name.startswith("data/") and report_file_name(name.removeprefix("data/"))


def edition_of(version: str, date: dt.date) -> str:
    """How the site names the data of a release, in citations and downloads."""
    return f"Rilis {version} ({long_date(date)})"


def downloads_of(release: Release) -> dict[str, str]:
    """The frozen downloads of a release: file name (as /data/ serves it) -> SHA-256."""
    prefix = f"{DOWNLOADS}/"
    return {
        n.removeprefix(prefix): d for n, d in sorted(release.files.items()) if n.startswith(prefix)
    }


def released_names(datadir: Path) -> list[str]:
    """The files of data/ a release freezes: the contract's, then the reports."""
    names = [n for n in RELEASED_FILES if (datadir / n).is_file()]
    reports = sorted(
        p.name
        for p in datadir.iterdir()
        if report_file_name(p.name) and p.is_file() and not p.is_symlink()
    )
    return names + reports


_SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_MANIFEST_BYTES = 1_000_000  # a manifest lists a dozen files


# Names the site uses beside the release folders under /rilis/.
TAKEN = frozenset({"cek", "index.html", "atom.xml", "rantai.json", PUBLIC_KEY})


def version_problem(version: str) -> str | None:
    """Why ``version`` cannot name a release (folder and URL), or None."""
    if not VERSION.fullmatch(version) or ".." in version or version.endswith("."):
        return (
            f"nama versi '{version}' tidak sah: pakai huruf, angka, titik, garis bawah atau "
            "tanda hubung (paling banyak 64, diawali huruf atau angka, tanpa '..' dan tidak "
            "diakhiri titik), misalnya 2026-TW3"
        )
    if version.lower() in TAKEN:
        return f"nama versi '{version}' dipakai situs untuk hal lain; pakai nama lain"
    if WINDOWS_RESERVED.fullmatch(version):
        return f"nama versi '{version}' adalah nama yang dicadangkan Windows; pakai nama lain"
    return None


class ReleaseError(TerbukaError):
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

    @property
    def signed(self) -> bool:
        return (self.path / SIGNATURE).exists() or (self.path / SIGNATURE).is_symlink()


def sha256_file(path: Path) -> str:
    return hashlib.sha256(read_regular(path)).hexdigest()


def _field(data: dict[str, Any], key: str, kind: type, where: Path) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise ReleaseError(f"{where}: kolom '{key}' hilang atau jenisnya salah")
    return value


def _read(path: Path) -> Release:
    """One release's manifest, every entry checked; ``ReleaseError`` names what is wrong."""
    where = path / MANIFEST
    try:
        data = json.loads(read_regular(where, MAX_MANIFEST_BYTES).decode("utf-8"))
    except (OSError, NotRegularFileError, ValueError, RecursionError) as exc:
        # ValueError: bad UTF-8, bad JSON, or a number of thousands of digits
        raise ReleaseError(f"{where}: manifest tidak bisa dibaca ({exc})") from None
    if not isinstance(data, dict):
        raise ReleaseError(f"{where}: manifest harus berupa objek JSON")
    version = _field(data, "versi", str, where)
    if version != path.name:
        raise ReleaseError(f"{where}: versi '{version}' tidak sama dengan nama foldernya")
    files = _field(data, "file", dict, where)
    for name, digest in files.items():
        if not allowed_entry(name):
            raise ReleaseError(
                f"{where}: entri '{name}' tidak diizinkan; manifest hanya boleh memuat "
                "file data kontrak atau laporan per OPD di data/ (misalnya data/kegiatan.csv) "
                "dan unduhan situs di unduhan/ (misalnya unduhan/kegiatan.parquet)"
            )
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise ReleaseError(f"{where}: SHA-256 entri '{name}' tidak sah")
    previous = data.get("versi_sebelumnya")
    if previous is not None and (not isinstance(previous, str) or version_problem(previous)):
        raise ReleaseError(f"{where}: versi_sebelumnya '{previous}' tidak sah")
    previous_manifest = data.get("sha256_manifest_sebelumnya")
    if previous_manifest is not None and not (
        isinstance(previous_manifest, str) and _SHA256.fullmatch(previous_manifest)
    ):
        raise ReleaseError(f"{where}: sha256_manifest_sebelumnya tidak sah")
    try:
        date = dt.date.fromisoformat(_field(data, "tanggal", str, where))
    except ValueError:
        raise ReleaseError(f"{where}: tanggal bukan YYYY-MM-DD") from None
    note = data.get("catatan", "")
    return Release(
        version=version,
        date=date,
        note=note if isinstance(note, str) else "",
        files=dict(files),
        previous=previous,
        previous_manifest=previous_manifest,
        path=path,
    )


def _stored(store: Path) -> tuple[dict[str, Release], list[str]]:
    """Every release folder's manifest, and what is wrong with any of them."""
    releases: dict[str, Release] = {}
    problems: list[str] = []
    for path in sorted(store.iterdir()):
        if path.name.startswith(".") or path.name == PUBLIC_KEY:
            continue  # a release being made (".<versi>.baru"), or the key
        if path.is_symlink() or not path.is_dir():
            problems.append(f"{path}: bukan folder rilis (tautan atau file); hapus dari {store}")
            continue
        if (problem := version_problem(path.name)) is not None:
            problems.append(f"{path}: {problem}")
            continue
        if not (path / MANIFEST).exists():
            problems.append(f"{path}: folder rilis tanpa {MANIFEST}")
            continue
        try:
            releases[path.name] = _read(path)
        except ReleaseError as exc:
            problems.append(str(exc))
    return releases, problems


def chain_problems(store: Path) -> tuple[list[Release], list[str]]:
    """The releases oldest first, and every loop, fork or gap in their chain.

    Each release is visited at most once, so a loop ends the walk at once.
    """
    if not store.is_dir():
        return [], []
    releases, problems = _stored(store)
    children: dict[str, list[str]] = {}
    for release in releases.values():
        if release.previous is None:
            continue
        if release.previous not in releases:
            problems.append(
                f"rilis {release.previous} hilang dari rantai (dirujuk oleh {release.version}): "
                f"{store / release.previous} tidak ada atau rusak"
            )
        children.setdefault(release.previous, []).append(release.version)
    for parent, kids in sorted(children.items()):
        if len(kids) > 1:
            problems.append(
                f"rantai rilis bercabang: {', '.join(sorted(kids))} sama-sama menunjuk {parent}"
            )
    heads = sorted(v for v in releases if v not in children)
    if releases and not heads:
        problems.append(f"rantai rilis berputar: setiap rilis di {store} dirujuk rilis lain")
    elif len(heads) > 1:
        problems.append(f"rantai rilis bercabang atau putus: rilis terakhir {', '.join(heads)}")
    ordered: list[Release] = []
    seen: set[str] = set()
    current: str | None = heads[-1] if len(heads) == 1 else None
    while current is not None and current in releases:
        if current in seen:
            problems.append(f"rantai rilis berputar: rilis {current} dikunjungi dua kali")
            break
        seen.add(current)
        ordered.append(releases[current])
        current = releases[current].previous
    stray = sorted(set(releases) - seen)
    if stray and len(heads) == 1:
        problems.append(f"rilis {', '.join(stray)} tidak tersambung ke rantai (berputar)")
    ordered.reverse()
    return ([] if problems else ordered), problems


def chain(store: Path) -> list[Release]:
    """Every release, oldest first; ``ReleaseError`` when the chain is broken."""
    ordered, problems = chain_problems(store)
    if problems:
        raise ReleaseError("; ".join(problems))
    return ordered


def public_key(store: Path) -> signing.PublicKey | None:
    """The releases' public key, or None before the first signed release."""
    path = store / PUBLIC_KEY
    if not path.exists() and not path.is_symlink():
        return None
    try:
        return signing.parse_public_key(read_regular(path, signing.MAX_KEY_FILE), str(path))
    except (NotRegularFileError, OSError) as exc:
        raise ReleaseError(f"{path}: kunci publik tidak bisa dibaca ({exc})") from None


def trusted_comment(version: str) -> str:
    """What the signature itself vouches for, shown by ``minisign -V``."""
    return f"rilis:{version}\tfile:{MANIFEST}"


def _signing_problem(store: Path, key: signing.SecretKey | None) -> str | None:
    """Why this key (or no key) may not sign the next release, or None."""
    stored = public_key(store)
    if stored is None:
        return None
    if key is None:
        return (
            f"rilis sebelumnya ditandatangani dengan kunci {stored.id_text} "
            f"({store / PUBLIC_KEY}); rilis baru harus ditandatangani kunci yang sama: "
            "tambahkan KUNCI=/lokasi/kunci.key"
        )
    if key.public != stored:
        return (
            f"kunci {key.public.id_text} bukan kunci rilis ini ({stored.id_text}, "
            f"{store / PUBLIC_KEY}); tanda tangani dengan kunci yang sama"
        )
    return None


def freeze(
    datadir: Path,
    store: Path,
    version: str,
    note: str,
    date: dt.date | None = None,
    key: signing.SecretKey | None = None,
    downloads: dict[str, bytes] | None = None,
) -> Release:
    """Copy the exports into ``store/<version>/``, and ``downloads`` (the site's
    /data/ files made from them) into its ``unduhan/``, with a manifest chained
    to the last, signed with ``key`` when given (and required once one was)."""
    if (problem := version_problem(version)) is not None:
        raise ReleaseError(problem)
    if (problem := _signing_problem(store, key)) is not None:
        raise ReleaseError(problem)
    target = store / version
    if target.exists() or target.is_symlink():
        raise ReleaseError(
            f"rilis {version} sudah ada; rilis tidak pernah ditimpa. Pakai nama versi baru"
        )
    releases = chain(store)
    previous = releases[-1] if releases else None
    names = released_names(datadir)
    staging = f".{version}.baru"
    store.mkdir(parents=True, exist_ok=True)
    if (store / staging).exists():
        writes.remove_tree(store, staging)
    digests = {}
    for name in names:
        data = read_regular(datadir / name)
        writes.write_bytes(store, f"{staging}/data/{name}", data)
        digests[f"data/{name}"] = hashlib.sha256(data).hexdigest()
    for name, data in sorted((downloads or {}).items()):
        entry = f"{DOWNLOADS}/{name}"
        if not allowed_entry(entry):
            raise ReleaseError(f"unduhan '{name}' tidak bisa dibekukan: nama file tidak sah")
        writes.write_bytes(store, f"{staging}/{entry}", data)
        digests[entry] = hashlib.sha256(data).hexdigest()
    manifest = {
        "versi": version,
        "tanggal": (date or dt.date.today()).isoformat(),
        "catatan": note,
        "file": digests,
        "versi_sebelumnya": previous.version if previous else None,
        "sha256_manifest_sebelumnya": previous.manifest_sha256 if previous else None,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    writes.write_text(store, f"{staging}/{MANIFEST}", text)
    if key is not None:
        signature = signing.sign(key, text.encode("utf-8"), trusted_comment(version))
        writes.write_bytes(store, f"{staging}/{SIGNATURE}", signature)
        if public_key(store) is None:
            writes.write_text(store, PUBLIC_KEY, key.public.file_text())
    writes.replace(store, staging, version)
    return _read(target)


def release_file(release: Release, name: str) -> bytes:
    """The bytes of a listed file, read only inside its release folder."""
    if not allowed_entry(name):
        raise ReleaseError(f"{release.path / MANIFEST}: entri '{name}' tidak diizinkan")
    try:
        return read_regular(writes.inside(release.path, name, "membaca"))
    except (writes.UnsafeWriteError, NotRegularFileError, OSError) as exc:
        raise ReleaseError(
            f"{release.path / name}: tidak bisa dibaca di dalam rilis ({exc})"
        ) from None


def verify(store: Path) -> list[str]:
    """Every problem with the stored releases, each naming its file; [] when intact."""
    releases, problems = chain_problems(store)
    if problems:
        return problems
    problems += signature_problems(store, releases)
    for i, release in enumerate(releases):
        found = set()
        for p in release.path.rglob("*"):
            if p.is_symlink():
                problems.append(f"{p}: tautan simbolik di dalam rilis; rilis hanya memuat file")
            elif p.is_file() and str(p.relative_to(release.path)) not in (MANIFEST, SIGNATURE):
                found.add(str(p.relative_to(release.path)))
        for name, digest in sorted(release.files.items()):
            path = release.path / name
            if not path.exists() and not path.is_symlink():
                problems.append(f"{path}: file hilang setelah rilis")
                continue
            try:
                data = release_file(release, name)
            except ReleaseError as exc:
                problems.append(str(exc))
                continue
            if hashlib.sha256(data).hexdigest() != digest:
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


def signature_problems(store: Path, releases: list[Release]) -> list[str]:
    """Every signature that does not verify, and every unsigned release after
    a signed one (a downgrade would let the newest release be rewritten)."""
    try:
        key = public_key(store)
    except (ReleaseError, signing.SigningError) as exc:
        return [str(exc)]
    problems = []
    signed_before: Release | None = None
    for release in releases:
        where = release.path / SIGNATURE
        if not release.signed:
            if signed_before is not None:
                problems.append(
                    f"{where}: rilis {release.version} tidak ditandatangani, padahal rilis "
                    f"{signed_before.version} sebelumnya ditandatangani"
                )
            continue
        signed_before = release
        if key is None:
            problems.append(f"{where}: rilis bertanda tangan tetapi {store / PUBLIC_KEY} tidak ada")
            continue
        try:
            signing.verify(
                key,
                read_regular(release.path / MANIFEST, MAX_MANIFEST_BYTES),
                read_regular(where, signing.MAX_KEY_FILE),
                str(where),
            )
        except signing.SigningError as exc:
            problems.append(str(exc))
        except (NotRegularFileError, OSError) as exc:
            problems.append(f"{where}: tidak bisa dibaca ({exc})")
    return problems


def data_matches(datadir: Path, release: Release) -> bool:
    """True when ``datadir`` holds exactly the files of ``release``."""
    exports = {n: d for n, d in release.files.items() if n.startswith("data/")}
    if {f"data/{n}" for n in released_names(datadir)} != set(exports):
        return False
    return all(sha256_file(datadir / n.removeprefix("data/")) == d for n, d in exports.items())


def checksums_text(release: Release, folder: str = "data") -> str:
    """``sha256sum -c`` input for the files of one folder of a release (the
    exports in ``data``, the downloads in ``unduhan``), derived from its
    manifest: each line is one of the manifest's entries."""
    prefix = f"{folder}/"
    return "".join(
        f"{d}  {n.removeprefix(prefix)}\n"
        for n, d in sorted(release.files.items())
        if n.startswith(prefix)
    )
