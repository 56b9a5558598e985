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
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from terbuka.core.writes import write_whole

TABLES = "tabel"  # each export read: its cells and problems (JSON)
PAGES = "halaman"  # rendered pages
FILES = "unduhan"  # data files, SQLite and the ZIP
CHARTS = "grafik"  # SVG and PNG of each chart
BUILDS = "bangun"  # what the last build of each output folder was made from
KINDS = (TABLES, PAGES, FILES, CHARTS, BUILDS)
SIDECAR = ".sha256"
_HEX = frozenset("0123456789abcdef")


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

    # Entries of bytes, their digest in their first line ------------------------

    def get(self, kind: str, name: str) -> bytes | None:
        path = self.folder(kind) / name
        try:
            stored = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        digest, _, data = stored.partition(b"\n")
        if not _is_digest(digest) or hashlib.sha256(data).hexdigest() != digest.decode("ascii"):
            _remove(path)  # damaged or edited: made again
            return None
        _touch(path)
        return data

    def put(self, kind: str, name: str, data: bytes) -> None:
        digest = hashlib.sha256(data).hexdigest().encode("ascii")
        write_whole(self.folder(kind) / name, digest + b"\n" + data)

    # Files (written by workers or streamed), their digest beside them -----------

    def path(self, kind: str, name: str) -> Path:
        """Where a file product is written (then ``seal``-ed)."""
        return self.folder(kind) / name

    def seal(self, kind: str, name: str) -> Path:
        """Record the digest of a file product just written at ``path(kind, name)``."""
        path = self.path(kind, name)
        write_whole(path.with_name(path.name + SIDECAR), sha256_file(path).encode("ascii"))
        return path

    def file(self, kind: str, name: str) -> Path | None:
        """A sealed file product whose bytes still have their digest, else None."""
        path = self.path(kind, name)
        sidecar = path.with_name(path.name + SIDECAR)
        if not path.is_file() or path.is_symlink() or not sidecar.is_file():
            return None
        recorded = sidecar.read_bytes()
        if not _is_digest(recorded) or sha256_file(path) != recorded.decode("ascii"):
            _remove(path)
            _remove(sidecar)
            return None
        _touch(path)
        return path

    def prune(self, kind: str, keep: int, used: frozenset[str] | set[str] = frozenset()) -> None:
        """Past ``keep`` entries, remove the least recently used (never one in ``used``)."""
        entries = [p for p in self.folder(kind).iterdir() if not p.name.endswith(SIDECAR)]
        if len(entries) <= keep:
            return
        entries.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for path in entries[keep:]:
            if path.name not in used:
                _remove(path)
                _remove(path.with_name(path.name + SIDECAR))


def fresh(near: Path) -> Path:
    """An empty cache folder of its own beside ``near`` (removed with ``discard``)."""
    near.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{near.name}-bersih-", dir=near.parent))


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by ``prune``


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
        path.unlink()
