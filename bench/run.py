"""``make bench``: how fast Terbuka builds, at three scales, against plain Pelican.

Scales: ``small`` (the bundled sample), ``large`` (60 units, 5 years,
50,000 current activity rows) and ``xlarge`` (120 units, 5 years, 200,000
current rows: a province), generated with the sample script. For each: a
full build from empty, a rebuild with nothing changed, a rebuild after one
activity's spending changed (both builds also in seconds per stage, from
``BENCH_STAGES_FILE``), output size and page weights, and plain Pelican
(same version, same Jinja machinery, no plugin) building as many simple
Markdown pages. Then reading a SIPD-style workbook of about 200,000
account rows (the reader alone, and the whole check), seconds and peak
memory. Figures go to ``bench/results.json`` (or ``BENCH_OUT``), a plot to
``bench/results.png`` and a table to the terminal. ``BENCH_SCALES="xlarge"``
measures only the scales named and keeps the others' last figures.

At the city's scale it also measures ``make devserver``: seconds from saving
one changed row to the changed page being served. The targets of issue #29
are printed beside each figure. ``BENCH_PROFILE=1`` writes a cProfile summary
of each stage of each build to ``bench/profil/<scale>-<build>/<stage>.txt``.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "cache" / "bench"
PYTHON = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
SCALES = {
    "small": None,  # the bundled sample in data/
    "large": ["--units", "60", "--years", "5", "--rows", "50000"],
    "xlarge": ["--units", "120", "--years", "5", "--rows", "200000"],  # a province
}
BASELINE_SCALES = ("small", "large")
STAGES = ("load", "validate", "pages", "charts", "downloads", "search", "write", "pelican_other")
# What issue #29 asks of each scale (seconds, MB, KB); printed beside the figures.
TARGETS: dict[str, dict[str, float]] = {
    "small": {
        "full_build_s": 12,
        "one_change_rebuild_s": 2,
        "noop_rebuild_s": 0.5,
        "devserver_first_page_s": 2,
        "max_page_kb": 250,
    },
    "large": {"full_build_s": 35, "one_change_rebuild_s": 5, "max_page_kb": 250},
    "xlarge": {"full_build_s": 120, "peak_rss_mb": 1536, "max_page_kb": 250},
}
PROFILE_DIR = ROOT / "bench" / "profil"


def profiled(scale: str, build: str) -> dict[str, str]:
    """The environment that has a build write its stages' profiles (BENCH_PROFILE=1)."""
    if os.environ.get("BENCH_PROFILE") != "1":
        return {}
    return {"BENCH_PROFILE_DIR": str(PROFILE_DIR / f"{scale}-{build}")}


def timed(
    command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command, which must succeed."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**ENV, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def prepare(scale: str) -> Path:
    data = WORK / scale / "data"
    shutil.rmtree(data, ignore_errors=True)
    if SCALES[scale] is None:
        shutil.copytree(ROOT / "data", data)
    else:
        subprocess.run(
            [PYTHON, str(ROOT / "scripts/generate_sample.py"), "--out", str(data), *SCALES[scale]],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return data


def build_command(data: Path, output: Path, cache: Path) -> list[str]:
    command = [PYTHON, "-m", "terbuka", "build", "--datadir", str(data)]
    return [*command, "--output", str(output), "--cache", str(cache)]


def change_one_activity(data: Path) -> tuple[str, str]:
    """Raise the spending of the first current activity by Rp 1.000; its unit and year."""
    path = data / "kegiatan.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    column = rows[0].index("realisasi")
    row = next(r for r in rows[1:] if r[column])
    row[column] = str(int(float(row[column])) + 1000)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return row[rows[0].index("kode_opd")], row[rows[0].index("tahun")]


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read()
    except OSError:
        return None


def devserver_first_page(data: Path, output: Path, cache: Path) -> float:
    """Seconds from saving one changed row to ``make devserver`` serving the
    changed unit page with it (its address from the site's own API)."""
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [PYTHON, "-m", "terbuka", "devserver", "--datadir", str(data)]
    command += ["--output", str(output), "--cache", str(cache), "--port", str(port)]
    server = subprocess.Popen(
        command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while fetch(f"http://127.0.0.1:{port}/") is None:
            if server.poll() is not None:
                raise SystemExit("devserver stopped before serving")
            time.sleep(0.1)
        units = json.loads((output / "api/v1/opd.json").read_text(encoding="utf-8"))
        time.sleep(1)  # the watcher has taken its first look
        started = time.perf_counter()
        unit, year = change_one_activity(data)
        slug = next(u["slug"] for u in units if u["kode_opd"] == unit)
        url = f"http://127.0.0.1:{port}/opd/{slug}/{year}/"
        before = (output / f"opd/{slug}/{year}/index.html").read_bytes()
        while (page := fetch(url)) is None or page == before:
            if time.perf_counter() - started > 600:
                raise SystemExit("devserver never served the changed page")
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        server.send_signal(2)  # Ctrl+C
        server.wait(timeout=60)


def page_weights(output: Path) -> list[float]:
    """KB of each HTML page plus the stylesheets it links plus the SVGs it shows."""
    weights = []
    for page in output.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        linked = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
        linked += re.findall(r'<img src="([^"]+\.svg)"', text)
        files = [output / f[1:] if f.startswith("/") else page.parent / f for f in linked]
        size = page.stat().st_size + sum(f.stat().st_size for f in files)
        weights.append(size / 1024)
    return weights


def baseline(pages: int) -> float:
    """Plain Pelican building ``pages`` simple Markdown pages (no plugin)."""
    site = WORK / "baseline"
    shutil.rmtree(site, ignore_errors=True)
    content = site / "content" / "pages"
    content.mkdir(parents=True)
    for i in range(pages):
        (content / f"halaman-{i}.md").write_text(
            f"Title: Halaman {i}\nSlug: halaman-{i}\n\nIsi halaman {i}: *teks* sederhana.\n",
            encoding="utf-8",
        )
    (site / "conf.py").write_text(
        "PATH = 'content'\nPLUGINS = []\nTIMEZONE = 'Asia/Jakarta'\nDEFAULT_LANG = 'id'\n"
        "READERS = {'rst': None}\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n"
        "PAGE_SAVE_AS = '{slug}/index.html'\nRELATIVE_URLS = True\n",
        encoding="utf-8",
    )
    command = [PYTHON, "-m", "pelican", "content", "-s", "conf.py", "-o", "output", "-q"]
    elapsed, _ = timed(command, cwd=site)
    return elapsed


def measure(scale: str) -> dict:
    data = prepare(scale)
    output, cache = WORK / scale / "output", WORK / scale / "cache"
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    command = build_command(data, output, cache)
    stages_file = WORK / scale / "tahapan.json"
    stages = {"BENCH_STAGES_FILE": str(stages_file)}
    full, rss = timed(command, env={**stages, **profiled(scale, "penuh")})
    full_stages = json.loads(stages_file.read_text(encoding="utf-8"))
    pages = sum(1 for _ in output.rglob("*.html"))
    noop, _ = timed(command)
    change_one_activity(data)
    one_change, _ = timed(command, env={**stages, **profiled(scale, "satu-perubahan")})
    change_stages = json.loads(stages_file.read_text(encoding="utf-8"))
    first_page = devserver_first_page(data, output, cache) if scale == "small" else None
    weights = page_weights(output)
    with (data / "kegiatan.csv").open(encoding="utf-8") as fh:
        rows = sum(1 for _ in fh) - 1
    # Plain Pelican's own time grows faster than its page count (278 s for the
    # large scale's 5,686 pages): measured where the ratio is a target.
    base = baseline(pages) if scale in BASELINE_SCALES else None
    return {
        "rows": rows,
        "pages": pages,
        "full_build_s": round(full, 2),
        "pages_per_s": round(pages / full, 1),
        "noop_rebuild_s": round(noop, 2),
        "one_change_rebuild_s": round(one_change, 2),
        "devserver_first_page_s": round(first_page, 2) if first_page is not None else None,
        "peak_rss_mb": round(rss, 1),
        "output_mb": round(
            sum(p.stat().st_size for p in output.rglob("*") if p.is_file()) / 2**20, 1
        ),
        "median_page_kb": round(statistics.median(weights), 1),
        "max_page_kb": round(max(weights), 1),
        "baseline_pelican_s": round(base, 2) if base else None,
        "ratio_to_pelican": round(full / base, 2) if base else None,
        "full_build_stages_s": {k: full_stages.get(k, 0.0) for k in STAGES},
        "one_change_stages_s": {k: change_stages.get(k, 0.0) for k in STAGES},
    }


SIPD_ROWS = ["--units", "60", "--years", "1", "--rows", "68000"]  # about 200,000 accounts
READ_ONLY = (
    "import sys; from pathlib import Path; from terbuka.inputs.read import read_table; "
    "from terbuka.core.schema import reading_schema; "
    "t, _ = read_table(Path(sys.argv[1]), reading_schema('kegiatan')); print(len(t.rows))"
)


def measure_sipd_xlsx() -> dict:
    """Reading a SIPD-style account-level workbook: the reader alone, then the
    whole check (types, accounts summed, units and programs derived)."""
    data = WORK / "sipd" / "data"
    shutil.rmtree(data.parent, ignore_errors=True)
    workbook = data / "kegiatan.xlsx"
    subprocess.run(
        [PYTHON, str(ROOT / "scripts/generate_sample.py"), *SIPD_ROWS, "--sipd", str(workbook)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    rows = subprocess.run(
        [PYTHON, "-c", READ_ONLY, str(workbook)],
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    read_s, read_mb = timed([PYTHON, "-c", READ_ONLY, str(workbook)])
    check_s, check_mb = timed(
        [
            PYTHON,
            "-m",
            "terbuka",
            "check",
            "--datadir",
            str(data),
            "--saran",
            str(data.parent / "saran"),
            "--report",
            str(data.parent / "laporan.json"),
        ]
    )
    return {
        "account_rows": int(rows) - 1,  # less the JUMLAH row, left out by the check
        "xlsx_mb": round(workbook.stat().st_size / 1e6, 1),
        "read_s": round(read_s, 2),
        "read_peak_mb": round(read_mb, 1),
        "check_s": round(check_s, 2),
        "check_peak_mb": round(check_mb, 1),
    }


def plot(results: dict, target: Path) -> None:
    """Time (one line per stage, and the whole build) and peak memory by scale."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    scales = [s for s in SCALES if s in results]
    labels = [f"{s}\n{results[s]['rows']:,} baris".replace(",", ".") for s in scales]
    fig = Figure(figsize=(9, 4), layout="constrained")
    time_ax, memory_ax = fig.subplots(1, 2)
    for stage in STAGES:
        values = [results[s]["full_build_stages_s"][stage] for s in scales]
        time_ax.plot(labels, values, marker="o", label=stage)
    time_ax.plot(
        labels, [results[s]["full_build_s"] for s in scales], "k--", marker="s", label="total"
    )
    time_ax.set(title="Bangun penuh: detik per tahap", ylabel="detik")
    time_ax.legend(fontsize=7)
    memory_ax.plot(labels, [results[s]["peak_rss_mb"] for s in scales], marker="o", color="#8a4b00")
    memory_ax.axhline(2048, color="#4a5360", linestyle=":", label="batas 2 GB")
    memory_ax.set(title="Memori puncak", ylabel="MB")
    memory_ax.legend(fontsize=7)
    for ax in (time_ax, memory_ax):
        ax.grid(alpha=0.3)
    fig.savefig(target, dpi=100, metadata={"Software": None})


def cell(figure: float | None, target: float | None) -> str:
    """A figure, and its target when it has one (``*`` when it misses it)."""
    shown = "–" if figure is None else str(figure)
    if target is None or figure is None:
        return shown
    return f"{shown} (≤{target:g}){'' if figure <= target else '*'}"


def main() -> None:
    out = Path(os.environ.get("BENCH_OUT") or ROOT / "bench" / "results.json")
    # BENCH_SCALES=xlarge measures one scale and keeps the others' last figures.
    everything = "sipd_xlsx " + " ".join(SCALES)
    chosen = (os.environ.get("BENCH_SCALES") or os.environ.get("BENCH_ONLY") or everything).split()
    results: dict = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else {}
    results["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    if "sipd_xlsx" in chosen:
        print("mengukur sipd_xlsx ...", flush=True)
        results["sipd_xlsx"] = measure_sipd_xlsx()
        print(json.dumps(results["sipd_xlsx"]), flush=True)
    for scale in [s for s in SCALES if s in chosen]:
        print(f"mengukur {scale} ...", flush=True)
        results[scale] = measure(scale)
        print(json.dumps(results[scale]), flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    plot(results, out.with_suffix(".png"))
    scales = [s for s in SCALES if s in results]
    print(f"\nlaporan SIPD .xlsx: {results.get('sipd_xlsx')}")
    print(f"\n{'':24}" + "".join(f"{s:>18}" for s in scales))
    print("(sasaran #29 dalam kurung; * belum tercapai)")
    for key in [k for k in results[scales[0]] if not k.endswith("stages_s")]:
        cells = [cell(results[s].get(key), TARGETS.get(s, {}).get(key)) for s in scales]
        print(f"{key:24}" + "".join(f"{c:>18}" for c in cells))
    for s in scales:
        print(f"tahap {s}: {results[s].get('full_build_stages_s')}")
    print(f"\n{results['machine']}\nditulis ke {out} dan {out.with_suffix('.png')}")


if __name__ == "__main__":
    main()
