"""Each fact has one home: addresses, settings, build inputs and cache keys,
page contexts. Each defect that a second copy of a fact once caused is a
test here."""

from __future__ import annotations

import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import openpyxl
from conftest import (
    ROOT,
    build_site,
    minimal_files,
    page,
    run_terbuka,
    tree_digest,
    write_dataset,
    write_settings,
)
from terbuka.core.settings import DOCUMENTED

PLUGIN = ROOT / "plugins" / "terbuka"
SPBE_ROWS = "tahun,kerangka,kode_indikator,tingkat,kode_opd,catatan\n" + "".join(
    f"2024,spbe_2020,{n},3,{'1.01.0.00.0.00.01.0000' if n < 5 else ''},\n" for n in range(1, 48)
)


def _project(tmp_path: Path) -> Path:
    """A project folder elsewhere: its own settings, data and releases."""
    project = tmp_path / "proyek"
    project.mkdir()
    for name in ("content", "theme", "plugins"):
        (project / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "pelicanconf.py", project / "pelicanconf.py")
    write_dataset(project / "data", minimal_files())
    return project


def test_relative_settings_mean_the_settings_folder_from_any_working_directory(tmp_path):
    project = _project(tmp_path)
    settings = str(project / "pelicanconf.py")
    made = run_terbuka(
        "release", "--settings", settings, "--version", "t1", "--date", "2026-10-01",
        cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert (project / "rilis/t1/manifest.json").is_file()
    elsewhere = tmp_path / "lain"
    elsewhere.mkdir()
    output = tmp_path / "output"
    cache = ["--cache", str(tmp_path / "cache")]
    built = run_terbuka(
        "build", "--settings", settings, "--output", str(output), *cache, cwd=elsewhere
    )
    assert built.returncode == 0, built.stderr
    assert (output / "rilis/t1/manifest.json").is_file()
    assert list(elsewhere.iterdir()) == []  # nothing written where the command ran


def test_editing_redirects_rebuilds_and_writes_the_redirect_page(tmp_path):
    redirects = tmp_path / "redirects.csv"
    redirects.write_text("alamat_lama,alamat_baru\n", encoding="utf-8")
    settings = write_settings(tmp_path / "settings.py", TERBUKA_REDIRECTS=str(redirects))
    data = write_dataset(tmp_path / "data", minimal_files())
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert build_site(data, output, settings=str(settings), cache=cache).returncode == 0
    redirects.write_text("alamat_lama,alamat_baru\n/opd/dinas-lama/,/opd/dinas-satu/\n")
    again = build_site(data, output, settings=str(settings), cache=cache)
    assert again.returncode == 0, again.stderr
    assert "Tidak ada yang berubah" not in again.stdout
    target = page(output, "opd/dinas-lama/").find("link", rel="canonical")["href"]
    assert target.endswith("/opd/dinas-satu/index.html")


def test_a_schema_edit_reaches_the_cached_xlsx_dictionary(tmp_path):
    plugins = tmp_path / "plugins"
    shutil.copytree(PLUGIN, plugins / "terbuka", ignore=shutil.ignore_patterns("__pycache__"))
    settings = write_settings(tmp_path / "settings.py", PLUGIN_PATHS=[str(plugins)])
    data = write_dataset(tmp_path / "data", minimal_files())
    cache = tmp_path / "cache"
    env_path = {"PYTHONPATH": str(plugins)}

    def dictionary_text(output: Path) -> str:
        book = openpyxl.load_workbook(output / "data/kegiatan.xlsx", read_only=True)
        rows = book["kamus_data"].iter_rows(values_only=True)
        return " ".join(str(c) for row in rows for c in row if c)

    first = run_terbuka(
        "build", "--datadir", str(data), "--output", str(tmp_path / "satu"),
        "--settings", str(settings), "--cache", str(cache), env=env_path,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    schema_file = plugins / "terbuka/schemas/kegiatan.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["fields"][7]["description"] = "Pagu anggaran yang disahkan, kalimat baru."
    schema_file.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    second = run_terbuka(
        "build", "--datadir", str(data), "--output", str(tmp_path / "dua"),
        "--settings", str(settings), "--cache", str(cache), env=env_path,
    )  # fmt: skip
    assert second.returncode == 0, second.stderr
    assert "kalimat baru" not in dictionary_text(tmp_path / "satu")
    assert "kalimat baru" in dictionary_text(tmp_path / "dua")


def test_frozen_unit_pages_have_the_switcher_and_the_spbe_section(tmp_path):
    files = {**minimal_files(), "spbe.csv": SPBE_ROWS}
    data = write_dataset(tmp_path / "data", files)
    store = tmp_path / "rilis"
    made = run_terbuka(
        "release", "--datadir", str(data), "--store", str(store), "--version", "t1",
        "--date", "2026-10-01",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    settings = write_settings(tmp_path / "settings.py", TERBUKA_RELEASES_DIR=str(store))
    output = tmp_path / "output"
    assert build_site(data, output, settings=str(settings)).returncode == 0
    frozen = page(output, "rilis/t1/opd/dinas-satu/")
    here = "rilis/t1/opd/dinas-satu/"
    others = [posixpath.normpath(here + a["href"]) for a in frozen.select(".pindah-opd a")]
    assert others == ["rilis/t1/opd/badan-dua/index.html"]  # the same release's frozen page
    assert frozen.find("caption", string="Evaluasi SPBE 2024") is not None


def test_the_catalog_cites_only_what_the_chain_holds(tmp_path):
    data = write_dataset(tmp_path / "data", minimal_files())
    output = tmp_path / "output"
    assert build_site(data, output).returncode == 0
    catalog = page(output, "data/").get_text(" ", strip=True)
    assert "Data terkini per 5 Oktober 2026 (belum dirilis)" in catalog
    store = tmp_path / "rilis"
    made = run_terbuka(
        "release", "--datadir", str(data), "--store", str(store), "--version", "t1",
        "--date", "2026-10-01",
    )  # fmt: skip
    assert made.returncode == 0
    settings = write_settings(tmp_path / "settings.py", TERBUKA_RELEASES_DIR=str(store))
    assert build_site(data, tmp_path / "lagi", settings=str(settings)).returncode == 0
    cited = page(tmp_path / "lagi", "data/").get_text(" ", strip=True)
    assert "Edisi Rilis t1 (1 Oktober 2026)" in cited and "Sumber: Dinas Komunikasi" in cited
    assert ", Rilis t1 (1 Oktober 2026), diakses" in cited


# One home for addresses ---------------------------------------------------------

URL_PATTERNS = re.compile(r"(?<![\w.-])(opd|spbe|kegiatan|rilis|cari|kualitas-data|grafik|api/v1)/")


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal that is not a docstring or comment."""
    found = []
    previous = None
    for token in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
        is_docstring = previous in (None, tokenize.INDENT, tokenize.NEWLINE, tokenize.DEDENT)
        if token.type == tokenize.STRING and not is_docstring:
            found.append((token.start[0], token.string))
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            previous = token.type
    return found


def test_no_address_pattern_is_written_outside_the_url_builder():
    offenders = []
    for path in sorted(PLUGIN.rglob("*.py")):
        if path.name == "urls.py":
            continue
        for line, text in _string_literals(path):
            if URL_PATTERNS.search(text) and "rilis " not in text:
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {text.strip()}")
    for path in sorted((ROOT / "theme").rglob("*")):
        if path.suffix in (".html", ".js"):
            for line, text in enumerate(path.read_text().splitlines(), start=1):
                code = re.sub(r"//.*$", "", text) if path.suffix == ".js" else text
                if re.search(r"""["'](/?)(opd|spbe|kegiatan|rilis|data|api/v1)/""", code):
                    offenders.append(f"{path.relative_to(ROOT)}:{line}: {text.strip()}")
    assert offenders == []


# One home for settings ------------------------------------------------------------


def test_every_setting_the_code_reads_is_documented():
    documented = {s.name for s in DOCUMENTED}
    read = set()
    for path in [*PLUGIN.rglob("*.py"), *(ROOT / "theme").rglob("*.html"), ROOT / "Makefile"]:
        read |= set(re.findall(r"\bTERBUKA_[A-Z_]+\b", path.read_text()))
    assert read <= documented, read - documented
    readme = (ROOT / "README.md").read_text()
    assert [name for name in sorted(documented) if f"`{name}`" not in readme] == []


def test_a_plain_pelican_run_makes_the_same_site_as_make_html(tmp_path):
    data = write_dataset(tmp_path / "data", minimal_files())
    # Empty caches: charts and downloads are drawn by the worker processes,
    # which must find the plugin although plain Pelican loads it from a path.
    settings = write_settings(
        tmp_path / "settings.py", TERBUKA_DATADIR=str(data), CACHE_PATH=str(tmp_path / "c1")
    )
    elsewhere = tmp_path / "lain"
    elsewhere.mkdir()
    plain = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(settings), "-o", str(tmp_path / "polos")],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert plain.returncode == 0, plain.stdout + plain.stderr
    made_site = build_site(data, tmp_path / "make", settings=str(settings), cache=tmp_path / "c2")
    assert made_site.returncode == 0, made_site.stderr
    made, polos = tree_digest(tmp_path / "make"), tree_digest(tmp_path / "polos")
    assert any(name.startswith("pagefind/") for name in polos)  # the search index too
    assert made == polos


def test_the_terbuka_command_installs_from_pyproject_and_checks_data(tmp_path):
    project = tmp_path / "proyek"
    project.mkdir()
    shutil.copy(ROOT / "pyproject.toml", project)
    shutil.copytree(
        PLUGIN, project / "plugins/terbuka", ignore=shutil.ignore_patterns("__pycache__")
    )
    target = tmp_path / "terpasang"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
    pip += ["--no-build-isolation", "--target", str(target), str(project)]
    installed = subprocess.run(pip, capture_output=True, text=True, check=False)
    assert installed.returncode == 0, installed.stderr
    assert (target / "terbuka/schemas/kegiatan.json").is_file()
    assert (target / "terbuka/reference/pemdi_2026.csv").is_file()
    data = write_dataset(tmp_path / "data", minimal_files())
    work = tmp_path / "kerja"
    work.mkdir()
    for name in ("content", "theme", "pelicanconf.py"):
        (work / name).symlink_to(ROOT / name)
    env = {**os.environ, "PYTHONPATH": str(target)}
    checked = subprocess.run(
        [str(target / "bin/terbuka"), "check", "--datadir", str(data)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "lolos pemeriksaan: 0 kesalahan" in checked.stdout
