"""Finding a quoted passage in the current text of an article.

A quote link carries the passage (``exact``) and a little text on either side
(``prefix``, ``suffix``).  The article may have been edited since: we look for the
passage exactly first, then ignoring case, diacritics, tone placement, punctuation
and spacing, then tolerating edited words; the words around it break ties.
"""
import difflib
import re
from dataclasses import dataclass

from .normalize import canonical_tones, fold, nfc

PARAGRAPH_BREAK = "\n\n"
MIN_FUZZY_RATIO = 0.7
_WORD_RE = re.compile(r"\w+")


@dataclass
class Found:
    paragraph: int  # counted from 1
    start: int  # offsets in that paragraph's text
    end: int
    how: str  # "exact", "normalised" or "fuzzy"

    def text(self, paragraphs):
        return paragraphs[self.paragraph - 1][self.start:self.end]


def _comparable(text):
    """(normalised words, their (start, end) in text)."""
    words, spans = [], []
    for match in _WORD_RE.finditer(text):
        words.append(fold(canonical_tones(match.group())))
        spans.append(match.span())
    return words, spans


def _paragraph_of(offset, starts):
    number = 0
    for index, start in enumerate(starts):
        if start <= offset:
            number = index
    return number


def _context_score(body, start, end, prefix, suffix):
    """How well the text around a candidate agrees with the quote's prefix and suffix
    (each given as (text, its normalised words))."""
    score = 0.0
    (prefix_text, prefix_words), (suffix_text, suffix_words) = prefix, suffix
    if prefix_text:
        before = _comparable(body[max(0, start - 3 * len(prefix_text) - 20):start])[0][-len(prefix_words):]
        score += difflib.SequenceMatcher(None, before, prefix_words).ratio()
    if suffix_text:
        after = _comparable(body[end:end + 3 * len(suffix_text) + 20])[0][:len(suffix_words)]
        score += difflib.SequenceMatcher(None, after, suffix_words).ratio()
    return score


def _result(starts, start, end, how):
    number = _paragraph_of(start, starts)
    offset = starts[number]
    return Found(number + 1, start - offset, end - offset, how)


def locate(paragraphs, exact, prefix="", suffix=""):
    """Where the quote stands now, or None when it can no longer be found."""
    exact, prefix, suffix = nfc(exact or "").strip(), nfc(prefix or "").strip(), nfc(suffix or "").strip()
    if not exact or not paragraphs:
        return None
    body = PARAGRAPH_BREAK.join(paragraphs)
    starts, position = [], 0
    for paragraph in paragraphs:
        starts.append(position)
        position += len(paragraph) + len(PARAGRAPH_BREAK)

    prefix, suffix = (prefix, _comparable(prefix)[0]), (suffix, _comparable(suffix)[0])  # once, not per candidate
    candidates = [(m.start(), m.end()) for m in re.finditer(re.escape(exact), body)]
    if candidates:
        start, end = max(candidates, key=lambda c: (_context_score(body, c[0], c[1], prefix, suffix), -c[0]))
        return _result(starts, start, end, "exact")

    words, spans = _comparable(body)
    wanted = _comparable(exact)[0]
    if not wanted or not words:
        return None
    size = len(wanted)
    normalised = [i for i in range(len(words) - size + 1) if words[i:i + size] == wanted]
    if normalised:
        best = max(normalised, key=lambda i: (_context_score(body, spans[i][0], spans[i + size - 1][1], prefix, suffix), -i))
        return _result(starts, spans[best][0], spans[best + size - 1][1], "normalised")

    best, best_score = None, 0.0
    for width in {max(1, size - 2), size - 1, size, size + 1, size + 2}:
        if width < 1:
            continue
        for i in range(0, max(1, len(words) - width + 1)):
            window = words[i:i + width]
            ratio = difflib.SequenceMatcher(None, window, wanted, autojunk=False).ratio()
            if ratio > best_score:
                best, best_score = (i, min(i + width, len(words)) - 1), ratio
    if best is None or best_score < MIN_FUZZY_RATIO:
        return None
    return _result(starts, spans[best[0]][0], spans[best[1]][1], "fuzzy")


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
