""""Có phải bạn muốn tìm …?": suggestions drawn from the live index's own vocabulary.

Candidates, strongest first:
1. an entity the index holds (person, province, cluster, outlet) within a few edits of
   the whole query, with or without its spaces ("nguyen van hna", "ngyuen van han",
   "nguyenvanhan", "hanoi" -> "Hà Nội"); among equals the one more articles hold;
2. the query with each unknown syllable replaced by the nearest known one and glued
   syllables split ("thai nguyne", "nghean"), written with its most frequent tones;
3. for a query typed without tones, its accented reading when that reading holds most
   of what the query finds ("cong an tinh nghe an" -> "công an tỉnh Nghệ An").
Edit distances are rapidfuzz's OSA (a transposition is one edit).  A suggestion is
only offered with the number of articles it finds; it never replaces the query.
"""
import math
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .entities import ENTITY_FACETS
from .normalize import fold, has_diacritics
from .query import syllables_of
from .words import lexicon

MAX_SUGGESTIONS = 3
MAX_SUGGEST_SYLLABLES = 8  # longer queries (or quoted, or with -words) get no suggestion
ACCENTED_SHARE = 0.6  # the accented reading must hold this share of the unaccented query's hits
MAX_GLUED_SYLLABLE = 7


def max_edits(text):
    return 1 if len(text) <= 5 else 2 if len(text) <= 12 else 3


@dataclass
class Vocabulary:
    """What the index holds, for suggestions: entity names and syllables with their tones."""

    entities: list  # [(name, folded name, folded name without spaces, articles)]
    syllables: dict  # folded syllable -> (articles, most frequent toned form)

    @classmethod
    def of(cls, columns):
        entities = []
        for facet in ENTITY_FACETS:
            column = columns.facet(facet)
            for value, docs in zip(column.values, column.postings, strict=True):
                folded = " ".join(s.folded for s in syllables_of(value.replace(".", " ")))
                entities.append((value, folded, folded.replace(" ", ""), len(docs)))
        forms = {}
        for fieldname in ("title", "body"):
            for exact, count in columns.doc_frequencies(fieldname).items():
                if not exact.isalpha():
                    continue
                counts = forms.setdefault(fold(exact), {})
                counts[exact] = counts.get(exact, 0) + count
        syllables = {folded: (sum(c.values()), max(c, key=lambda form: (c[form], form)))
                     for folded, c in forms.items()}
        return cls(entities, syllables)


def _nearest_entities(vocabulary, folded_query):
    """[(name, distance, articles)] of entities within a few edits of the query."""
    compact = folded_query.replace(" ", "")
    found = {}
    for choice_index, text in ((1, folded_query), (2, compact)):
        choices = [entity[choice_index] for entity in vocabulary.entities]
        for _text, distance, position in process.extract(
                text, choices, scorer=OSA.distance, score_cutoff=max_edits(text), limit=20):
            name, _folded, _compact, articles = vocabulary.entities[position]
            if name not in found or distance < found[name][0]:
                found[name] = (distance, articles)
    return sorted(((name, d, a) for name, (d, a) in found.items()), key=lambda x: (x[1], -x[2]))


def _is_syllable(word, vocabulary):
    """A known syllable; longer than any Vietnamese syllable ("nghiêng": 7 letters) it is glued
    words, even when the index holds it (a URL's "haugiang")."""
    return len(word) <= MAX_GLUED_SYLLABLE and word in vocabulary.syllables


def _split_glued(word, syllables):
    """The most likely split of glued syllables ("nguyenvanhan"), or None."""
    best = {0: (0.0, [])}
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - MAX_GLUED_SYLLABLE), end):
            piece = word[start:end]
            if start in best and piece in syllables and (len(piece) > 1 or piece in "aeiouy"):
                # one consonant is no syllable (a garbled page's "ki???m" leaves an "m" in the index)
                score = best[start][0] + math.log(syllables[piece][0] + 1) - 3.0  # fewer pieces win
                if end not in best or score > best[end][0]:
                    best[end] = (score, best[start][1] + [piece])
    return best[len(word)][1] if len(word) in best and len(best[len(word)][1]) > 1 else None


def _corrected_syllables(vocabulary, folded_words):
    """The folded words with unknown ones corrected or split, or None when nothing changes."""
    known = vocabulary.syllables
    corrected, changed = [], False
    choices = list(known)
    for word in folded_words:
        if _is_syllable(word, vocabulary) or word.isdigit():
            corrected.append(word)
            continue
        pieces = _split_glued(word, known)
        if pieces:
            corrected.extend(pieces)
            changed = True
            continue
        near = process.extract(word, choices, scorer=OSA.distance, score_cutoff=1 if len(word) <= 6 else 2, limit=10)
        if not near:
            return None
        best = min(near, key=lambda item: (item[1], -known[item[0]][0]))[0]
        corrected.append(best)
        changed = True
    return corrected if changed else None


def accented(vocabulary, folded_words):
    """The words written with tones: dictionary words by their most frequent syllables,
    other syllables by their most frequent form in the index."""
    known = vocabulary.syllables
    words = lexicon()
    out, index = [], 0
    while index < len(folded_words):
        for length in range(min(4, len(folded_words) - index), 1, -1):
            forms = words.get(tuple(folded_words[index:index + length]))
            if forms:
                best = max(forms, key=lambda form: (sum(known.get(fold(s), (0, ""))[1] == s for s in form),
                                                    sum(known.get(fold(s), (0,))[0] for s in form), form))
                out.extend(best)
                index += length
                break
        else:
            word = folded_words[index]
            out.append(known[word][1] if word in known else word)
            index += 1
    return out


def _with_entities(words, folded_words, entities):
    """Accented words with the spans that name an entity written as the entity is."""
    matches = entities.find(syllables_of(" ".join(folded_words))) if entities is not None else []
    out, index = [], 0
    for match in matches:
        if match.start < index:
            continue
        out.extend(words[index:match.start])
        out.append(match.value)
        index = match.end
    return " ".join(out + words[index:])


def candidates(vocabulary, query, entities=None, found_anything=False):
    """Suggested query texts, best first (not yet checked against the index).

    When the query found something, only its accented reading is a candidate (no
    edit-distance look-ups: the query was not a typo)."""
    typed = syllables_of(query)
    if not typed:
        return []
    folded_words = [s.folded for s in typed]
    folded_query = " ".join(folded_words)
    toned = has_diacritics(query)
    found = []
    if found_anything:
        if not toned:
            # glued words split ("haugiang" found a stray URL; "Hậu Giang" is what was meant)
            words = []
            for word in folded_words:
                pieces = None if _is_syllable(word, vocabulary) else _split_glued(word, vocabulary.syllables)
                words.extend(pieces or [word])
            found.append(_with_entities(accented(vocabulary, words), words, entities))
    else:
        for name, _distance, _articles in _nearest_entities(vocabulary, folded_query):
            found.append(name)  # typed with other tones ("Nguyễn Văn Hân") or mistyped
        corrected = _corrected_syllables(vocabulary, folded_words)
        words = corrected or (None if toned else folded_words)
        if words:
            found.append(_with_entities(accented(vocabulary, words), words, entities))
    seen, unique = {fold(query).strip(), query.strip()}, []
    for text in found:
        if text and text not in seen and text.casefold() != query.strip().casefold():
            seen.add(text)
            unique.append(text)
    return unique
