"""whoosh_internals.block_arrays reads a posting block's pickle without unpickling: the same
arrays as pickle.loads for every layout Whoosh writes (W3PostingsWriter._write_block), and
pickle.loads itself for anything else."""
import pickle
from array import array

import numpy as np
import pytest

from indexer import whoosh_internals


def _block(gaps, weights, values=None):
    """A block's data as Whoosh pickles it: ids delta-encoded, weights as _mini_weights gives them."""
    return pickle.dumps((tuple(gaps), weights, values), 2)



RNG = np.random.default_rng(3)
GAPS = {
    "small": [0] + [1] * 1023,
    "mixed widths": [70_000] + [1000 if i % 100 == 0 else g for i, g in enumerate(RNG.integers(1, 200, 1023).tolist())],
    "wide": RNG.integers(256, 70_000, 200).tolist(),
    "alternating": [1, 300] * 200,  # more opcode changes than runs are read: pickle.loads
    "short": [5, 1],  # a tuple of two: TUPLE2, no MARK
}
WEIGHTS = {
    "none": lambda n: None,
    "one value": lambda n: 2.5,
    "each": lambda n: tuple(array("f", RNG.integers(1, 9, n).astype(float) * 2.5)),
}


@pytest.mark.parametrize("gaps", GAPS.values(), ids=GAPS.keys())
@pytest.mark.parametrize("weights", WEIGHTS.values(), ids=WEIGHTS.keys())
def test_block_arrays_equal_unpickling(gaps, weights):
    raw = _block(gaps, weights(len(gaps)), b"\x00\x01" * len(gaps))
    ids, found = whoosh_internals.block_arrays(raw, len(gaps))
    expected_ids, expected_weights = whoosh_internals.unpickled_block(raw, len(gaps))
    assert ids.dtype == np.int64 and found.dtype == np.float32
    assert np.array_equal(ids, expected_ids) and np.array_equal(found, expected_weights)


def test_the_usual_block_is_read_without_unpickling():
    raw = _block(GAPS["mixed widths"], WEIGHTS["each"](1024))
    assert whoosh_internals._fast_block(raw, 1024) is not None


@pytest.mark.parametrize("raw", [
    pickle.dumps(((1, 2, 3, 4, 5), [1.0] * 5, None), 2),  # weights in a list, not a tuple
    pickle.dumps(((1, 2, 3, 4, 5), (1, 1, 1, 1, 1), None), 2),  # weights as ints
    pickle.dumps(((1, 2, 3, 4, 5, 6), None, None), 2),  # more ids than the block's count
])
def test_any_other_layout_is_unpickled(raw):
    assert whoosh_internals._fast_block(raw, 5) is None
    ids, weights = whoosh_internals.block_arrays(raw, 5)
    expected_ids, expected_weights = whoosh_internals.unpickled_block(raw, 5)
    assert np.array_equal(ids, expected_ids) and np.array_equal(weights, expected_weights)
