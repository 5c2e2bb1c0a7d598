"""Finding a quoted passage in the current text of an article.

A quote link carries the passage (``exact``) and a little text on either side
(``prefix``, ``suffix``).  The article may have been edited since: we look for the
passage exactly first, then ignoring case, diacritics, tone placement, punctuation
and spacing, then tolerating edited words; the words around it break ties.

Every step is bounded, whatever the article and the link hold (a link is anyone's
input): a quote is at most MAX_QUOTE_CHARS characters and MAX_QUOTE_WORDS words
(``QuoteTooLong`` otherwise: the app answers 400); at most MAX_CANDIDATES places
where it occurs are weighed against the prefix and suffix; and the fuzzy step
compares word by word only the MAX_FUZZY_WINDOWS windows of the article that share
the most words with the quote (a count over the whole article in numpy, linear in
its length) — not every window, which took 30 s for a 666-word quote.
"""
import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import islice

import numpy as np

from .normalize import canonical_tones, fold, nfc

PARAGRAPH_BREAK = "\n\n"
MIN_FUZZY_RATIO = 0.7
MAX_QUOTE_CHARS = 1000  # a quote link's passage; ours quote 12 words
MAX_QUOTE_WORDS = 120
MAX_CONTEXT_WORDS = 32  # of the prefix and suffix: the nearest words decide
MAX_SCANNED = 20000  # occurrences of the passage looked at (cheaply) in one article
MAX_CANDIDATES = 200  # of those, weighed against the prefix and suffix
MAX_FUZZY_WINDOWS = 60  # starts of windows considered in the fuzzy step, the most promising
MAX_FUZZY_COMPARISONS = 40  # windows compared word by word (SequenceMatcher) at most
FUZZY_SLACK = 2  # the fuzzy step tries windows of the quote's length ± this many words
_WORD_RE = re.compile(r"\w+")


class QuoteTooLong(ValueError):
    """A quote over MAX_QUOTE_CHARS characters or MAX_QUOTE_WORDS words (the app answers 400)."""

    def __init__(self, chars, words):
        super().__init__(f"a quote may have at most {MAX_QUOTE_CHARS} characters and {MAX_QUOTE_WORDS} words "
                         f"(this one has {chars} characters and {words} words)")


@dataclass
class Found:
    paragraph: int  # counted from 1
    start: int  # offsets in that paragraph's text
    end: int
    how: str  # "exact", "normalised" or "fuzzy"

    def text(self, paragraphs):
        return paragraphs[self.paragraph - 1][self.start:self.end]


def _normalised(word, cache):
    folded = cache.get(word)
    if folded is None:
        folded = cache[word] = fold(canonical_tones(word))
    return folded


def _comparable(text, cache=None):
    """(normalised words, their (start, end) in text)."""
    cache = {} if cache is None else cache
    words, spans = [], []
    for match in _WORD_RE.finditer(text):
        words.append(_normalised(match.group(), cache))
        spans.append(match.span())
    return words, spans


def _body_words(body, cache):
    """The normalised words of a whole article, at C speed: each distinct word is
    normalised once (an article of 4 MB has ~900,000 words, a few thousand distinct)."""
    raw = _WORD_RE.findall(body)
    for word in set(raw).difference(cache):
        _normalised(word, cache)
    return list(map(cache.__getitem__, raw))


def _spans_at(body, numbers):
    """{word number: (start, end) in body} for the given word numbers, walking the
    words once at C speed (no match object kept for the others)."""
    found, matches, position = {}, _WORD_RE.finditer(body), -1
    for number in sorted(set(numbers)):
        match = next(islice(matches, number - position - 1, None))
        found[number], position = match.span(), number
    return found


def _context_score(body, start, end, prefix, suffix):
    """How well the text around a candidate agrees with the quote's prefix and suffix
    (each given as (text, its normalised words))."""
    score = 0.0
    (prefix_text, prefix_words), (suffix_text, suffix_words) = prefix, suffix
    if prefix_words:
        before = _comparable(body[max(0, start - 3 * len(prefix_text) - 20):start])[0][-len(prefix_words):]
        score += difflib.SequenceMatcher(None, before, prefix_words).ratio()
    if suffix_words:
        after = _comparable(body[end:end + 3 * len(suffix_text) + 20])[0][:len(suffix_words)]
        score += difflib.SequenceMatcher(None, after, suffix_words).ratio()
    return score


def _keep_likely(candidates, cheap):
    """At most MAX_CANDIDATES of the candidates, those whose surroundings agree exactly
    with the prefix and suffix first (``cheap(candidate)`` counts how many do); in order."""
    if len(candidates) <= MAX_CANDIDATES:
        return candidates
    ranked = sorted(range(len(candidates)), key=lambda n: -cheap(candidates[n]))  # stable: first ones on a tie
    return [candidates[n] for n in sorted(ranked[:MAX_CANDIDATES])]


def _best_in_context(spans, body, prefix, suffix):
    """The (start, end) whose surroundings agree best with the prefix and suffix (the first on a tie)."""
    if not prefix[1] and not suffix[1]:
        return spans[0]
    return max(spans, key=lambda c: (_context_score(body, c[0], c[1], prefix, suffix), -c[0]))


def _result(starts, start, end, how):
    number = bisect_right(starts, start) - 1
    offset = starts[number]
    return Found(number + 1, start - offset, end - offset, how)


def _occurrences(words, wanted):
    """Word numbers where ``wanted`` (normalised words) stands in ``words``, at most MAX_SCANNED,
    found by a string search over the words joined (linear) rather than a slice per word."""
    joined = " " + " ".join(words) + " "
    needle = " " + " ".join(wanted) + " "
    at = joined.find(needle)
    if at < 0:
        return []
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 1
    starts = np.cumsum(lengths) - lengths + 1  # where each word begins in ``joined``
    found = []
    while at >= 0 and len(found) < MAX_SCANNED:
        found.append(at + 1)
        at = joined.find(needle, at + 1)
    return np.searchsorted(starts, found).tolist()


def _window_overlaps(ids, counts, width):
    """For each start i, how many words of the window ids[i:i + width] the quote has
    (as a multiset: a word the quote has twice counts at most twice) — an upper bound
    of the words SequenceMatcher can match there.  Linear: each occurrence of a quoted
    word counts for the windows in which it is among the last ``counts[word]``
    occurrences of that word."""
    size = len(ids)
    hits = np.flatnonzero(ids)
    delta = np.zeros(size + 1, dtype=np.int64)
    if len(hits):
        hit_ids = ids[hits]
        order = np.argsort(hit_ids, kind="stable")
        positions, sorted_ids = hits[order], hit_ids[order]
        group_end = np.searchsorted(sorted_ids, sorted_ids, side="right")
        ahead = np.arange(len(positions)) + counts[sorted_ids]
        next_beyond = np.full(len(positions), np.iinfo(np.int64).max // 2, dtype=np.int64)
        inside = ahead < group_end
        next_beyond[inside] = positions[ahead[inside]]
        first = np.maximum(positions - width + 1, 0)
        last = np.minimum(positions, next_beyond - width)
        keep = first <= last
        np.add.at(delta, first[keep], 1)
        np.add.at(delta, last[keep] + 1, -1)
    return np.cumsum(delta[:size])


def _fuzzy(words, wanted):
    """(first word, last word) of the window most like ``wanted``, or None under MIN_FUZZY_RATIO.

    Windows of the quote's length ± FUZZY_SLACK words at the MAX_FUZZY_WINDOWS most
    promising starts; at most MAX_FUZZY_COMPARISONS are compared with SequenceMatcher,
    best bound first, and the comparison stops once no remaining window can beat the
    best found.
    """
    size, count = len(wanted), len(words)
    widths = sorted({max(1, size + d) for d in range(-FUZZY_SLACK, FUZZY_SLACK + 1)})
    vocabulary = {}
    for word in wanted:
        vocabulary.setdefault(word, len(vocabulary) + 1)
    counts = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    for word in wanted:
        counts[vocabulary[word]] += 1
    codes = {word: vocabulary.get(word, 0) for word in set(words)}
    ids = np.fromiter(map(codes.__getitem__, words), dtype=np.int64, count=count)
    starts = np.arange(max(1, count - widths[0] + 1))  # a start needs a window of the narrowest width
    overlap = _window_overlaps(ids, counts, widths[-1])[starts]  # the widest window holds the narrower ones
    # the best ratio any width could reach at each start: 2 * matched / (width + size)
    best_width = np.clip(overlap, widths[0], widths[-1])
    bound = 2 * np.minimum(overlap, best_width) / (best_width + size)
    promising = np.flatnonzero(bound >= MIN_FUZZY_RATIO)
    if not len(promising):
        return None
    if len(promising) > MAX_FUZZY_WINDOWS:
        promising = promising[np.lexsort((promising, -bound[promising]))[:MAX_FUZZY_WINDOWS]]
    pairs = []
    for start in promising.tolist():
        for width in widths:
            if start + width <= count or (start == 0 and count < width):
                limit = 2 * min(int(overlap[start]), width) / (width + size)
                pairs.append((-limit, width, start))
    pairs.sort()
    best, best_score = None, 0.0
    for evaluated, (negative_limit, width, start) in enumerate(pairs):
        if -negative_limit < max(best_score, MIN_FUZZY_RATIO) or evaluated >= MAX_FUZZY_COMPARISONS:
            break
        ratio = difflib.SequenceMatcher(None, words[start:start + width], wanted, autojunk=False).ratio()
        if ratio > best_score or (ratio == best_score and best is not None and (width, start) < best[2:]):
            best, best_score = (start, min(start + width, count) - 1, width, start), ratio
    if best is None or best_score < MIN_FUZZY_RATIO:
        return None
    return best[0], best[1]


def locate(paragraphs, exact, prefix="", suffix=""):
    """Where the quote stands now, or None when it can no longer be found.

    Raises QuoteTooLong for a quote over MAX_QUOTE_CHARS characters or MAX_QUOTE_WORDS words.
    """
    exact, prefix, suffix = nfc(exact or "").strip(), nfc(prefix or "").strip(), nfc(suffix or "").strip()
    if len(exact) > MAX_QUOTE_CHARS:
        raise QuoteTooLong(len(exact), len(_WORD_RE.findall(exact)))
    cache = {}
    wanted = _comparable(exact, cache)[0]
    if len(wanted) > MAX_QUOTE_WORDS:
        raise QuoteTooLong(len(exact), len(wanted))
    if not exact or not paragraphs:
        return None
    body = PARAGRAPH_BREAK.join(paragraphs)
    starts, position = [], 0
    for paragraph in paragraphs:
        starts.append(position)
        position += len(paragraph) + len(PARAGRAPH_BREAK)

    # once, not per candidate; only the words nearest the passage
    prefix_words = _comparable(prefix, cache)[0][-MAX_CONTEXT_WORDS:]
    suffix_words = _comparable(suffix, cache)[0][:MAX_CONTEXT_WORDS]
    prefix = (prefix[-(MAX_CONTEXT_WORDS * 12):], prefix_words)
    suffix = (suffix[:MAX_CONTEXT_WORDS * 12], suffix_words)

    candidates = [m.span() for m in islice(re.finditer(re.escape(exact), body), MAX_SCANNED)]
    if candidates:
        def agrees(candidate):
            start, end = candidate
            before = body[max(0, start - len(prefix[0]) - 8):start].rstrip()
            after = body[end:end + len(suffix[0]) + 8].lstrip()
            return (int(bool(prefix[0]) and before.endswith(prefix[0]))
                    + int(bool(suffix[0]) and after.startswith(suffix[0])))

        start, end = _best_in_context(_keep_likely(candidates, agrees), body, prefix, suffix)
        return _result(starts, start, end, "exact")

    words = _body_words(body, cache)
    if not wanted or not words:
        return None
    size = len(wanted)
    normalised = _occurrences(words, wanted)
    if normalised:
        def agrees_in_words(first):
            return (int(bool(prefix_words) and words[max(0, first - len(prefix_words)):first] == prefix_words)
                    + int(bool(suffix_words) and words[first + size:first + size + len(suffix_words)] == suffix_words))

        normalised = _keep_likely(normalised, agrees_in_words) if prefix_words or suffix_words else normalised[:1]
        spans = _spans_at(body, normalised + [first + size - 1 for first in normalised])
        start, end = _best_in_context([(spans[first][0], spans[first + size - 1][1]) for first in normalised],
                                      body, prefix, suffix)
        return _result(starts, start, end, "normalised")

    window = _fuzzy(words, wanted)
    if window is None:
        return None
    spans = _spans_at(body, window)
    return _result(starts, spans[window[0]][0], spans[window[1]][1], "fuzzy")


def quote_parts(paragraphs, number, max_words=12, context_words=4):
    """(exact, prefix, suffix) that quote paragraph ``number`` (from 1) for a quote link."""
    text = paragraphs[number - 1]
    words = text.split()
    exact = " ".join(words[:max_words])
    suffix = " ".join(words[max_words:max_words + context_words])
    if not suffix and number < len(paragraphs):
        suffix = " ".join(paragraphs[number].split()[:context_words])
    prefix = " ".join(paragraphs[number - 2].split()[-context_words:]) if number > 1 else ""
    return exact, prefix, suffix
