"""Precision and recall of extracted fields and of search results against the labels.

Values are compared as a reader would: NFC, one tone placement, case and spacing
ignored.  Pure functions; eval/__main__.py runs them over a real index.
"""
import re
from dataclasses import dataclass, field

from indexer.normalize import canonical_tones, clean_text


def norm(value):
    if value is None:
        return None
    text = canonical_tones(clean_text(str(value))).casefold()
    text = re.sub(r"[‐-―]", "-", text)
    return " ".join(text.replace("“", '"').replace("”", '"').split())


@dataclass
class Tally:
    """Counts for precision (found right ÷ found) and recall (found right ÷ expected)."""

    right: int = 0
    found: int = 0
    expected: int = 0
    misses: list = field(default_factory=list)

    def add_sets(self, found, expected, where=""):
        found = {norm(v) for v in found if v}
        expected = {norm(v) for v in expected if v}
        self.right += len(found & expected)
        self.found += len(found)
        self.expected += len(expected)
        if found != expected:
            self.misses.append({"article": where, "extra": sorted(found - expected),
                                "missing": sorted(expected - found)})

    def add_value(self, found, expected, where=""):
        """A single-valued field: a wrong value costs precision and recall, a missing one recall."""
        self.add_sets([found] if found not in (None, "") else [], [expected] if expected not in (None, "") else [],
                      where)

    @property
    def precision(self):
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self):
        return self.right / self.expected if self.expected else 1.0

    def summary(self):
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "right": self.right, "found": self.found, "expected": self.expected}


def recall_at(ranked, relevant, k=10):
    if not relevant:
        return None
    return len(set(ranked[:k]) & set(relevant)) / min(k, len(relevant))


def precision_of(results, relevant):
    """Share of the whole result set that is relevant (an empty set is precise)."""
    if not results:
        return 1.0
    return len(set(results) & set(relevant)) / len(results)


def reciprocal_rank(ranked, relevant):
    for rank, item in enumerate(ranked, 1):
        if item in relevant:
            return 1.0 / rank
    return 0.0 if relevant else None
