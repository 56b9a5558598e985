"""What make bench reads of a build: seconds per stage, and its plot."""

import importlib.util
import json

from conftest import ROOT, build_site, minimal_files, run_terbuka, write_dataset
from terbuka.core.stages import NAMES

_spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def test_a_build_asked_for_its_stages_writes_every_one_and_they_add_up(tmp_path):
    target = tmp_path / "tahapan.json"
    data = write_dataset(tmp_path / "data", minimal_files())
    output = tmp_path / "out"
    result = run_terbuka(
        "build", "--datadir", str(data), "--output", str(output),
        "--cache", str(tmp_path / "cache"), env={"BENCH_STAGES_FILE": str(target)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    stages = json.loads(target.read_text(encoding="utf-8"))
    assert list(stages) == [*NAMES, "pelican_other", "total"]
    assert all(stages[name] > 0 for name in ("load", "validate", "pages", "charts", "search"))
    parts = sum(v for k, v in stages.items() if k != "total")
    assert abs(parts - stages["total"]) <= 0.05 * len(stages)  # rounding of each part only
    assert list(bench.STAGES) == [*NAMES, "pelican_other"]  # the bench reads these keys


def test_a_build_not_asked_writes_no_stage_file(tmp_path):
    output = tmp_path / "out"
    assert build_site(write_dataset(tmp_path / "data", minimal_files()), output).returncode == 0
    assert not list(tmp_path.rglob("tahapan.json"))


def test_the_bench_plot_draws_time_per_stage_and_memory_per_scale(tmp_path):
    scale = {
        "rows": 100,
        "full_build_s": 3.0,
        "peak_rss_mb": 200.0,
        "full_build_stages_s": dict.fromkeys(bench.STAGES, 0.3),
    }
    target = tmp_path / "hasil.png"
    bench.plot({"small": scale, "large": {**scale, "rows": 5000, "peak_rss_mb": 900.0}}, target)
    assert target.read_bytes().startswith(b"\x89PNG")
