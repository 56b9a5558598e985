"""The one gate every written file passes: the build's output, releases,
the deploy target, reports and caches.

``inside`` refuses, before anything is written, a path that does not
resolve inside its intended folder once symbolic links are followed, and
names too long for the file system. Validation and the URL builder stop
hostile codes earlier; this gate holds even when they did not.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from terbuka.core.problems import TerbukaError

MAX_NAME_BYTES = 255  # one file or folder name, on every common file system
MAX_PATH_BYTES = 4000  # Linux allows 4096 for a whole path
COPY_CHUNK = 1 << 20


class UnsafeWriteError(TerbukaError):
    """A write that would land outside its folder; nothing was written."""

    exitcode = 1


class Gate:
    """``inside`` for the many files of one commit under ``root``: each folder
    is resolved and made once. (A commit writes into a folder only this build
    writes, so a folder resolved once stays where it was.)"""

    def __init__(self, root: Path) -> None:
        self.base = Path(root).resolve()
        self._folders: dict[Path, Path] = {}
        self._made: set[Path] = set()

    def path(self, relative: str | Path, verb: str = "menulis") -> Path:
        """The absolute path of ``relative`` under the root, or ``UnsafeWriteError``
        (``verb`` says what was refused: writing, or reading a release's file)."""
        base = self.base
        relative = Path(relative)
        if relative.is_absolute():
            raise UnsafeWriteError(f"'{relative}' adalah alamat mutlak, bukan di dalam {base}")
        # The folder is resolved (links followed); the last name never is, so a
        # link can be replaced but never written through.
        folder = self._folder(relative.parent)
        name = relative.name
        if name in ("", ".", "..") or not (folder == base or folder.is_relative_to(base)):
            raise UnsafeWriteError(
                f"menolak {verb} '{relative}': tempatnya di luar {base} "
                "(setelah tautan simbolik diikuti)"
            )
        target = folder / name
        for part in target.relative_to(base).parts:
            if len(part.encode("utf-8")) > MAX_NAME_BYTES:
                raise UnsafeWriteError(
                    f"menolak {verb} '{relative}': nama '{part[:40]}…' terlalu panjang"
                )
        if len(str(target).encode("utf-8")) > MAX_PATH_BYTES:
            raise UnsafeWriteError(f"menolak {verb} '{relative}': alamat file terlalu panjang")
        return target

    def _folder(self, relative: Path) -> Path:
        """``(base / relative).resolve()``, one ``lstat`` per folder: a folder
        that is no link resolves to its parent's resolution and its name."""
        if relative in self._folders:
            return self._folders[relative]
        # The nearest folder already resolved, then each name below it in turn
        # (a loop, not recursion: a path of a thousand folders is refused, not a crash).
        pending: list[Path] = []
        known = relative
        while known not in self._folders and known != Path("."):
            pending.append(known)
            known = known.parent
        found = self._folders.get(known, self.base)
        for folder in reversed(pending):
            if folder.name in ("", ".", ".."):
                found = (self.base / folder).resolve()
            else:
                found = found / folder.name
                try:
                    if stat.S_ISLNK(os.lstat(found).st_mode):
                        found = found.resolve()
                except OSError:
                    pass  # not there yet: made as a folder, where it is
            self._folders[folder] = found
        return found

    def writable(self, relative: str | Path) -> Path:
        """The path once the gate allows it, its folder made, and nothing left
        there that a write would go through: a link, or a file that shares its
        bytes with another tree (a rebuild's hard link to the live site)."""
        path = self.path(relative)
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(path.parent)
        try:
            found = os.lstat(path)
        except FileNotFoundError:
            return path
        if stat.S_ISLNK(found.st_mode) or (stat.S_ISREG(found.st_mode) and found.st_nlink > 1):
            path.unlink()
        return path

    def write_bytes(self, relative: str | Path, data: bytes) -> Path:
        path = self.writable(relative)
        path.write_bytes(data)
        return path

    def link(self, relative: str | Path, source: Path) -> bool:
        """Hard-link ``source`` (a file of the live site) at ``relative``;
        False when the file system refuses (the caller writes instead)."""
        try:  # the live file itself, never what a link put in its place points to
            os.link(source, self.writable(relative), follow_symlinks=False)
        except OSError:
            return False
        return True

    def copy_checked(self, relative: str | Path, source: Path, sha256: str) -> Path:
        """Copy ``source`` to ``relative`` a megabyte at a time, and refuse the
        result unless its bytes have ``sha256``: the sums a page shows are the
        sums of what was written."""
        path = self.writable(relative)
        digest = hashlib.sha256()
        with source.open("rb") as reader, path.open("wb") as writer:
            while chunk := reader.read(COPY_CHUNK):
                digest.update(chunk)
                writer.write(chunk)
        if digest.hexdigest() != sha256:
            path.unlink()
            raise UnsafeWriteError(
                f"'{source}' berubah selama pembangunan: sidiknya tidak lagi sama dengan yang "
                f"tercatat untuk '{relative}'; hapus folder cache lalu bangun ulang"
            )
        return path


def inside(root: Path, relative: str | Path, verb: str = "menulis") -> Path:
    """The absolute path of ``relative`` under ``root``, or ``UnsafeWriteError``."""
    return Gate(root).path(relative, verb)


def write_bytes(root: Path, relative: str | Path, data: bytes) -> Path:
    """Write ``data`` at ``root/relative`` once the gate allows it."""
    return Gate(root).write_bytes(relative, data)


@contextmanager
def whole_file(path: Path) -> Iterator[BinaryIO]:
    """``path`` opened for writing under a temporary name and renamed only once
    written: a build stopped midway leaves no half file for a cache to trust.
    (For cache files, whose names are digests; site files pass the gate.)"""
    partial = path.with_name(f"{path.name}.{os.getpid()}.sebagian")
    try:
        with partial.open("wb") as fh:
            yield fh
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_whole(path: Path, data: bytes) -> Path:
    """``data`` written to ``path`` through ``whole_file``."""
    with whole_file(path) as fh:
        fh.write(data)
    return path


def write_text(root: Path, relative: str | Path, text: str) -> Path:
    return write_bytes(root, relative, text.encode("utf-8"))


def make_folder(root: Path, relative: str | Path) -> Path:
    path = inside(root, relative)
    path.mkdir(parents=True, exist_ok=True)
    return path


def copy_tree(
    source: Path, root: Path, relative: str | Path, link_from: Path | None = None
) -> Path:
    """Copy a folder to ``root/relative`` (links copied as links, never followed),
    keeping modification times. A file that ``link_from`` (a tree of the same
    layout) holds with the same size and time is hard-linked from there instead."""
    path = inside(root, relative)

    def link_or_copy(src: str, dst: str) -> object:
        if link_from is not None:
            twin = link_from / Path(src).relative_to(source)
            if twin.is_file() and not twin.is_symlink():
                now, was = os.stat(src), twin.stat()
                if (now.st_size, now.st_mtime_ns) == (was.st_size, was.st_mtime_ns):
                    os.link(twin, dst)
                    return dst
        return shutil.copy2(src, dst)

    shutil.copytree(source, path, symlinks=True, copy_function=link_or_copy)
    return path


def replace(root: Path, source: str | Path, destination: str | Path) -> None:
    """Rename inside ``root``: both ends pass the gate."""
    os.replace(inside(root, source), inside(root, destination))


def remove_tree(root: Path, relative: str | Path) -> None:
    shutil.rmtree(inside(root, relative))


def keep_unchanged_times(new: Path, old: Path) -> None:
    """Give each file under ``new`` whose bytes equal its twin's under ``old``
    the twin's modification time: after a rebuild only what changed looks new,
    so ``rsync`` (which compares size and time) uploads only that, and a web
    server's Last-Modified stays true."""
    if not old.is_dir():
        return
    for folder, _, names in os.walk(new):
        twin_folder = old / Path(folder).relative_to(new)
        for name in names:
            path, twin = Path(folder, name), twin_folder / name
            try:
                now, was = os.lstat(path), os.lstat(twin)
            except FileNotFoundError:
                continue
            if not (stat.S_ISREG(now.st_mode) and stat.S_ISREG(was.st_mode)):
                continue
            if os.path.samestat(now, was):
                continue  # hard-linked from the old tree: one file, one time
            if was.st_size != now.st_size or twin.read_bytes() != path.read_bytes():
                continue
            os.utime(path, ns=(was.st_atime_ns, was.st_mtime_ns))


def copy_checked(root: Path, relative: str | Path, source: Path, sha256: str) -> Path:
    """``Gate.copy_checked`` for one file."""
    return Gate(root).copy_checked(relative, source, sha256)
