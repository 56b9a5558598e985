"""Release signatures in minisign's format, so anyone can check them with
Debian's ``minisign`` (or any of its ports) without trusting our code.

Keys are Ed25519 (libsodium through PyNaCl, as minisign itself uses). A
signature is minisign's pre-hashed kind (``ED``): Ed25519 over the BLAKE2b-512
of the file, plus a signed "trusted comment". Ed25519 is deterministic, so
the same manifest, key and comment always give the same bytes.

Formats (https://jedisct1.github.io/minisign/):
- public key: ``"Ed" || key id (8) || public key (32)``, base64, under a comment;
- secret key: ``"Ed" || kdf ("\\0\\0" or "Sc") || "B2" || salt (32) || opslimit
  (8, LE) || memlimit (8, LE) || [key id (8) || secret key (64) || BLAKE2b-256
  checksum (32)]``, the bracket XOR-ed with a scrypt stream when ``kdf`` is "Sc";
- signature: ``"ED" || key id || sig`` then the trusted comment and
  ``Ed25519(sig || comment)``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
import shlex
import stat
from dataclasses import dataclass
from pathlib import Path

import nacl.exceptions
import nacl.pwhash
import nacl.signing

from terbuka.core.files import NotRegularFileError, read_regular
from terbuka.core.problems import TerbukaError

SIG_ALG, PREHASHED = b"Ed", b"ED"
KDF_NONE, KDF_SCRYPT, CHECKSUM_ALG = b"\0\0", b"Sc", b"B2"
UNTRUSTED = "untrusted comment: "
TRUSTED = "trusted comment: "
SECRET_BYTES = 158  # 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32
MAX_KEY_FILE = 16_384  # a key or a signature (minisign allows 8 KB of trusted comment)
PASSWORD_VARIABLE = "RILIS_KUNCI_SANDI"
# minisign 0.11 reads a signature's lines with C's fgets into buffers of
# COMMENTMAXBYTES (1024) and TRUSTEDCOMMENTMAXBYTES (8192) bytes, the line's
# "\n" included, and refuses a line that does not fit whole. So the
# untrusted comment line holds at most 1022 bytes, and the trusted comment
# 8192 - 1 - len("trusted comment: ") - 1 = 8173 bytes after its prefix.
# (Its signer, `minisign -S`, stops at 4077 bytes, where its 4096-byte output
# buffer ends; `minisign -V` is what every reader runs.) Bytes are bytes to
# minisign: U+2028 and the like are part of the line; only "\n" ends one, a
# "\r" ends the comment, and a NUL makes minisign refuse the line.
UNTRUSTED_LINE_MAX = 1024 - 2
TRUSTED_COMMENT_MAX = 8192 - 1 - len(TRUSTED) - 1
_SIGNATURE_LINE = 103  # B64_MAX_LEN_FROM_BIN_LEN(74) + 2: the buffer of "ED" || id || sig
_GLOBAL_LINE = 91  # B64_MAX_LEN_FROM_BIN_LEN(64) + 2


class SigningError(TerbukaError):
    """A key or signature cannot be read, made or verified; the message says why."""


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes  # 8 bytes
    key: bytes  # 32 bytes

    @property
    def id_text(self) -> str:
        """The id as minisign prints it (a little-endian number, in hex)."""
        return self.key_id[::-1].hex().upper()

    @property
    def base64(self) -> str:
        return base64.b64encode(SIG_ALG + self.key_id + self.key).decode("ascii")

    def file_text(self) -> str:
        return f"{UNTRUSTED}minisign public key {self.id_text}\n{self.base64}\n"


@dataclass(frozen=True)
class SecretKey:
    public: PublicKey
    seed: bytes  # 32 bytes; the Ed25519 secret key is seed || public key

    def signing_key(self) -> nacl.signing.SigningKey:
        return nacl.signing.SigningKey(self.seed)


def _b64(text: str, where: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SigningError(f"{where}: isi base64 tidak sah") from None


def _lines(data: bytes, where: str) -> list[str]:
    """A key file's lines: only "\n" ends a line (as for minisign; U+2028 does
    not), and a "\r" before it is dropped."""
    if len(data) > MAX_KEY_FILE:
        raise SigningError(f"{where}: file terlalu besar untuk kunci atau tanda tangan")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SigningError(f"{where}: bukan teks UTF-8") from None
    return [line.removesuffix("\r") for line in text.split("\n")]


def _fgets(data: bytes, start: int, size: int) -> tuple[bytes, int]:
    """What C's ``fgets(buffer, size, fp)`` reads at ``start``: up to and with
    the first "\n", or ``size - 1`` bytes; and where the next read starts."""
    end = data.find(b"\n", start, start + size - 1)
    stop = end + 1 if end >= 0 else min(len(data), start + size - 1)
    return data[start:stop], stop


def _trim(line: bytes) -> tuple[bytes, bool]:
    """minisign's ``trim``: the C string (up to a NUL) cut at its first "\r"
    or "\n"; and whether it held a "\n", i.e. the whole line was read."""
    text = line.split(b"\0", 1)[0]
    return re.split(rb"[\r\n]", text, maxsplit=1)[0], b"\n" in text


def comment_problem(comment: str) -> str | None:
    """Why minisign would not verify a signature carrying this trusted comment, or None."""
    if "\n" in comment or "\r" in comment:
        return "komentar tepercaya tidak boleh berisi baris baru (\\n atau \\r)"
    if "\0" in comment:
        return "komentar tepercaya tidak boleh berisi karakter NUL"
    size = len(comment.encode("utf-8"))
    if size > TRUSTED_COMMENT_MAX:
        return (
            f"komentar tepercaya {size} byte, lebih dari {TRUSTED_COMMENT_MAX} byte yang "
            "diterima minisign"
        )
    return None


def parse_public_key(data: bytes, where: str) -> PublicKey:
    """A minisign public key file (two lines) or its bare base64 line."""
    lines = [line for line in _lines(data, where) if line.strip()]
    if lines and lines[0].startswith(UNTRUSTED):
        lines = lines[1:]
    raw = _b64(lines[0], where) if len(lines) == 1 else b""
    if len(raw) != 42 or raw[:2] != SIG_ALG:
        raise SigningError(f"{where}: bukan kunci publik minisign")
    return PublicKey(raw[2:10], raw[10:])


def _checksum(key_id: bytes, secret: bytes) -> bytes:
    return hashlib.blake2b(SIG_ALG + key_id + secret, digest_size=32).digest()


def _password(where: str) -> bytes:
    """The secret key's password: from the environment, else asked at the terminal."""
    if (value := os.environ.get(PASSWORD_VARIABLE)) is not None:
        return value.encode("utf-8")
    import getpass
    import sys

    if not sys.stdin.isatty():
        raise SigningError(
            f"{where}: kunci rahasia ini bersandi; jalankan di terminal atau isi "
            f"variabel lingkungan {PASSWORD_VARIABLE}"
        )
    return getpass.getpass(f"Sandi kunci {where}: ").encode("utf-8")


def _secret_key_bytes(data: bytes, where: str) -> bytes:
    """A minisign secret key file's decoded bytes, its shape checked (no password asked)."""
    lines = [line for line in _lines(data, where) if line.strip()]
    if lines and lines[0].startswith(UNTRUSTED):
        lines = lines[1:]
    raw = _b64(lines[0], where) if len(lines) == 1 else b""
    if len(raw) != SECRET_BYTES or raw[:2] != SIG_ALG or raw[4:6] != CHECKSUM_ALG:
        raise SigningError(f"{where}: bukan kunci rahasia minisign")
    return raw


def parse_secret_key(data: bytes, where: str) -> SecretKey:
    """A minisign secret key file, with or without a password (``minisign -G [-W]``)."""
    raw = _secret_key_bytes(data, where)
    kdf, salt, sealed = raw[2:4], raw[6:38], raw[54:]
    if kdf == KDF_SCRYPT:
        opslimit = int.from_bytes(raw[38:46], "little")
        memlimit = int.from_bytes(raw[46:54], "little")
        try:
            stream = nacl.pwhash.scrypt.kdf(len(sealed), _password(where), salt, opslimit, memlimit)
        except (nacl.exceptions.CryptoError, ValueError) as exc:
            raise SigningError(f"{where}: kunci tidak bisa dibuka ({exc})") from None
        sealed = bytes(a ^ b for a, b in zip(sealed, stream, strict=True))
    elif kdf != KDF_NONE:
        raise SigningError(f"{where}: cara penyandian kunci tidak dikenal")
    key_id, secret, checksum = sealed[:8], sealed[8:72], sealed[72:]
    # minisign 0.11 leaves the checksum of a key without password empty (-W).
    unchecked = kdf == KDF_NONE and checksum == bytes(32)
    if not unchecked and not hmac.compare_digest(checksum, _checksum(key_id, secret)):
        wrong = "sandinya salah atau " if kdf == KDF_SCRYPT else ""
        raise SigningError(f"{where}: {wrong}kunci rusak (checksum tidak cocok)")
    seed, public = secret[:32], secret[32:]
    if bytes(nacl.signing.SigningKey(seed).verify_key) != public:
        raise SigningError(f"{where}: kunci rahasia tidak cocok dengan kunci publiknya")
    return SecretKey(PublicKey(key_id, public), seed)


def key_mode_problem(path: Path, mode: int) -> str | None:
    """Why a secret key file with ``mode`` may not be used, or None: like ssh,
    a key others on the machine can read, write or run is refused."""
    if os.name == "nt" or not mode & 0o077:
        return None
    return (
        f"{path}: kunci rahasia ini bisa diakses pengguna lain di komputer ini (izin "
        f"{stat.S_IMODE(mode):04o}); kunci tidak dipakai. Batasi untuk pemiliknya saja: "
        f"chmod 600 {shlex.quote(str(path))}"
    )


def read_secret_key(path: Path, project: Path) -> SecretKey:
    """The secret key at ``path``; refused when it lies inside the project
    folder, where a commit or a published build could carry it away, or when
    others may read it."""
    resolved = path.expanduser().resolve()
    if resolved.is_relative_to(project.resolve()):
        raise SigningError(
            f"{path}: kunci rahasia berada di dalam folder proyek ({project}); simpan di luar "
            "folder ini (misalnya ~/terbuka.key) agar tidak ikut tersimpan di git atau terbit"
        )
    if not resolved.exists():
        raise SigningError(f"{path}: file kunci tidak ada")
    try:
        data = read_regular(resolved, MAX_KEY_FILE)
        mode = resolved.stat().st_mode
    except (NotRegularFileError, OSError) as exc:
        raise SigningError(f"{path}: file kunci tidak bisa dibaca ({exc})") from None
    _secret_key_bytes(data, str(path))  # not a key at all says so first
    if (problem := key_mode_problem(path, mode)) is not None:
        raise SigningError(problem)
    return parse_secret_key(data, str(path))


def generate() -> SecretKey:
    key = nacl.signing.SigningKey.generate()
    return SecretKey(PublicKey(secrets.token_bytes(8), bytes(key.verify_key)), bytes(key))


def secret_file_text(key: SecretKey) -> str:
    """The key as ``minisign -G -W`` writes it (no password: keep the file private)."""
    secret = key.seed + key.public.key
    raw = (
        SIG_ALG
        + KDF_NONE
        + CHECKSUM_ALG
        + bytes(48)  # salt, opslimit, memlimit: unused without a password
        + key.public.key_id
        + secret
        + _checksum(key.public.key_id, secret)
    )
    return f"{UNTRUSTED}minisign secret key\n{base64.b64encode(raw).decode('ascii')}\n"


def sign(key: SecretKey, data: bytes, trusted_comment: str) -> bytes:
    """A ``.minisig`` file for ``data``; the same inputs give the same bytes."""
    if (problem := comment_problem(trusted_comment)) is not None:
        raise SigningError(problem)
    signing_key = key.signing_key()
    digest = hashlib.blake2b(data, digest_size=64).digest()
    signature = signing_key.sign(digest).signature
    comment = trusted_comment.encode("utf-8")
    global_signature = signing_key.sign(signature + comment).signature
    lines = [
        f"{UNTRUSTED}tanda tangan dari kunci rahasia minisign {key.public.id_text}",
        base64.b64encode(PREHASHED + key.public.key_id + signature).decode("ascii"),
        TRUSTED + trusted_comment,
        base64.b64encode(global_signature).decode("ascii"),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _signature_lines(signature_file: bytes, where: str) -> tuple[bytes, bytes, bytes]:
    """The signature, the trusted comment and the global signature, read line
    by line exactly as ``minisign -V`` (0.11) reads them; ``SigningError``
    for what it refuses."""
    if len(signature_file) > MAX_KEY_FILE:
        raise SigningError(f"{where}: file terlalu besar untuk kunci atau tanda tangan")
    not_minisign = SigningError(f"{where}: bukan file tanda tangan minisign")
    line, at = _fgets(signature_file, 0, UNTRUSTED_LINE_MAX + 2)
    untrusted, whole = _trim(line)
    if not line or (whole and not untrusted.startswith(UNTRUSTED.encode())):
        raise not_minisign
    if not whole:
        raise SigningError(
            f"{where}: baris komentar tak tepercaya lebih dari {UNTRUSTED_LINE_MAX} byte "
            "(atau berisi NUL); minisign menolaknya"
        )
    line, at = _fgets(signature_file, at, _SIGNATURE_LINE)
    signature, whole = _trim(line)
    if not whole:
        raise not_minisign
    line, at = _fgets(signature_file, at, TRUSTED_COMMENT_MAX + len(TRUSTED) + 2)
    if not line.startswith(TRUSTED.encode()):
        raise not_minisign
    comment, whole = _trim(line[len(TRUSTED) :])
    if not whole:
        raise SigningError(
            f"{where}: komentar tepercaya lebih dari {TRUSTED_COMMENT_MAX} byte (atau berisi "
            "NUL); minisign menolaknya"
        )
    line, at = _fgets(signature_file, at, _GLOBAL_LINE)
    global_signature, _ = _trim(line)  # minisign does not ask for its "\n"
    return signature, comment, global_signature


def verify(public: PublicKey, data: bytes, signature_file: bytes, where: str) -> str:
    """The signed trusted comment; ``SigningError`` unless ``public`` signed
    ``data``, and ``minisign -V`` would say so too."""
    signature_line, comment, global_line = _signature_lines(signature_file, where)
    raw = _b64(signature_line.decode("ascii", "replace"), where)
    if len(raw) != 74 or raw[:2] not in (SIG_ALG, PREHASHED):
        raise SigningError(f"{where}: bukan tanda tangan minisign")
    if raw[2:10] != public.key_id:
        raise SigningError(
            f"{where}: ditandatangani kunci {raw[2:10][::-1].hex().upper()}, bukan kunci "
            f"publik rilis {public.id_text}"
        )
    signed = hashlib.blake2b(data, digest_size=64).digest() if raw[:2] == PREHASHED else data
    signature = raw[10:]
    global_signature = _b64(global_line.decode("ascii", "replace"), where)
    verify_key = nacl.signing.VerifyKey(public.key)
    try:
        verify_key.verify(signed, signature)
        verify_key.verify(signature + comment, global_signature)
    except (nacl.exceptions.BadSignatureError, ValueError):
        raise SigningError(f"{where}: tanda tangan tidak cocok dengan isinya") from None
    return comment.decode("utf-8", "replace")
