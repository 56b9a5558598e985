"""What a build reads, in one list, and the digests every cache is keyed by.

``build_inputs`` feeds both the "nothing changed" check of ``make html`` and
the caches: loaded data, charts and downloads are keyed by the content of
what they are made from plus ``code_digest``, the digest of this package
(code, schemas and SPBE frameworks together). Editing any of them refreshes
every cache; nothing is bumped by hand.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Any

from terbuka.core.settings import TerbukaSettings

CODE_DIR = Path(__file__).resolve().parents[1]  # the plugin: code, schemas/, reference/


def tree_digest(paths: list[Path]) -> str:
    """SHA-256 over the names and bytes of every file under ``paths``."""
    digest = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in files:
            if "__pycache__" in path.parts:
                continue
            # A link is hashed as the link, never read through (data/ may
            # hold one pointing anywhere; the report refuses it).
            if path.is_symlink():
                content = f"->{os.readlink(path)}".encode()
            elif path.is_file():
                content = path.read_bytes()
            else:
                continue
            digest.update(str(path.relative_to(root.parent)).encode("utf-8"))
            digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


@cache
def code_digest() -> str:
    """The digest of the plugin package: part of every cache key."""
    return tree_digest([CODE_DIR])[:16]


def build_inputs(site: TerbukaSettings, values: dict[str, Any]) -> list[Path]:
    """Every file and folder a build reads, besides the settings themselves."""
    return [
        site.datadir,
        Path(values["PATH"]),
        Path(values["THEME"]),
        CODE_DIR,
        site.releases_dir,
        site.redirects,
        site.favicon,
        *([site.logo] if site.logo is not None else []),
    ]


def fingerprint(site: TerbukaSettings, values: dict[str, Any], output: Path) -> str:
    """One digest of every input and setting: equal means nothing changed."""
    options = f"{output.resolve()}|{sorted((k, repr(v)) for k, v in values.items())}"
    return tree_digest(build_inputs(site, values)) + hashlib.sha256(options.encode()).hexdigest()
