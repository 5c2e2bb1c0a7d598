"""Vietnamese spelling normalisation, one small function per step.

Lossless steps first (NFC, tone placement, i/y spelling), the lossy fold last.
Every step but the fold keeps the string's length, so offsets computed on a
normalised copy still point into the original NFC text.
"""
import re
import unicodedata

import icu
import numpy as np

# Old style puts the tone on the first vowel of oa/oe/uy ("hòa"); the new style on
# the second ("hoà"). We map to the new style: it leaves "hoàn" and "khuỷu" alone.
_OLD_TO_NEW_TONE = {}
for _first, _second, _tones in (
    ("o", "a", "àáảãạ"), ("o", "e", "èéẻẽẹ"), ("u", "y", "ỳýỷỹỵ"),
):
    _toned_first = {"o": "òóỏõọ", "u": "ùúủũụ"}[_first]
    for _old, _new in zip(_toned_first, _tones, strict=True):
        _OLD_TO_NEW_TONE[_old + _second] = _first + _new
# The same pairs as one pattern of character classes (an alternation of 30 pairs scans slowly).
_OLD_TONE_RE = re.compile("[òóỏõọ][ae]|[ùúủũụ]y", re.IGNORECASE)

# "sĩ"/"sỹ", "kì"/"kỳ", "lí"/"lý", "quí"/"quý": a lone i/y after a consonant.
_Y_TO_I = str.maketrans("yỳýỷỹỵ", "iìíỉĩị")
_LONE_Y_RE = re.compile(
    r"^(b|c|ch|d|đ|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)([yỳýỷỹỵ])$"
)

_FOLD = icu.Transliterator.createFromRules(
    "vi-fold", ":: NFD; :: [:Nonspacing Mark:] Remove; :: NFC; đ > d; Đ > D; :: Lower;"
)


def nfc(text: str) -> str:
    """Compose decomposed marks (NFD text from Macs, combining tone marks)."""
    return unicodedata.normalize("NFC", text)


# Characters scraped text carries that are not Vietnamese as written: the Icelandic eth
# some sites print for Đ, fullwidth ASCII, and invisible joiners and soft hyphens.
_LOOKALIKES = {0x00D0: "Đ", 0x00F0: "đ", 0x0189: "Đ"}
_FULLWIDTH = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_INVISIBLE = {code: None for code in (0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)}
_CLEAN_TABLE = {**_LOOKALIKES, **_FULLWIDTH, **_INVISIBLE, 0x3000: " "}
_NEEDS_CLEANING_RE = re.compile("[\u00d0\u00f0\u0189\u00ad\u200b-\u200d\u2060\ufeff\u3000\uff01-\uff5e]")


def clean_text(text: str) -> str:
    """NFC, with Ð/ð read as Đ/đ, fullwidth letters and digits made ordinary and
    zero-width characters and soft hyphens removed (not NFKC over everything: it
    would rewrite "…" and "²" in stored paragraphs and quote links)."""
    if _NEEDS_CLEANING_RE.search(text):
        text = text.translate(_CLEAN_TABLE)
    return nfc(text)


def _keep_case(source: str, target: str) -> str:
    return "".join(t.upper() if s.isupper() else t for s, t in zip(source, target, strict=True))


def canonical_tones(text: str) -> str:
    """Move tone marks of oa/oe/uy to the new-style position, keeping case."""
    return _OLD_TONE_RE.sub(
        lambda m: _keep_case(m.group(), _OLD_TO_NEW_TONE[m.group().lower()]), text
    )


def canonical_iy(syllable: str) -> str:
    """Spell a lone final y after a consonant as i ("sỹ" -> "sĩ"); lower-case input."""
    match = _LONE_Y_RE.match(syllable)
    if not match:
        return syllable
    return match.group(1) + match.group(2).translate(_Y_TO_I)


def canonical(syllable: str) -> str:
    """One spelling per syllable: tone placement and i/y folded, tones kept."""
    return canonical_iy(canonical_tones(syllable))


# Folding Latin text is character by character, so a table does it at str.translate
# speed; ICU folds anything else.  tests/test_normalize.py checks the two agree.
_TABLE_RANGES = ((0x0000, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF), (0x2000, 0x206F))
_FOLD_TABLE = {code: _FOLD.transliterate(chr(code)) for start, end in _TABLE_RANGES for code in range(start, end + 1)}
_OUTSIDE_TABLE_RE = re.compile(
    "[^" + "".join(f"\\U{start:08x}-\\U{end:08x}" for start, end in _TABLE_RANGES) + "]"
)


# The same table as an array for long texts: str.translate looks every character up in a
# dict (0.19 ms for an article of 4,000 characters), the array all at once (0.06 ms).
# Every entry of the table is one character or none (a mark): none is _DROPPED here.
_DROPPED = 0xFFFFFFFF
_FOLD_ARRAY = np.full(_TABLE_RANGES[-1][1] + 1, _DROPPED, dtype=np.uint32)
for _code, _folded in _FOLD_TABLE.items():
    _FOLD_ARRAY[_code] = ord(_folded) if _folded else _DROPPED
_LONG_TEXT = 1000  # characters; below this, translate is faster than an array's overhead


def fold(text: str) -> str:
    """Remove every diacritic, map đ to d, lower-case: 'Nguyễn Đăng' -> 'nguyen dang'."""
    if _OUTSIDE_TABLE_RE.search(text):
        return _FOLD.transliterate(text)
    if len(text) < _LONG_TEXT:
        return text.translate(_FOLD_TABLE)
    folded = _FOLD_ARRAY[np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)]
    return folded[folded != _DROPPED].tobytes().decode("utf-32-le")


def fold_with_icu(text: str) -> str:
    """``fold`` by ICU alone (the reference the table is tested against)."""
    return _FOLD.transliterate(text)


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese mark (tones, hats, horns, đ)."""
    return fold(text) != text.lower()


_ROMAN_RE = re.compile(r"^(?=[ivxl])(x{0,3}|xl)(ix|iv|v?i{0,3})$")


def roman_value(word):
    """The value of a Roman numeral (I to XLIX) written in any case, else None."""
    match = _ROMAN_RE.match(word.lower())
    if not match:
        return None
    tens = {"": 0, "x": 10, "xx": 20, "xxx": 30, "xl": 40}[match.group(1)]
    ones = {"": 0, "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}[match.group(2)]
    return tens + ones or None
