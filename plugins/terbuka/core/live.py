"""The site the last build left in an output folder, file by file: what a
rebuild hard-links instead of writing again, and what "nothing changed" is
checked against.

The record holds each file's SHA-256 as the build wrote it, with the size,
modification time and inode the build left it with. A file whose size, time
and inode are still the recorded ones is the file the build wrote (an editor
that changes it changes its time, or its inode when it writes a new file; git's
index trusts the same fields), so its digest is known without reading it. Its
change time is not kept: hard-linking a file into the next tree changes it.

A rebuild writes into a new folder beside the live one and swaps it in (a
failed build leaves the live site as it was); a file whose bytes did not
change is hard-linked from the live folder instead of written, so a one-row
fix writes a few dozen files, not the whole site. A linked file is never
written through: ``writes`` breaks a shared link before it writes a path.

The record is a sealed entry of the cache store (``BUILDS``), named by the
output folder; ``--force`` and a publish build from a store of their own, in
which there is none, so nothing of an earlier tree reaches them.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from terbuka.core.cache import BUILDS, CacheStore, sha256_file

# sha256, size, modification time (ns), inode
Entry = tuple[str, int, int, int]


def files_under(root: Path) -> dict[str, os.stat_result]:
    """Every entry under ``root`` that is not a folder, by its path in the site."""
    found: dict[str, os.stat_result] = {}
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = f"{prefix}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    pending.append((Path(entry.path), f"{name}/"))
                else:
                    found[name] = entry.stat(follow_symlinks=False)
    return found


def _same(entry: Entry, found: os.stat_result) -> bool:
    return stat.S_ISREG(found.st_mode) and entry[1:] == (
        found.st_size,
        found.st_mtime_ns,
        found.st_ino,
    )


@dataclass
class LiveTree:
    """The files of the site in ``root`` as its build left them."""

    root: Path
    files: dict[str, Entry]
    fingerprint: str = ""  # what the build was made from (the inputs' digest)
    # Paths written by Pelican after this build's own files: never linked,
    # since Pelican writes into an existing file in place.
    unlinkable: frozenset[str] = field(default_factory=frozenset)
    # What the build made again (pages rendered, charts drawn, data files
    # made, files written rather than linked), kept for whoever asks.
    made: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def record(
        cls,
        root: Path,
        digests: dict[str, str],
        fingerprint: str = "",
        made: dict[str, list[str]] | None = None,
    ) -> LiveTree:
        """The files under ``root`` now; a digest ``digests`` lacks is computed."""
        files: dict[str, Entry] = {}
        for name, found in files_under(root).items():
            if not stat.S_ISREG(found.st_mode):
                continue  # a link or a device is never trusted, so never recorded
            digest = digests.get(name) or sha256_file(root / name)
            files[name] = (digest, found.st_size, found.st_mtime_ns, found.st_ino)
        return cls(root, files, fingerprint, made=made or {})

    def unchanged(self) -> bool:
        """Every recorded file is still there as the build left it, and no other."""
        try:
            found = files_under(self.root)
        except OSError:
            return False
        if found.keys() != self.files.keys():
            return False
        return all(_same(self.files[name], st) for name, st in found.items())

    def twin(self, path: str, digest: str) -> Path | None:
        """The live file at ``path`` when it still is the recorded file with ``digest``."""
        entry = self.files.get(path)
        if entry is None or entry[0] != digest or path in self.unlinkable:
            return None
        live = self.root / path
        try:
            found = os.lstat(live)
        except OSError:
            return None
        return live if _same(entry, found) else None

    def edited_links(self, staging: Path) -> list[str]:
        """Files of ``staging`` linked from this live site (one inode) that
        changed after the record was taken: edited in the live folder while
        the build ran. Their digests in the new site's list would be wrong."""
        found = []
        for name, st in files_under(staging).items():
            entry = self.files.get(name)
            if entry is not None and entry[3] == st.st_ino and not _same(entry, st):
                found.append(name)
        return sorted(found)

    def without(self, paths: set[str], folder: str) -> LiveTree:
        """This record, with ``paths`` and everything under ``folder`` never linked
        (a folder of "" or "." is the whole site: nothing is linked)."""
        folder = folder.strip("/")
        if folder in ("", "."):
            return LiveTree(self.root, {}, self.fingerprint, made=self.made)
        under = {p for p in self.files if p.startswith(f"{folder}/")}
        return LiveTree(
            self.root, self.files, self.fingerprint, frozenset(paths | under), self.made
        )


def _name(output: Path) -> str:
    return hashlib.sha256(str(output.resolve()).encode("utf-8")).hexdigest()


def load(store: CacheStore, output: Path) -> LiveTree | None:
    """The record of the last build into ``output``, or None (none, damaged, unreadable)."""
    data = store.get(BUILDS, _name(output))
    if data is None:
        return None
    try:
        kept = json.loads(data)
        files = {
            str(k): (str(v[0]), int(v[1]), int(v[2]), int(v[3])) for k, v in kept["files"].items()
        }
        made = {str(k): [str(p) for p in v] for k, v in kept.get("made", {}).items()}
        return LiveTree(output.resolve(), files, str(kept["fingerprint"]), made=made)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def save(store: CacheStore, tree: LiveTree) -> None:
    data = {"fingerprint": tree.fingerprint, "files": tree.files, "made": tree.made}
    store.put(BUILDS, _name(tree.root), json.dumps(data, sort_keys=True).encode("utf-8"))
