"""The page's cut: _kth_largest partitions only the values from a floor up, and gives what a
partition of all of them gives (scores, tied scores, dates either way)."""
import numpy as np
import pytest

from indexer.search import _kth_largest, _top


@pytest.mark.parametrize("kind", ["scores", "ties", "newest", "oldest", "ascending", "descending"])
def test_kth_largest_equals_partitioning_everything(kind):
    rng = np.random.default_rng(5)
    for n in (2, 3, 11, 100, 5000):
        values = {"scores": rng.random(n).astype(np.float32).astype(np.float64),
                  "ties": rng.integers(0, 3, n).astype(np.float64),
                  "newest": rng.integers(20000101, 20250101, n).astype(np.float64),
                  "oldest": -rng.integers(20000101, 20250101, n).astype(np.float64),
                  "ascending": np.arange(n, dtype=np.float64),
                  "descending": -np.arange(n, dtype=np.float64)}[kind]
        for k in (1, 2, 10, 99, n - 1):
            if 1 <= k < n:
                assert _kth_largest(values, k) == np.sort(values)[n - k]


def test_top_breaks_ties_by_document_number():
    candidates = np.arange(100, 200)
    primary = np.repeat([3.0, 2.0, 1.0, 2.0], 25)
    assert _top(candidates, primary, 30).tolist() == list(range(100, 125)) + list(range(125, 130))
