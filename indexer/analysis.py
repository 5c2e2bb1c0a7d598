"""Text -> tokens for Vietnamese, as Whoosh analyzers.

Pipeline (each piece tested alone in tests/test_analysis.py):

    ICUTokenizer          NFC, ICU word breaks: syllables and numbers, no punctuation
    | LowercaseFilter
    | DottedAbbreviationFilter   "tp.hcm" -> "tp", "hcm" and the merged "tphcm"
    | CanonicalSpellingFilter    tone placement and i/y spelling ("hòa" = "hoà", "sỹ" = "sĩ")
    | RomanNumeralFilter         a Roman numeral after "số" is its number ("số III" = "số 3")
    = exact analyzer             (toned forms: ranks exact matches first)
    | FoldFilter                 diacritics removed, đ -> d
    = folded analyzer            ("nguyen van han" finds "Nguyễn Văn Hận")
    | bigrams                    adjacent folded syllables: the adjacency boost, words of two syllables
    | trigrams                   three adjacent folded syllables: words, names and phrases of three or more

Positions skip one at strong punctuation (". , ; : ! ? ( )" and line breaks; not
quotes: 'nhà “Nghĩa tình đồng đội”' is read as one phrase; not hyphens and dashes:
"Bà Rịa - Vũng Tàu" is one name), so the word n-grams and
phrases never join "thi đua; 4 đơn vị" into "thi đua 4".  The point of an
abbreviation ("TP. HCM") is no break.

The tokenizer sets ``startchar``/``endchar`` in the NFC text; filters only rewrite
``token.text``, so the highlighter marks the original words.  No ICU object is kept
on an analyzer: the schema is pickled into the index, so ICU state lives in a
thread-local here and is rebuilt on demand.

The schema's fields use ``SyllableAnalyzer``: the same pipeline, run once per text
and shared by the exact, folded and bigram fields of a document (a text is indexed
five times; analysing it once makes indexing about three times faster).  The title and
body joined, which the bigram and trigram fields index, reuse the two texts' analyses.
"""
import functools
import re
import threading
from array import array
from bisect import bisect_right
from collections import Counter, OrderedDict
from itertools import accumulate, compress, count, repeat
from operator import itemgetter, ne, sub
from typing import NamedTuple

import icu
from whoosh.analysis import Analyzer, Filter, LowercaseFilter, Token, Tokenizer

from .normalize import canonical, fold, nfc, roman_value

_memo_canonical = functools.lru_cache(maxsize=200_000)(canonical)
_memo_fold = functools.lru_cache(maxsize=200_000)(fold)

_local = threading.local()

# ICU rule statuses below 100 are spaces and punctuation.
_FIRST_WORD_STATUS = 100


def _word_breaker():
    breaker = getattr(_local, "breaker", None)
    if breaker is None:
        breaker = _local.breaker = icu.BreakIterator.createWordInstance(icu.Locale("vi"))
    return breaker


_ASTRAL_RE = re.compile("[\U00010000-\U0010FFFF]")


def _utf16_to_index(text):
    """Map ICU's UTF-16 offsets to str indexes (they differ only past the BMP)."""
    if not _ASTRAL_RE.search(text):
        return None
    mapping = []
    for index, ch in enumerate(text):
        mapping.append(index)
        if ord(ch) > 0xFFFF:
            mapping.append(index)
    mapping.append(len(text))
    return mapping


def icu_words(text):
    """Yield (start, end) of every word or number in ``text`` (already NFC)."""
    breaker = _word_breaker()
    breaker.setText(text)
    mapping = _utf16_to_index(text)
    status = breaker.getRuleStatus
    start = breaker.first()
    if mapping:
        for end in breaker:
            if status() >= _FIRST_WORD_STATUS:
                yield mapping[start], mapping[end]
            start = end
        return
    for end in breaker:
        if status() >= _FIRST_WORD_STATUS:
            yield start, end
        start = end


_BREAK_RE = re.compile(r"[.,;:!?()\[\]{}…|\n]")
_ABBREVIATION_RE = re.compile(r"[A-ZĐ][A-Za-zĐđ]{0,2}$")


def breaks_between(text, previous_start, previous_end, start):
    """True when strong punctuation stands between two words (not an abbreviation's point)."""
    between = text[previous_end:start]
    if not _BREAK_RE.search(between):
        return False
    return not (between.strip() == "." and _ABBREVIATION_RE.match(text[previous_start:previous_end]))


def positioned_words(text):
    """(position, start, end) of every word: positions skip one at strong punctuation."""
    pos, previous = -1, None
    for start, end in icu_words(text):
        pos += 1
        if previous is not None and breaks_between(text, previous[0], previous[1], start):
            pos += 1
        previous = (start, end)
        yield pos, start, end


def _fill(token, text, pos, start, end, keeporiginal, start_pos, start_char):
    """Set a (reused) Whoosh token; positions and offsets only when the token asks for them."""
    token.text = text
    token.boost = 1.0
    token.stopped = False
    if keeporiginal:
        token.original = text
    if token.positions:
        token.pos = start_pos + pos
    if token.chars:
        token.startchar = start_char + start
        token.endchar = start_char + end
    return token


class ICUTokenizer(Tokenizer):
    """Splits NFC text into syllables and numbers with ICU's Vietnamese word breaks."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        value = nfc(value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        spans = positioned_words(value) if tokenize else [(0, 0, len(value))]
        for pos, start, end in spans:
            yield _fill(token, value[start:end], pos, start, end, keeporiginal, start_pos, start_char)


_DOTTED_RE = re.compile(r"[^\W\d_]+(?:[.\-/_:][^\W\d_]+)+")
_DOT_SPLIT_RE = re.compile(r"[.\-/_:]")


class DottedAbbreviationFilter(Filter):
    """'tp.hcm' -> 'tp', 'hcm' (own offsets) and 'tphcm' at the first part's position.

    ICU keeps letter groups joined by dots as one word; users type them joined,
    spaced or dotted, so all three forms must meet. Numbers ("1.799") are left whole.
    """

    def __call__(self, tokens):
        shift = 0  # later tokens move back by the extra parts, keeping positions unique
        for token in tokens:
            if shift and getattr(token, "pos", None) is not None:
                token.pos += shift
            if not _DOTTED_RE.fullmatch(token.text):
                yield token
                continue
            text = token.text
            parts = [p for p in _DOT_SPLIT_RE.split(text) if p]
            merged = "".join(parts)
            shift += len(parts) - 1
            pos = getattr(token, "pos", None)
            start = getattr(token, "startchar", None)
            offset = 0
            for index, part in enumerate(parts):
                offset = text.index(part, offset)
                piece = token.copy()
                piece.text = part
                if pos is not None:
                    piece.pos = pos + index
                if start is not None:
                    piece.startchar = start + offset
                    piece.endchar = start + offset + len(part)
                offset += len(part)
                yield piece
                if index == 0:
                    whole = token.copy()
                    whole.text = merged
                    yield whole


class CanonicalSpellingFilter(Filter):
    """One spelling per syllable: tone placement and i/y variants folded, tones kept."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = _memo_canonical(token.text)
            yield token


class FoldFilter(Filter):
    """Diacritics removed and đ -> d, so queries typed without marks match."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = _memo_fold(token.text)
            yield token


class RomanNumeralFilter(Filter):
    """A Roman numeral right after "số" (or "so") becomes its number: clusters are
    written "Cụm thi đua số III" as often as "số 3"."""

    def __call__(self, tokens):
        previous = None
        for token in tokens:
            value = _roman_after(previous, token.text)
            previous = token.text
            if value:
                token.text = value
            yield token


def _roman_after(previous, word):
    if previous is None or fold(previous) != "so" or not word.isascii():
        return None
    value = roman_value(word)
    return str(value) if value else None


def exact_pipeline():
    """Toned, canonically spelled syllables (the filters above, composed)."""
    return (ICUTokenizer() | LowercaseFilter() | DottedAbbreviationFilter() | CanonicalSpellingFilter()
            | RomanNumeralFilter())


class Analysis(NamedTuple):
    """A text's syllables with what joining it to another text needs."""

    syllables: tuple | None  # ((pos, exact, folded, start, end), …); None in a compact copy
    columns: tuple | None  # the syllables' five columns, when at hand
    length: int  # of the NFC text
    first_start: int | None  # where its first word starts
    last_word: tuple | None  # (start, end) of its last word


_ANALYSES = OrderedDict()  # text -> Analysis
_ANALYSES_KEPT = 32


def analyse(text):
    """((pos, exact, folded, start, end), …) of a text; cached, so the five fields
    that index the same text share one analysis."""
    return _cached_analysis(text).syllables


def _cached_analysis(text):
    """A recent analysis of the text, else one joined from two recent ones, one kept
    for later, or a new one."""
    awaited = _take_awaited(text) if _AWAITED else None
    found = _ANALYSES.get(text)
    if found is None:
        found = _joined_analysis(text) or (awaited and _expanded(awaited)) or _analysis(nfc(text))
        _ANALYSES[text] = found
        while len(_ANALYSES) > _ANALYSES_KEPT:
            _ANALYSES.popitem(last=False)
    return found


# A build takes the signature of a body (similarity.signature) some batches of files
# before it indexes it: up to BATCHES_AHEAD * BATCH_FILES (writer.py: 512) bodies ahead.
# ``analyse_for_later`` keeps those analyses compactly (about 30 bytes a syllable: 512
# bodies of 900 syllables take 14 MB, and their texts 4 MB) until ``analyse`` asks for
# the text again, so a body is analysed once, not twice.  Bounded: past the bounds the
# oldest go first.
_AWAITED = OrderedDict()  # text -> compact Analysis
_AWAITED_KEPT = 1024
_AWAITED_SYLLABLES = 2_000_000
_awaited_syllables = 0


def analyse_for_later(text):
    """``analyse(text)``, kept until ``analyse`` is asked for the same text again."""
    global _awaited_syllables
    found = _cached_analysis(text)
    if len(found.syllables) <= _AWAITED_SYLLABLES:
        _AWAITED[text] = _compact(found)
        _awaited_syllables += len(found.syllables)
        while len(_AWAITED) > _AWAITED_KEPT or _awaited_syllables > _AWAITED_SYLLABLES:
            _awaited_syllables -= len(_AWAITED.popitem(last=False)[1].columns[0])
    return found.syllables


def _take_awaited(text):
    """The kept compact analysis of ``text`` (no longer kept), or None."""
    global _awaited_syllables
    compact = _AWAITED.pop(text, None)
    if compact is not None:
        _awaited_syllables -= len(compact.columns[0])
    return compact


def _expanded(compact):
    return compact._replace(syllables=tuple(zip(*compact.columns, strict=True)))


def _columns(analysis):
    """(positions, exacts, folds, starts, ends) of an analysis."""
    if analysis.columns is not None:
        return analysis.columns
    return tuple(list(map(itemgetter(column), analysis.syllables)) for column in range(5))


def _compact(analysis):
    """The analysis without its syllable tuples: offsets in arrays, forms in lists."""
    positions, exacts, folds, starts, ends = _columns(analysis)
    columns = (array("I", positions), list(exacts), list(folds), array("I", starts), array("I", ends))
    return analysis._replace(syllables=None, columns=columns)


_ROMAN_LETTERS = frozenset([
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
    "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx", "xxi", "xxii", "xxiii", "xxiv", "xxv",
])
_WORD_FORMS_KEPT = 300_000
_FIRST, _SECOND = itemgetter(0), itemgetter(1)  # of a word's forms


class _WordForms(dict):
    """Word as written -> (exact, folded), or False for a dotted abbreviation; a word's
    forms are worked out the first time it is seen."""

    def __missing__(self, word):
        lower = word.lower()
        if _DOTTED_RE.fullmatch(lower):
            forms = False
        else:
            exact = _memo_canonical(lower)
            forms = (exact, _memo_fold(exact))
        if len(self) >= _WORD_FORMS_KEPT:
            self.clear()
        self[word] = forms
        return forms


_WORD_FORMS = _WordForms()


def _word_spans(text):
    """(starts, ends) of the words of ``icu_words``, as two lists."""
    breaker = _word_breaker()
    breaker.setText(text)
    status = breaker.getRuleStatus
    starts, ends = [], []
    start = breaker.first()
    for end in breaker:
        if status() >= _FIRST_WORD_STATUS:
            starts.append(start)
            ends.append(end)
        start = end
    mapping = _utf16_to_index(text)
    if mapping:
        starts, ends = [mapping[s] for s in starts], [mapping[e] for e in ends]
    return starts, ends


def _position_steps(text, starts, ends):
    """How far each word's position is from the word before: 1, or 2 with strong
    punctuation between them (0 for the first word).

    Only the punctuation marks are visited, not every space between two words."""
    steps = [1] * len(starts)
    steps[0] = 0
    checked = None
    for mark in _BREAK_RE.finditer(text, starts[0], ends[-1]):
        at = mark.start()
        after = bisect_right(starts, at)
        before = after - 1
        if at < ends[before] or after == checked:  # inside a word ("1.799"), or that gap is done
            continue
        checked = after
        if breaks_between(text, starts[before], ends[before], starts[after]):
            steps[after] = 2
    return steps


def _analysis(text):
    """The Analysis of an NFC text: what ``exact_pipeline`` gives, plus the folded form.

    The same steps as the filters above, without a Token object per step, with each
    distinct word's forms remembered, and (unless the text has a dotted abbreviation)
    no Python code run per word past ICU's.  tests/test_analysis.py checks that both agree.
    """
    starts, ends = _word_spans(text)
    if not starts:
        return Analysis((), None, len(text), None, None)
    forms = list(map(_WORD_FORMS.__getitem__, map(text.__getitem__, map(slice, starts, ends))))
    steps = _position_steps(text, starts, ends)
    if False in forms:
        syllables, columns = _syllables_with_abbreviations(text, starts, ends, forms, steps), None
    else:
        exacts, folds = list(map(_FIRST, forms)), list(map(_SECOND, forms))
        _numbers_after_so(exacts, folds)
        columns = (list(accumulate(steps)), exacts, folds, starts, ends)
        syllables = tuple(zip(*columns, strict=True))
    return Analysis(syllables, columns, len(text), starts[0], (starts[-1], ends[-1]))


def _syllables(text):
    """The syllables of an NFC text (``analyse`` without the cache)."""
    return _analysis(text).syllables


def _numbers_after_so(exacts, folds):
    """A Roman numeral right after "số" becomes its number (RomanNumeralFilter), in place."""
    at = -1
    last = len(folds) - 1
    while True:
        try:
            at = folds.index("so", at + 1, last)
        except ValueError:
            return
        if folds[at + 1] in _ROMAN_LETTERS:
            number = _roman_after(exacts[at], exacts[at + 1])
            if number:
                exacts[at + 1] = folds[at + 1] = number


def _syllables_with_abbreviations(text, starts, ends, forms, steps):
    """The syllables of a text with dotted abbreviations, word by word: a dotted word
    gives its parts and their merged form, and moves the later positions on."""
    found = []
    append = found.append
    pos = 0
    for start, end, word_forms, step in zip(starts, ends, forms, steps, strict=True):
        pos += step
        if word_forms:
            if word_forms[1] in _ROMAN_LETTERS and found and found[-1][2] == "so":
                number = _roman_after(found[-1][1], word_forms[0])
                if number:
                    word_forms = (number, number)
            append((pos, word_forms[0], word_forms[1], start, end))
            continue
        parts = _abbreviation_syllables(text[start:end], pos, start, end)
        found.extend(parts)
        pos += len(parts) - 2  # the parts take a position each, the merged form none
    return tuple(found)


def _abbreviation_syllables(word, pos, start, end):
    """'tp.hcm' -> 'tp', 'tphcm' (at the position of 'tp', over the whole word), 'hcm'."""
    word = word.lower()
    offset = 0
    parts = [p for p in _DOT_SPLIT_RE.split(word) if p]
    found = []
    for index, part in enumerate(parts):
        offset = word.index(part, offset)
        exact = _memo_canonical(part)
        found.append((pos + index, exact, _memo_fold(exact), start + offset, start + offset + len(part)))
        offset += len(part)
        if index == 0:
            merged = _memo_canonical("".join(parts))
            found.append((pos, merged, _memo_fold(merged), start, end))
    return found


def _joined_analysis(text):
    """The Analysis of "head\\ntail" from those of head and tail when both are kept, else
    None: the bigram and trigram fields index the title and the body joined so, right
    after the title and body fields analysed each."""
    head, newline, tail = text.partition("\n")
    if not newline:
        return None
    first, second = _ANALYSES.get(head), _ANALYSES.get(tail)
    if first is None or second is None:
        return None
    return _concatenated(first, second, nfc(text))


def _concatenated(first, second, text):
    """The Analysis of ``text``, which is first's text, a line break, and second's.

    ICU always breaks words at a line break, so the words are the two texts' words;
    the second's move on by the first's length and positions, plus one unless the
    line break follows an abbreviation's point ("TP.\\nHCM").  A Roman numeral after
    "số" across the line break is left to a whole analysis (None)."""
    offset = first.length + 1
    if not second.syllables:
        return Analysis(first.syllables, first.columns, len(text), first.first_start, first.last_word)
    if not first.syllables:
        moved = 0
    else:
        before = first.syllables[-1]
        if before[2] == "so" and second.syllables[0][2] in _ROMAN_LETTERS:
            return None
        moved = before[0] + 1 + breaks_between(text, *first.last_word, offset + second.first_start)
    positions, exacts, folds, starts, ends = _columns(second)
    shifted = zip(map(moved.__add__, positions), exacts, folds,
                  map(offset.__add__, starts), map(offset.__add__, ends), strict=True)
    last_start, last_end = second.last_word
    first_start = first.first_start if first.syllables else offset + second.first_start
    return Analysis(first.syllables + tuple(shifted), None, len(text), first_start,
                    (offset + last_start, offset + last_end))


class SyllableAnalyzer(Analyzer):
    """The exact, folded or bigram form of ``analyse(text)``, as a Whoosh analyzer."""

    FORMS = ("exact", "folded", "bigram", "trigram")

    def __init__(self, form):
        if form not in self.FORMS:
            raise ValueError(f"form must be one of {self.FORMS}")
        self.form = form

    def __repr__(self):
        return f"{self.__class__.__name__}({self.form!r})"

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        syllables = analyse(value) if tokenize else ((0, value, value, 0, len(value)),)
        if self.form == "bigram":
            syllables = _bigrams(syllables, nfc(value) if tokenize else None)
        elif self.form == "trigram":
            syllables = _trigrams(syllables)
        folded = self.form != "exact"
        for pos, exact, fold_form, start, end in syllables:
            yield _fill(token, fold_form if folded else exact, pos, start, end, keeporiginal, start_pos, start_char)

    def counts(self, value):
        """{term: frequency} of a text in this form: what indexing needs, without tokens."""
        syllables = analyse(value)
        if self.form == "bigram":
            return Counter(filter(None, _bigram_keys(_runs(syllables), nfc(value))))
        if self.form == "trigram":
            return Counter(filter(None, _trigram_keys(_runs(syllables))))
        return Counter(map(_EXACT if self.form == "exact" else _FOLDED, syllables))


_POSITION, _EXACT, _FOLDED = itemgetter(0), itemgetter(1), itemgetter(2)  # of a syllable


def _ordered(syllables):
    """One syllable per position, in order: the merged 'tphcm' (at the position of
    'tp', right after it; positions never go back) is skipped."""
    if not syllables:
        return []
    positions = list(map(_POSITION, syllables))
    moved_on = map(ne, positions[1:], positions)
    return [syllables[0], *compress(syllables[1:], moved_on)]


def _gaps(ordered):
    """The indexes i where ordered[i + 1] does not stand right after ordered[i]."""
    positions = list(map(_POSITION, ordered))
    apart = map(ne, map(sub, positions[1:], positions), repeat(1))
    return compress(count(), apart)


class _Runs(NamedTuple):
    ordered: list  # one syllable per position
    folds: list  # their folded forms
    gaps: list  # ``_gaps(ordered)``


_last_runs = (None, None)  # (syllables, their _Runs)


def _runs(syllables):
    """The _Runs of an analysis; the last is kept: the bigram and trigram fields count one text."""
    global _last_runs
    last_syllables, runs = _last_runs  # one read: another thread may replace it
    if last_syllables is not syllables:
        ordered = _ordered(syllables)
        runs = _Runs(ordered, list(map(_FOLDED, ordered)), list(_gaps(ordered)))
        _last_runs = (syllables, runs)
    return runs


def _bigram_keys(runs, text=None):
    """The bigram after each syllable of the runs but the last, None where there is none."""
    ordered, folds = runs.ordered, runs.folds
    keys = list(map("-".join, zip(folds, folds[1:], strict=False)))
    for gap in runs.gaps:
        a, b = ordered[gap], ordered[gap + 1]
        comma = text is not None and b[0] == a[0] + 2 and text[a[4]:b[3]].strip() == ","
        keys[gap] = f"{a[2]},{b[2]}" if comma else None
    return keys


def _trigram_keys(runs):
    """The trigram starting at each syllable of the runs but the last two, None where there is none."""
    folds = runs.folds
    keys = list(map("-".join, zip(folds, folds[1:], folds[2:], strict=False)))
    for gap in runs.gaps:
        for start in (gap - 1, gap):  # the two trigrams over the gap
            if 0 <= start < len(keys):
                keys[start] = None
    return keys


def _bigrams(syllables, text=None):
    """Adjacent folded syllables joined by '-'; with the (NFC) ``text``, two syllables with
    only a comma between them joined by ',' ("chay,chua" of "phòng cháy, chữa cháy"): the
    pair a comma-written form needs, which a quoted phrase never asks for."""
    runs = _runs(syllables)
    ordered, keys = runs.ordered, _bigram_keys(runs, text)
    return [(a[0], None, key, a[3], b[4])
            for a, b, key in zip(ordered, ordered[1:], keys, strict=False) if key is not None]


def _trigrams(syllables):
    """Three adjacent folded syllables joined by '-'."""
    runs = _runs(syllables)
    ordered, keys = runs.ordered, _trigram_keys(runs)
    return [(a[0], None, key, a[3], c[4])
            for a, c, key in zip(ordered, ordered[2:], keys, strict=False) if key is not None]


def ExactAnalyzer():
    """Toned, canonically spelled syllables."""
    return SyllableAnalyzer("exact")


def FoldedAnalyzer():
    """Syllables without diacritics."""
    return SyllableAnalyzer("folded")


def BigramAnalyzer():
    """Adjacent folded syllables joined by '-', rewarding words that stand together."""
    return SyllableAnalyzer("bigram")


def TrigramAnalyzer():
    """Three adjacent folded syllables joined by '-': words and phrases of three or more stand together."""
    return SyllableAnalyzer("trigram")


def tokens(text, analyzer=None, mode="query"):
    """The token texts of ``text`` (a convenience for queries, tests and the CLI)."""
    analyzer = analyzer or FoldedAnalyzer()
    return [t.text for t in analyzer(text, mode=mode)]
