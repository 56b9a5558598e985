"""Publishing a built site so that readers never see half of it, and never
see what the build did not make.

The target folder holds every published tree under ``versi/<id>/`` and a
symbolic link ``aktif`` to the one being served: the web server's document
root is ``<target>/aktif``. A publish copies the new tree beside the others
(under ``versi/.baru-<id>/`` until it is whole), then replaces the link in
one atomic rename; the previous tree stays for ``rollback``. A target on
a server (``user@host:/path``) gets the same layout over SSH (``remote``).

Beside each tree, ``versi/<id>.sidik.json`` lists the SHA-256 of every file
the tree was published with. A file the live tree already has, with the same
size and modification time (a build keeps the time of a file whose bytes did
not change), is hard-linked from it rather than copied, but only once the
linked file's bytes have the new build's SHA-256: a one-row fix publishes a
few hundred files, not the whole site, and each kept tree costs only its
changes. Trees that share a file change together when it is edited in
place, so ``rollback`` first checks the tree it goes back to against its
list and refuses a tree that is no longer what was published.

Nothing at the target is followed or written through: a symbolic link where
only folders and files belong (in ``versi/``, in the live tree, a link
``aktif`` that leads anywhere but ``versi/<id>``) or a real folder named
``aktif`` stops the publish before anything is written, with its place named.
One publish or rollback at a time holds a lock on the target folder; each
clears what a killed one left (``versi/.baru-*``, ``.aktif.baru``).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from terbuka.core import writes
from terbuka.core.files import NotRegularFileError, read_regular
from terbuka.core.problems import TerbukaError

LIVE = "aktif"
TREES = "versi"
SUMS = ".sidik.json"  # versi/<id>.sidik.json: the SHA-256 of each file of versi/<id>/
NEW = ".baru-"  # versi/.baru-<id>/: a tree still being copied
NEW_LINK = f".{LIVE}.baru"  # the link renamed onto aktif
HISTORY = "riwayat"  # the trees that were live, one per line, the live one last
SHOWN = 5  # places named in one message; the rest are counted
CHUNK = 1 << 20
_ID = r"\d{8}T\d{6}-\d+"  # local ids end in a counter, rsync ids in microseconds
_TREE = re.compile(_ID)
# What a publish killed midway leaves in versi/: its unfinished tree (named
# .<id> before the .baru- prefix), and a half-written list of sums.
_LEFTOVER = re.compile(rf"\.(?:baru-)?{_ID}|{_ID}{re.escape(SUMS)}\.\d+\.sebagian")
_UNCHANGED = "; tidak ada yang diubah di {target}"


class DeployError(TerbukaError):
    pass


def _listed(places: list[str]) -> str:
    """The first places, then how many more."""
    more = len(places) - SHOWN
    return "; ".join(places[:SHOWN]) + (f"; dan {more} lainnya" if more > 0 else "")


def _kind(path: Path) -> str:
    mode = path.lstat().st_mode
    if stat.S_ISDIR(mode):
        return "folder biasa"
    if stat.S_ISREG(mode):
        return "file biasa"
    return "tautan simbolik" if stat.S_ISLNK(mode) else "perangkat atau pipa"


def _link_text(path: Path) -> str:
    try:
        return f"{path} (tautan simbolik ke {os.readlink(path)!r})"
    except OSError:
        return f"{path} (tautan simbolik)"


def _entries(root: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every entry under ``root`` with its path relative to it, folders before
    what they hold, in name order; a link is listed, never followed."""
    stack = [""]
    while stack:
        relative = stack.pop()
        with os.scandir(root / relative if relative else root) as found:
            entries = sorted(found, key=lambda e: e.name)
        folders = []
        for entry in entries:
            path = f"{relative}/{entry.name}" if relative else entry.name
            yield path, entry
            if entry.is_dir(follow_symlinks=False):
                folders.append(path)
        stack.extend(reversed(folders))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as reader:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def trees(target: Path) -> list[str]:
    """The published trees' ids, oldest first (real folders named as ids)."""
    folder = target / TREES
    if folder.is_symlink() or not folder.is_dir():
        return []
    with os.scandir(folder) as found:
        return sorted(
            e.name for e in found if _TREE.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
        )


def live_tree(target: Path) -> str | None:
    """The id ``aktif`` points at, when it is a link to ``versi/<id>``."""
    link = target / LIVE
    if not link.is_symlink():
        return None
    parts = Path(os.readlink(link)).parts
    return parts[1] if len(parts) == 2 and parts[0] == TREES and _TREE.fullmatch(parts[1]) else None


def _inspect(target: Path) -> tuple[list[str], str | None]:
    """The trees and the live one's id, once the target holds no link and no
    folder where it should not; ``DeployError`` naming the place otherwise.
    Reads only."""
    unchanged = _UNCHANGED.format(target=target)
    folder = target / TREES
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise DeployError(
            f"{folder} adalah {_kind(folder)}, bukan folder tempat versi-versi situs; "
            f"pindahkan dari {target} lalu ulangi{unchanged}"
        )
    if folder.is_dir():
        with os.scandir(folder) as found:
            links = sorted(_link_text(Path(e.path)) for e in found if e.is_symlink())
        if links:
            raise DeployError(
                f"{folder} hanya boleh berisi folder versi, bukan tautan simbolik: "
                f"{_listed(links)}. Hapus tautan itu (dan periksa siapa yang membuatnya), "
                f"lalu ulangi{unchanged}"
            )
    for name in (LIVE, NEW_LINK):
        path = target / name
        if (path.exists() or path.is_symlink()) and not path.is_symlink():
            raise DeployError(
                f"{path} adalah {_kind(path)}, padahal di sini harus ada tautan simbolik ke "
                f"versi yang aktif ({TREES}/<versi>); pindahkan {_kind(path)} itu dari "
                f"{target} (misalnya ke tempat lain untuk disimpan), lalu ulangi{unchanged}"
            )
    link = target / LIVE
    if link.is_symlink() and live_tree(target) is None:
        raise DeployError(
            f"{_link_text(link)} tidak menunjuk ke sebuah versi di {folder}; hapus tautan itu "
            f"(periksa siapa yang membuatnya), lalu ulangi{unchanged}"
        )
    return trees(target), live_tree(target)


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    """The target to ourselves: a second publish or rollback is refused."""
    try:
        fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise DeployError(f"{target}: tidak bisa dibuka sebagai folder ({exc.strerror})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DeployError(
                f"{target}: penerbitan atau pengembalian lain sedang berjalan di sini; "
                f"tunggu sampai selesai lalu ulangi{_UNCHANGED.format(target=target)}"
            ) from None
        yield
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    """A leftover gone: a link unlinked (never followed), a folder removed."""
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path)


def _clear_leftovers(target: Path) -> None:
    """What a publish killed midway left: its unfinished tree, its link, a
    half-written list of sums, and a list whose tree is gone."""
    _remove(target / NEW_LINK)
    folder = target / TREES
    if not folder.is_dir():
        return
    with os.scandir(folder) as found:
        names = sorted(e.name for e in found)
    present = set(names)
    for name in names:
        orphan = name.endswith(SUMS) and name.removesuffix(SUMS) not in present
        if _LEFTOVER.fullmatch(name) or (orphan and _TREE.fullmatch(name.removesuffix(SUMS))):
            _remove(writes.inside(target, f"{TREES}/{name}", "menghapus"))


def _scan_built(built: Path) -> tuple[list[str], dict[str, os.stat_result]]:
    """The folders and files of a build; ``DeployError`` for a link or
    anything that is not a plain file or folder (never published)."""
    if not built.is_dir() or built.is_symlink():
        raise DeployError(f"{built}: hasil pembangunan tidak ada atau bukan folder")
    folders: list[str] = []
    files: dict[str, os.stat_result] = {}
    odd: list[str] = []
    for relative, entry in _entries(built):
        if entry.is_symlink():
            odd.append(_link_text(Path(entry.path)))
        elif entry.is_dir(follow_symlinks=False):
            folders.append(relative)
        elif entry.is_file(follow_symlinks=False):
            files[relative] = entry.stat(follow_symlinks=False)
        else:
            odd.append(f"{entry.path} (perangkat atau pipa)")
    if odd:
        raise DeployError(
            f"hasil pembangunan di {built} memuat yang bukan file atau folder biasa: "
            f"{_listed(odd)}. Hanya yang dibuat pembangunan yang diterbitkan: hapus folder "
            "itu lalu bangun ulang; situs yang aktif tidak berubah"
        )
    return folders, files


def _scan_live(target: Path, tree: str) -> dict[str, os.stat_result]:
    """The live tree's files, each as found (inode included); ``DeployError``
    naming every link in it, which nothing is ever linked through."""
    root = target / TREES / tree
    files: dict[str, os.stat_result] = {}
    links: list[str] = []
    for relative, entry in _entries(root):
        if entry.is_symlink():
            links.append(_link_text(Path(entry.path)))
        elif entry.is_file(follow_symlinks=False):
            files[relative] = entry.stat(follow_symlinks=False)
    if links:
        raise DeployError(
            f"versi yang aktif ({root}) memuat tautan simbolik, padahal situs yang terbit "
            f"hanya berisi file dan folder biasa: {_listed(links)}. Hapus tautan itu (dan "
            "periksa siapa yang membuatnya), lalu terbitkan lagi" + _UNCHANGED.format(target=target)
        )
    return files


def _copy(source: Path, destination: Path) -> str:
    """``source`` copied to a new file (never one that exists), its time and
    mode kept; the SHA-256 of what was copied."""
    digest = hashlib.sha256()
    fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as reader, destination.open("xb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
    shutil.copystat(source, destination, follow_symlinks=False)
    return digest.hexdigest()


def _link_if_same(twin: Path, seen: os.stat_result, source: Path, destination: Path) -> str | None:
    """``twin`` hard-linked at ``destination`` when it is still the file the
    scan saw and holds the bytes of ``source``; their SHA-256, or None (and
    nothing left at ``destination``)."""
    wanted = _sha256(source)
    try:
        os.link(twin, destination, follow_symlinks=False)
    except OSError:
        return None
    linked = destination.lstat()
    if (
        stat.S_ISREG(linked.st_mode)
        and (linked.st_dev, linked.st_ino) == (seen.st_dev, seen.st_ino)
        and _sha256(destination) == wanted
    ):
        return wanted
    destination.unlink()
    return None


def _copy_tree(
    built: Path,
    root: Path,
    folders: list[str],
    files: dict[str, os.stat_result],
    live: Path | None,
    live_files: dict[str, os.stat_result],
) -> dict[str, str]:
    """The build copied into the new folder ``root``; each file's SHA-256."""
    for folder in folders:
        (root / folder).mkdir()
    sums: dict[str, str] = {}
    for relative, now in files.items():
        source, destination = built / relative, root / relative
        was = live_files.get(relative)
        same = was is not None and (was.st_size, was.st_mtime_ns) == (now.st_size, now.st_mtime_ns)
        digest = None
        if live is not None and was is not None and same:
            digest = _link_if_same(live / relative, was, source, destination)
        sums[relative] = digest or _copy(source, destination)
    for folder in reversed(folders):
        shutil.copystat(built / folder, root / folder, follow_symlinks=False)
    shutil.copystat(built, root, follow_symlinks=False)
    return sums


def _sums_text(tree: str, sums: dict[str, str]) -> bytes:
    document = {"versi": tree, "file": dict(sorted(sums.items()))}
    return (json.dumps(document, ensure_ascii=False, indent=0) + "\n").encode("utf-8")


def _switch(target: Path, tree: str) -> None:
    """Point ``target/aktif`` at ``versi/<tree>`` in one step."""
    link = writes.inside(target, NEW_LINK)
    if link.is_symlink():
        link.unlink()
    writes.inside(target, f"{TREES}/{tree}")  # the link's destination stays inside too
    link.symlink_to(f"{TREES}/{tree}")
    writes.replace(target, link.name, LIVE)


def _history(target: Path) -> list[str]:
    """The trees that were live, the live one last (``riwayat``, shared with the
    server script ``remote.sh``), without those no longer kept."""
    path = target / HISTORY
    try:
        text = read_regular(path).decode("utf-8") if path.exists() else ""
    except (NotRegularFileError, OSError, UnicodeDecodeError):
        return []
    kept = set(trees(target))
    return [t for t in text.split() if _TREE.fullmatch(t) and t in kept]


def _write_history(target: Path, ids: list[str]) -> None:
    writes.write_whole(writes.inside(target, HISTORY), "".join(f"{t}\n" for t in ids).encode())


def _previous(target: Path, live: str, available: list[str]) -> str | None:
    """The tree a rollback makes live: the one live before ``live`` went live,
    or, for trees published before ``riwayat`` existed, the one before it by name."""
    history = _history(target)
    if len(history) >= 2 and history[-1] == live:
        return history[-2]
    if live in available and available.index(live) > 0:
        return available[available.index(live) - 1]
    return None


def _new_id(existing: list[str]) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    n = sum(1 for t in existing if t.startswith(stamp))
    return f"{stamp}-{n}"


def install_local(built: Path, target: Path, keep: int = 5) -> str:
    if target.is_symlink() or target.exists():
        if not target.is_dir():
            raise DeployError(f"{target} adalah {_kind(target)}, bukan folder tujuan penerbitan")
    else:
        try:
            target.mkdir(parents=True)
        except OSError as exc:
            raise DeployError(
                f"{target}: folder tujuan tidak bisa dibuat ({exc.strerror})"
            ) from None
    with _locked(target):
        existing, serving = _inspect(target)
        folders, files = _scan_built(built)
        live = serving if serving in existing else None
        live_files = _scan_live(target, live) if live is not None else {}
        tree = _new_id(existing)
        partial = f"{TREES}/{NEW}{tree}"
        try:
            _clear_leftovers(target)
            writes.make_folder(target, TREES)
            root = writes.inside(target, partial)
            root.mkdir()
            previous = target / TREES / live if live is not None else None
            sums = _copy_tree(built, root, folders, files, previous, live_files)
            writes.write_whole(
                writes.inside(target, f"{TREES}/{tree}{SUMS}"), _sums_text(tree, sums)
            )
            writes.replace(target, partial, f"{TREES}/{tree}")
        except OSError as exc:
            shutil.rmtree(target / partial, ignore_errors=True)
            (target / TREES / f"{tree}{SUMS}").unlink(missing_ok=True)
            where = f" ({exc.filename})" if exc.filename else ""
            raise DeployError(
                f"versi baru tidak bisa disalin ke {target}: {exc.strerror or exc}{where}; "
                "situs yang aktif tidak berubah"
            ) from None
        try:
            _switch(target, tree)
        except OSError as exc:
            raise DeployError(
                f"versi {tree} sudah disalin ke {target} tetapi tautan {LIVE} tidak bisa "
                f"dipindahkan ke sana ({exc.strerror or exc}); situs yang aktif tidak berubah"
            ) from None
        history = _history(target) or ([live] if live is not None else [])
        _write_history(target, [*history, tree])
        # Where a rollback would go: kept, whatever its age.
        back = history[-1] if history else _previous(target, tree, trees(target))
        for old in trees(target)[:-keep]:
            if old not in (tree, back):
                # The new tree is live already: an old one left behind is only space.
                shutil.rmtree(writes.inside(target, f"{TREES}/{old}"), ignore_errors=True)
                (target / TREES / f"{old}{SUMS}").unlink(missing_ok=True)
    return tree


def _tree_problems(target: Path, tree: str) -> list[str]:
    """How ``versi/<tree>`` differs from the sums it was published with."""
    sums_path = target / TREES / f"{tree}{SUMS}"
    if not sums_path.exists() and not sums_path.is_symlink():
        return [f"{sums_path} tidak ada (versi ini diterbitkan sebelum daftar sidik dibuat)"]
    try:
        recorded = json.loads(read_regular(sums_path).decode("utf-8"))["file"]
        if not isinstance(recorded, dict):
            raise TypeError
    except (NotRegularFileError, OSError, ValueError, KeyError, TypeError, RecursionError):
        return [f"{sums_path} tidak bisa dibaca sebagai daftar sidik"]
    root = target / TREES / tree
    problems: list[str] = []
    seen: set[str] = set()
    for relative, entry in _entries(root):
        path = Path(entry.path)
        if entry.is_symlink():
            problems.append(_link_text(path))
        elif entry.is_dir(follow_symlinks=False):
            continue
        elif not entry.is_file(follow_symlinks=False):
            problems.append(f"{path} bukan file biasa")
        elif relative not in recorded:
            problems.append(f"{path} tidak ada dalam daftar (file tambahan)")
        else:
            seen.add(relative)
            if _sha256(path) != recorded[relative]:
                problems.append(f"{path} isinya berubah sejak diterbitkan")
    problems += [f"{root / r} hilang" for r in sorted(set(recorded) - seen)]
    return problems


def rollback_local(target: Path) -> str:
    if not target.is_dir():
        raise DeployError(f"{target}: folder tujuan penerbitan tidak ada")
    with _locked(target):
        available, live = _inspect(target)
        previous = _previous(target, live, available) if live in available else None
        if live is None or previous is None:
            raise DeployError(f"tidak ada versi sebelum {live} di {target} untuk dikembalikan")
        try:
            problems = _tree_problems(target, previous)
        except OSError as exc:
            problems = [f"{exc.filename or target / TREES / previous}: {exc.strerror or exc}"]
        if problems:
            raise DeployError(
                f"versi {previous} di {target} tidak lagi sama dengan yang dulu diterbitkan "
                f"({TREES}/{previous}{SUMS}): {_listed(problems)}. Versi-versi berbagi file "
                "yang tidak berubah (tautan keras), jadi file yang disunting langsung di "
                "versi yang aktif ikut berubah di versi lama; terbitkan ulang dari data yang "
                "benar alih-alih kembali. Situs yang aktif tidak berubah"
            )
        try:
            _clear_leftovers(target)
            _switch(target, previous)
        except OSError as exc:
            raise DeployError(
                f"tautan {LIVE} di {target} tidak bisa dipindahkan ke versi {previous} "
                f"({exc.strerror or exc}); situs yang aktif tidak berubah"
            ) from None
        # riwayat loses the tree rolled away from, and ends in the live one.
        history = _history(target)
        if history[-1:] == [live]:
            history.pop()
        _write_history(target, [*(t for t in history if t != previous), previous])
    return previous


def built_sums(built: Path) -> dict[str, str]:
    """The SHA-256 of every file of a built tree, by its path inside it."""
    _, files = _scan_built(built)
    return {relative: _sha256(built / relative) for relative in files}
