"""Patterns tried only where they can start.

A pattern with a long alternation (offices, ranks, "cụm"/"khối" in any case) costs the regex
engine about as much at every character as a match does.  A cheap scan finds the few places such
a pattern can start (a superset of where it matches); trying the pattern at each of them in turn
(``pattern.match(text, place)``: lookbehinds still see the text before it) gives the matches a
search over the whole text gives.

The cheap scans run on the text in lower case with case-sensitive, lower-case patterns: several
times faster than ignoring case.  For the letters of Vietnamese that is the same, but for three
letters the engine, ignoring case, reads as "i" or "s" where str.lower() does not ("İ", dotless
"ı", long "ſ"): a text holding one is scanned as written (``lower_for_scan`` gives None).
"""
import bisect
import functools
import re

CASE_EXCEPTIONS = ("\u0130", "\u0131", "\u017f")


@functools.lru_cache(maxsize=4)
def lower_for_scan(text):
    """The text in lower case for a lower-case scan, or None when it must be scanned as written.
    (Kept for the last few texts: several extractors scan the same article text.)"""
    if any(letter in text for letter in CASE_EXCEPTIONS):
        return None
    return text.lower()


def words_by_first_letter(alternatives):
    """A scan for the places where a word opens with one of the alternatives (lower-case regex
    pieces, each opening with a plain letter): ``(?<!\\w)(?=alternative|…)``, grouped by that letter,
    ``b(?<!\\w.)(?=í thư\\s|ộ trưởng\\s|…)|c(?<!\\w.)(?=…)``.  Opening with a letter (and trying only
    that letter's alternatives there), it lets the engine skip from one such letter to the next.
    A match is the place's first letter."""
    by_letter = {}
    for alternative in alternatives:
        by_letter.setdefault(alternative[0], []).append(alternative[1:])
    return re.compile("|".join(
        rf"{re.escape(letter)}(?<!\w.)(?=" + "|".join(rests) + ")" for letter, rests in by_letter.items()))


def find_all(text, words):
    """The sorted places where one of the words is written in the text (str.find: faster than a regex)."""
    places = set()
    for word in words:
        place = text.find(word)
        while place >= 0:
            places.add(place)
            place = text.find(word, place + 1)
    return sorted(places)


def search_at(pattern, text, starts, position=0):
    """``pattern.search(text, position)`` for a pattern that can only match at one of ``starts`` (sorted)."""
    for index in range(bisect.bisect_left(starts, position), len(starts)):
        match = pattern.match(text, starts[index])
        if match:
            return match
    return None


def finditer_at(pattern, text, starts):
    """``pattern.finditer(text)`` for a pattern that can only match (never empty) at one of ``starts`` (sorted)."""
    end = 0
    for start in starts:
        if start >= end:
            match = pattern.match(text, start)
            if match:
                end = match.end()
                yield match
