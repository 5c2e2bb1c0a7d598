"""Bytes on disk -> NFC text, or a SkipFile with the reason."""
import codecs
import os

from ..errors import SkipFile
from ..normalize import fold, nfc

MAX_BYTES = 64 * 1024 * 1024

# Legacy single-byte encodings Vietnamese text was saved in. ICU's detector does
# not know Windows-1258, so candidates are scored by how Vietnamese they read.
_LEGACY_ENCODINGS = ("cp1258", "cp1252", "latin-1")
_VIETNAMESE_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def _vietnamese_score(text):
    lower = text.lower()
    marked = sum(ch in _VIETNAMESE_LETTERS for ch in lower)
    odd = sum(not (ch.isalnum() or ch.isspace() or ch in ".,;:!?()[]\"'“”‘’-–—…/%&+*#@") for ch in lower)
    return marked - 3 * odd


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or a legacy encoding."""
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


def read_text(path) -> str:
    """The file's text in NFC, with line ends unified; raises SkipFile."""
    try:
        if os.path.getsize(path) > MAX_BYTES:
            raise SkipFile(f"too large (over {MAX_BYTES // (1024 * 1024)} MB)")
        with open(path, "rb") as handle:
            data = handle.read()
    except SkipFile:
        raise
    except OSError as error:
        raise SkipFile(f"cannot read: {error.strerror or error}") from None
    if not data.strip():
        raise SkipFile("empty file")
    text = nfc(decode(data)).replace("\r\n", "\n").replace("\r", "\n")
    letters = sum(ch.isalpha() for ch in text)
    if letters < 0.5 * len(text.replace(" ", "").replace("\n", "")) or not fold(text).strip():
        raise SkipFile("not readable text (too few letters)")
    return text
