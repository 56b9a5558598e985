"""Publishing to a server over SSH (``TERBUKA_DEPLOY_TARGET = "user@host:/srv/terbuka"``),
with the layout of a local target (``deploy``): every tree under
``versi/<id>/``, the web server's document root the link ``aktif``.

A publish first has the server check the target's layout (``siapkan``),
then sends the new tree beside the live one with rsync over ssh
(``--link-dest`` to the live tree: files whose bytes did not change are hard
links, so a one-row fix sends a few hundred files), with its list of SHA-256
sums. One remote command (``remote.sh``, run by the server's own ``sh``)
then checks the tree against that list with ``sha256sum``, renames it into
place, switches ``aktif`` in one ``rename`` and prunes the oldest trees.
Rollback and the list of trees are the same script.

ssh reads the key, the user and the port from the user's own SSH config
(``TERBUKA_SSH_CONFIG`` names another file). The server's host key must
already be known: ``StrictHostKeyChecking=yes`` is always given, so a host
never seen, or one whose key changed, is refused rather than trusted.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from terbuka.publishing.deploy import LIVE, TREES, DeployError, built_sums

SCRIPT = resources.files("terbuka.publishing").joinpath("remote.sh").read_text(encoding="utf-8")
SUMS = ".sha256"  # versi/<id>.sha256: the tree's sums as sha256sum --check reads them
NEW = ".baru-"  # versi/.baru-<id>/: a tree still being sent
TIMEOUT = 30  # seconds ssh waits to connect
ANSWER = 600  # seconds the server's script may take (it checks every file's sum)
# A host (or a Host alias of the SSH config), an optional user, an absolute
# path of plain names: the target reaches a command line and a remote shell.
_TARGET = re.compile(
    r"(?:(?P<user>[a-z_][a-z0-9_.-]{0,31})@)?(?P<host>[A-Za-z0-9][A-Za-z0-9.-]{0,252})"
    r":(?P<path>/[A-Za-z0-9._-][A-Za-z0-9._/-]*)"  # a folder, never / itself
)
_NAME = re.compile(r"[^\n\\]+")  # a file name sha256sum writes as it is


@dataclass(frozen=True)
class SshTarget:
    login: str  # host, or user@host
    path: str  # the folder on the server

    def __str__(self) -> str:
        return f"{self.login}:{self.path}"


@dataclass(frozen=True)
class Trees:
    live: str | None
    kept: list[str]
    missing: bool = False  # aktif leads to a tree that is not there: the site is down


@dataclass(frozen=True)
class Installed:
    tree: str
    pruned: list[str]
    warnings: list[str]  # what went wrong after the new tree went live


def parse_target(target: str) -> SshTarget | None:
    """The SSH target ``target`` names, None for a local folder; a target that
    looks remote but is not a plain ``[user@]host:/path`` is refused."""
    if ":" not in target or Path(target).exists() or target.startswith(("/", ".")):
        return None
    found = _TARGET.fullmatch(target)
    parts = found.group("path").split("/") if found else []
    if found is None or ".." in parts or "." in parts:
        raise DeployError(
            f"tujuan '{target}' bukan tujuan SSH yang dikenal; tulis pengguna@host:/folder/mutlak "
            "(huruf, angka, titik, garis bawah dan tanda minus saja)"
        )
    user, host = found.group("user"), found.group("host")
    return SshTarget(f"{user}@{host}" if user else host, found.group("path").rstrip("/") or "/")


def ssh_command(config: Path | None) -> list[str]:
    """ssh as every call uses it: no questions, host keys checked, the user's config."""
    command = ["ssh"]
    if config is not None:
        command += ["-F", str(config)]
    return [
        *command,
        "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=yes",
        "-o", f"ConnectTimeout={TIMEOUT}",
    ]  # fmt: skip


def _answers(lines: list[str], word: str) -> list[str]:
    """What follows ``word`` on each of the script's answer lines that start with it."""
    return [line.split(" ", 1)[1] for line in lines if line.startswith(word + " ")]


def _run_script(target: SshTarget, config: Path | None, *arguments: str) -> list[str]:
    """Run ``remote.sh`` on the server; its answer lines, or DeployError with its
    reason (which says whether a tree went live before the failure)."""
    command = [*ssh_command(config), "--", target.login, "sh", "-s", "--"]
    command += [shlex.quote(a) for a in arguments]
    try:
        result = subprocess.run(
            command, input=SCRIPT, capture_output=True, text=True, check=False, timeout=ANSWER
        )
    except subprocess.TimeoutExpired:
        raise DeployError(
            f"{target}: server tidak menjawab dalam {ANSWER} detik; keadaannya tidak diketahui, "
            "periksa dengan make versions"
        ) from None
    lines = result.stdout.splitlines()
    failed = _answers(lines, "GAGAL")
    if failed:
        raise DeployError(f"{target}: {failed[0]}")
    if result.returncode != 0:
        reason = _failure(target, "ssh", result.returncode, result.stderr)
        switched = _answers(lines, "aktif") if arguments[0] in ("pasang", "kembali") else []
        if switched:  # the switch happened: the live site did change
            reason = reason.replace(
                "situs yang aktif tidak berubah", f"versi {switched[-1]} sudah aktif"
            )
        raise DeployError(reason)
    return lines


def _failure(target: SshTarget, tool: str, code: int, stderr: str) -> str:
    """What went wrong with ssh or rsync, said for a clerk: a host key not
    known (or changed) gets its own instructions."""
    said = " ".join(stderr.split())[:300]
    if "Host key verification failed" in stderr or "REMOTE HOST IDENTIFICATION" in stderr:
        return (
            f"kunci host {target.login} tidak dikenal atau berubah ({said}). Periksa sidik "
            "kuncinya dengan pengelola server, lalu tambahkan ke known_hosts (README: "
            "Menerbitkan ke server); situs yang aktif tidak berubah"
        )
    return f"{tool} ke {target} gagal (status {code}): {said}; situs yang aktif tidak berubah"


def _sums_text(sums: dict[str, str]) -> str:
    for name in sums:
        if _NAME.fullmatch(name) is None:
            raise DeployError(f"nama file {name!r} tidak bisa diterbitkan (baris baru atau \\)")
    return "".join(f"{digest}  ./{name}\n" for name, digest in sorted(sums.items()))


def _rsync(target: SshTarget, config: Path | None, arguments: list[str]) -> None:
    shell = " ".join(shlex.quote(part) for part in ssh_command(config))
    result = subprocess.run(
        ["rsync", "-e", shell, *arguments], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise DeployError(_failure(target, "rsync", result.returncode, result.stderr))


def install(built: Path, target: SshTarget, config: Path | None, keep: int) -> Installed:
    """Send ``built`` to the server and make it live."""
    tree = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S-%f")
    sums = _sums_text(built_sums(built))
    _run_script(target, config, "siapkan", target.path)  # nothing is sent to an unsound target
    folder = f"{target.login}:{target.path}/{TREES}"
    # --link-dest is read from the new tree's folder: ../../aktif is the live tree
    # (missing at the first publish, which rsync only warns about). --checksum:
    # a file is linked only when its bytes are the build's, not for size and time.
    _rsync(
        target,
        config,
        # -p: the modes --chmod sets, whatever the server account's umask says
        ["-rtp", "--checksum", "--chmod=D755,F644", f"--link-dest=../../{LIVE}",
         f"{built}/", f"{folder}/{NEW}{tree}/"],
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / f"{NEW}{tree}{SUMS}"
        listing.write_text(sums, encoding="utf-8")
        _rsync(target, config, ["-tp", "--chmod=F644", str(listing), f"{folder}/"])
    answer = _run_script(target, config, "pasang", target.path, tree, str(keep))
    return Installed(tree, _answers(answer, "dipangkas"), _answers(answer, "peringatan"))


def rollback(target: SshTarget, config: Path | None) -> str:
    """Make the tree that was live before the live one live again (``riwayat`` on
    the server), once it checks against its sums."""
    return _answers(_run_script(target, config, "kembali", target.path), "aktif")[-1]


def listing(target: SshTarget, config: Path | None) -> Trees:
    answer = _run_script(target, config, "daftar", target.path)
    live = (_answers(answer, "aktif") or ["-"])[0]
    missing = bool(_answers(answer, "hilang"))
    return Trees(None if live == "-" else live, _answers(answer, "versi"), missing)
