"""What ``make`` calls: check the data, build the site safely, preview it.

``build`` validates first and stops with the report when the exports have
errors. The site is built into a new folder beside ``--output`` and swapped
in only when the whole build succeeded, so a failed build leaves the previous
site exactly as it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import deploy, releases
from .load import CODE_DIR, load_cached, tree_digest
from .search import index_search

REPORT_FILE = Path("laporan-data.json")
WATCHED = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py")


def check(datadir: Path, cache: Path | None = None) -> int:
    """Print the data report; 1 when the exports have errors."""
    if not datadir.is_dir():
        print(f"Folder data '{datadir}' tidak ditemukan.", file=sys.stderr)
        return 1
    loaded = load_cached(datadir, cache)
    print(loaded.report.as_text(str(datadir)))
    loaded.report.write_json(REPORT_FILE)
    print(f"Laporan lengkap (JSON): {REPORT_FILE}")
    return 0 if loaded.report.ok else 1


def run_pelican(settings: Path, output: Path, datadir: Path, cache: Path | None = None) -> int:
    """Run Pelican in this process (the loaded data is reused) into ``output``."""
    import pelican

    argv = [
        "content",
        "--settings",
        str(settings),
        "--output",
        str(output),
        "--fatal",
        "warnings",
        "--extra-settings",
        f"TERBUKA_DATADIR={json.dumps(str(datadir.resolve()))}",
        *([f"TERBUKA_CACHE_DIR={json.dumps(str(cache.resolve()))}"] if cache else []),
        "--quiet",
    ]
    try:
        pelican.main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def swap_in(new: Path, output: Path) -> None:
    """Replace ``output`` with ``new``: two renames on the same disk."""
    new.chmod(0o755)  # mkdtemp makes it private; web servers must read it
    if output.exists():
        old = output.with_name(f".{output.name}-lama-{os.getpid()}")
        os.rename(output, old)
        os.rename(new, output)
        shutil.rmtree(old)
    else:
        os.rename(new, output)


def build_fingerprint(datadir: Path, output: Path, settings: Path, cache: Path) -> str:
    """Everything a build reads: data, settings, content, theme, code, releases."""
    from pelican.settings import read_settings

    # As the build does: content comes from ./content, whatever the settings say.
    values = read_settings(str(settings), override={"PATH": str(Path("content").resolve())})
    paths = [datadir, settings, Path(values["PATH"]), Path(values["THEME"]), CODE_DIR]
    paths += [Path(values.get("TERBUKA_RELEASES_DIR", "rilis"))]
    options = (
        f"{output.resolve()}|{cache.resolve()}|{sorted((k, repr(v)) for k, v in values.items())}"
    )
    return tree_digest(paths) + hashlib.sha256(options.encode("utf-8")).hexdigest()


def build(
    datadir: Path, output: Path, settings: Path, cache: Path | None = None, force: bool = False
) -> int:
    cache_dir = cache or Path("cache")
    stamp_file = cache_dir / "bangun" / hashlib.sha256(str(output.resolve()).encode()).hexdigest()
    fingerprint = build_fingerprint(datadir, output, settings, cache_dir)
    unchanged = stamp_file.is_file() and stamp_file.read_text(encoding="utf-8") == fingerprint
    if unchanged and not force and output.is_dir():
        print(f"Tidak ada yang berubah sejak pembangunan terakhir; {output} sudah mutakhir.")
        return 0
    if check(datadir, cache_dir) != 0:
        print(f"\nSitus TIDAK dibangun; {output} tidak diubah.", file=sys.stderr)
        return 1
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-baru-", dir=output.parent))
    try:
        started = time.perf_counter()
        code = run_pelican(settings, staging, datadir, cache)
        if code == 0:
            code = index_search(staging)
        if code != 0:
            print(f"\nPembangunan situs gagal; {output} tidak diubah.", file=sys.stderr)
            return code
        swap_in(staging, output)
        stamp_file.parent.mkdir(parents=True, exist_ok=True)
        stamp_file.write_text(fingerprint, encoding="utf-8")
        pages = sum(1 for _ in output.rglob("*.html"))
        print(
            f"Situs dibangun di {output} ({pages} halaman, {time.perf_counter() - started:.1f} d)."
        )
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class _PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; a missing page gets the site's own 404 page."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(output: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_PreviewHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    print(f"Pratinjau: http://localhost:{port}/ (Ctrl+C untuk berhenti)")
    return server


def _stamp(paths: list[Path]) -> tuple:
    files = []
    for root in paths:
        found = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        files.extend((str(p), p.stat().st_mtime_ns) for p in found if p.is_file())
    return tuple(files)


def devserver(datadir: Path, output: Path, settings: Path, port: int) -> int:
    """Serve ``output`` and rebuild, in a fresh process, whenever a source changes."""
    command = [sys.executable, "-m", "terbuka", "build", "--datadir", str(datadir)]
    command += ["--output", str(output), "--settings", str(settings)]
    watched = [datadir, *map(Path, WATCHED)]
    subprocess.run(command, check=False)
    output.mkdir(parents=True, exist_ok=True)
    server = serve(output, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    last = _stamp(watched)
    try:
        while True:
            time.sleep(1)
            now = _stamp(watched)
            if now != last:
                last = now
                print("Perubahan terdeteksi; membangun ulang ...")
                subprocess.run(command, check=False)
    except KeyboardInterrupt:
        server.shutdown()
    return 0


def release(datadir: Path, store: Path, version: str, note: str, date: str | None) -> int:
    """Validate the data, then freeze it as a new release in the chain."""
    if check(datadir) != 0:
        print(f"\nRilis {version} TIDAK dibuat: perbaiki dulu kesalahan data.", file=sys.stderr)
        return 1
    try:
        made = releases.freeze(
            datadir, store, version, note, dt.date.fromisoformat(date) if date else None
        )
    except releases.ReleaseError as exc:
        print(f"Rilis tidak dibuat: {exc}", file=sys.stderr)
        return 1
    print(f"Rilis {made.version} dibuat di {made.path} ({len(made.files)} file).")
    print("Simpan ke git: git add rilis && git commit -m 'Rilis " + made.version + "'")
    return 0


def verify(store: Path) -> int:
    problems = releases.verify(store)
    found = releases.chain(store) if not problems else []
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(
            f"\nPEMERIKSAAN GAGAL: {len(problems)} masalah pada rilis di {store}.", file=sys.stderr
        )
        return 1
    print(f"Semua {len(found)} rilis di {store} utuh: setiap file dan rantai hash cocok.")
    return 0


def publish(datadir: Path, settings: Path, output: Path, target: str | None) -> int:
    """Build the public site, then switch it in at the deploy target."""
    code = build(datadir, output, settings)
    if code != 0:
        return code
    if not target:
        from pelican.settings import read_settings

        target = read_settings(str(settings)).get("TERBUKA_DEPLOY_TARGET")
    if not target:
        print(f"Situs publik ada di {output}; atur TERBUKA_DEPLOY_TARGET untuk memasangnya.")
        return 0
    tree = deploy.publish(output.resolve(), target)
    print(f"Diterbitkan ke {target}: versi {tree} sekarang aktif.")
    return 0


def rollback(target: str) -> int:
    try:
        tree = deploy.rollback_local(Path(target))
    except deploy.DeployError as exc:
        print(f"Tidak bisa kembali: {exc}", file=sys.stderr)
        return 1
    print(f"{target}: versi {tree} aktif kembali.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="terbuka", description="Terbuka: situs data terbuka")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("build", "check", "devserver"):
        p = sub.add_parser(name)
        p.add_argument("--datadir", type=Path, default=Path("data"))
        if name != "check":
            p.add_argument("--output", type=Path, default=Path("output"))
            p.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
            p.add_argument("--cache", type=Path, help="cache folder (default: cache/)")
            p.add_argument("--force", action="store_true", help="build even if nothing changed")
        if name == "devserver":
            p.add_argument("--port", type=int, default=8000)
    p = sub.add_parser("release")
    p.add_argument("--datadir", type=Path, default=Path("data"))
    p.add_argument("--store", type=Path, default=Path("rilis"))
    p.add_argument("--version", required=True)
    p.add_argument("--note", default="")
    p.add_argument("--date", help="tanggal rilis YYYY-MM-DD (bawaan: hari ini)")
    p = sub.add_parser("verify")
    p.add_argument("--store", type=Path, default=Path("rilis"))
    p = sub.add_parser("publish")
    p.add_argument("--datadir", type=Path, default=Path("data"))
    p.add_argument("--settings", type=Path, default=Path("publishconf.py"))
    p.add_argument("--output", type=Path, default=Path("output-publish"))
    p.add_argument("--target", help="folder atau tujuan rsync (bawaan: TERBUKA_DEPLOY_TARGET)")
    p = sub.add_parser("rollback")
    p.add_argument("--target", required=True)
    p = sub.add_parser("serve")
    p.add_argument("--output", type=Path, default=Path("output"))
    p.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)

    if args.command == "check":
        return check(args.datadir)
    if args.command == "build":
        return build(args.datadir, args.output, args.settings, args.cache, args.force)
    if args.command == "release":
        return release(args.datadir, args.store, args.version, args.note, args.date)
    if args.command == "verify":
        return verify(args.store)
    if args.command == "publish":
        return publish(args.datadir, args.settings, args.output, args.target)
    if args.command == "rollback":
        return rollback(args.target)
    if args.command == "devserver":
        return devserver(args.datadir, args.output, args.settings, args.port)
    if not args.output.is_dir():
        print(f"{args.output} belum ada; jalankan 'make html' dulu.", file=sys.stderr)
        return 1
    server = serve(args.output, args.port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.shutdown()
    return 0
