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
import secrets
from dataclasses import dataclass
from pathlib import Path

import nacl.exceptions
import nacl.pwhash
import nacl.signing

from .problems import TerbukaError
from .read import NotRegularFileError, read_regular

SIG_ALG, PREHASHED = b"Ed", b"ED"
KDF_NONE, KDF_SCRYPT, CHECKSUM_ALG = b"\0\0", b"Sc", b"B2"
UNTRUSTED = "untrusted comment: "
TRUSTED = "trusted comment: "
SECRET_BYTES = 158  # 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32
MAX_KEY_FILE = 16_384  # a key or a signature (minisign allows 8 KB of trusted comment)
PASSWORD_VARIABLE = "RILIS_KUNCI_SANDI"


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
    if len(data) > MAX_KEY_FILE:
        raise SigningError(f"{where}: file terlalu besar untuk kunci atau tanda tangan")
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise SigningError(f"{where}: bukan teks UTF-8") from None


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


def parse_secret_key(data: bytes, where: str) -> SecretKey:
    """A minisign secret key file, with or without a password (``minisign -G [-W]``)."""
    lines = [line for line in _lines(data, where) if line.strip()]
    if lines and lines[0].startswith(UNTRUSTED):
        lines = lines[1:]
    raw = _b64(lines[0], where) if len(lines) == 1 else b""
    if len(raw) != SECRET_BYTES or raw[:2] != SIG_ALG or raw[4:6] != CHECKSUM_ALG:
        raise SigningError(f"{where}: bukan kunci rahasia minisign")
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


def read_secret_key(path: Path, project: Path) -> SecretKey:
    """The secret key at ``path``; refused when it lies inside the project
    folder, where a commit or a published build could carry it away."""
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
    except (NotRegularFileError, OSError) as exc:
        raise SigningError(f"{path}: file kunci tidak bisa dibaca ({exc})") from None
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
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise SigningError("komentar tepercaya tidak boleh berisi baris baru")
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


def verify(public: PublicKey, data: bytes, signature_file: bytes, where: str) -> str:
    """The signed trusted comment; ``SigningError`` unless ``public`` signed ``data``."""
    lines = _lines(signature_file, where)
    if len(lines) < 4 or not lines[0].startswith(UNTRUSTED) or not lines[2].startswith(TRUSTED):
        raise SigningError(f"{where}: bukan file tanda tangan minisign")
    raw = _b64(lines[1], where)
    if len(raw) != 74 or raw[:2] not in (SIG_ALG, PREHASHED):
        raise SigningError(f"{where}: bukan tanda tangan minisign")
    if raw[2:10] != public.key_id:
        raise SigningError(
            f"{where}: ditandatangani kunci {raw[2:10][::-1].hex().upper()}, bukan kunci "
            f"publik rilis {public.id_text}"
        )
    signed = hashlib.blake2b(data, digest_size=64).digest() if raw[:2] == PREHASHED else data
    signature = raw[10:]
    comment = lines[2].removeprefix(TRUSTED)
    global_signature = _b64(lines[3], where)
    verify_key = nacl.signing.VerifyKey(public.key)
    try:
        verify_key.verify(signed, signature)
        verify_key.verify(signature + comment.encode("utf-8"), global_signature)
    except (nacl.exceptions.BadSignatureError, ValueError):
        raise SigningError(f"{where}: tanda tangan tidak cocok dengan isinya") from None
    return comment
