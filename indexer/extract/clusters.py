"""Emulation clusters ("Cụm thi đua") and blocs ("Khối"), with canonical names.

Numbered clusters: "Cụm Thi đua số 12", "cụm thi đua số 06" -> "Cụm thi đua số 12" / "số 6";
"Cụm số 6" only in an article about a Cụm thi đua.  "Nghị quyết số 12" is no cluster.
Blocs are provincial or ministerial, so their canonical name carries the level and,
where the article tells, the province: "Khối Cảnh sát Quản lý hành chính (Công an tỉnh Hưng Yên)".
"""
import re

from ..normalize import canonical_tones, fold
from .persons import LOWER, UPPER

# "Cụm thi đua số 12", "cụm số 06", "Cụm thi đua số III", "CTĐ số 4"; Roman numerals up to XX.
_ROMAN = r"(?:XX|X{0,1}(?:IX|IV|V?I{0,3}))"
NUMBERED_RE = re.compile(
    r"(?<!\w)(?:(?i:cụm)\s+(?:(?i:thi)\s+(?i:đua)\s+)?|CTĐ\s+)(?i:số)\s+(?:0*(?P<n>\d{1,3})(?!\d|[.,/]\d)|(?P<r>" + _ROMAN + r")(?!\w))"
)
EXPLICIT_RE = re.compile(r"(?i:cụm\s+thi\s+đua\s+số)|CTĐ\s+số")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman(value):
    """'III' -> 3, 'IV' -> 4, 'XII' -> 12."""
    total = 0
    for index, letter in enumerate(value):
        number = _ROMAN_VALUES[letter]
        if index + 1 < len(value) and _ROMAN_VALUES[value[index + 1]] > number:
            total -= number
        else:
            total += number
    return total

BLOC_RE = re.compile(rf"(?<!\w)(?:(?i:cụm\s+thi\s+đua)\s+)?(?i:khối)\s+(?=[{UPPER}])")
_WORD_RE = re.compile(rf"[{UPPER}{LOWER}0-9]+")
# Words that end a bloc's name: the verb or preposition after it.
_BLOC_STOP = {
    w for w in (
        "đã", "đang", "sẽ", "tổ chức", "tổng kết", "sơ kết", "thường", "có", "được", "là", "thực hiện",
        "triển khai", "gồm", "trong", "với", "năm", "tại", "chủ động", "hoàn thành", "bám sát", "luôn",
        "phát động", "ký", "dẫn đầu", "đạt", "thi đua", "tiếp tục", "cũng", "vừa", "nhằm", "để", "của",
        "cho", "về", "từ", "theo", "và", "do", "hưởng ứng", "quyết tâm", "đề ra", "đứng", "xếp",
    )
}
_LEVEL_RE = re.compile(r"^(?:Công an (?:tỉnh|thành phố|TP\.?)|CATP|Bộ Công an)(?!\w)")
_PLACE_WORDS = {"thành phố", "thị xã", "huyện", "quận", "phường", "xã", "thị trấn"}
MAX_BLOC_WORDS = 10


def numbered_clusters(text):
    """Canonical names of the numbered clusters, in order of appearance."""
    explicit = bool(EXPLICIT_RE.search(text))
    names = []
    for match in NUMBERED_RE.finditer(text):
        is_explicit = "thi" in fold(match.group()) or match.group().startswith("CTĐ")
        if not (is_explicit or explicit):
            continue
        number = int(match["n"]) if match["n"] else roman(match["r"]) if match["r"] else 0
        if not 1 <= number <= 40:
            continue
        name = f"Cụm thi đua số {number}"
        if name not in names:
            names.append(name)
    return names


_TOKEN_RE = re.compile(rf"[{UPPER}{LOWER}0-9]+|,|[^\s{UPPER}{LOWER}0-9,]")


def _key(words):
    return canonical_tones(words.lower())


def _bloc_name(rest):
    """(name, level or None) from the text after 'Khối '."""
    tokens = _TOKEN_RE.findall(rest[:200])
    words, level = [], None
    index = 0
    while index < len(tokens) and len([w for w in words if w != ","]) < MAX_BLOC_WORDS:
        token = tokens[index]
        if token == ",":
            following = " ".join(tokens[index + 1:index + 3])
            if index + 1 < len(tokens) and (tokens[index + 1][:1].isupper() or any(
                    following.startswith(p) for p in _PLACE_WORDS)):
                words.append(",")
                index += 1
                continue
            break
        if not _WORD_RE.fullmatch(token):
            break
        if words and _LEVEL_RE.match(" ".join(tokens[index:index + 3])):
            level = _LEVEL_RE.match(" ".join(tokens[index:index + 3])).group()
            break
        if _key(token) in _BLOC_STOP or _key(" ".join(tokens[index:index + 2])) in _BLOC_STOP:
            break
        words.append(token)
        index += 1
    name = ""
    for word in words:
        name += word if word == "," else (" " if name else "") + word
    return name.strip(" ,"), level


def bloc_clusters(text, article_provinces, police_provinces):
    """Canonical bloc names, each with its level and, where known, its province."""
    if "thi đua" not in text.lower():
        return []
    names = []
    for match in BLOC_RE.finditer(text):
        name, level = _bloc_name(text[match.end():match.end() + 200])
        if not name:
            continue
        level = level or _level_from_article(text)
        if level and level.startswith(("Công an tỉnh", "Công an thành phố", "Công an TP", "CATP")):
            province = _single(police_provinces) or _single(article_provinces)
            base = "Công an tỉnh" if "tỉnh" in level else "Công an thành phố"
            level = f"{base} {province}" if province else base
        canonical = f"Khối {name} ({level})" if level else f"Khối {name}"
        if canonical not in names:
            names.append(canonical)
    return names


def _level_from_article(text):
    for level in ("Công an tỉnh", "Công an thành phố", "Bộ Công an"):
        if level in text:
            return level
    return None


def _single(values):
    return values[0] if len(values) == 1 else None


def about_and_mentioned(names, about_text, text, headline_text=None):
    """(clusters the article is about, clusters it only mentions).

    About: named in the kicker, headline or lead; when none is, the one the text
    names most often (the host or subject), the first of equals.
    """
    if not names:
        return [], []
    if headline_text:  # the headline (with its kicker) says what the article is about before the lead does
        in_headline = set(numbered_clusters(headline_text))
        folded_headline = fold(headline_text)
        about = [n for n in names if n in in_headline or (
            not n.startswith("Cụm thi đua số") and _bloc_key(n) in folded_headline)]
        if about:
            return about, [n for n in names if n not in about]
    folded_about = fold(about_text)
    about_found = set(numbered_clusters(about_text)) | {
        name for name in names if not name.startswith("Cụm thi đua số") and _bloc_key(name) in folded_about}
    about = [name for name in names if name in about_found]
    if not about and text:
        folded = fold(text)
        counts = {name: folded.count(_bloc_key(name)) for name in names[:50] if not name.startswith("Cụm thi đua số")}
        numbered = [m for m in NUMBERED_RE.finditer(text)]
        for match in numbered:
            number = int(match["n"]) if match["n"] else roman(match["r"]) if match["r"] else 0
            key = f"Cụm thi đua số {number}"
            if key in names:
                counts[key] = counts.get(key, 0) + 1
        best = max(names, key=lambda name: (counts.get(name, 0), -names.index(name)))
        about = [best]
    return about, [name for name in names if name not in about]


def _bloc_key(name):
    """The words of a bloc's name as written ('Khối An ninh (Công an tỉnh X)' -> 'khoi an ninh')."""
    return fold(name.split(" (", 1)[0])
