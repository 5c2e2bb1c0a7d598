"""Facet columns: per-value document sets and per-document values, built once per
index generation from the facet fields' postings, then counted in memory.

Counting is disjunctive (Datasette/Algolia style): OR within one facet, AND across
facets, and each facet is counted over the matches filtered by every *other* facet,
so the other values of a selected facet keep their counts.
"""
from collections import Counter, defaultdict

import icu

from .schema import FACET_FIELDS

_collator = None


def vietnamese_sort_key(value):
    """ICU collation for Vietnamese: 'Đà Nẵng' sorts under D, after 'Cần Thơ'."""
    global _collator
    if _collator is None:
        _collator = icu.Collator.createInstance(icu.Locale("vi"))
    return _collator.getSortKey(value)


class FacetColumns:
    def __init__(self, reader):
        self.live = frozenset(reader.all_doc_ids())
        self.docs_by_value = {}
        self.values_by_doc = {}
        indexed = set(reader.indexed_field_names())
        for facet in FACET_FIELDS:
            by_value = {}
            by_doc = defaultdict(list)
            for term in reader.lexicon(facet) if facet in indexed else ():
                value = term.decode("utf-8") if isinstance(term, bytes) else term
                docs = frozenset(reader.postings(facet, value).all_ids()) & self.live
                if docs:
                    by_value[value] = docs
                    for doc in docs:
                        by_doc[doc].append(value)
            self.docs_by_value[facet] = by_value
            self.values_by_doc[facet] = dict(by_doc)

    def docs_for(self, facet, values):
        """Documents having any of ``values`` in ``facet``."""
        by_value = self.docs_by_value[facet]
        docs = set()
        for value in values:
            docs |= by_value.get(value, frozenset())
        return docs

    def count(self, facet, docs):
        """Counter of the facet's values over a set of documents."""
        by_doc = self.values_by_doc[facet]
        counts = Counter()
        for doc in docs:
            values = by_doc.get(doc)
            if values:
                counts.update(values)
        return counts


def order_values(counts, selected, limit):
    """[(value, count, selected)]: by count, then Vietnamese order; selected always in."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], vietnamese_sort_key(item[0])))
    shown = ordered[:limit]
    shown_values = {value for value, _count in shown}
    for value in selected:
        if value not in shown_values:
            shown.append((value, counts.get(value, 0)))
            shown_values.add(value)
    return [(value, count, value in selected) for value, count in shown]
