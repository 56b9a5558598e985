"""The suite's warm launcher (tests/launcher.py) runs a command exactly as a
new interpreter would: the same exit status, output and files."""

from __future__ import annotations

from conftest import minimal_files, run_terbuka, write_dataset


def test_the_launcher_gives_what_a_new_interpreter_gives(tmp_path):
    files = minimal_files()
    files["kegiatan.csv"] = files["kegiatan.csv"].replace("1000000", "satu juta", 1)
    datadir = write_dataset(tmp_path / "data", files)
    for args in (("check", "--datadir", str(datadir)), ("tidak-ada",), ("check", "--help")):
        warm, fresh = run_terbuka(*args), run_terbuka(*args, cold=True)
        assert (warm.returncode, warm.stdout, warm.stderr) == (
            fresh.returncode,
            fresh.stdout,
            fresh.stderr,
        ), args
    assert run_terbuka("check", "--datadir", str(datadir)).returncode == 1
