"""Issue #30 item 5: the CI recipe (docs/ci/) publishes a signed release to a
real SSH server from a clean copy of the repository, through the same
script the YAML calls, and refuses data that is not the newest signed release."""

from __future__ import annotations

import base64
import getpass
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, minimal_files, write_dataset
from servers import sshd_fixture  # noqa: F401  (the fixture "sshd")
from test_releases import version_files
from test_signing import new_key

STEPS = ["pasang", "uji", "bangun", "periksa", "terbitkan"]
RECIPES = [ROOT / "docs/ci/github-actions.yml", ROOT / "docs/ci/gitlab-ci.yml"]


def recipe_steps(path: Path) -> list[str]:
    """The script steps a YAML recipe runs, in order."""
    text = path.read_text(encoding="utf-8")
    return re.findall(r"^\s*-\s*(?:run:\s*)?scripts/ci-publish\.sh (\w+)\s*$", text, re.M)


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda p: p.name)
def test_each_recipe_runs_the_scripts_steps_in_order(recipe):
    assert recipe_steps(recipe) == STEPS
    text = recipe.read_text(encoding="utf-8")
    script = (ROOT / "scripts/ci-publish.sh").read_text(encoding="utf-8")
    for name in ("TERBUKA_SSH_KEY", "TERBUKA_DEPLOY_TARGET", "TERBUKA_KNOWN_HOSTS"):
        assert name in text and name in script
    steps = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in steps if "KUNCI" in line or "release" in line]  # never signs


def clean_copy(folder: Path) -> Path:
    """The repository's tracked files as they stand, nothing else (no output,
    cache or release of this machine), made a repository of its own."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    (folder / ".venv").symlink_to(ROOT / ".venv")
    os.utime(folder / "requirements.txt", (0, 0))  # the linked environment is up to date
    return folder


def git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Petugas", "GIT_AUTHOR_EMAIL": "p@contoh.id",
           "GIT_COMMITTER_NAME": "Petugas", "GIT_COMMITTER_EMAIL": "p@contoh.id"}  # fmt: skip
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def test_the_ci_script_publishes_a_signed_release_from_a_clean_copy(tmp_path, sshd):
    clone = clean_copy(tmp_path / "klon")
    shutil.rmtree(clone / "data")
    write_dataset(clone / "data", minimal_files())
    # On the clerk's machine: a key outside the repository, a signed release, a commit.
    key = new_key(tmp_path)
    made = subprocess.run(
        ["make", "--no-print-directory", "release", "VERSION=2026-TW1", "NOTE=Triwulan I",
         f"KUNCI={key}"],
        cwd=clone, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    git(clone, "init", "-q")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "Rilis 2026-TW1")
    # In CI: what the repository's secrets and variables hold.
    target = tmp_path / "server"
    env = {
        **os.environ,
        "TERBUKA_DEPLOY_TARGET": f"{getpass.getuser()}@127.0.0.1:{target}",
        # base64, as GitLab keeps a masked key (the script takes the key's text too)
        "TERBUKA_SSH_KEY": base64.b64encode(sshd.client_key.read_bytes()).decode("ascii"),
        "TERBUKA_KNOWN_HOSTS": sshd.known_hosts.read_text(encoding="utf-8"),
        "TERBUKA_SSH_PORT": str(sshd.port),
    }
    env.pop("PYTHONPATH", None)

    def run(*steps: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["scripts/ci-publish.sh", *steps], cwd=clone, env=env,
            capture_output=True, text=True, check=False,
        )  # fmt: skip

    # Every step the recipes run but "uji" (make test: the suite running this).
    published = run(*[s for s in STEPS if s != "uji"])
    assert published.returncode == 0, published.stdout + published.stderr
    live = target / "aktif"
    assert (live / "index.html").read_bytes() == (clone / "output-publish/index.html").read_bytes()
    chain = json.loads((live / "rilis/rantai.json").read_text(encoding="utf-8"))
    assert chain["data_situs"] == "2026-TW1" and chain["kepala"] == "2026-TW1"
    assert "Diterbitkan ke" in published.stdout
    first = os.readlink(live)
    # Data edited after the release is not published: the check stops it.
    write_dataset(clone / "data", version_files(2))
    refused = run("bangun", "periksa", "terbitkan")
    assert refused.returncode != 0
    assert "bukan rilis terakhir (2026-TW1)" in refused.stderr
    assert os.readlink(live) == first
