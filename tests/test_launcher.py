"""The suite's warm launcher (tests/launcher.py) runs a command exactly as a
new interpreter would: the same exit status, output and files."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, SESSION, minimal_files, run_terbuka, write_dataset


def cold(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    command = [sys.executable, "-m", "terbuka", *args]
    return subprocess.run(command, cwd=SESSION, env=env, capture_output=True, text=True)


def test_the_launcher_gives_what_a_new_interpreter_gives(tmp_path):
    files = minimal_files()
    files["kegiatan.csv"] = files["kegiatan.csv"].replace("1000000", "satu juta", 1)
    datadir = write_dataset(tmp_path / "data", files)
    for args in (("check", "--datadir", str(datadir)), ("tidak-ada",), ("check", "--help")):
        warm, fresh = run_terbuka(*args), cold(*args)
        assert (warm.returncode, warm.stdout, warm.stderr) == (
            fresh.returncode,
            fresh.stdout,
            fresh.stderr,
        ), args
    assert run_terbuka("check", "--datadir", str(datadir)).returncode == 1
