"""What a build keeps for the next one: one store, one set of rules.

Every cached product lives under the cache folder in a folder named for its
kind (``KINDS``), under a name that is a digest of what it is made from. The
rules hold for every kind:

- an entry is written whole (a temporary name, then a rename), so a build
  killed midway leaves no half entry;
- an entry carries the SHA-256 of its bytes (inside it, or beside it for
  files that workers write), checked whenever it is used: a truncated,
  damaged or edited entry is a miss, removed and made again, never served;
- entries are bytes (pages, SVG, PNG, CSV, XLSX, SQLite, ZIP) or JSON, never
  pickles: reading the cache cannot run code;
- one pruning rule: past ``keep`` entries of a kind, the least recently used
  go.

A digest found in the cache only proves the bytes were not damaged since they
were written; someone who can write to the cache can write a matching digest.
So a publish, and any build with ``--force``, starts from an empty store of
its own (``fresh``): nothing in ``cache/`` reaches a published site.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from terbuka.core.files import NotRegularFileError, read_regular
from terbuka.core.writes import write_whole

TABLES = "tabel"  # each export read: its cells and problems (JSON)
PAGES = "halaman"  # rendered pages
FILES = "unduhan"  # data files, SQLite and the ZIP
CHARTS = "grafik"  # SVG and PNG of each chart
BUILDS = "bangun"  # what the last build of each output folder was made from
KINDS = (TABLES, PAGES, FILES, CHARTS, BUILDS)
SIDECAR = ".sha256"
_HEX = frozenset("0123456789abcdef")
_NAME = re.compile(r"[0-9a-f]{16,64}(\.[a-z0-9]{1,8})*|[0-9a-f]{64}")  # a digest, a suffix


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _is_digest(text: bytes | str) -> bool:
    value = text.decode("ascii", "replace") if isinstance(text, bytes) else text
    return len(value) == 64 and set(value) <= _HEX


class CacheStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, kind: str) -> Path:
        if kind not in KINDS:
            raise ValueError(f"unknown cache kind {kind!r}")
        path = self.root / kind
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _entry(self, kind: str, name: str) -> Path:
        """The entry's path; a name is a digest (and a suffix), never a path."""
        if not _NAME.fullmatch(name):
            raise ValueError(f"cache entry name {name!r} is not a digest")
        return self.folder(kind) / name

    # Entries of bytes, their digest in their first line ------------------------

    def get(self, kind: str, name: str) -> bytes | None:
        path = self._entry(kind, name)
        try:
            stored = read_regular(path)  # never through a link, never a pipe or a folder
        except NotRegularFileError:
            _remove(path)
            return None
        digest, _, data = stored.partition(b"\n")
        if not _is_digest(digest) or hashlib.sha256(data).hexdigest() != digest.decode("ascii"):
            _remove(path)  # damaged or edited: made again
            return None
        _touch(path)
        return data

    def put(self, kind: str, name: str, data: bytes) -> None:
        digest = hashlib.sha256(data).hexdigest().encode("ascii")
        path = self._entry(kind, name)
        _remove(path)  # whatever stands there (a folder, a link) gives way
        write_whole(path, digest + b"\n" + data)

    # Files (written by workers or streamed), their digest beside them -----------

    def path(self, kind: str, name: str) -> Path:
        """Where a file product is written (then ``seal``-ed)."""
        path = self._entry(kind, name)
        _remove(path)
        _remove(path.with_name(path.name + SIDECAR))
        return path

    def seal(self, kind: str, name: str, digest: str | None = None) -> Path:
        """Record the digest of a file product just written at ``path(kind, name)``
        (``digest`` when the writer already knows it)."""
        path = self._entry(kind, name)
        sidecar = path.with_name(path.name + SIDECAR)
        _remove(sidecar)
        write_whole(sidecar, (digest or sha256_file(path)).encode("ascii"))
        return path

    def put_file(self, kind: str, name: str, data: bytes) -> tuple[Path, str]:
        """``data`` kept as a file product, sealed; its path and SHA-256."""
        digest = hashlib.sha256(data).hexdigest()
        write_whole(self.path(kind, name), data)
        return self.seal(kind, name, digest), digest

    def claimed(self, kind: str, name: str) -> str | None:
        """The digest a sealed file product's seal records, without reading the
        file: for a caller that needs only the digest (a file the live site
        already holds with it is linked from there, and this one never read)."""
        sidecar = self._entry(kind, name).with_name(name + SIDECAR)
        try:
            recorded = read_regular(sidecar, 64)
        except NotRegularFileError:
            return None
        return recorded.decode("ascii") if _is_digest(recorded) else None

    def file(self, kind: str, name: str) -> Path | None:
        """A sealed file product whose bytes still have their digest, else None."""
        found = self.sealed_file(kind, name)
        return found[0] if found is not None else None

    def sealed_file(self, kind: str, name: str) -> tuple[Path, str] | None:
        """A sealed file product whose bytes still have their digest, and the
        digest; else None."""
        path = self._entry(kind, name)
        sidecar = path.with_name(path.name + SIDECAR)
        if path.is_symlink() or not path.is_file():
            return None
        try:
            recorded = read_regular(sidecar, 64)
        except NotRegularFileError:
            return None
        digest = recorded.decode("ascii", "replace")
        if not _is_digest(recorded) or sha256_file(path) != digest:
            _remove(path)
            _remove(sidecar)
            return None
        _touch(path)
        return path, digest

    def prune(self, kind: str, keep: int, used: frozenset[str] | set[str] = frozenset()) -> None:
        """Past ``keep`` entries, remove the least recently used (never one in ``used``)."""
        entries = [p for p in self.folder(kind).iterdir() if not p.name.endswith(SIDECAR)]
        if len(entries) <= keep:
            return
        entries.sort(key=_used_at, reverse=True)
        for path in entries[keep:]:
            if path.name not in used:
                _remove(path)
                _remove(path.with_name(path.name + SIDECAR))


LOCK = ".kunci"  # held by the build that uses the store


@contextlib.contextmanager
def one_build_at_a_time(root: Path) -> Iterator[None]:
    """Hold the store at ``root`` for one build: a build renders pages and
    data files into the store and copies them into the site later, so another
    build's pruning or debris clearing in between would take them away. A
    second build on the same store waits, and says so."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Menunggu pembangunan lain yang memakai {root} selesai...", file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # the lock goes with it


def fresh(near: Path) -> Path:
    """An empty cache folder of its own beside ``near`` (removed with ``discard``)."""
    near.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{near.name}-bersih-", dir=near.parent))


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _used_at(path: Path) -> int:
    """When an entry was last used; one gone or broken meanwhile counts as oldest."""
    try:
        return path.lstat().st_mtime_ns
    except OSError:
        return 0


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by ``prune``


def _remove(path: Path) -> None:
    """Remove an entry whatever it is (a file, a link, a folder planted there)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
        return
    with contextlib.suppress(FileNotFoundError, PermissionError):
        path.unlink()
