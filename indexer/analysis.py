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
five times; analysing it once makes indexing about three times faster).
"""
import functools
import re
import threading
from collections import Counter, OrderedDict

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


_ANALYSES = OrderedDict()
_ANALYSES_KEPT = 32


def analyse(text):
    """((pos, exact, folded, start, end), …) of a text; cached, so the five fields
    that index the same text share one analysis."""
    found = _ANALYSES.get(text)
    if found is None:
        found = _ANALYSES[text] = _syllables(nfc(text))
        while len(_ANALYSES) > _ANALYSES_KEPT:
            _ANALYSES.popitem(last=False)
    return found


_ROMAN_LETTERS = frozenset([
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
    "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx", "xxi", "xxii", "xxiii", "xxiv", "xxv",
])
_WORD_FORMS = {}  # word as written -> (exact, folded), or False for a dotted abbreviation
_WORD_FORMS_KEPT = 300_000


def _word_forms(word):
    forms = _WORD_FORMS.get(word)
    if forms is None:
        lower = word.lower()
        if _DOTTED_RE.fullmatch(lower):
            forms = False
        else:
            exact = _memo_canonical(lower)
            forms = (exact, _memo_fold(exact))
        if len(_WORD_FORMS) >= _WORD_FORMS_KEPT:
            _WORD_FORMS.clear()
        _WORD_FORMS[word] = forms
    return forms


def _syllables(text):
    """What ``exact_pipeline`` gives, plus the folded form, in one loop.

    The same steps as the filters above, without a Token object per step and with
    each distinct word's forms remembered: indexing analyses every article, and
    snippets every shown paragraph.  tests/test_analysis.py checks that both agree.
    """
    found = []
    append = found.append
    pos = 0
    known = _WORD_FORMS.get
    previous = None
    for start, end in icu_words(text):
        if previous is not None and _BREAK_RE.search(text, previous[1], start) \
                and breaks_between(text, previous[0], previous[1], start):
            pos += 1
        previous = (start, end)
        word = text[start:end]
        forms = known(word)
        if forms is None:
            forms = _word_forms(word)
        if forms:
            if forms[1] in _ROMAN_LETTERS and found and found[-1][2] == "so":
                number = _roman_after(found[-1][1], forms[0])
                if number:
                    forms = (number, number)
            append((pos, forms[0], forms[1], start, end))
            pos += 1
            continue
        word = word.lower()
        offset = 0
        parts = [p for p in _DOT_SPLIT_RE.split(word) if p]
        for index, part in enumerate(parts):
            offset = word.index(part, offset)
            exact = _memo_canonical(part)
            append((pos + index, exact, _memo_fold(exact), start + offset, start + offset + len(part)))
            offset += len(part)
            if index == 0:
                merged = _memo_canonical("".join(parts))
                append((pos, merged, _memo_fold(merged), start, end))
        pos += len(parts)
    return tuple(found)


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
            return Counter(b[2] for b in _bigrams(syllables, nfc(value)))
        if self.form == "trigram":
            return Counter(t[2] for t in _trigrams(syllables))
        column = 1 if self.form == "exact" else 2
        return Counter(s[column] for s in syllables)


def _ordered(syllables):
    """One syllable per position, in order (the merged 'tphcm' is skipped)."""
    first_at = {}
    for syllable in syllables:
        first_at.setdefault(syllable[0], syllable)
    return [first_at[pos] for pos in sorted(first_at)]


def _bigrams(syllables, text=None):
    """Adjacent folded syllables joined by '-'; with the (NFC) ``text``, two syllables with
    only a comma between them joined by ',' ("chay,chua" of "phòng cháy, chữa cháy"): the
    pair a comma-written form needs, which a quoted phrase never asks for."""
    ordered = _ordered(syllables)
    pairs = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b[0] == a[0] + 1:
            pairs.append((a[0], None, f"{a[2]}-{b[2]}", a[3], b[4]))
        elif text is not None and b[0] == a[0] + 2 and text[a[4]:b[3]].strip() == ",":
            pairs.append((a[0], None, f"{a[2]},{b[2]}", a[3], b[4]))
    return pairs


def _trigrams(syllables):
    """Three adjacent folded syllables joined by '-'."""
    ordered = _ordered(syllables)
    return [
        (a[0], None, f"{a[2]}-{b[2]}-{c[2]}", a[3], c[4])
        for a, b, c in zip(ordered, ordered[1:], ordered[2:], strict=False) if c[0] == b[0] + 1 == a[0] + 2
    ]


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
