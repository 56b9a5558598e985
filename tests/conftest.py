"""Shared helpers: write small datasets, build whole sites in a process of
their own (Pelican's signals are process-global; each command is forked from
``tests/launcher.py``, which has imported the libraries once), and read the
pages as a person would."""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import inspect
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

HEADERS = {
    "opd.csv": "kode_opd,slug,nama_opd,singkatan,jenis,kode_induk,alamat",
    "program.csv": "tahun,kode_opd,kode_program,nama_program",
    "kegiatan.csv": (
        "tahun,kode_opd,kode_program,kode_kegiatan,nama_kegiatan,kode_sub_kegiatan,"
        "nama_sub_kegiatan,pagu,realisasi,fisik,sumber_dana,lokasi,versi_anggaran"
    ),
}


def minimal_files() -> dict[str, str]:
    """A tiny valid city: two units, one program each, two years."""
    return {
        "opd.csv": HEADERS["opd.csv"]
        + "\n1.01.0.00.0.00.01.0000,dinas-satu,Dinas Satu,DS,Dinas,,Jl. Satu\n"
        + "5.01.0.00.0.00.02.0000,badan-dua,Badan Dua,,Badan,,\n",
        "program.csv": HEADERS["program.csv"]
        + "\n2025,1.01.0.00.0.00.01.0000,1.01.02,Program Satu\n"
        + "2026,1.01.0.00.0.00.01.0000,1.01.02,Program Satu\n"
        + "2026,5.01.0.00.0.00.02.0000,5.01.02,Program Dua\n",
        "kegiatan.csv": HEADERS["kegiatan.csv"]
        + "\n2025,1.01.0.00.0.00.01.0000,1.01.02,1.01.02.2.01,Kegiatan A,1.01.02.2.01.0001,Sub A,1000000,900000,90,DAU,,\n"
        + "2026,1.01.0.00.0.00.01.0000,1.01.02,1.01.02.2.01,Kegiatan A,1.01.02.2.01.0001,Sub A,2000000,500000,25,DAU,,\n"
        + "2026,5.01.0.00.0.00.02.0000,5.01.02,5.01.02.2.01,Kegiatan B,5.01.02.2.01.0001,Sub B,3000000,1500000,50,PAD,,\n",
    }


def write_dataset(directory: Path, files: dict[str, str | bytes]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = directory / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return directory


def tree_digest(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, by relative path."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# Tests write only in temporary folders: every run works in SESSION, whose
# pelicanconf.py and publishconf.py are the project's with the releases,
# redirects and caches moved here (so a `make release` in the repository
# never changes what the tests see).
SESSION = Path(tempfile.mkdtemp(prefix="terbuka-tests-"))
atexit.register(shutil.rmtree, SESSION, True)
ISOLATED = {
    "TERBUKA_RELEASES_DIR": str(SESSION / "rilis-kosong"),
    "TERBUKA_REDIRECTS": str(SESSION / "redirects-kosong.csv"),
    "CACHE_PATH": str(SESSION / "cache"),
    "TERBUKA_REPORT": str(SESSION / "laporan-data.json"),
}


def write_settings(path: Path, base: str = "pelicanconf.py", **overrides: object) -> Path:
    """A settings file: the project's ``base`` with the test isolation and ``overrides``."""
    lines = [
        "import importlib.util as _util",
        f"_spec = _util.spec_from_file_location('_proyek', {str(ROOT / base)!r})",
        "_module = _util.module_from_spec(_spec)",
        "_spec.loader.exec_module(_module)",
        "globals().update({k: v for k, v in vars(_module).items() if k.isupper()})",
        *(f"{k} = {v!r}" for k, v in {**ISOLATED, **overrides}.items()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


for _name in ("pelicanconf.py", "publishconf.py"):
    write_settings(SESSION / _name, _name)


class Launcher:
    """``tests/launcher.py``: one process that has imported the build's
    libraries forks a fresh child per command (see its docstring)."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.ready = os.environ.get("TERBUKA_TESTS_COLD") != "1"  # 1: a new interpreter each

    def _started(self) -> subprocess.Popen[str] | None:
        if self.process is None and self.ready:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "tests" / "launcher.py")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                cwd=SESSION,
                env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
            )
            atexit.register(self.process.kill)
            assert self.process.stdout is not None
            self.ready = json.loads(self.process.stdout.readline())["ready"]
        return self.process if self.ready else None

    def run(
        self, args: list[str], cwd: Path, env: dict[str, str], cold: bool = False
    ) -> subprocess.CompletedProcess:
        # Code from another folder (a copy a test edited) needs its own interpreter.
        own_code = env.get("PYTHONPATH") == str(ROOT / "plugins")
        process = self._started() if own_code and not cold else None
        if process is None:
            command = [sys.executable, "-m", "terbuka", *args]
            return subprocess.run(
                command, cwd=cwd, env=env, capture_output=True, text=True, check=False
            )
        assert process.stdin is not None and process.stdout is not None
        with tempfile.TemporaryDirectory(dir=SESSION) as folder:
            out, err = Path(folder, "stdout"), Path(folder, "stderr")
            request = {"args": args, "cwd": str(cwd), "env": env, "stdout": str(out),
                       "stderr": str(err)}  # fmt: skip
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            returncode = json.loads(process.stdout.readline())["returncode"]
            return subprocess.CompletedProcess(
                ["terbuka", *args], returncode, out.read_text(), err.read_text()
            )


LAUNCHER = Launcher()


def run_terbuka(
    *args: str, cwd: Path = SESSION, env: dict[str, str] | None = None, cold: bool = False
) -> subprocess.CompletedProcess:
    """``python -m terbuka ARGS`` as make runs it, from the test session's folder
    (forked from a warm launcher; TERBUKA_TESTS_COLD=1 starts each afresh).
    ``cold``: a new interpreter, with a hash seed of its own (the launcher's
    children share one), for tests that compare two builds byte for byte."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), **(env or {})}
    return LAUNCHER.run(list(args), cwd, env, cold)


def free_port() -> int:
    """A port no other process of the machine (another test worker) holds now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_site(
    datadir: Path,
    output: Path,
    settings: str = "pelicanconf.py",
    cache: Path | None = None,
    cold: bool = False,
):
    extra = ["--cache", str(cache)] if cache else []
    return run_terbuka(
        "build", "--datadir", str(datadir), "--output", str(output), "--settings", settings,
        *extra, cold=cold,
    )  # fmt: skip


def page(output: Path, url_path: str) -> BeautifulSoup:
    """The built page at a site path such as ``opd/dinas-satu/``."""
    html = (output / url_path / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def table_row(soup: BeautifulSoup, caption_contains: str, first_cell: str) -> list[str]:
    """The cells' text of the row whose first cell is ``first_cell``."""
    for table in soup.find_all("table"):
        caption = table.find("caption")
        if caption is None or caption_contains not in caption.get_text(" ", strip=True):
            continue
        for tr in table.find_all("tr"):
            cells = [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
            if cells and cells[0] == first_cell:
                return cells
    raise AssertionError(f"no row {first_cell!r} in a table captioned {caption_contains!r}")


@pytest.fixture(scope="session", autouse=True)
def repository_untouched():
    """The suite writes nothing into the repository (caches, reports, releases)."""
    watched = [ROOT / "cache", ROOT / "laporan-data.json", ROOT / "rilis", ROOT / "output"]
    before = {p: p.exists() for p in watched}
    yield
    created = [str(p) for p in watched if p.exists() and not before[p]]
    assert created == [], f"the tests wrote into the repository: {created}"


class SampleBuild:
    """The bundled sample site, built once per run, in the background from the
    run's first test on, so that tests that do not read it run meanwhile. With
    workers (pytest-xdist) the first one to start builds it for all of them,
    in the run's own folder; the build itself marks it done (or failed), so a
    worker that never reads it holds nobody up, and waits for it at its end."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
        base = tmp_path_factory.getbasetemp()  # this run's (workers have one each inside it)
        return base.parent if "PYTEST_XDIST_WORKER" in os.environ else base

    def start(self, folder: Path) -> None:
        try:
            os.close(os.open(folder / "sample.started", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return  # another worker builds it
        output = folder / "sample" / "output"
        # A cache of its own: this worker's other builds run beside it.
        build = [sys.executable, "-m", "terbuka", "build", "--datadir", str(ROOT / "data"),
                 "--output", str(output), "--settings", str(SESSION / "pelicanconf.py"),
                 "--cache", str(folder / "sample-cache")]  # fmt: skip
        done = (
            "import pathlib, subprocess, sys\n"
            "code = subprocess.call(sys.argv[2:])\n"
            "pathlib.Path(sys.argv[1], 'sample.built' if code == 0 else 'sample.failed').touch()\n"
        )
        with (folder / "sample.log").open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", done, str(folder), *build],
                cwd=folder,
                env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait(self, folder: Path) -> Path:
        if not (folder / "sample.started").exists():
            self.start(folder)
        deadline = time.monotonic() + 1800
        while not (folder / "sample.built").exists():
            log = (folder / "sample.log").read_text(encoding="utf-8", errors="replace")
            assert not (folder / "sample.failed").exists(), log
            assert time.monotonic() < deadline, "the sample site took over 30 minutes"
            time.sleep(0.5)
        return folder / "sample" / "output"

    def finish(self) -> None:
        """The worker that started the build ends after it (its settings folder goes then)."""
        if self.process is not None:
            self.process.wait()


SAMPLE = SampleBuild()


def once_per_run(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], dict[str, str]]
) -> dict[str, str]:
    """What ``make(folder)`` returns, made once for the whole run: with test
    workers, the first to ask makes it under a lock and the others read what
    it returned. For session fixtures that build sites (tests only read them)."""
    folder = SampleBuild.folder(tmp_path_factory) / name
    made = folder.with_name(f"{name}.json")
    with folder.with_name(f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not made.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            made.write_text(json.dumps(make(folder)), encoding="utf-8")
    return json.loads(made.read_text(encoding="utf-8"))


@pytest.fixture(scope="session", autouse=True)
def sample_in_background(request, tmp_path_factory):
    """Start the sample build at once when any test of this run reads it."""
    if any("sample_site" in item.fixturenames for item in request.session.items):
        SAMPLE.start(SampleBuild.folder(tmp_path_factory))
    yield
    SAMPLE.finish()


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The bundled sample data, built once for the run (see ``SampleBuild``).
    Tests only read it."""
    return SAMPLE.wait(SampleBuild.folder(tmp_path_factory))


# A fast floor (issue #28): `make check` runs every test that starts no site
# build, no subprocess and no browser (`pytest -m "not site"`). A test is
# marked `site` when its code, a helper it calls or a fixture it uses (each
# followed to the end) starts one of those, so no list is kept by hand.
_SLOW = re.compile(r"\b(build_site|run_terbuka|subprocess|sync_playwright|chromium|Popen)\b")


def _starts_a_site(function: object, seen: set[int]) -> bool:
    code = getattr(function, "__code__", None)
    if code is None or id(code) in seen:
        return False
    seen.add(id(code))
    try:
        source = inspect.getsource(function)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return False
    if _SLOW.search(source):
        return True
    scope = getattr(function, "__globals__", {})
    for name in code.co_names + tuple(
        n for const in code.co_consts if hasattr(const, "co_names") for n in const.co_names
    ):
        helper = scope.get(name)
        if helper is not None and not callable(helper):
            helper = type(helper)  # an object of ours (SAMPLE): what its class does
        module = getattr(helper, "__module__", "") or ""
        ours = module.startswith("test_") or module in ("conftest", "browser")
        # A class of ours counts by its methods.
        found = list(vars(helper).values()) if isinstance(helper, type) else [helper]
        functions = [getattr(f, "__func__", f) for f in found]  # staticmethods unwrapped
        if ours and any(callable(f) and _starts_a_site(f, seen) for f in functions):
            return True
    return False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Tests that read the sample site last: it builds in the background meanwhile.
    items.sort(key=lambda item: "sample_site" in getattr(item, "fixturenames", ()))
    for item in items:
        seen: set[int] = set()
        functions = [getattr(item, "function", None)]
        info = getattr(item, "_fixtureinfo", None)
        for name, definitions in info.name2fixturedefs.items() if info else []:
            if name != "sample_in_background":  # every test's, and starts nothing it needs
                functions += [d.func for d in definitions]
        if any(_starts_a_site(f, seen) for f in functions if f is not None):
            item.add_marker(pytest.mark.site)
