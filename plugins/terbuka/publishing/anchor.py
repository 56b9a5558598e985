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
import io
import json
import re
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from terbuka.core import writes
from terbuka.core.files import NotRegularFileError, read_regular
from terbuka.core.urls import URLS
from terbuka.publishing import releases as rel
from terbuka.publishing import signing

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

MAX_FETCH = 20_000_000  # a chain of many releases is still well below this
TIMEOUT = 20  # seconds one network read may wait
DEADLINE = 300  # seconds for everything fetched from one site, in all (wall clock)
MAX_REDIRECTS = 10
MAX_RELEASES = 1_000  # a release each month for 80 years; a longer chain is refused
PER_KIND = 5  # problems of one kind shown; the rest are counted
REDIRECTS = (301, 302, 303, 307, 308)
REQUEST_HEADERS = {
    "User-Agent": "terbuka-verify",
    "Accept-Encoding": "identity",
    "Connection": "close",
}
_SHA256 = re.compile(r"[0-9a-f]{64}")


class AnchorError(rel.ReleaseError):
    """The published site cannot be read; the message says where and why."""


def chain_document(
    releases: list[rel.Release], key_text: str | None, site_data: str | None = None
) -> dict[str, Any]:
    """What ``rilis/rantai.json`` says: the chain as the public sees it, and
    which release the site's own data is (``data_situs``; None while the site
    shows unreleased data), whose frozen downloads /data/ must then equal."""
    head = releases[-1] if releases else None
    return {
        "kepala": head.version if head else None,
        "data_situs": site_data,
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
    seconds: float = 0.0  # the whole deadline (DEADLINE when the first fetch starts)

    def fetch(self, path: str) -> bytes | None:
        """The bytes at ``path`` under the site, or None when it is not there."""
        if self.where.startswith(("http://", "https://")):
            if not self.deadline:
                self.seconds = self.seconds or DEADLINE
                self.deadline = time.monotonic() + self.seconds
            address = urllib.parse.urljoin(self.where.rstrip("/") + "/", path)
            return _fetch_url(address, self.deadline, self.seconds)
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


class _TooSlow(Exception):
    """The whole fetch ran past its deadline."""


class _DeadlineReader(io.RawIOBase):
    """A socket read so that no read outlasts the deadline: each read first
    checks the clock, then waits at most the time left (and ``TIMEOUT``)."""

    def __init__(self, owner: _DeadlineSocket) -> None:
        super().__init__()
        self._owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        sock = self._owner.sock
        sock.settimeout(_remaining(self._owner.deadline))
        return sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            self._owner.release()
        super().close()


class _DeadlineSocket:
    """What ``http.client`` uses of a socket; the response reads it through
    ``_DeadlineReader``, so headers and body alike stop at the deadline. Like
    a socket, it closes once it and every reader made from it are closed
    (``http.client`` hands a closing connection's socket to its response)."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock, self.deadline = sock, deadline
        self._users = 1  # this object and each open reader
        self._closed = False

    def makefile(self, mode: str) -> io.BufferedReader:
        if mode != "rb":
            raise ValueError(f"hanya membaca biner, bukan {mode!r}")
        self._users += 1
        return io.BufferedReader(_DeadlineReader(self))

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(_remaining(self.deadline))
        self.sock.sendall(data)

    def release(self) -> None:
        self._users -= 1
        if self._users == 0:
            self.sock.close()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.release()


def _remaining(deadline: float) -> float:
    """The seconds one network step may take: what is left before the
    deadline, at most ``TIMEOUT``; ``_TooSlow`` once nothing is left."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _TooSlow
    return min(left, TIMEOUT)


class _HTTP(http.client.HTTPConnection):
    deadline = 0.0

    def connect(self) -> None:
        self.timeout = _remaining(self.deadline)
        super().connect()
        self.sock = cast(socket.socket, _DeadlineSocket(self.sock, self.deadline))


class _HTTPS(http.client.HTTPSConnection):
    deadline = 0.0

    def connect(self) -> None:
        # The TLS handshake waits at most the socket's timeout in all.
        self.timeout = _remaining(self.deadline)
        super().connect()
        self.sock = cast(ssl.SSLSocket, _DeadlineSocket(self.sock, self.deadline))


def _shown(text: str, limit: int = 200) -> str:
    return repr(text[:limit] + ("…" if len(text) > limit else ""))


def _fetch_url(address: str, deadline: float, seconds: float) -> bytes | None:
    """The body at ``address``, None for 404 and 410. The deadline is for the
    whole fetch, redirects, headers and body included: every read checks the
    clock and waits at most the time left, so a server that sends a byte now
    and then cannot hold verification past it."""
    first = address
    try:
        for _ in range(MAX_REDIRECTS + 1):
            parts = urllib.parse.urlsplit(address)
            if not parts.hostname:
                raise AnchorError(f"{address}: alamat tanpa nama host")
            kind = _HTTPS if parts.scheme.lower() == "https" else _HTTP
            connection = kind(parts.hostname or "", parts.port)
            connection.deadline = deadline
            try:
                path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                connection.request("GET", path, headers=REQUEST_HEADERS)
                response = connection.getresponse()
                if response.status in REDIRECTS:
                    location = response.getheader("Location")
                    if not location:
                        raise AnchorError(
                            f"{address}: server mengalihkan ({response.status}) tanpa alamat tujuan"
                        )
                    moved = urllib.parse.urljoin(address, location.strip())
                    if not moved.lower().startswith(("http://", "https://")):
                        raise AnchorError(
                            f"{address}: server mengalihkan ({response.status}) ke "
                            f"{_shown(moved)}, bukan alamat http(s); pengalihan itu ditolak"
                        )
                    address = moved
                    continue
                if response.status in (404, 410):
                    return None
                if response.status != 200:
                    raise AnchorError(f"{address}: server menjawab {response.status}")
                if (response.length or 0) > MAX_FETCH:
                    raise AnchorError(f"{address}: lebih dari {MAX_FETCH} byte")
                return _body(response, address)
            finally:
                connection.close()
        raise AnchorError(f"{first}: dialihkan lebih dari {MAX_REDIRECTS} kali")
    except (_TooSlow, TimeoutError):
        if time.monotonic() < deadline:  # one read waited TIMEOUT for nothing
            raise AnchorError(
                f"{address}: situs terlalu lambat: tidak ada data selama {TIMEOUT} d"
            ) from None
        raise AnchorError(
            f"{address}: situs terlalu lambat: semua yang diambil dari situs ini dibatasi "
            f"{seconds:g} d, dan batas itu terlewati"
        ) from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise AnchorError(f"{address}: tidak bisa diambil ({exc!r})") from None


def _body(response: http.client.HTTPResponse, address: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(65_536):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_FETCH:
            raise AnchorError(f"{address}: lebih dari {MAX_FETCH} byte")
    return b"".join(chunks)


def site_problem(where: str) -> str | None:
    """Why ``where`` cannot name a published site, or None."""
    if "://" in where and not where.startswith(("http://", "https://")):
        return f"{where}: hanya folder atau alamat http:// dan https:// yang bisa diperiksa"
    if any(not c.isprintable() for c in where):
        return "alamat situs berisi karakter kontrol"
    return None


def _published_entries(
    site: PublishedSite,
) -> tuple[list[dict[str, Any]], str | None, str | None]:
    """The releases the site lists, each checked for shape; the public key text;
    the release the site says its data is (``data_situs``), or None."""
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
    if len(entries) > MAX_RELEASES:
        raise AnchorError(
            f"{site.where}/{URLS.release_chain()}: memuat {len(entries)} rilis, lebih dari "
            f"batas {MAX_RELEASES} rilis yang diperiksa; rantai sepanjang itu bukan rantai "
            "Terbuka yang wajar, jadi tidak diperiksa"
        )
    checked = []
    seen: set[str] = set()
    for entry in entries:
        version = entry.get("versi") if isinstance(entry, dict) else None
        digest = entry.get("sha256_manifest") if isinstance(entry, dict) else None
        if not isinstance(version, str) or rel.version_problem(version):
            shown = _shown(version) if isinstance(version, str) else repr(version)[:200]
            raise AnchorError(f"{site.where}/{URLS.release_chain()}: versi tidak sah {shown}")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise AnchorError(f"{site.where}/{URLS.release_chain()}: SHA-256 {version} tidak sah")
        if version in seen:
            raise AnchorError(
                f"{site.where}/{URLS.release_chain()}: rilis {version} tercantum lebih dari sekali"
            )
        seen.add(version)
        checked.append({"versi": version, "sha256_manifest": digest})
    site_data = document.get("data_situs")
    if site_data is not None and (not isinstance(site_data, str) or site_data not in seen):
        shown = _shown(site_data) if isinstance(site_data, str) else repr(site_data)[:200]
        raise AnchorError(
            f"{site.where}/{URLS.release_chain()}: data_situs {shown} bukan rilis yang tercantum"
        )
    key = site.fetch(URLS.public_key())
    return checked, (key.decode("utf-8", "replace") if key is not None else None), site_data


def _key_line(text: str | None) -> str | None:
    if text is None:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


class _Findings:
    """Messages in the order found, at most ``PER_KIND`` of each kind, then
    one line per kind counting the rest: a chain of a thousand missing
    releases says so in a few lines."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.counts: dict[str, int] = {}

    def add(self, kind: str, message: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.counts[kind] <= PER_KIND:
            self.shown.append(message)

    def messages(self) -> list[str]:
        more = [
            f"… dan {n - PER_KIND} lagi: {kind} ({n} seluruhnya)"
            for kind, n in self.counts.items()
            if n > PER_KIND
        ]
        return self.shown + more


def compare(store: Path, where: str, released_only: bool = False) -> tuple[list[str], list[str]]:
    """Problems (what the public saw that the repository lacks or holds
    differently) and notes (releases not yet published). ``released_only``:
    a site whose data is not the chain's newest release, signed, is a problem
    too (what a CI publish demands before it sends a site out)."""
    if (problem := site_problem(where)) is not None:
        raise AnchorError(problem)
    site = PublishedSite(where)
    entries, published_key, site_data = _published_entries(site)
    stored = {r.version: r for r in rel.chain_problems(store)[0]}
    problems = _Findings()
    local_key_path = store / rel.PUBLIC_KEY
    try:
        local = rel.public_key(store)
    except (rel.ReleaseError, signing.SigningError) as exc:
        raise AnchorError(str(exc)) from None
    local_key = local.file_text() if local is not None else None
    if published_key is not None and _key_line(published_key) != _key_line(local_key):
        problems.add(
            "kunci publik berbeda",
            f"kunci publik di situs ({URLS.public_key()}) berbeda dari {local_key_path}"
            + (" (tidak ada di repositori)" if local_key is None else ""),
        )
    for entry in entries:
        version, digest = entry["versi"], entry["sha256_manifest"]
        manifest = site.fetch(URLS.release_file(version, rel.MANIFEST))
        if manifest is None or hashlib.sha256(manifest).hexdigest() != digest:
            problems.add(
                "manifest di situs tidak cocok dengan rantai.json situs",
                f"situs tidak konsisten: {URLS.release_file(version, rel.MANIFEST)} tidak "
                "cocok dengan rantai.json situs itu sendiri",
            )
        release = stored.get(version)
        if release is None:
            problems.add(
                f"rilis yang sudah diterbitkan tetapi tidak ada (atau rusak) di {store}",
                f"rilis {version} sudah diterbitkan di {where} tetapi tidak ada (atau rusak) "
                f"di {store}",
            )
            continue
        if release.manifest_sha256 != digest:
            problems.add(
                f"rilis di {store} yang berbeda dari yang diterbitkan",
                f"rilis {version} di {store} berbeda dari yang diterbitkan: SHA-256 manifest "
                f"{release.manifest_sha256[:12]}… di repositori, {digest[:12]}… di situs",
            )
        signature = site.fetch(URLS.release_file(version, rel.SIGNATURE))
        if signature is not None:
            mine = release.path / rel.SIGNATURE
            try:
                held = read_regular(mine, signing.MAX_KEY_FILE) if release.signed else None
            except (NotRegularFileError, OSError):
                held = None
            if held != signature:
                problems.add(
                    "tanda tangan di situs yang tidak sama dengan di repositori",
                    f"tanda tangan rilis {version} di situs tidak sama dengan {mine}"
                    + ("" if release.signed else " (tidak ada di repositori)"),
                )
    frozen = stored.get(site_data) if site_data is not None else None
    if frozen is not None:
        signed = " yang ditandatangani" if frozen.signed else ""
        for name, digest in sorted(rel.downloads_of(frozen).items()):
            served = site.fetch(URLS.data_file(name))
            if served is None or hashlib.sha256(served).hexdigest() != digest:
                state = "tidak ada" if served is None else "berbeda"
                problems.add(
                    f"unduhan di situs yang berbeda dari unduhan rilis {site_data}",
                    f"{URLS.data_file(name)} di situs {state} dari unduhan rilis {site_data} "
                    f"({rel.DOWNLOADS}/{name} di manifest{signed})",
                )
    head = entries[-1]["versi"] if entries else None
    if released_only and (site_data is None or site_data != head):
        problems.add(
            "data situs yang bukan rilis terakhir",
            f"data {where} bukan rilis terakhir ({head or 'belum ada rilis'}): buat rilis "
            "bertanda tangan dengan make release di komputer petugas, lalu commit folder rilisnya",
        )
    elif released_only and (frozen is None or not frozen.signed):
        problems.add(
            "rilis tanpa tanda tangan",
            f"rilis {site_data} yang menjadi data {where} tidak bertanda tangan (atau tidak ada "
            f"di {store}): buat rilis dengan make release KUNCI=...",
        )
    seen = {e["versi"] for e in entries}
    notes = _Findings()
    if site_data is None and entries:
        notes.add(
            "unduhan /data/ yang tidak dibandingkan",
            f"{where} menyatakan datanya belum dirilis (data_situs kosong di rantai.json): "
            "unduhan /data/ tidak dibandingkan dengan unduhan rilis mana pun",
        )
    for version in stored:
        if version not in seen:
            notes.add(
                f"rilis yang belum diterbitkan di {where}",
                f"rilis {version} belum diterbitkan di {where}",
            )
    return problems.messages(), notes.messages()
