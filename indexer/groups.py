"""Syndicated copies: articles that are one report, grouped, with one canonical article.

An outlet that re-posts a report changes its title, byline, header and footer, and often
its lead, and drops a paragraph; the body's MinHash signature (similarity.py, kept by
the registry) stays close.  At the end of every build and update the whole live set is
grouped again from those signatures, so a copy that is removed or edited away leaves its
group and a new copy joins it:

1. candidates by locality-sensitive hashing: the signature cut into BANDS bands of ROWS
   minima; articles that share a whole band are candidates (datasketch's MinHashLSH
   banding, done with numpy sorts: MinHashLSH took 11 s at 100,000 signatures, more
   than adding 100 articles is allowed to cost).  A bucket of more than BUCKET_LIMIT
   articles is boilerplate shared by many reports, not one report: it gives no pairs;
2. each candidate pair's similarity (the share of equal minima), kept at THRESHOLD;
3. pairs joined best first; two groups join only when every pair across them reaches
   LINK_FLOOR, so a chain of look-alikes never merges two different reports.

The canonical article of a group is the earliest; then the one with the most metadata
(authors, outlet, people, clusters, provinces); then the smallest id.  THRESHOLD and
LINK_FLOOR were measured on re-posted copies of the evaluation articles against every
pair of different ones (``python -m eval.grouping``).
"""
import numpy as np

from .similarity import PERMUTATIONS, decode_many

THRESHOLD = 0.5  # eval/grouping.py: different articles max 0.28; re-posts min 0.28, 98% of rewritten leads >= 0.5
LINK_FLOOR = 0.35  # every pair in a group at least this (a copy that cut different paragraphs than another)
ROWS = 3
BANDS = PERMUTATIONS // ROWS  # 21 bands of 3: a pair at 0.5 is a candidate with probability 0.94, at 0.7 0.9999
BUCKET_LIMIT = 16
MIN_SHINGLES = 60  # a shorter text (two sentences) is grouped only with the same text: a template sentence
# with another date and place is another notice, and a few words are most of its shingles
VERSION = 1
_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)
_CHUNK = 200_000  # candidate pairs compared at once (memory: 64 bytes each, twice)


def _band_keys(signatures):
    """(rows, BANDS) hashes of each band of each signature (wrapping modulo 2**64)."""
    blocks = signatures[:, :BANDS * ROWS].astype(np.uint64).reshape(len(signatures), BANDS, ROWS)
    return (blocks * _MULTIPLIERS[:ROWS]).sum(axis=2)


def _empty(signatures):
    return (signatures == signatures[:, :1]).all(axis=1)  # no text: every minimum the same


def _bucket_pairs(order, ordered):
    """(firsts, seconds) of the pairs within each bucket of ``order`` (rows sorted by their key,
    ``ordered`` those keys); a bucket of more than BUCKET_LIMIT rows is boilerplate: no pairs."""
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    firsts, seconds = [], []
    for size in np.flatnonzero(np.bincount(sizes, minlength=BUCKET_LIMIT + 1)[2:BUCKET_LIMIT + 1]) + 2:
        members = order[starts[sizes == size][:, None] + np.arange(size)]
        left, right = np.triu_indices(int(size), k=1)
        firsts.append(members[:, left].ravel())
        seconds.append(members[:, right].ravel())
    return firsts, seconds


def candidate_pairs(signatures):
    """(first, second) index arrays (first < second, each pair once) of the rows that share a band."""
    empty = _empty(signatures)
    firsts, seconds = [], []
    all_keys = _band_keys(signatures)
    for band in range(BANDS):
        keys = all_keys[:, band]
        order = np.argsort(keys)  # any order within a bucket: the pairs are the same
        order = order[~empty[order]]
        band_firsts, band_seconds = _bucket_pairs(order, keys[order])
        firsts += band_firsts
        seconds += band_seconds
    return _unique_pairs(firsts, seconds, len(signatures))


def candidate_pairs_of(signatures, rows):
    """candidate_pairs restricted to the pairs with at least one of ``rows`` (the articles an
    update added or changed): each band's keys of every row are compared with those of
    ``rows`` only, so an update of 100 articles does not sort 100,000 keys per band."""
    count = len(signatures)
    empty = _empty(signatures)
    rows = np.asarray(rows, dtype=np.int64)
    rows = rows[~empty[rows]]
    firsts, seconds = [], []
    all_keys = _band_keys(signatures)
    for band in range(BANDS):
        keys = all_keys[:, band]
        wanted = np.unique(keys[rows])  # sorted: every row's key looked up in it, no sort of all keys
        found = wanted[np.minimum(np.searchsorted(wanted, keys), len(wanted) - 1)] == keys
        matched = np.flatnonzero(found & ~empty)  # every row of those buckets
        order = matched[np.argsort(keys[matched], kind="stable")]
        band_firsts, band_seconds = _bucket_pairs(order, keys[order])
        firsts += band_firsts
        seconds += band_seconds
    first, second = _unique_pairs(firsts, seconds, count)
    touched = np.zeros(count, dtype=bool)
    touched[rows] = True
    keep = touched[first] | touched[second]
    return first[keep], second[keep]


def _unique_pairs(firsts, seconds, count):
    """The pairs once each, as (smaller, larger) index arrays."""
    if not firsts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    low, high = np.minimum(first, second), np.maximum(first, second)
    keys = np.sort(low.astype(np.int64) * count + high)  # np.unique hashes: ten times slower here
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]]
    return keys // count, keys % count


def pair_similarities(signatures, first, second):
    scores = np.empty(len(first), dtype=np.float32)
    for start in range(0, len(first), _CHUNK):
        end = start + _CHUNK
        scores[start:end] = (signatures[first[start:end]] == signatures[second[start:end]]).mean(axis=1)
    return scores


def estimated_shingles(signatures):
    """How many shingles each signature was made of, from its minima (uniform over 32 bits:
    the smallest of k is 2**32 / (k + 1) on average)."""
    share = signatures.astype(np.float64).sum(axis=1) / 2.0**32
    return signatures.shape[1] / np.maximum(share, 1e-12) - 1


def _similar(signatures, first, second):
    """The candidate pairs alike enough to be one report, with their similarity."""
    scores = pair_similarities(signatures, first, second)
    short = estimated_shingles(signatures) < MIN_SHINGLES
    keep = (scores >= THRESHOLD) & (~(short[first] | short[second]) | (scores == 1.0))
    return first[keep], second[keep], scores[keep]


def _join(signatures, first, second, scores, groups=()):
    """Join pairs best first into ``groups`` (lists of rows already together); two groups
    join only when every pair across them reaches LINK_FLOOR."""
    group_of, members = {}, {}
    for rows in groups:
        members[rows[0]] = list(rows)
        for row in rows:
            group_of[row] = rows[0]
    for index in np.lexsort((second, first, -scores)):
        a, b = int(first[index]), int(second[index])
        ga, gb = group_of.get(a, a), group_of.get(b, b)
        if ga == gb:
            continue
        left, right = members.get(ga, [ga]), members.get(gb, [gb])
        cross = (signatures[left][:, None, :] == signatures[right][None, :, :]).mean(axis=2)
        if cross.min() < LINK_FLOOR:
            continue
        joined = left + right
        for row in right:
            group_of[row] = ga
        group_of[ga] = ga
        members[ga] = joined
        members.pop(gb, None)
    return sorted(sorted(rows) for rows in members.values() if len(rows) > 1)


def cluster(signatures):
    """[[row, …]] of the groups (two rows or more), each sorted, in order of their first row."""
    return _join(signatures, *_similar(signatures, *candidate_pairs(signatures)))


def metadata_count(record):
    """How much the extraction found in an article: breaks a tie for canonical."""
    return (len(record.get("author") or []) + bool(record.get("outlet")) + len(record.get("persons") or [])
            + len(record.get("clusters") or []) + len(record.get("provinces") or []))


def canonical_key(article_id, info):
    """Sort key: the earliest dated first, then the most metadata, then the smallest id."""
    date = info.get("date")
    return (date is None, date or "", -info.get("meta", 0), article_id)


def compute(entries, describe, previous=None, changed=()):
    """The groups manifest of the live articles.

    ``entries``: {id: registry entry} (``sig``, ``fingerprint``, ``title``, ``date``);
    ``describe(ids)``: {id: {title, outlet, date, meta}} of grouped articles (read from
    the index; the caller may answer from an earlier manifest when the text is unchanged).
    With ``previous`` (the manifest of the index before an update) and ``changed`` (the ids
    the update added or edited), only those are compared against every live article and
    joined to the groups they match; the groups of the others stand (less what was removed
    or changed).  An update of 100 articles then costs a fraction of grouping them all.
    """
    ids = sorted(entries)
    signatures, valid = decode_many([entries[i].get("sig") for i in ids])
    rows = np.flatnonzero(valid)
    signatures = signatures[rows]
    live_ids = [ids[r] for r in rows]
    if previous is None or len(rows) < 2:
        found = cluster(signatures) if len(rows) > 1 else []
    else:
        position = {article_id: number for number, article_id in enumerate(live_ids)}
        changed = set(changed)
        kept = []
        for group in previous.get("groups") or []:
            members = [position[i] for i in group.get("members") or [] if i in position and i not in changed]
            if len(members) > 1:
                kept.append(sorted(members))
        new_rows = [position[i] for i in sorted(changed) if i in position]
        first, second = candidate_pairs_of(signatures, new_rows) if new_rows else (np.zeros(0, np.int64),) * 2
        found = _join(signatures, *_similar(signatures, first, second), groups=kept)
    groups, described = [], {}
    if found:
        members = [[live_ids[r] for r in group] for group in found]
        described = describe(sorted({i for group in members for i in group}))
        for group in members:
            info = {i: dict(described.get(i) or {}, fingerprint=entries[i].get("fingerprint")) for i in group}
            ordered = sorted(group, key=lambda i: canonical_key(i, info[i]))
            groups.append({"canonical": ordered[0], "members": ordered})
            described.update(info)
    articles = {i: described[i] for group in groups for i in group["members"]}
    return {"version": VERSION, "threshold": THRESHOLD, "groups": groups, "articles": articles}


def current(manifest, toc):
    """True when ``manifest`` holds the groups of the index at commit ``toc`` with today's
    rules: an update may then start from it."""
    return (bool(manifest) and manifest.get("toc") == toc and manifest.get("version") == VERSION
            and manifest.get("threshold") == THRESHOLD)


def describe_from(searcher, previous, fingerprints):
    """A ``describe`` for compute: an article's title, outlet, date and metadata count,
    from ``previous`` (an earlier manifest's articles) when its fingerprint is the same,
    else from its stored record."""
    import json

    def describe(ids):
        found = {}
        for article_id in ids:
            known = previous.get(article_id)
            if known and known.get("fingerprint") == fingerprints.get(article_id):
                found[article_id] = known
                continue
            stored = searcher.document(id=article_id)
            if stored is None:
                continue
            record = json.loads(stored["record"])
            found[article_id] = {"title": record.get("title"), "outlet": record.get("outlet"),
                                 "date": record.get("date"), "meta": metadata_count(record)}
        return found

    return describe


class Groups:
    """One generation's groups over the document numbers of one searcher: which matching
    articles are one report, how many reports a set of matches holds, each facet value's
    count of reports."""

    def __init__(self, manifest, searcher, live):
        self.articles = manifest.get("articles") or {}
        self.members = []  # per group: [(id, docnum)], canonical first (live articles only)
        self.group_of = {}  # id -> group number
        self.label = np.full(len(live), -1, dtype=np.int64)
        for group in manifest.get("groups") or []:
            found = [(i, searcher.document_number(id=i)) for i in group.get("members") or []]
            found = [(i, doc) for i, doc in found if doc is not None and live[doc]]
            if len(found) < 2:
                continue  # a copy removed since: what is left is no group
            number = len(self.members)
            self.members.append(found)
            for article_id, doc in found:
                self.group_of[article_id] = number
                self.label[doc] = number
        self.docs = np.flatnonzero(self.label >= 0)
        self._pairs = {}

    def reports(self, mask):
        """How many reports the matching articles are (each group's copies count once)."""
        matched = self.docs[mask[self.docs]]
        return int(mask.sum()) - len(matched) + len(np.unique(self.label[matched]))

    def collapse(self, candidates, primary):
        """The candidates without the copies of a better-ranked one (higher ``primary``, then smaller number)."""
        grouped = self.label[candidates] >= 0
        if not grouped.any():
            return np.ones(len(candidates), dtype=bool)
        rows = np.flatnonzero(grouped)
        labels = self.label[candidates[rows]]
        order = rows[np.lexsort((candidates[rows], -primary[rows], labels))]
        first = np.r_[True, self.label[candidates[order]][1:] != self.label[candidates[order]][:-1]]
        keep = ~grouped
        keep[order[first]] = True
        return keep

    def shown(self, doc, matches):
        """The article a group shows for its best-ranked match ``doc``: the canonical one when it matched."""
        number = self.label[doc]
        if number < 0:
            return doc
        canonical = self.members[number][0][1]
        return canonical if matches[canonical] else doc

    def copies(self, article_id):
        """[{id, title, outlet, date}] of the other copies of an article's report, canonical first."""
        number = self.group_of.get(article_id)
        if number is None:
            return []
        return [{"id": other, "title": (self.articles.get(other) or {}).get("title") or "",
                 "outlet": (self.articles.get(other) or {}).get("outlet"),
                 "date": (self.articles.get(other) or {}).get("date")}
                for other, _doc in self.members[number] if other != article_id]

    def same_report(self, article_id):
        """The ids of the article's report (itself included)."""
        number = self.group_of.get(article_id)
        return {article_id} if number is None else {other for other, _doc in self.members[number]}

    def _facet_pairs(self, columns, facet):
        """(values, keys, docs) of the grouped articles' values of a facet, in order of their
        key (group number × values + value): a report's values stand together (built once)."""
        if facet not in self._pairs:
            postings = columns.facet(facet).postings  # per value, in memory already
            docs = np.concatenate(postings) if postings else np.zeros(0, dtype=np.int64)
            values = np.repeat(np.arange(len(postings), dtype=np.int64), [len(p) for p in postings])
            grouped = self.label[docs] >= 0
            docs, values = docs[grouped], values[grouped]
            keys = self.label[docs] * max(len(postings), 1) + values
            order = np.argsort(keys, kind="stable")
            self._pairs[facet] = (values[order], keys[order], docs[order])
        return self._pairs[facet]

    def _excess(self, columns, facet, mask):
        """Per value of a facet: how many more matching articles than reports hold it."""
        values, keys, docs = self._facet_pairs(columns, facet)
        hit = mask[docs]
        values, keys = values[hit], keys[hit]
        size = max(len(columns.facet(facet).values), 1)
        first = np.ones(len(keys), dtype=bool)  # a report's first article with the value (keys are in order)
        first[1:] = keys[1:] != keys[:-1]
        return np.bincount(values, minlength=size) - np.bincount(values[first], minlength=size)

    def facet_counts(self, columns, facet, mask, limit, selected=()):
        """columns.facet_counts, counting reports: a value counts a report once however many of
        its copies have it.  Copies only lower counts, so the top ``limit`` are among the top
        ``limit`` + (values lowered) by articles."""
        if not self.members:
            return columns.facet_counts(facet, mask, limit, selected)
        excess = self._excess(columns, facet, mask)
        lowered = int((excess > 0).sum())
        if not lowered:
            return columns.facet_counts(facet, mask, limit, selected)
        index = columns.facet(facet).index
        counted = [(value, count - int(excess[index[value]]) if value in index else count, chosen)
                   for value, count, chosen in columns.facet_counts(facet, mask, limit + lowered, selected)]
        ranked = sorted((item for item in counted if item[1] > 0 or item[2]), key=lambda item: -item[1])
        shown = ranked[:limit]
        return shown + [item for item in ranked[limit:] if item[2]]
