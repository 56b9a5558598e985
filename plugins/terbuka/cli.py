"""What ``make`` calls: check the data, build the site safely, preview it.

``build`` validates first and stops with the report when the exports have
errors. The site is built into a new folder beside ``--output`` and swapped
in only when the whole build succeeded, so a failed build leaves the previous
site exactly as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from terbuka.core import cache as kept
from terbuka.core import embed, live, serving, stages, writes
from terbuka.core.fingerprint import fingerprint as build_fingerprint
from terbuka.core.fingerprint import tree_digest
from terbuka.core.problems import Code, Problem, Report, TerbukaError, warning
from terbuka.core.schema import load_schema
from terbuka.core.settings import TerbukaSettings, from_pelican, read_settings
from terbuka.core.text import plain
from terbuka.publishing import (
    anchor,
    deploy,
    redirects,
    releases,
    remote,
    server_config,
    signing,
)

if TYPE_CHECKING:
    import pandas as pd

# pandas, the model and Pelican are imported where a build needs them, not
# here: "nothing changed" is answered in a fraction of a second without them.

WATCHED = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py")


def check(
    datadir: Path,
    cache: Path | None = None,
    report: Path | None = None,
    redirect_file: Path | None = None,
    suggestions: Path | None = None,
    site: TerbukaSettings | None = None,
) -> int:
    """Print the report of the exports (and of redirects.csv); 1 on any error."""
    if not datadir.is_dir():
        print(f"Folder data '{datadir}' tidak ditemukan.", file=sys.stderr)
        return 1
    from terbuka.model.load import load_cached

    loaded = load_cached(datadir, cache)
    found = loaded.report
    if site is not None:
        found = Report([*found.problems, *settings_against_reports(site, loaded.regions)])
    if suggestions is not None and loaded.derived:
        write_suggestions(loaded.derived, suggestions, datadir)
    if redirect_file is not None:
        found = Report([*found.problems, *redirects.read_redirects(redirect_file)[1]])
    print(found.as_text(str(datadir)))
    if report is not None:
        report = report.resolve()
        writes.write_bytes(report.parent, report.name, found.json_bytes())
        print(f"Laporan lengkap (JSON): {report}")
    return 0 if found.ok else 1


def settings_against_reports(site: TerbukaSettings, regions: tuple[str, ...]) -> list[Problem]:
    """What the settings say against what per-unit reports say: the region's
    name, and the sample banner over real reports."""
    if not regions:
        return []
    found = []
    named = {plain(r) for r in regions}
    if site.region and plain(site.region) not in named:
        found.append(
            warning(
                "pengaturan",
                None,
                "TERBUKA_REGION",
                f"TERBUKA_REGION '{site.region}', padahal laporan per OPD menyebut daerah "
                f"{', '.join(regions)}; situs memakai nama di pengaturan. Ganti TERBUKA_REGION "
                "bila laporan ini milik daerah lain",
                Code.REPORT_TITLE,
            )
        )
    if site.sample_data:
        found.append(
            warning(
                "pengaturan",
                None,
                "TERBUKA_SAMPLE_DATA",
                "TERBUKA_SAMPLE_DATA = True, padahal folder data berisi laporan anggaran resmi: "
                "setiap halaman akan menyebutnya data contoh sintetis. Tulis TERBUKA_SAMPLE_DATA "
                "= False di pengaturan sebelum menerbitkan",
                Code.REPORT_TITLE,
            )
        )
    return found


def write_suggestions(derived: dict[str, pd.DataFrame], folder: Path, datadir: Path) -> None:
    """The derived opd.csv and program.csv, for the clerk to complete: never into data/."""
    from terbuka.outputs import downloads

    folder = folder.resolve()
    if folder == datadir.resolve() or datadir.resolve() in folder.parents:
        print(f"Saran tidak ditulis: folder {folder} ada di dalam folder data.", file=sys.stderr)
        return
    for name, frame in derived.items():
        table = downloads.table_of(frame, load_schema(name))
        written = writes.write_bytes(
            folder, f"{name}.csv", downloads.csv_bytes(table.columns, table.rows)
        )
        print(
            f"Saran {name}.csv ({len(frame)} baris) ditulis ke {written}; "
            f"lengkapi lalu salin ke {datadir}."
        )


def overrides(datadir: Path | None, cache: Path | None) -> dict[str, str]:
    """Command-line folders as Pelican settings (absolute, so they mean the same anywhere)."""
    found = {}
    if datadir is not None:
        found["TERBUKA_DATADIR"] = str(datadir.resolve())
    if cache is not None:
        found["CACHE_PATH"] = str(cache.resolve())
    return found


def run_pelican(settings: Path, output: Path, extra: dict[str, str]) -> int:
    """Run Pelican in this process (the loaded data is reused) into ``output``."""
    import pelican

    # Pelican's warnings are shown and stop the build (never --quiet: it would
    # hide them and, with them, what --fatal is for).
    argv = ["--settings", str(settings), "--output", str(output), "--fatal", "warnings"]
    argv += ["--extra-settings", *(f"{k}={json.dumps(v)}" for k, v in extra.items())]
    try:
        pelican.main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def swap_in(new: Path, output: Path) -> None:
    """Replace ``output`` with ``new``: two renames on the same disk."""
    new.chmod(0o755)  # mkdtemp makes it private; web servers must read it
    parent = output.parent
    if output.exists():
        writes.keep_unchanged_times(new, output)
        old = f".{output.name}-lama-{os.getpid()}"
        writes.replace(parent, output.name, old)
        writes.replace(parent, new.name, output.name)
        writes.remove_tree(parent, old)
    else:
        writes.replace(parent, new.name, output.name)


def release_problems(store: Path) -> list[str]:
    """What stops a build: releases that do not verify, or whose data no
    longer passes today's checks (rules grow; frozen data does not)."""
    problems = releases.verify(store)
    if problems:
        return problems
    from terbuka.model.load import load_cached

    for release in releases.chain(store):
        report = load_cached(release.data_dir).report
        problems += [f"{release.data_dir}/{p}" for p in report.errors]
    return problems


def check_releases(store: Path) -> int:
    """Refuse to build or publish while any release does not verify or validate."""
    problems = release_problems(store)
    if not problems:
        return 0
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    print(
        f"\nRilis di {store} tidak utuh atau datanya tidak lolos pemeriksaan ({len(problems)} "
        "masalah): situs TIDAK dibangun. Kembalikan file rilis seperti semula (git checkout "
        "rilis) lalu jalankan make verify.",
        file=sys.stderr,
    )
    return 1


def build(
    datadir: Path | None,
    output: Path,
    settings: Path,
    cache: Path | None = None,
    force: bool = False,
    preview: bool = False,
) -> int:
    """Build the site into a new folder and swap it in for ``output``.
    ``preview`` (make devserver): changed pages reach ``output`` first, marked."""
    begun = time.perf_counter()
    extra = overrides(datadir, cache)
    values = read_values(settings, extra)
    if values is None:
        return 1
    site = from_pelican(values)
    with kept.one_build_at_a_time(site.cache_dir):
        return _build_holding_the_cache(
            site, values, extra, output, settings, force, preview, begun
        )


def _build_holding_the_cache(
    site: TerbukaSettings,
    values: dict[str, Any],
    extra: dict[str, str],
    output: Path,
    settings: Path,
    force: bool,
    preview: bool,
    begun: float,
) -> int:
    fingerprint = build_fingerprint(site, values, output) + tree_digest([settings])
    store = kept.CacheStore(site.cache_dir)
    last = live.load(store, output) if output.is_dir() else None
    # "Nothing changed" holds only while the output is, file for file, what
    # the last build left there: an edited, added or deleted file is built again.
    if not force and last is not None and last.fingerprint == fingerprint and last.unchanged():
        print(f"Tidak ada yang berubah sejak pembangunan terakhir; {output} sudah mutakhir.")
        return 0
    # With --force (and for every publish) nothing kept in cache/ is used: the
    # build starts from an empty store of its own, removed afterwards, and no
    # file of the live site is linked into it.
    _clear_debris(site.cache_dir.parent, f".{site.cache_dir.name}-bersih-")
    cache_root = kept.fresh(site.cache_dir) if force else site.cache_dir
    if force:
        extra = {**extra, "CACHE_PATH": str(cache_root)}
    elif last is not None:
        extra = {**extra, "TERBUKA_LIVE_OUTPUT": str(output.resolve())}
        if preview:
            extra = {**extra, "TERBUKA_PREVIEW": "1"}
    try:
        linked_from = None if force else last
        return _build(
            site, settings, output, extra, cache_root, store, linked_from, fingerprint, begun
        )
    finally:
        if force:
            kept.discard(cache_root)


def _build(
    site: TerbukaSettings,
    settings: Path,
    output: Path,
    extra: dict[str, str],
    cache_root: Path,
    store: kept.CacheStore,
    last: live.LiveTree | None,
    fingerprint: str,
    begun: float,
) -> int:
    if (
        check(site.datadir, cache_root, site.report, site.redirects, site=site) != 0
        or check_releases(site.releases_dir) != 0
    ):
        print(f"\nSitus TIDAK dibangun; {output} tidak diubah.", file=sys.stderr)
        return 1
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    for debris in (f".{output.name}-baru-", f".{output.name}-lama-"):
        _clear_debris(output.parent, debris)  # a build killed midway left it
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-baru-", dir=output.parent))
    try:
        started = time.perf_counter()
        code = run_pelican(settings, staging, extra)  # the search index included
        if code != 0:
            print(f"\nPembangunan situs gagal; {_left_as_it_was(output, extra)}", file=sys.stderr)
            return code
        edited = last.edited_links(staging) if last is not None else []
        if edited:
            named = ", ".join(edited[:3]) + (", ..." if len(edited) > 3 else "")
            print(
                f"\n{len(edited)} file di {output} diubah selama pembangunan ({named}); "
                "situs TIDAK diganti. Jalankan lagi.",
                file=sys.stderr,
            )
            return 1
        with stages.stage("write"):
            from terbuka.generator import MADE
            from terbuka.plugin import SITE_LIST

            listed = SITE_LIST.pop(staging.resolve(), {})
            made = MADE.pop(staging.resolve(), {})
            swap_in(staging, output)
            live.save(store, live.LiveTree.record(output, listed, fingerprint, made))
        pages = sum(1 for path in listed if path.endswith(".html"))
        print(
            f"Situs dibangun di {output} ({pages} halaman, {time.perf_counter() - started:.1f} d)."
        )
        if made:
            print(
                f"Dibuat ulang: {len(made['halaman'])} halaman, {len(made['grafik'])} grafik, "
                f"{len(made['data'])} tabel data; {len(made['ditulis'])} file ditulis, "
                "sisanya ditautkan dari situs sebelumnya."
            )
        stages.save(time.perf_counter() - begun)
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _left_as_it_was(output: Path, extra: dict[str, str]) -> str:
    """What a failed build left in ``output``: nothing changed, or the
    preview pages make devserver already showed."""
    if extra.get("TERBUKA_PREVIEW"):
        return (
            f"{output} tidak diganti; halaman yang sudah tampil sebagai pratinjau tetap "
            "sampai pembangunan berikutnya berhasil."
        )
    return f"{output} tidak diubah."


def _clear_debris(parent: Path, prefix: str) -> None:
    """Remove the temporary folders named ``prefix*`` that a killed run left."""
    for stale in parent.glob(f"{prefix}*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def read_values(settings: Path, extra: dict[str, str] | None = None) -> dict[str, Any] | None:
    """Pelican's settings from a settings file, or None (said plainly) when
    the file is missing or fails."""
    if not settings.is_file():
        print(f"File pengaturan '{settings}' tidak ditemukan.", file=sys.stderr)
        return None
    try:
        return read_settings(settings, extra)
    except Exception as exc:  # a settings file is Python: any error is the file's
        print(f"File pengaturan '{settings}' tidak bisa dibaca: {exc}", file=sys.stderr)
        return None


def read_site(settings: Path, extra: dict[str, str] | None = None) -> TerbukaSettings | None:
    """The plugin's settings from a settings file, or None (said plainly)."""
    values = read_values(settings, extra)
    return from_pelican(values) if values is not None else None


class _PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as the nginx and Apache configurations do
    (``core.serving``): the same types, caching and protective headers, the
    framing policy the site's .htaccess gives Apache, hidden files never, and
    the site's own 404 page for a missing one."""

    def __init__(self, *args: Any, embed_origins: tuple[str, ...] = (), **kwargs: Any) -> None:
        self.embed_origins = embed_origins  # before the base class answers the request
        super().__init__(*args, **kwargs)

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return serving.content_type(str(path))

    answered = 200  # the status of the answer being sent

    def send_response(self, code: int, message: str | None = None) -> None:
        self.answered = code
        super().send_response(code, message)

    def send_head(self) -> Any:
        if serving.is_hidden(unquote(self.path)):  # as the file system will read it
            self.send_error(404)
            return None
        return super().send_head()

    def list_directory(self, _path: str | os.PathLike[str]) -> None:
        self.send_error(404)  # a folder without index.html is no page (nginx, Apache: the same)
        return None

    def end_headers(self) -> None:
        # Framing is allowed only on a chart-only page the build made, not on
        # any path that ends in /sematkan/; an error answers with the 404
        # page's own headers. A request line too long to read has no path.
        path = getattr(self, "path", "/") if self.answered < 400 else "/404.html"
        local = Path(self.translate_path(path))
        made = (local / "index.html").is_file() or (local.name == "index.html" and local.is_file())
        made = made and self.answered == 200 and not serving.is_hidden(unquote(path))
        self.send_header(
            "Content-Security-Policy", embed.policy(path, self.embed_origins if made else ())
        )
        self.send_header("Cache-Control", serving.cache_control(path))
        for name, value in serving.HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

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
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(
    output: Path, port: int, embed_origins: tuple[str, ...] = ()
) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_PreviewHandler, directory=str(output), embed_origins=embed_origins)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    print(f"Pratinjau: http://localhost:{port}/ (Ctrl+C untuk berhenti)")
    return server


def _stamp(paths: list[Path]) -> tuple[tuple[str, int], ...]:
    files: list[tuple[str, int]] = []
    for root in paths:
        found = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        files.extend((str(p), p.stat().st_mtime_ns) for p in found if p.is_file())
    return tuple(files)


def warm_builder() -> int:
    """``terbuka bangun-hangat``: what ``devserver`` builds through. Everything a
    build imports (Pelican, pandas, matplotlib: about 2 s) is imported once
    here; each build is a forked child of this process, which itself has run
    nothing and holds no thread, so every build starts as a fresh process
    would, without the wait. One JSON list of arguments per line on stdin,
    the build's exit status back on stdout."""
    # Imported to be inherited by every build.
    import terbuka.outputs.charts.draw
    import terbuka.plugin  # noqa: F401

    for line in sys.stdin:
        argv = json.loads(line)
        pid = os.fork()
        if pid == 0:  # the build: its words go where the server's go
            code = 1
            try:
                os.dup2(2, 1)
                code = main(argv)
            except BaseException:  # said as Python would say it: os._exit prints nothing
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)
    return 0


def devserver(
    datadir: Path,
    output: Path,
    settings: Path,
    port: int,
    embed_origins: tuple[str, ...],
    cache: Path | None = None,
) -> int:
    """Serve ``output`` and rebuild whenever a source changes, each build a
    fresh process forked from a warm one (``warm_builder``). The code is
    watched too: a change of it starts a new warm process."""
    args = ["build", "--datadir", str(datadir), "--output", str(output), "--preview"]
    args += ["--settings", str(settings), *(["--cache", str(cache)] if cache else [])]
    watched = [datadir, *map(Path, WATCHED)]
    code_files = [Path(__file__).resolve().parent]
    builder = _start_warm_builder()
    _build_through(builder, args)
    output.mkdir(parents=True, exist_ok=True)
    server = serve(output, port, embed_origins)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    last, code = _stamp(watched), _stamp(code_files)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = _stamp(watched)
            if now != last:
                last = now
                # A warm process holds the code it started with; one that died is replaced.
                if _stamp(code_files) != code or builder.poll() is not None:
                    code = _stamp(code_files)
                    _stop(builder)
                    builder = _start_warm_builder()
                print("Perubahan terdeteksi; membangun ulang ...", flush=True)
                _build_through(builder, args)
    except KeyboardInterrupt:
        server.shutdown()
    finally:
        _stop(builder)
    return 0


def _stop(builder: subprocess.Popen[str]) -> None:
    if builder.stdin is not None:
        with contextlib.suppress(OSError):
            builder.stdin.close()  # the warm process ends at the end of its input
    builder.wait()


POLL_SECONDS = 0.2  # a stat of each watched file: about 2 ms for the project


def _start_warm_builder() -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "terbuka", "bangun-hangat"]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def _build_through(builder: subprocess.Popen[str], args: list[str]) -> int:
    """One build in the warm process; its exit status (1, and said, when the
    warm process itself is gone: the next change starts a new one)."""
    assert builder.stdin is not None and builder.stdout is not None
    try:
        builder.stdin.write(json.dumps(args) + "\n")
        builder.stdin.flush()
        answer = builder.stdout.readline()
    except OSError:
        answer = ""
    if not answer.strip():
        print("Proses pembangun berhenti; dimulai lagi pada perubahan berikutnya.", flush=True)
        return 1
    code = int(answer)
    if code != 0:
        print(f"Pembangunan gagal (kode {code}); lihat pesan di atas.", flush=True)
    return code


def release(
    datadir: Path,
    store: Path,
    version: str,
    note: str,
    date: str | None,
    key_file: Path | None = None,
    project: Path | None = None,
    site: TerbukaSettings | None = None,
) -> int:
    """Validate the data, then freeze it as a new release in the chain, with
    the site's downloads made from it, signed with the secret key in
    ``key_file`` when one is given."""
    if (problem := releases.version_problem(version)) is not None:
        print(f"Rilis TIDAK dibuat: {problem}", file=sys.stderr)
        return 1
    try:
        key = signing.read_secret_key(key_file, project or Path.cwd()) if key_file else None
    except signing.SigningError as exc:
        print(f"Rilis TIDAK dibuat: {exc}", file=sys.stderr)
        return 1
    if check(datadir, report=None) != 0:
        print(f"\nRilis {version} TIDAK dibuat: perbaiki dulu kesalahan data.", file=sys.stderr)
        return 1
    day = dt.date.fromisoformat(date) if date else dt.date.today()
    downloads = None
    if site is not None:
        from terbuka.model.load import load_cached
        from terbuka.outputs.opendata import frozen_downloads

        model = load_cached(datadir).model
        assert model is not None  # check() passed
        downloads = frozen_downloads(model, site, releases.edition_of(version, day))
    try:
        made = releases.freeze(datadir, store, version, note, day, key, downloads)
    except (releases.ReleaseError, signing.SigningError, writes.UnsafeWriteError) as exc:
        print(f"Rilis tidak dibuat: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the store is a file, or cannot be made
        print(f"Rilis tidak dibuat: {store}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"Rilis {made.version} dibuat di {made.path} ({len(made.files)} file).")
    if key is not None:
        print(
            f"Ditandatangani dengan kunci {key.public.id_text}; periksa dengan: minisign -Vm "
            f"{made.path / releases.MANIFEST} -p {store / releases.PUBLIC_KEY}"
        )
    print("Simpan ke git: git add rilis && git commit -m 'Rilis " + made.version + "'")
    return 0


def make_key(path: Path, project: Path) -> int:
    """Write a new secret key in minisign's format, never over an existing file."""
    resolved = path.expanduser().resolve()
    if resolved.is_relative_to(project.resolve()):
        print(
            f"Kunci TIDAK dibuat: {path} berada di dalam folder proyek; simpan di luar "
            "(misalnya ~/terbuka.key)",
            file=sys.stderr,
        )
        return 1
    key = signing.generate()
    try:
        fd = os.open(resolved, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        print(f"Kunci TIDAK dibuat: {path} sudah ada; kunci tidak pernah ditimpa", file=sys.stderr)
        return 1
    except FileNotFoundError:
        print(f"Kunci TIDAK dibuat: folder {path.parent} tidak ada", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Kunci TIDAK dibuat: {path}: {exc.strerror}", file=sys.stderr)
        return 1
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(signing.secret_file_text(key))
    print(f"Kunci rahasia {key.public.id_text} ditulis ke {path} (hanya bisa dibaca pemiliknya).")
    print("Simpan salinannya di tempat aman; tanpa kunci ini rilis berikutnya tidak bisa dibuat.")
    print("Kunci publiknya (ditulis ke rilis/ pada rilis bertanda tangan pertama):")
    print(key.public.base64)
    return 0


def verify(store: Path, published: str | None = None, released_only: bool = False) -> int:
    """Check the releases; with ``published``, also against the chain a
    published site shows (a folder or an http(s) address)."""
    if not store.is_dir():
        if store.exists() or store.is_symlink() or published:
            kind = "tidak ada" if not store.exists() else "bukan folder"
            print(f"PEMERIKSAAN GAGAL: folder rilis {store} {kind}.", file=sys.stderr)
            return 1
        print(f"Belum ada rilis: folder {store} belum ada (dibuat oleh rilis pertama).")
        return 0
    problems = releases.verify(store)
    notes: list[str] = []
    if published:
        try:
            found, notes = anchor.compare(store, published, released_only)
            problems += found
        except anchor.AnchorError as exc:
            problems.append(str(exc))
    for note in notes:
        print(note)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(
            f"\nPEMERIKSAAN GAGAL: {len(problems)} masalah pada rilis di {store}.", file=sys.stderr
        )
        return 1
    chained = releases.chain(store)
    signed = sum(r.signed for r in chained)
    print(
        f"Semua {len(chained)} rilis di {store} utuh: setiap file dan rantai hash cocok; "
        f"{signed} bertanda tangan sah."
    )
    if published:
        print(f"Setiap rilis yang terbit di {published} ada di repositori dengan isi yang sama.")
    return 0


def publish(
    datadir: Path | None,
    settings: Path,
    output: Path,
    target: str | None,
    built: bool = False,
    ssh_config: Path | None = None,
) -> int:
    """Build the public site from a clean cache, then switch it in at the deploy
    target: nothing kept from earlier builds reaches the public. ``built``:
    install the tree a previous step built and checked (a CI publish)."""
    if built:
        if not (output / "index.html").is_file():
            print(f"{output} belum berisi situs yang dibangun.", file=sys.stderr)
            return 1
    else:
        code = build(datadir, output, settings, force=True)
        if code != 0:
            return code
    site = read_site(settings)
    if site is None:
        return 1
    site = replace(site, ssh_config=ssh_config) if ssh_config else site
    target = target or site.deploy_target
    if not target:
        print(f"Situs publik ada di {output}; atur TERBUKA_DEPLOY_TARGET untuk memasangnya.")
        return 0
    try:
        server = remote.parse_target(target)
        if server is None:
            tree = deploy.install_local(output.resolve(), Path(target), site.deploy_keep)
            pruned: list[str] = []
            warnings: list[str] = []
        else:
            done = remote.install(output.resolve(), server, site.ssh_config, site.deploy_keep)
            tree, pruned, warnings = done.tree, done.pruned, done.warnings
    except (deploy.DeployError, writes.UnsafeWriteError) as exc:
        print(f"Tidak diterbitkan: {exc}", file=sys.stderr)
        return 1
    print(f"Diterbitkan ke {target}: versi {tree} sekarang aktif.")
    if pruned:
        print(f"Versi lama dihapus (TERBUKA_DEPLOY_KEEP = {site.deploy_keep}): {', '.join(pruned)}")
    for said in warnings:
        print(f"Peringatan: {said}", file=sys.stderr)
    return 0


def rollback(target: str, site: TerbukaSettings) -> int:
    try:
        server = remote.parse_target(target)
        if server is None:
            tree = deploy.rollback_local(Path(target))
        else:
            tree = remote.rollback(server, site.ssh_config)
    except (deploy.DeployError, writes.UnsafeWriteError) as exc:
        print(f"Tidak bisa kembali: {exc}", file=sys.stderr)
        return 1
    print(f"{target}: versi {tree} aktif kembali.")
    return 0


def write_server_config(site: TerbukaSettings, folder: Path, root: str | None) -> int:
    """``make server-config``: nginx and Apache files serving the deploy target's
    ``aktif`` link (or ``root``) as ``terbuka serve`` serves the site."""
    if root is None:
        target = site.deploy_target
        server = remote.parse_target(target) if target else None
        base = server.path if server else str(Path(target).resolve()) if target else "/srv/terbuka"
        root = f"{base.rstrip('/')}/{deploy.LIVE}"
    try:
        files = {
            "nginx-terbuka.conf": server_config.nginx(root, site.site_url, site.embed_origins),
            "apache-terbuka.conf": server_config.apache(root, site.site_url),
        }
    except ValueError as exc:
        print(f"Konfigurasi server tidak dibuat: {exc}", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    print(f"Konfigurasi nginx dan Apache untuk {root} ditulis ke {folder}/:")
    print(f"  nginx:  salin {folder}/nginx-terbuka.conf ke /etc/nginx/sites-available/terbuka")
    print(
        f"  Apache: salin {folder}/apache-terbuka.conf ke /etc/apache2/sites-available/terbuka.conf"
    )
    return 0


def versions(target: str, site: TerbukaSettings) -> int:
    """The trees kept at the target, oldest first, the live one marked."""
    try:
        server = remote.parse_target(target)
        if server is None:
            folder = Path(target)
            found = remote.Trees(deploy.live_tree(folder), deploy.trees(folder))
        else:
            found = remote.listing(server, site.ssh_config)
    except deploy.DeployError as exc:
        print(f"Daftar versi tidak bisa dibaca: {exc}", file=sys.stderr)
        return 1
    if found.missing:
        print(
            f"PERINGATAN: {deploy.LIVE} menunjuk ke versi {found.live} yang tidak ada: situs "
            "tidak tersaji. Terbitkan ulang (make publish).",
            file=sys.stderr,
        )
    if not found.kept:
        print(f"Belum ada versi yang diterbitkan di {target}.")
        return 1 if found.missing else 0
    print(f"Versi di {target} (terlama dulu; * = aktif, disimpan {site.deploy_keep}):")
    for tree in found.kept:
        print(f"{'*' if tree == found.live else ' '} {tree}")
    return 1 if found.missing else 0


def main(argv: list[str] | None = None) -> int:
    """The command line; an error that explains itself is said plainly (a setting
    the site cannot be built with, say), never as a traceback."""
    try:
        return _main(argv)
    except TerbukaError as exc:
        print(f"KESALAHAN: {exc}", file=sys.stderr)
        return exc.exitcode


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="terbuka", description="Terbuka: situs data terbuka")
    sub = parser.add_subparsers(dest="command", required=True)
    commands = {
        "check": "periksa data saja",
        "build": "bangun situs",
        "devserver": "bangun ulang tiap ada perubahan, dan sajikan",
        "release": "bekukan data sebagai rilis baru",
        "verify": "periksa setiap rilis, tanda tangan dan rantai hash-nya",
        "key": "buat kunci rahasia baru untuk menandatangani rilis",
        "publish": "bangun situs publik lalu pasang di tujuan",
        "rollback": "kembalikan situs publik ke versi sebelumnya",
        "versions": "daftar versi yang disimpan di tujuan penerbitan",
        "server-config": "tulis konfigurasi nginx dan Apache untuk situs publik",
        "serve": "sajikan situs yang sudah dibangun",
        "bangun-hangat": "(dipakai devserver) bangun dari proses yang sudah siap",
    }
    parsers = {name: sub.add_parser(name, help=text) for name, text in commands.items()}
    for name, p in parsers.items():
        default = "publishconf.py" if name in ("publish", "server-config") else "pelicanconf.py"
        p.add_argument("--settings", type=Path, default=Path(default), help="file pengaturan")
        if name in ("check", "build", "devserver", "release", "publish"):
            p.add_argument("--datadir", type=Path, help="folder ekspor (bawaan: TERBUKA_DATADIR)")
        if name in ("build", "devserver", "serve", "publish"):
            default = "output-publish" if name == "publish" else "output"
            p.add_argument("--output", type=Path, default=Path(default))
        if name in ("build", "devserver"):
            p.add_argument("--cache", type=Path, help="folder cache (bawaan: CACHE_PATH)")
            p.add_argument("--force", action="store_true", help="bangun walau tak ada perubahan")
        if name == "build":
            p.add_argument(
                "--preview",
                action="store_true",
                help="(dipakai devserver) halaman yang berubah ditulis dulu, bertanda pratinjau",
            )
        if name in ("devserver", "serve"):
            p.add_argument("--port", type=int, default=8000)
        if name in ("release", "verify"):
            p.add_argument("--store", type=Path, help="folder rilis (bawaan: TERBUKA_RELEASES_DIR)")
        if name in ("publish", "rollback", "versions"):
            p.add_argument(
                "--target",
                help="folder atau pengguna@host:/folder (bawaan: TERBUKA_DEPLOY_TARGET)",
            )
            p.add_argument(
                "--ssh-config", type=Path, help="file konfigurasi SSH (bawaan: TERBUKA_SSH_CONFIG)"
            )
    parsers["check"].add_argument("--report", type=Path, help="bawaan: TERBUKA_REPORT")
    parsers["check"].add_argument(
        "--saran",
        type=Path,
        default=Path("saran"),
        help="folder untuk saran opd.csv dan program.csv yang diturunkan (bawaan: saran)",
    )
    parsers["publish"].add_argument(
        "--built", action="store_true", help="pasang situs yang sudah dibangun di --output"
    )
    parsers["release"].add_argument("--version", required=True)
    parsers["release"].add_argument("--note", default="")
    parsers["release"].add_argument("--date", help="tanggal rilis YYYY-MM-DD (bawaan: hari ini)")
    parsers["release"].add_argument("--key", type=Path, help="kunci rahasia (di luar proyek)")
    parsers["key"].add_argument("--output", type=Path, required=True, help="file kunci baru")
    parsers["verify"].add_argument("--site", help="folder atau alamat http(s) situs yang terbit")
    parsers["verify"].add_argument(
        "--released-only",
        action="store_true",
        help="dengan --site: gagal bila data situs bukan rilis terakhir yang bertanda tangan",
    )
    parsers["server-config"].add_argument(
        "--output", type=Path, default=Path("konfigurasi-server"), help="folder tujuan"
    )
    parsers["server-config"].add_argument(
        "--root", help="folder yang disajikan (bawaan: <TERBUKA_DEPLOY_TARGET>/aktif)"
    )
    args = parser.parse_args(argv)

    if args.command == "bangun-hangat":
        return warm_builder()
    if args.command in ("build", "publish"):
        if args.command == "build":
            return build(
                args.datadir, args.output, args.settings, args.cache, args.force, args.preview
            )
        return publish(
            args.datadir, args.settings, args.output, args.target, args.built, args.ssh_config
        )
    site = read_site(args.settings, overrides(getattr(args, "datadir", None), None))
    if site is None:
        return 1
    if args.command == "check":
        return check(
            site.datadir,
            report=args.report or site.report,
            redirect_file=site.redirects,
            suggestions=args.saran,
            site=site,
        )
    if args.command == "release":
        store = args.store or site.releases_dir
        return release(
            site.datadir, store, args.version, args.note, args.date, args.key, site.root, site
        )
    if args.command == "key":
        return make_key(args.output, site.root)
    if args.command == "verify":
        return verify(args.store or site.releases_dir, args.site, args.released_only)
    if args.command == "server-config":
        return write_server_config(site, args.output, args.root)
    if args.command in ("rollback", "versions"):
        site = replace(site, ssh_config=args.ssh_config) if args.ssh_config else site
        target = args.target or site.deploy_target
        if not target:
            print("Tulis tujuannya: TARGET=... atau TERBUKA_DEPLOY_TARGET.", file=sys.stderr)
            return 1
        return rollback(target, site) if args.command == "rollback" else versions(target, site)
    if args.command == "devserver":
        return devserver(
            site.datadir, args.output, args.settings, args.port, site.embed_origins, args.cache
        )
    if not args.output.is_dir():
        print(f"{args.output} belum ada; jalankan 'make html' dulu.", file=sys.stderr)
        return 1
    server = serve(args.output, args.port, site.embed_origins)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.shutdown()
    return 0
