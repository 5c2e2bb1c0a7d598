"""How alike two articles' texts are: MinHash signatures over syllable shingles.

Used to keep an article's id when a re-scrape both edits and moves it (ids.py), and to
group syndicated copies of one report.  A signature is 64 32-bit minima of the
folded three-syllable shingles of the text, seeded, so a signature stays comparable
across builds; the share of equal minima estimates the Jaccard similarity of the two
shingle sets.  The values are those of datasketch 2.0's MinHash (scheme "affine32"),
which the project used until the few lines it needs were written out here: over
numpy, all shingles of a text at once, and without its import of scipy (0.8 s at
every build start).  A new record is the old one edited when the estimate reaches
THRESHOLD, or SAME_TITLE_THRESHOLD with the same title; both were chosen on edited
copies of the evaluation articles (eval/identity.py prints the figures).
"""
import base64
import binascii
import hashlib
from operator import itemgetter, methodcaller

import numpy as np

from .analysis import analyse, analyse_for_later

PERMUTATIONS = 64
SEED = 20261127
SHINGLE = 3
THRESHOLD = 0.3  # eval/identity.py: different articles stay below it (max 0.28 over 945 pairs)
SAME_TITLE_THRESHOLD = 0.15  # a copy that kept its title needs less of its text


def _shingle_texts(folded):
    """Every distinct run of SHINGLE syllables, joined by spaces (one run if fewer)."""
    if len(folded) < SHINGLE:
        return {" ".join(folded)} if folded else set()
    return set(map(" ".join, zip(*(folded[start:] for start in range(SHINGLE)), strict=False)))


def _shingle_list(text):
    """The distinct shingles of a text as UTF-8 bytes (what SHA-1 hashes)."""
    folded = list(map(itemgetter(2), analyse_for_later(text)))
    return list(map(str.encode, _shingle_texts(folded)))


def shingles(text):
    """Folded three-syllable shingles of a text, as bytes."""
    return set(_shingle_list(text))


def _permutations(seed, count):
    """The (a, b) of datasketch's affine32 permutations h -> a * h + b (mod 2**32), a odd,
    drawn in its order from a RandomState of the seed."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, count, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, count, dtype=np.uint32)
    return a, b


_A, _B = _permutations(SEED, PERMUTATIONS)
_EMPTY = np.full(PERMUTATIONS, 0xFFFFFFFF, dtype=np.uint32)
_DIGEST = methodcaller("digest")


def _mix(hashes):
    """MurmurHash3's 32-bit finalizer (datasketch mixes every input hash with it), in place."""
    hashes ^= hashes >> np.uint32(16)
    hashes *= np.uint32(0x85EBCA6B)
    hashes ^= hashes >> np.uint32(13)
    hashes *= np.uint32(0xC2B2AE35)
    hashes ^= hashes >> np.uint32(16)
    return hashes


def _sha1_hash32(items):
    """The first four bytes (little-endian) of each item's SHA-1: datasketch's sha1_hash32."""
    digests = b"".join(map(_DIGEST, map(hashlib.sha1, items)))
    return np.frombuffer(digests, dtype="<u4")[::5].copy()  # a SHA-1 digest is five words


def signature(text):
    """The MinHash signature of a text as a uint32 array."""
    distinct = _shingle_list(text)
    if not distinct:
        return _EMPTY.copy()
    hashes = _mix(_sha1_hash32(distinct))
    return (hashes[:, None] * _A + _B).min(axis=0)


def similarity(first, second):
    """Estimated Jaccard similarity of two signatures (0 when either is missing)."""
    if first is None or second is None or len(first) != len(second):
        return 0.0
    return float(np.mean(first == second))


def title_key(title):
    """A title as folded syllables: the same title in any spelling."""
    return " ".join(syllable[2] for syllable in analyse(title or ""))


def encode(sig):
    return base64.b64encode(np.asarray(sig, dtype="<u4").tobytes()).decode("ascii")


def decode(text):
    if not text:
        return None
    try:
        return np.frombuffer(base64.b64decode(text), dtype="<u4").astype(np.uint32)
    except (ValueError, TypeError):
        return None


def decode_many(texts):
    """(signatures as a (len(texts), PERMUTATIONS) uint32 array, valid mask) of encoded
    signatures, decoded together into one array (one array per text took 0.5 s at 100,000;
    this takes 0.12 s)."""
    texts = list(texts)
    signatures = np.zeros((len(texts), PERMUTATIONS), dtype=np.uint32)
    valid = np.zeros(len(texts), dtype=bool)
    raw, rows = [], []
    for row, text in enumerate(texts):
        try:
            data = binascii.a2b_base64(text) if isinstance(text, str) and text else b""
        except (binascii.Error, ValueError):
            continue
        if len(data) == PERMUTATIONS * 4:
            raw.append(data)
            rows.append(row)
    if rows:
        signatures[rows] = np.frombuffer(b"".join(raw), dtype="<u4").reshape(len(rows), PERMUTATIONS)
        valid[rows] = True
    return signatures, valid


def same_report(score, same_title):
    return score >= THRESHOLD or (same_title and score >= SAME_TITLE_THRESHOLD)


def best_matches(new, old):
    """{new key: old key} pairing new texts with old ones they are edited copies of.

    ``new``/``old``: {key: (signature, title, date)}.  Pairs are taken by descending
    similarity (a shared title or date breaks ties), each key used once, so one old id
    never goes to two new records.
    """
    candidates = []
    for new_key, (new_sig, new_title, new_date) in new.items():
        for old_key, (old_sig, old_title, old_date) in old.items():
            score = similarity(new_sig, old_sig)
            same_title = bool(new_title) and title_key(new_title) == title_key(old_title)
            if same_report(score, same_title):
                candidates.append((score, same_title, new_date == old_date, new_key, old_key))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
    paired, used = {}, set()
    for _score, _title, _date, new_key, old_key in candidates:
        if new_key not in paired and old_key not in used:
            paired[new_key] = old_key
            used.add(old_key)
    return paired
