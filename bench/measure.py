"""Shared measuring: warm-then-timed query loops, percentiles, sizes on disk."""
import time
from pathlib import Path


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(times):
    return {"p50": round(percentile(times, 0.5), 1), "p95": round(percentile(times, 0.95), 1),
            "p99": round(percentile(times, 0.99), 1), "n": len(times)}


def time_queries(run, queries, repeat):
    """{class: [ms, …]} of ``run(params)`` over the query mix, after one warm-up pass."""
    for _cls, params in queries:
        run(params)
    by_class = {}
    for _ in range(repeat):
        for cls, params in queries:
            started = time.perf_counter()
            run(params)
            by_class.setdefault(cls, []).append((time.perf_counter() - started) * 1000)
    return by_class


def every(by_class):
    return [t for times in by_class.values() for t in times]


def disk_mb(path):
    return round(sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6, 1)
