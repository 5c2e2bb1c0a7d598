"""Bytes on disk -> NFC text, or a SkipFile with the reason."""
import codecs
import logging
import os
import re
import unicodedata

from ..errors import SkipFile
from ..normalize import fold, nfc

MAX_BYTES = 4 * 1024 * 1024  # articles are far smaller; bounds the work one file can cost

# Legacy single-byte encodings Vietnamese text was saved in. ICU's detector does
# not know Windows-1258, so candidates are scored by how Vietnamese they read.
_LEGACY_ENCODINGS = ("cp1258", "cp1252", "latin-1")
_TONE_MARKS = set("\u0300\u0301\u0303\u0309\u0323")
_ALPHABET = set("abcdefghijklmnopqrstuvwxyzđăâêôơư0123456789")
_WORD_RE = re.compile(r"[^\W_]+")


def _vietnamese_score(text):
    """Words spelt with Vietnamese letters and at most one tone, minus 3 per word that is not."""
    score = 0
    for word in _WORD_RE.findall(text[:200_000]):
        decomposed = unicodedata.normalize("NFD", word.lower())
        tones = sum(ch in _TONE_MARKS for ch in decomposed)
        base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
        score += 1 if tones <= 1 and set(base) <= _ALPHABET else -3
    return score


_LOG = logging.getLogger(__name__)
# A UTF-8 file with a few broken bytes (a truncated copy, one bad character) is still UTF-8:
# up to this share of invalid sequences it is decoded with U+FFFD, not re-read as a legacy code page.
MAX_INVALID_UTF8_SHARE = 0.001
MIN_INVALID_UTF8_ALLOWED = 8


def _utf8_with_replacements(data):
    """(text, number of invalid sequences replaced) when the bytes are UTF-8 but for a few; else (None, n)."""
    replaced = 0

    def count(error):
        nonlocal replaced
        replaced += 1
        return "\ufffd", error.end

    name = "indexer-count-replace"
    try:
        codecs.lookup_error(name)
    except LookupError:
        codecs.register_error(name, lambda error: _COUNTER[0](error))
    _COUNTER[0] = count
    text = data.decode("utf-8-sig", errors=name)
    allowed = max(MIN_INVALID_UTF8_ALLOWED, int(len(data) * MAX_INVALID_UTF8_SHARE))
    # In a legacy code page nearly every byte above 0x7F is invalid UTF-8; in broken UTF-8 a few are.
    high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    ok = replaced <= allowed and replaced <= 0.1 * high
    return (text if ok else None), replaced


_COUNTER = [None]


def decode(data: bytes, notes=None) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or a legacy encoding; what was
    repaired is appended to ``notes``."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise SkipFile(f"not valid UTF-16 ({error.reason})") from None
    if b"\x00" in data[:8192]:
        raise SkipFile("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text, replaced = _utf8_with_replacements(data)
    if text is not None:
        _LOG.warning("%d invalid UTF-8 byte sequence(s) replaced with U+FFFD", replaced)
        if notes is not None:
            notes.append(f"decoded with {replaced} invalid UTF-8 byte sequence(s) replaced")
        return text
    candidates = []
    for encoding in _LEGACY_ENCODINGS:
        try:
            text = nfc(data.decode(encoding))
        except UnicodeDecodeError:
            continue
        candidates.append((_vietnamese_score(text), text))
    if not candidates:
        raise SkipFile("not text in any known encoding")
    return max(candidates, key=lambda pair: pair[0])[1]


def read_text(path, notes=None) -> str:
    """The file's text in NFC, with line ends unified; raises SkipFile.  What was repaired
    on the way (invalid bytes) is appended to ``notes``."""
    try:
        if os.path.getsize(path) > MAX_BYTES:
            raise SkipFile(f"too large for an article (over {MAX_BYTES // (1024 * 1024)} MB)")
        with open(path, "rb") as handle:
            data = handle.read()
    except SkipFile:
        raise
    except OSError as error:
        raise SkipFile(f"cannot read: {error.strerror or error}") from None
    if not data.strip():
        raise SkipFile("empty file")
    # NUL bytes anywhere (not only in the first 8 KB that mark a binary file) are dropped
    text = nfc(decode(data, notes)).replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    letters = sum(map(str.isalpha, text))
    if letters < 0.5 * len(text.replace(" ", "").replace("\n", "")) or not _folds_to_something(text):
        raise SkipFile("not readable text (too few letters)")
    return text


_ASCII_LETTER_RE = re.compile("[A-Za-z]")


def _folds_to_something(text):
    """True when the text, folded, is more than blanks (an ASCII letter folds to a letter: no need to fold)."""
    return bool(_ASCII_LETTER_RE.search(text)) or bool(fold(text).strip())
