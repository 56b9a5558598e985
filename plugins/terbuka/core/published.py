"""One road to the output: every file the build writes is an entry of a
``Published`` collection, and ``commit`` writes them all through the gate.

Each output family (pages, charts, data files, the city's look, releases'
files, the search index) is started with what it is made from and hands
back its files from ``finish()`` (the ``Output`` protocol, after sdg-build's
``OutputBase``). The generator merges the collections and commits them once,
so the digests the site lists (``sidik-situs.txt``, ``rilis/cek/sidik.json``)
are the digests of what was written; a file written any other way is named
when the site's list is made, and left out of it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from terbuka.core.cache import sha256_file
from terbuka.core.live import LiveTree
from terbuka.core.writes import Gate

# A file's bytes, or a file holding them (a cache entry): the table files of a
# large city (a gigabyte for a province) are never all held in memory at once.
FileData = bytes | Path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Published:
    """Files of the site by their path in it, each with its SHA-256 (computed once)."""

    files: dict[str, FileData] = field(default_factory=dict)
    _digests: dict[str, str] = field(default_factory=dict)
    linked: set[str] = field(default_factory=set)  # by the last commit, from the live site

    @property
    def written(self) -> list[str]:
        """What the last commit wrote (not linked from the live site)."""
        return sorted(self.files.keys() - self.linked)

    def add(self, path: str, data: FileData, digest: str | None = None) -> None:
        """Add a file; ``digest`` when it is already known (a sealed cache file)."""
        self.files[path] = data
        self._digests.pop(path, None)
        if digest is not None:
            self._digests[path] = digest

    def merge(self, other: Published) -> None:
        """Take ``other``'s files; a path two families both write is a bug of the build."""
        twice = self.files.keys() & other.files.keys()
        if twice:
            raise ValueError(f"two outputs write {sorted(twice)[:3]}")
        self.files.update(other.files)
        self._digests.update(other._digests)

    def read(self, path: str) -> bytes:
        data = self.files[path]
        return data if isinstance(data, bytes) else data.read_bytes()

    def size(self, path: str) -> int:
        data = self.files[path]
        return len(data) if isinstance(data, bytes) else data.stat().st_size

    def digest(self, path: str) -> str:
        """SHA-256 of the file, computed once (``commit`` checks that the bytes
        written to the site still have it)."""
        if path not in self._digests:
            data = self.files[path]
            self._digests[path] = sha256(data) if isinstance(data, bytes) else sha256_file(data)
        return self._digests[path]

    def info(self, path: str) -> dict[str, str | int]:
        return {"path": path, "bytes": self.size(path), "sha256": self.digest(path)}

    def digests(self) -> dict[str, str]:
        return {path: self.digest(path) for path in self.files}

    def commit(self, output: Path, live: LiveTree | None = None) -> dict[str, str]:
        """Write every file under ``output`` through the gate; the digests written.
        A file held on disk is copied and refused unless it still has its digest.
        A file the live site (``live``) already holds with the same digest is
        hard-linked from there instead: a rebuild writes only what changed."""
        gate = Gate(output)
        self.linked = set()
        for path, data in self.files.items():
            twin = live.twin(path, self.digest(path)) if live is not None else None
            if twin is not None and gate.link(path, twin):
                self.linked.add(path)
                continue
            if isinstance(data, bytes):
                gate.write_bytes(path, data)
            else:
                gate.copy_checked(path, data, self.digest(path))
        return self.digests()


class Output(Protocol):
    """An output family: started with what it is made from (in a worker pool
    when it has slow work), it hands back its files once they are made."""

    def finish(self) -> Published: ...
