"""Before a run: the disk and the time its unfinished stages will need, and whether the disk holds it.

Figures per article come from the results file of the largest N of the same corpus version
in bench/results/ (what each stage wrote and its peak while it ran, on disk: blocks, not
file sizes; the seconds of each stage), else from DEFAULTS.  Build seconds grow faster than
N: with two sizes measured for the same number of processes the plan extrapolates with
their power law, with one it assumes the rate holds (and says so).
"""
import contextlib
import json
import math
import os
import shutil
import time
from pathlib import Path

from .generate import CORPUS_VERSION

# Where no results file of N >= MIN_N has a figure: per article, bytes on disk (4 KB blocks) and
# articles per second, measured with this code at N=500 on this machine (2 cores, shared: load 5)
# on 2026-11-27, or taken from bench-100000.json where said.
DEFAULTS = {
    "corpus_disk_bytes": 7_400,  # 5.4 KB of text per article, most files taking two 4 KB blocks
    "index_bytes": 18_600,  # bench-100000.json: 1,858 MB for 100,000 articles
    "index_peak_ratio": 1.0,  # the index folder at its largest during a full build / at its end (N=500: 1.00)
    "update_peak_ratio": 1.05,  # at its largest during the update / before it (N=500: +7 MB for 100 articles)
    "fts5_bytes": 8_700,  # bench-100000.json
    "tantivy_bytes": 1_500,  # bench-100000.json
    "generate_per_s": 320,  # N=500 (700/s for the text alone, unloaded)
    "build_per_s": {1: 60, 2: 92.5},  # bench-100000.json: 92.5 with two processes
    "read_per_s": 2_000,  # records read back from our index (fts5, tantivy); N=500: 2,200
    "draw_per_s": 1_000,  # records read back and digested for the draws; N=500: 1,100
    "fts5_per_s": 6_000,  # bench-100000.json
    "tantivy_per_s": 8_700,  # bench-100000.json
}
FIXED_SECONDS = {"latency": 60, "distinct": 120, "browsing": 240, "http": 30, "update": 120}  # fallbacks
MARGIN = 1.1  # the estimate times this must fit in the free space
MIN_N = 10_000  # smaller runs are all start-up and fixed costs: not extrapolated from


def _du(path):
    """Bytes on disk (blocks) under ``path``: 0 when absent."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):  # gone meanwhile
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
    return total


def _existing_folder(path):
    path = Path(path).resolve()
    while not path.exists():
        path = path.parent
    return path


def _results(results_dir):
    """[(n, result, file name)] of this corpus version and N >= MIN_N, largest N first."""
    found = []
    for path in Path(results_dir).glob("bench-*.json"):
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if result.get("corpus") == CORPUS_VERSION and result.get("n", 0) >= MIN_N:
            found.append((result["n"], result, path.name))
    return sorted(found, key=lambda item: -item[0])


def figures(results_dir):
    """{figure: (value, basis)}: per article and per second, each with where it comes from."""
    out = {key: (value, "default of bench/plan.py") for key, value in DEFAULTS.items()}
    out["build_per_s"] = dict(DEFAULTS["build_per_s"])
    out["build_seconds"] = {}  # jobs -> [(n, seconds)] measured
    out["stage_seconds"] = {}
    found = _results(results_dir)
    for n, r, name in reversed(found):  # the largest N last: it wins
        ours = r.get("ours", {})
        mb = 1e6 / n
        generation = r.get("generate", {})
        if generation.get("corpus_disk_mb"):
            out["corpus_disk_bytes"] = (generation["corpus_disk_mb"] * mb, name)
        if generation.get("articles_per_s"):
            out["generate_per_s"] = (generation["articles_per_s"], name)
        if ours.get("index_mb"):
            out["index_bytes"] = (ours.get("index_disk_mb", ours["index_mb"]) * mb, name)
        for key, value in ours.items():
            if key.startswith("build_j") and isinstance(value, dict) and value.get("seconds"):
                jobs = int(key[len("build_j"):])
                out["build_seconds"].setdefault(jobs, {})[n] = (value["seconds"], name)
                if value.get("index_peak_mb") and ours.get("index_disk_mb"):
                    out["index_peak_ratio"] = (value["index_peak_mb"] / ours["index_disk_mb"], name)
        if ours.get("update_index_peak_mb") and ours.get("index_disk_mb"):
            out["update_peak_ratio"] = (ours["update_index_peak_mb"] / ours["index_disk_mb"], name)
        for engine in ("fts5", "tantivy"):
            e = r.get(engine, {})
            if e.get("index_mb"):
                out[f"{engine}_bytes"] = (max(e.get("peak_disk_mb", 0), e.get("index_mb")) * mb, name)
            if e.get("docs_per_s"):
                out[f"{engine}_per_s"] = (e["docs_per_s"], name)
            if e.get("reading_seconds"):
                out["read_per_s"] = (n / max(e["reading_seconds"], 0.1), name)
        for stage, seconds in r.get("stage_seconds", {}).items():
            out["stage_seconds"][stage] = (seconds, name)
        if r.get("stage_seconds", {}).get("draw"):
            out["draw_per_s"] = (n / max(r["stage_seconds"]["draw"], 0.1), name)
    return out


def build_seconds(figs, jobs, n):
    """(seconds, basis) of a full build of ``n`` articles with ``jobs`` processes."""
    measured = sorted(figs["build_seconds"].get(jobs, {}).items())
    if len(measured) >= 2:
        (n1, (s1, _)), (n2, (s2, name)) = measured[-2], measured[-1]
        exponent = min(2.0, max(1.0, math.log(s2 / s1) / math.log(n2 / n1)))
        return s2 * (n / n2) ** exponent, f"{name}, seconds ∝ N^{exponent:.2f} (from N={n1:,} and {n2:,})"
    if measured:
        n2, (s2, name) = measured[-1]
        return s2 * n / n2, f"{n2 / s2:,.1f} docs/s of {name}, assumed to hold at {n:,}"
    rate = DEFAULTS["build_per_s"].get(jobs, 60)
    return n / rate, f"{rate} docs/s (default of bench/plan.py)"


def plan(n, work, to_run, jobs, results_dir, generated=0, load_seconds=15):
    """Rows (stage, extra bytes at its peak, bytes it leaves, seconds, basis) of the stages in
    ``to_run``, in order; ``generated``: articles of the corpus already written."""
    figs = figures(results_dir)
    work = Path(work)

    def per(key):
        return figs[key][0]

    index = per("index_bytes") * n
    rows = []
    for stage in to_run:
        peak = left = 0
        basis = ""
        if stage == "generate":
            left = peak = per("corpus_disk_bytes") * (n - generated)
            seconds = (n - generated) / per("generate_per_s")
            basis = (f"{per('corpus_disk_bytes') / 1e3:.1f} KB/article on disk ({figs['corpus_disk_bytes'][1]}), "
                     f"{per('generate_per_s'):,.0f} articles/s ({figs['generate_per_s'][1]})")
        elif stage.startswith("build_j"):
            j = int(stage[len("build_j"):])
            existing = _du(work / f"index-{n}-j{j}")
            peak = index * per("index_peak_ratio") - existing
            left = (index if j == max(jobs) else 0) - existing
            seconds, basis = build_seconds(figs, j, n)
            basis = f"index {per('index_bytes') / 1e3:.1f} KB/article ({figs['index_bytes'][1]}); {basis}"
        elif stage == "draw":
            seconds = n / per("draw_per_s")
            basis = f"records read back and digested at {per('draw_per_s'):,.0f}/s ({figs['draw_per_s'][1]})"
        elif stage in ("fts5", "tantivy"):
            existing = _du(work / f"{stage}-{n}")
            peak = left = per(f"{stage}_bytes") * n - existing
            seconds = n / per(f"{stage}_per_s") + n / per("read_per_s") + FIXED_SECONDS["latency"]
            basis = (f"{per(f'{stage}_bytes') / 1e3:.1f} KB/article, {per(f'{stage}_per_s'):,.0f} docs/s "
                     f"({figs[f'{stage}_bytes'][1]})")
        elif stage == "update":
            peak = index * (per("update_peak_ratio") - 1)
            seconds, name = figs["stage_seconds"].get(stage, (FIXED_SECONDS[stage], "a default"))
            basis = f"two updates and the mix ({name}; they scan every file: longer at larger N)"
        else:
            seconds, name = figs["stage_seconds"].get(stage, (FIXED_SECONDS.get(stage, 60), "a default"))
            if stage == "http":
                seconds = max(seconds, load_seconds + 20)
            basis = f"as in {name}" if name != "a default" else "a default of bench/plan.py"
        rows.append((stage, max(peak, 0), left, seconds, basis))
    return rows


def free_space(work):
    """(bytes free to us, inodes free) on the filesystem that holds (or will hold) ``work``."""
    folder = _existing_folder(work)
    stats = os.statvfs(folder)
    return shutil.disk_usage(folder).free, stats.f_favail


def report(n, work, rows, generated=0):
    """(text, bytes needed at the peak, inodes needed, seconds)."""
    free, inodes = free_space(work)
    used = need = 0.0
    lines = [f"plan for N={n:,} in {work} ({free / 1e9:,.1f} GB and {inodes:,} inodes free on its filesystem):",
             f"  {'stage':<10} {'disk GB':>8} {'time':>9}  basis"]
    total = 0.0
    for stage, peak, left, seconds, basis in rows:
        need = max(need, used + peak)
        used += left
        total += seconds
        lines.append(f"  {stage:<10} {peak / 1e9:>8.1f} {_hms(seconds):>9}  {basis}")
    need_inodes = (n - generated) + (n - generated) // 100 + 10_000 if "generate" in [r[0] for r in rows] else 10_000
    finish = time.strftime("%a %H:%M", time.localtime(time.time() + total))
    lines.append(f"  {'total':<10} {need / 1e9:>8.1f} {_hms(total):>9}  at the peak, of what this run still writes "
                 f"(×{MARGIN} must be free); about {finish} if the machine is as quiet as when measured")
    return "\n".join(lines), need, need_inodes, total, free, inodes


def check(need, need_inodes, free, inodes, work):
    """None when it fits, else why not."""
    if need * MARGIN > free:
        return (f"not enough disk: this run needs about {need / 1e9:,.1f} GB (×{MARGIN} margin) on the filesystem "
                f"of {work}, {free / 1e9:,.1f} GB are free. Free some, or point BENCH_WORK at a larger one "
                f"(BENCH_NO_DISK_CHECK=1 runs anyway).")
    if need_inodes > inodes:
        return (f"not enough inodes: the corpus needs {need_inodes:,} files and folders, the filesystem of {work} "
                f"has {inodes:,} free (BENCH_NO_DISK_CHECK=1 runs anyway).")
    return None


def _hms(seconds):
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
