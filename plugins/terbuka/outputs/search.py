"""The full-text search index: Pagefind over the built site, made
byte-reproducible.

Pagefind writes its filter files from hash maps, so two runs over the same
pages order filter values differently (and so name the files differently).
``canonicalise`` sorts them and renames every file that depends on them, so
that the same site always gets the same index bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import cbor2

from terbuka.core.problems import TerbukaError
from terbuka.core.published import Published

SIGNATURE = b"pagefind_dcd"
BUNDLE = "pagefind"  # the folder the search page loads the index from
EXCLUDED = ".angka"  # figure cells of every table (see index_search)


def _read(path: Path) -> list:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    return cbor2.loads(data[len(SIGNATURE) :])


def _pack(value: list) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)


def _digest(data: bytes, length: int) -> str:
    return "id_" + hashlib.sha256(data).hexdigest()[:length]


def canonicalise(bundle: Path) -> None:
    """Sort filter values, rename filter and meta files by their new content."""
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        name, values = _read(path)
        data = _pack([name, sorted(values, key=lambda v: v[0])])
        new = _digest(data, 7)
        path.unlink()
        (bundle / "filter" / f"{new}.pf_filter").write_bytes(data)
        renamed[path.stem] = new
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        meta[3] = sorted([name, renamed.get(h, h)] for name, h in meta[3])
        data = _pack(meta)
        language["hash"] = _digest(data, 10)
        meta_path.unlink()
        (bundle / f"pagefind.{language['hash']}.pf_meta").write_bytes(data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


class SearchIndexError(TerbukaError):
    pass


def index_search(site: Path) -> Published:
    """The Pagefind index of a built site (its binary ships in the wheel), as
    the files of ``pagefind/``: made in a folder of its own, made canonical
    there, then handed to the one road to the output like every other file.

    Codes keep their dots ("2.16.03") so that a code is found as one word.
    Figures (``.angka`` cells: amounts and percentages) are left out: every
    amount was a word of its own, and at a province's scale they took
    Pagefind from 1.3 GB to 2.5 GB of memory; people search names and codes.
    """
    out = Published()
    with tempfile.TemporaryDirectory(prefix="terbuka-cari-") as folder:
        bundle = Path(folder) / BUNDLE
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
        options = ["--include-characters", ".", "--exclude-selectors", EXCLUDED]
        result = subprocess.run([*command, *options, "--output-path", str(bundle)], check=False)
        if result.returncode != 0:
            raise SearchIndexError("indeks pencarian gagal dibuat")
        canonicalise(bundle)
        for path in sorted(bundle.rglob("*")):
            if path.is_file():
                out.add(f"{BUNDLE}/{path.relative_to(bundle).as_posix()}", path.read_bytes())
    return out
