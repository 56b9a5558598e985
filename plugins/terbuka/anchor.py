"""The anchor outside the repository: the published site carries the whole
release chain (``rilis/rantai.json``: every release's manifest hash, file
hashes and signature flag, and the chain's head), every manifest and
signature, and the public key. Whoever mirrors, archives or just remembers
the site can later hold the repository to it: ``verify --site`` names every
release the public has seen that the repository now lacks or holds
differently, which the chain alone cannot show for its newest link.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from . import releases as rel
from . import signing, writes
from .read import NotRegularFileError, read_regular
from .urls import URLS

MAX_FETCH = 20_000_000  # a chain of many releases is still well below this
TIMEOUT = 20  # seconds per network read
DEADLINE = 300  # seconds for everything fetched from one site
_SHA256 = re.compile(r"[0-9a-f]{64}")


class AnchorError(rel.ReleaseError):
    """The published site cannot be read; the message says where and why."""


def chain_document(releases: list[rel.Release], key_text: str | None) -> dict[str, Any]:
    """What ``rilis/rantai.json`` says: the chain as the public sees it."""
    head = releases[-1] if releases else None
    return {
        "kepala": head.version if head else None,
        "sha256_manifest_kepala": head.manifest_sha256 if head else None,
        "kunci_publik": key_text,
        "rilis": [
            {
                "versi": r.version,
                "tanggal": r.date.isoformat(),
                "sha256_manifest": r.manifest_sha256,
                "versi_sebelumnya": r.previous,
                "bertanda_tangan": r.signed,
                "manifest": URLS.release_file(r.version, rel.MANIFEST),
                "file": dict(sorted(r.files.items())),
            }
            for r in releases
        ],
    }


@dataclass
class PublishedSite:
    """A published site: a folder (a build, a mirror) or an http(s) address."""

    where: str
    deadline: float = 0.0  # time.monotonic() after which fetching stops

    def fetch(self, path: str) -> bytes | None:
        """The bytes at ``path`` under the site, or None when it is not there."""
        if self.where.startswith(("http://", "https://")):
            if not self.deadline:
                self.deadline = time.monotonic() + DEADLINE
            return _fetch_url(
                urllib.parse.urljoin(self.where.rstrip("/") + "/", path), self.deadline
            )
        folder = Path(self.where)
        if not folder.is_dir():
            raise AnchorError(f"{self.where}: bukan folder situs dan bukan alamat http(s)")
        try:
            target = writes.inside(folder, path, "membaca")
            if not target.exists() and not target.is_symlink():
                return None
            return read_regular(target, MAX_FETCH)
        except (writes.UnsafeWriteError, NotRegularFileError, OSError) as exc:
            raise AnchorError(f"{folder / path}: tidak bisa dibaca ({exc})") from None


def file_index(digests: dict[str, str]) -> dict[str, list[dict[str, str | None]]]:
    """SHA-256 -> every published file with those bytes (``rilis/cek/sidik.json``):
    current downloads, and each release's files under ``rilis/<versi>/``."""
    index: dict[str, list[dict[str, str | None]]] = {}
    prefix = URLS.releases()
    for path in sorted(digests):
        parts = path.removeprefix(prefix).split("/", 1)
        release = parts[0] if path.startswith(prefix) and len(parts) == 2 else None
        if release is not None and rel.version_problem(release) is not None:
            continue  # rilis/cek/...: the check page itself
        # The chain and the public key (rilis/rantai.json, rilis/kunci-publik.pub)
        # are listed as current files: they too can be downloaded and checked.
        index.setdefault(digests[path], []).append({"alamat": path, "rilis": release})
    return dict(sorted(index.items()))


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http(s) address."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not newurl.lower().startswith(("http://", "https://")):
            raise AnchorError(f"{req.full_url}: dialihkan ke {newurl!r}, bukan alamat http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def _fetch_url(address: str, deadline: float) -> bytes | None:
    """The body at ``address``, read in pieces so a slow server cannot hold
    verification past ``deadline``; None for 404 and 410."""
    request = urllib.request.Request(address, headers={"User-Agent": "terbuka-verify"})
    chunks: list[bytes] = []
    size = 0
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as response:
            while chunk := response.read(65_536):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_FETCH:
                    raise AnchorError(f"{address}: lebih dari {MAX_FETCH} byte")
                if time.monotonic() > deadline:
                    raise AnchorError(f"{address}: situs terlalu lambat (lebih dari {DEADLINE} d)")
    except urllib.error.HTTPError as exc:
        if exc.code in (404, 410):
            return None
        raise AnchorError(f"{address}: server menjawab {exc.code}") from None
    except (
        urllib.error.URLError,
        http.client.HTTPException,
        TimeoutError,
        OSError,
        ValueError,
    ) as exc:
        raise AnchorError(f"{address}: tidak bisa diambil ({exc!r})") from None
    return b"".join(chunks)


def site_problem(where: str) -> str | None:
    """Why ``where`` cannot name a published site, or None."""
    if "://" in where and not where.startswith(("http://", "https://")):
        return f"{where}: hanya folder atau alamat http:// dan https:// yang bisa diperiksa"
    if any(not c.isprintable() for c in where):
        return "alamat situs berisi karakter kontrol"
    return None


def _published_entries(site: PublishedSite) -> tuple[list[dict[str, Any]], str | None]:
    """The releases the site lists, each checked for shape; the public key text."""
    raw = site.fetch(URLS.release_chain())
    if raw is None:
        raise AnchorError(
            f"{site.where}: tidak memuat {URLS.release_chain()}; bukan situs Terbuka, atau "
            "dibangun sebelum rantai rilis diterbitkan"
        )
    try:
        document = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # bad UTF-8 or JSON, or a giant number
        raise AnchorError(f"{site.where}/{URLS.release_chain()}: bukan JSON ({exc})") from None
    entries = document.get("rilis") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise AnchorError(f"{site.where}/{URLS.release_chain()}: tidak memuat daftar 'rilis'")
    checked = []
    for entry in entries:
        version = entry.get("versi") if isinstance(entry, dict) else None
        digest = entry.get("sha256_manifest") if isinstance(entry, dict) else None
        if not isinstance(version, str) or rel.version_problem(version):
            raise AnchorError(f"{site.where}/{URLS.release_chain()}: versi tidak sah {version!r}")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise AnchorError(f"{site.where}/{URLS.release_chain()}: SHA-256 {version} tidak sah")
        checked.append({"versi": version, "sha256_manifest": digest})
    key = site.fetch(URLS.public_key())
    return checked, (key.decode("utf-8", "replace") if key is not None else None)


def _key_line(text: str | None) -> str | None:
    if text is None:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def compare(store: Path, where: str) -> tuple[list[str], list[str]]:
    """Problems (what the public saw that the repository lacks or holds
    differently) and notes (releases not yet published)."""
    if (problem := site_problem(where)) is not None:
        raise AnchorError(problem)
    site = PublishedSite(where)
    entries, published_key = _published_entries(site)
    stored = {r.version: r for r in rel.chain_problems(store)[0]}
    problems: list[str] = []
    local_key_path = store / rel.PUBLIC_KEY
    try:
        local = rel.public_key(store)
    except (rel.ReleaseError, signing.SigningError) as exc:
        raise AnchorError(str(exc)) from None
    local_key = local.file_text() if local is not None else None
    if published_key is not None and _key_line(published_key) != _key_line(local_key):
        problems.append(
            f"kunci publik di situs ({URLS.public_key()}) berbeda dari {local_key_path}"
            + (" (tidak ada di repositori)" if local_key is None else "")
        )
    for entry in entries:
        version, digest = entry["versi"], entry["sha256_manifest"]
        manifest = site.fetch(URLS.release_file(version, rel.MANIFEST))
        if manifest is None or hashlib.sha256(manifest).hexdigest() != digest:
            problems.append(
                f"situs tidak konsisten: {URLS.release_file(version, rel.MANIFEST)} tidak "
                "cocok dengan rantai.json situs itu sendiri"
            )
        release = stored.get(version)
        if release is None:
            problems.append(
                f"rilis {version} sudah diterbitkan di {where} tetapi tidak ada (atau rusak) "
                f"di {store}"
            )
            continue
        if release.manifest_sha256 != digest:
            problems.append(
                f"rilis {version} di {store} berbeda dari yang diterbitkan: SHA-256 manifest "
                f"{release.manifest_sha256[:12]}… di repositori, {digest[:12]}… di situs"
            )
        signature = site.fetch(URLS.release_file(version, rel.SIGNATURE))
        if signature is not None:
            mine = release.path / rel.SIGNATURE
            try:
                held = read_regular(mine, signing.MAX_KEY_FILE) if release.signed else None
            except (NotRegularFileError, OSError):
                held = None
            if held != signature:
                problems.append(
                    f"tanda tangan rilis {version} di situs tidak sama dengan {mine}"
                    + ("" if release.signed else " (tidak ada di repositori)")
                )
    seen = {e["versi"] for e in entries}
    notes = [f"rilis {v} belum diterbitkan di {where}" for v in stored if v not in seen]
    return problems, notes
