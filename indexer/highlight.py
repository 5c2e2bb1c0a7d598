"""Marking the original words that matched, in snippets and on the article page.

Marking follows the query's reading (query.ParsedQuery.highlight_targets): a key is a
folded syllable (so "nguyen van han" marks "Nguyễn Văn Hận") or "=" and a toned one
(so "thắng" never marks "tháng"); words and names are marked only where their
syllables stand together, and the marked spans come from the tokenizer's offsets
into the NFC text, so the reader sees the article's own words.  All text is
HTML-escaped before marking.
"""
import functools
import html
import re
from collections import defaultdict

import numpy as np

from . import normalize
from .analysis import analyse
from .normalize import fold

SNIPPET_CHARS = 240
SNIPPET_SOURCE_CHARS = 20_000  # snippets come from a paragraph's first characters: a 4 MB one cost 2-5 s a search


def match_spans(text, terms=(), sequences=()):
    """Sorted, non-overlapping (start, end) spans of ``terms`` and of ``sequences``.

    Where a sequence (a phrase, or words typed together) stands in the text, its
    words are not marked again one by one elsewhere: the reader sees the phrase.
    """
    if not terms and not sequences:
        return []
    in_sequences = {key for sequence in sequences for key in sequence}
    firsts = {sequence[0] for sequence in sequences}
    wanted_folded = {key for key in (*terms, *in_sequences) if not key.startswith("=")}
    wanted_toned = {key[1:] for key in (*terms, *in_sequences) if key.startswith("=")}
    by_position = defaultdict(list)  # only the syllables a sequence may need
    starts = defaultdict(list)  # first key of a sequence -> [(position, start)]
    single = []
    for position, exact, folded, start, end in analyse(text):
        if folded not in wanted_folded and exact not in wanted_toned:
            continue  # most syllables: no key of the query
        toned_key = "=" + exact
        for key in (folded, toned_key):
            if key in in_sequences:
                by_position[position].append((key, start, end))
            if key in firsts:
                starts[key].append((position, start))
            if key in terms:
                single.append((key, start, end))
    spans, covered = [], set()
    for sequence in sequences:
        for position, start in starts.get(sequence[0], ()):
            end = _sequence_end(by_position, position, sequence)
            if end is not None:
                spans.append((start, end))
                covered.update(sequence)
    spans += [(start, end) for word, start, end in single if word not in covered]
    return _join_adjacent(text, merge_spans(spans))


def _sequence_end(by_position, position, sequence):
    end = None
    for offset, wanted in enumerate(sequence):
        found = [e for text, _s, e in by_position.get(position + offset, ()) if text == wanted]
        if not found:
            return None
        end = found[0]
    return end


def merge_spans(spans):
    """Sorted spans with overlapping ones joined."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _join_adjacent(text, spans):
    """One mark for neighbouring matches: 'Nguyễn Văn Hận', not three."""
    joined = []
    for start, end in spans:
        if joined and not text[joined[-1][1]:start].strip():
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def mark(text, spans):
    """HTML of ``text`` with the spans wrapped in <mark>."""
    out, position = [], 0
    for start, end in spans:
        out.append(html.escape(text[position:start], quote=False))
        out.append("<mark>" + html.escape(text[start:end], quote=False) + "</mark>")
        position = end
    out.append(html.escape(text[position:], quote=False))
    return "".join(out)


def _window(text, spans, width):
    """(start, end) of a window of about ``width`` characters around the first spans."""
    if len(text) <= width:
        return 0, len(text)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 4)
    if start:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space > 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def passage(text, spans, width=SNIPPET_CHARS):
    """HTML of a window of ``text`` with its spans marked and cut ends shown as '…'."""
    start, end = _window(text, spans, width)
    inside = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    body = mark(text[start:end], inside)
    return ("… " if start else "") + body + (" …" if end < len(text) else "")


def _folded_key(key):
    return fold(key[1:]) if key.startswith("=") else key


@functools.lru_cache(maxsize=64)
def _patterns(terms, sequences):
    """Regexes over folded text: one per sequence, one for all single terms (a toned key by
    its folded form: a cheap filter; match_spans then checks the tones)."""
    terms = {_folded_key(t) for t in terms}
    sequences = {tuple(_folded_key(k) for k in seq) for seq in sequences}
    sequence_res = [(len(seq), re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, seq)) + r"(?!\w)"))
                    for seq in sorted(sequences, key=len, reverse=True)]
    term_re = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(terms, key=len, reverse=True))) + r")(?!\w)") \
        if terms else None
    return sequence_res, term_re


def _quick_score(folded, sequence_res, term_re):
    """(longest run, distinct words, matches) of a paragraph, from its folded text.

    Cheap regexes pick the paragraphs; only the chosen ones are analysed for offsets.
    """
    longest, words, matches = 0, set(), 0
    for length, pattern in sequence_res:
        found = pattern.findall(folded)
        if found:
            longest = max(longest, length)
            matches += len(found)
            words.update(found[0].split())
    if term_re is not None:
        found = term_re.findall(folded)
        if found:
            longest = max(longest, 1)
            matches += len(found)
            words.update(found)
    return longest, len(words), matches


def _one_char_folds():
    """Code point -> its fold's code point, for the characters ``fold`` maps one to one by its table
    (not by ICU); _UNFOLDED for any other (combining marks fold to nothing, others go through ICU)."""
    table = np.full(0x2070, _UNFOLDED, dtype=np.uint32)
    for code in range(len(table)):
        if not normalize._OUTSIDE_TABLE_RE.search(chr(code)):
            folded = fold(chr(code))
            if len(folded) == 1:
                table[code] = ord(folded)
    return table


_UNFOLDED = 0xFFFFFFFF
_ONE_CHAR_FOLDS = _one_char_folds()


def fold_each(paragraphs):
    """[fold(p) for p in paragraphs], in one pass over their code points when every character
    folds one to one (Vietnamese text in NFC: an article's paragraphs cost one table look-up)."""
    joined = "\n".join(paragraphs)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    if len(codes) and int(codes.max()) < len(_ONE_CHAR_FOLDS):
        folded = _ONE_CHAR_FOLDS[codes]
        if not (folded == _UNFOLDED).any():
            parts = folded.tobytes().decode("utf-32-le").split("\n")
            if len(parts) == len(paragraphs):  # no paragraph holds a line break of its own
                return parts
    return [fold(paragraph) for paragraph in paragraphs]


def best_passages(paragraphs, terms=(), sequences=(), top=2, width=SNIPPET_CHARS):
    """[(paragraph number from 1, HTML)] of the paragraphs that match best.

    Paragraphs are ranked by their longest marked run (a phrase beats scattered
    words), then by how many distinct query words they hold, then by how many
    matches; with no match at all, the lead paragraph stands in.
    """
    sequence_res, term_re = _patterns(frozenset(terms), frozenset(sequences))
    scored = []
    paragraphs = [p[:SNIPPET_SOURCE_CHARS] for p in paragraphs]
    for number, (paragraph, folded) in enumerate(zip(paragraphs, fold_each(paragraphs), strict=True), 1):
        score = _quick_score(folded, sequence_res, term_re)
        if score[0]:
            scored.append((score, -number, number, paragraph))
    scored.sort(reverse=True)
    chosen = []
    for _score, _negative, number, paragraph in scored:
        spans = match_spans(paragraph, terms, sequences)
        if spans:
            chosen.append((number, paragraph, spans))
        if len(chosen) == top:
            break
    if not chosen:
        return [(1, passage(paragraphs[0], [], width))] if paragraphs else []
    return [(number, passage(paragraph, spans, width)) for number, paragraph, spans in sorted(chosen)]
