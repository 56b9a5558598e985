"""Files read from folders others can write to: only regular files, never
through a link, never past a size (the safe-file helpers every layer uses)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from terbuka.core.problems import Code, Problem, error


class NotRegularFileError(Exception):
    """A data file that is a link, a folder or a device: never opened."""


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of ``path`` when it is a regular file; a link is never followed.

    ``O_NOFOLLOW`` refuses a link in the last place; ``fstat`` of the opened
    file refuses folders, devices and pipes (checked before reading a byte),
    and files over ``limit`` bytes when one is given.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except OSError:
        what = "tautan simbolik" if path.is_symlink() else "tidak bisa dibuka"
        raise NotRegularFileError(what) from None
    mode = os.fstat(fd).st_mode  # before fdopen, which refuses a folder with its own error
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "folder" if stat.S_ISDIR(mode) else "perangkat atau pipa"
        raise NotRegularFileError(f"bukan file biasa ({kind})")
    with os.fdopen(fd, "rb") as fh:
        if limit is not None and os.fstat(fh.fileno()).st_size > limit:
            raise NotRegularFileError(f"lebih dari {limit} byte")
        data = fh.read() if limit is None else fh.read(limit + 1)
        if limit is not None and len(data) > limit:  # a size fstat did not tell
            raise NotRegularFileError(f"lebih dari {limit} byte")
        return data


def regular_file_problem(path: Path, filename: str) -> Problem | None:
    """An error when ``path`` exists but is not a regular file (links included)."""
    if not (path.is_symlink() or path.exists()) or (path.is_file() and not path.is_symlink()):
        return None
    kind = (
        "tautan simbolik"
        if path.is_symlink()
        else "folder"
        if path.is_dir()
        else "perangkat atau pipa"
    )
    return error(
        filename,
        None,
        None,
        f"{path.name} adalah {kind}, bukan file biasa; tidak dibaca. Salin file {path.name} "
        "aslinya ke folder data",
        Code.NOT_REGULAR_FILE,
    )
