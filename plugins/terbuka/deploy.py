"""Publishing a built site so that readers never see half of it.

The target folder holds every published tree under ``versi/<id>/`` and a
symbolic link ``aktif`` to the one being served: the web server's document
root is ``<target>/aktif``. A publish copies the new tree beside the others,
then replaces the link in one atomic rename; the previous tree stays for
``rollback``. An rsync target (``host:/path``) gets the same layout.

A file the live tree already has, with the same size and modification time
(a build keeps the time of a file whose bytes did not change), is linked
from it rather than copied or sent again: a one-row fix publishes a few
hundred files, not the whole site, and each kept tree costs only its changes.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from pathlib import Path

from . import writes
from .problems import TerbukaError

LIVE = "aktif"
TREES = "versi"


class DeployError(TerbukaError):
    pass


def _switch(target: Path, tree: str) -> None:
    """Point ``target/aktif`` at ``versi/<tree>`` in one step."""
    link = writes.inside(target, f".{LIVE}.baru")
    if link.is_symlink() or link.exists():
        link.unlink()
    writes.inside(target, f"{TREES}/{tree}")  # the link's destination stays inside too
    link.symlink_to(f"{TREES}/{tree}")
    writes.replace(target, link.name, LIVE)


def trees(target: Path) -> list[str]:
    folder = target / TREES
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def live_tree(target: Path) -> str | None:
    link = target / LIVE
    return Path(os.readlink(link)).name if link.is_symlink() else None


def _new_id(existing: list[str]) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    n = sum(1 for t in existing if t.startswith(stamp))
    return f"{stamp}-{n}"


def install_local(built: Path, target: Path, keep: int = 5) -> str:
    target.mkdir(parents=True, exist_ok=True)
    existing = trees(target)
    tree = _new_id(existing)
    serving = live_tree(target)
    previous = target / TREES / serving if serving in existing else None
    writes.copy_tree(built, target, f"{TREES}/.{tree}", link_from=previous)
    writes.replace(target, f"{TREES}/.{tree}", f"{TREES}/{tree}")
    _switch(target, tree)
    live = tree
    for old in trees(target)[:-keep]:
        if old != live:
            writes.remove_tree(target, f"{TREES}/{old}")
    return tree


def rollback_local(target: Path) -> str:
    live, available = live_tree(target), trees(target)
    if live not in available or available.index(live) == 0:
        raise DeployError(f"tidak ada versi sebelum {live} di {target} untuk dikembalikan")
    previous = available[available.index(live) - 1]
    _switch(target, previous)
    return previous


def install_rsync(built: Path, target: str) -> str:
    """Copy the tree to ``target/versi/<id>/``, then send the new link (rsync
    replaces a symlink by renaming a temporary one: one atomic step)."""
    # The remote listing is unknown here: microseconds keep tree names unique.
    tree = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S-%f")
    # --link-dest is read from the new tree's folder: ../../aktif is the live tree
    # (missing at the first publish, which rsync only warns about).
    linked = f"--link-dest=../../{LIVE}"
    _rsync(["-a", "--mkpath", linked, f"{built}/", f"{target}/{TREES}/{tree}/"], target)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / LIVE).symlink_to(f"{TREES}/{tree}")
        _rsync(["-l", f"{tmp}/{LIVE}", f"{target}/"], target)
    return tree


def _rsync(arguments: list[str], target: str) -> None:
    result = subprocess.run(["rsync", *arguments], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DeployError(
            f"rsync ke {target} gagal (status {result.returncode}): "
            f"{result.stderr.strip()[:300]}; situs yang aktif tidak berubah"
        )


def install(built: Path, target: str) -> str:
    """Install a built tree at a local folder or an rsync target; the new tree's id."""
    if target.startswith("-"):
        raise DeployError(f"tujuan '{target}' tidak boleh diawali '-'")
    if ":" in target and not Path(target).exists():
        return install_rsync(built, target)
    return install_local(built, Path(target))
