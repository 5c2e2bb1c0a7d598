"""Emulation clusters ("Cụm thi đua") and blocs ("Khối"), with canonical names.

Numbered clusters: "Cụm Thi đua số 12", "cụm thi đua số 06" -> "Cụm thi đua số 12" / "số 6";
"Cụm số 6" only in an article about a Cụm thi đua.  "Nghị quyết số 12" is no cluster.
Blocs ("Khối thi đua …") and clusters named without a number ("Cụm thi đua các đơn vị
trực thuộc Tổng cục Cảnh sát …") keep the fullest name the article writes, with the unit
written right after it: "Khối thi đua Cảnh sát Công an tỉnh Thái Nguyên"; a bare "Công an
tỉnh" is completed with the article's province, so two provinces' "Khối An ninh" stay apart.
"""
import re

from ..normalize import canonical_tones, fold
from . import scan
from .letters import LOWER, UPPER

# "Cụm thi đua số 12", "cụm số 06", "Cụm thi đua số III", "CTĐ số 4"; Roman numerals up to XX.
_ROMAN = r"(?:XX|X{0,1}(?:IX|IV|V?I{0,3}))"
NUMBERED_RE = re.compile(
    r"(?<!\w)(?:(?i:cụm)\s+(?:(?i:thi)\s+(?i:đua)\s+)?|CTĐ\s+)(?i:số)\s+"
    r"(?:0*(?P<n>\d{1,3})(?!\d|[.,/]\d)|(?P<r>" + _ROMAN + r")(?!\w))"
)
EXPLICIT_RE = re.compile(r"(?i:cụm\s+thi\s+đua\s+số)|CTĐ\s+số")
# Where the cluster patterns (NUMBERED_RE, EXPLICIT_RE, NAMED_RE below) can start: "cụm" or "khối"
# in any case, or "CTĐ"; each is tried there only (scan.py).
_CLUSTER_WORDS = ("cụm", "khối", "ctđ")
_CLUSTER_WORD_ANY_CASE_RE = re.compile("(?i:" + "|".join(_CLUSTER_WORDS) + ")")


def _cluster_starts(text):
    """The sorted positions where a cluster pattern may match."""
    lowered = scan.lower_for_scan(text)
    if lowered is None:
        return [match.start() for match in _CLUSTER_WORD_ANY_CASE_RE.finditer(text)]
    return scan.find_all(lowered, _CLUSTER_WORDS)
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


def numbered_clusters(text):
    """Canonical names of the numbered clusters, in order of appearance."""
    starts = _cluster_starts(text)
    explicit = bool(scan.search_at(EXPLICIT_RE, text, starts))
    names = []
    for match in scan.finditer_at(NUMBERED_RE, text, starts):
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


# Named blocs and clusters: "Khối thi đua Cảnh sát", "Cụm thi đua khối An ninh", "khối Công an các
# huyện", "Cụm thi đua các đơn vị trực thuộc Tổng cục Cảnh sát …" ("Cụm thi đua số N" is numbered, above).
NAMED_RE = re.compile(
    r"(?<!\w)(?P<head>(?i:cụm\s+thi\s+đua\s+khối|cụm\s+thi\s+đua|khối\s+thi\s+đua|khối))[^\S\n]+(?!(?i:số)\s)"
)
_WORD_RE = re.compile(rf"[{UPPER}{LOWER}0-9]+")
# Words that end a bloc's name: the verb or preposition after it.
_BLOC_STOP = {
    w for w in (
        "đã", "đang", "sẽ", "tổ chức", "tổng kết", "sơ kết", "thường", "có", "được", "là", "thực hiện",
        "triển khai", "gồm", "trong", "với", "năm", "tại", "chủ động", "hoàn thành", "bám sát", "luôn",
        "phát động", "ký", "dẫn đầu", "đạt", "thi đua", "tiếp tục", "cũng", "vừa", "nhằm", "để", "của",
        "cho", "về", "từ", "theo", "và", "do", "hưởng ứng", "quyết tâm", "đề ra", "đứng", "xếp",
        "bình xét", "suy tôn", "kiểm tra", "thống nhất", "thông qua", "làm", "nhận", "bàn giao", "trao",
        "ký kết", "giao ước", "họp", "đề nghị", "nên", "thì", "mà", "này", "đó", "khác", "lần",
    )
}
# Verbs that end a bloc's name when written in lower case ("Khối thi đua Cảnh sát đấu tranh với …");
# in capitals they may be part of it ("Khối Xây dựng lực lượng").
_LOWER_VERB_STOP = {
    "đấu tranh", "phối hợp", "tham gia", "chỉ đạo", "xây dựng", "bảo đảm", "đảm bảo", "phấn đấu", "tham dự",
    "ra quân", "đánh giá", "nỗ lực", "giữ vững", "tăng cường", "đẩy mạnh", "phát huy", "góp phần", "duy trì",
    "quán triệt", "ủng hộ", "trao", "tặng", "ghi nhận", "biểu dương", "khen thưởng", "vinh danh", "hỗ trợ",
}
# The unit a bloc belongs to, written right after its name ("… Công an tỉnh Thái Nguyên").
_LEVEL_RE = re.compile(r"(?:Công an (?:tỉnh|thành phố|TP\.?)|CATP|Bộ Công an)(?!\w)")
_PLACE_WORDS = {"thành phố", "thị xã", "huyện", "quận", "phường", "xã", "thị trấn"}
# Lower-case words a name may open with ("Khối thi đua các đơn vị An ninh").
_LOWER_OPENERS = {"các", "khối", "công", "tuổi"}
_HEAD_WORDS = {"khoi", "cum", "thi", "dua"}
MAX_BLOC_WORDS = 16
MAX_NAMED = 50


def _key(words):
    return canonical_tones(words.lower())


def _level_after(rest, provinces_at):
    """(level text as written, or None) when ``rest`` opens with the unit the bloc belongs to."""
    match = _LEVEL_RE.match(rest)
    if not match:
        return None
    level = match.group()
    after = rest[match.end():]
    if level != "Bộ Công an":
        place = provinces_at(after)
        if place:
            level += " " + place
    return level


def _and_continues(rest, following):
    """True when "và" joins two parts of one bloc's name: a capitalised word follows that opens
    no other bloc, cluster or unit ("… An ninh và Khối thi đua Cảnh sát", "… và Công an các tỉnh")."""
    word, position = following
    return word[:1].isupper() and _key(word) not in _NOT_AFTER_AND and not _LEVEL_RE.match(rest[position:])


# Words that open another body after "và": "Khối thi đua An ninh và Đảng ủy Công an tỉnh".
_NOT_AFTER_AND = {"khối", "cụm", "công", "các", "đảng", "ủy", "uỷ", "ubnd", "ban", "sở", "bộ", "tỉnh", "thành",
                  "huyện", "hội", "đoàn", "đại", "lãnh", "phòng", "trường", "viện", "cục", "quân", "mặt"}


def _name_after(rest, provinces_at):
    """(name words as written, level or None) from the text after the head ('Khối thi đua ')."""
    tokens = [(m.group(), m.start()) for m in _TOKEN_RE.finditer(rest[:240])]
    words, level = [], None
    index = 0
    while index < len(tokens) and len([w for w in words if w not in (",", "-", "–")]) < MAX_BLOC_WORDS:
        token, position = tokens[index]
        if token in (",", "-", "–"):
            nxt = tokens[index + 1][0] if index + 1 < len(tokens) else ""
            following = " ".join(t for t, _ in tokens[index + 1:index + 3])
            continues = nxt[:1].isupper() and not _LEVEL_RE.match(rest[tokens[index + 1][1]:]) and \
                _key(nxt) not in {"khối", "cụm"}
            if token == "," and any(following.startswith(p) for p in _PLACE_WORDS):
                continues = True
            if words and continues:
                words.append(token)
                index += 1
                continue
            break
        if not _WORD_RE.fullmatch(token):
            break
        if words and _LEVEL_RE.match(rest[position:]):
            level = _level_after(rest[position:], provinces_at)
            break
        pair = _key(" ".join(t for t, _ in tokens[index:index + 2]))
        if token == "và" and words and index + 1 < len(tokens) and _and_continues(rest, tokens[index + 1]):
            words.append(token)  # "Khối thi đua Xây dựng lực lượng và Hậu cần": one bloc's name
            index += 1
            continue
        if _key(token) in _BLOC_STOP or pair in _BLOC_STOP:
            break
        if token[:1].islower() and (_key(token) in _LOWER_VERB_STOP or pair in _LOWER_VERB_STOP):
            break
        if not words and not token[:1].isupper() and _key(token) not in _LOWER_OPENERS:
            break
        words.append(token)
        index += 1
    while words and words[-1] in (",", "-", "–"):
        words.pop()
    if not any(w[:1].isupper() for w in words):
        return "", None
    name = ""
    for word in words:
        name += word if word == "," else (" " if name else "") + word
    return name, level


# Abbreviations written for the words of a unit's name ("Bộ CHQS", "Khối XDLL").
_ABBREVIATIONS = {
    "chqs": "chi huy quan su", "xdll": "xay dung luc luong", "annd": "an ninh nhan dan",
    "csnd": "canh sat nhan dan", "cand": "cong an nhan dan", "hckt": "hau can ky thuat",
    "tccb": "to chuc can bo", "ctct": "cong tac chinh tri", "csgt": "canh sat giao thong",
    "cshs": "canh sat hinh su", "pccc": "phong chay chua chay", "bdbp": "bo doi bien phong",
}


def _core(name):
    """The words that tell two blocs apart: the name without 'Khối', 'Cụm', 'thi đua' and its level."""
    name = _LEVEL_RE.split(name, 1)[0]
    words = fold(name).replace(",", " ").replace("-", " ").replace("–", " ").split()
    return frozenset(part for w in words for part in _ABBREVIATIONS.get(w, w).split() if part not in _HEAD_WORDS)


def named_clusters(text, article_provinces, police_provinces):
    """[(canonical name, [forms written])] of blocs and unnumbered clusters, in order of appearance.

    The canonical name is the fullest form the article writes ("Khối thi đua Cảnh sát Công an
    tỉnh Thái Nguyên"), with 'Công an tỉnh' completed by the article's province when it names
    none; a shorter form whose words all belong to a longer one ("Khối thi đua An ninh" and
    "Khối thi đua các đơn vị An ninh") names the same bloc.
    """
    if "thi đua" not in text.lower():
        return []
    from .provinces import find_provinces

    def provinces_at(after):
        found = find_provinces(after[:40])
        if found and found[0][1] <= 1:
            return after[found[0][1]:found[0][2]]
        return None

    province = _single(police_provinces) or _single(article_provinces)
    forms = []  # (surface, core, has_thi_dua)
    numbered_cores = set()  # names of numbered clusters: "Cụm thi đua các tỉnh … (Cụm số 4)"
    for match in scan.finditer_at(NAMED_RE, text, _cluster_starts(text)):
        head = match["head"]
        if " " not in head.strip() and not text[match.end():match.end() + 1].isupper():
            continue  # "khối" alone names a bloc only before a capital: "khối An ninh", not "khối lượng"
        # a name ends with its line: a headline's last words never run into the lead under it
        after = text[match.end():match.end() + 240].split("\n", 1)[0]
        name, level = _name_after(after, provinces_at)
        if not name:
            continue
        if _NUMBER_IN_BRACKETS_RE.match(after, _written_end(after, name, level)):
            numbered_cores.add(_core(name))  # the long name of a numbered cluster, not a cluster of its own
            continue
        if level and level.startswith(("Công an tỉnh", "Công an thành phố", "Công an TP", "CATP")) and \
                not find_provinces(level) and province:
            level = f"{level} {province}"
        head = " ".join(head.split())
        surface = head[:1].upper() + head[1:] + " " + name + (" " + level if level else "")
        forms.append((surface, _core(name), "thi" in fold(head)))
        if len(forms) >= MAX_NAMED * 4:
            break
    groups = []  # [canonical form, core, [surfaces]]
    for surface, core, has_thi_dua in forms:
        if any(core <= known for known in numbered_cores):
            continue
        for group in groups:
            if core <= group[1] or group[1] <= core:
                group[2].append(surface)
                if (len(core), has_thi_dua, len(surface)) > (len(group[1]), group[3], len(group[0])):
                    group[0], group[1], group[3] = surface, core, has_thi_dua
                break
        else:
            if len(groups) < MAX_NAMED:
                groups.append([surface, core, [surface], has_thi_dua])
    return [(group[0], list(dict.fromkeys(group[2]))) for group in groups]


# The number a long cluster name stands for, in brackets right after it: "(Cụm số 4)", "(Cụm 4)", "(số 4)".
_NUMBER_IN_BRACKETS_RE = re.compile(
    r"\s*\(\s*(?:(?i:cụm)\s+(?:(?i:thi\s+đua)\s+)?)?(?:(?i:số)\s+)?(?:\d{1,2}|" + _ROMAN + r")\s*\)")


def _written_end(after, name, level):
    """Where the name (and its level) the text writes ends in ``after``: words in order, any spacing."""
    position = 0
    for word in _WORD_RE.findall(name + " " + (level or "")):
        found = after.find(word, position)
        if found < 0:
            break
        position = found + len(word)
    return position


def bloc_clusters(text, article_provinces, police_provinces):
    """Canonical names of the blocs and unnumbered clusters an article names."""
    return [name for name, _forms in named_clusters(text, article_provinces, police_provinces)]


def _single(values):
    return values[0] if len(values) == 1 else None


def about_and_mentioned(names, about_text, text, headline_text=None, forms=None):
    """(clusters the article is about, clusters it only mentions).

    About: named in the kicker, headline or lead; when none is, the one the text names
    most often, the first of equals -- if it is named more than once or the headline or lead
    speaks of "thi đua": a cluster named once in passing in other news is only mentioned.
    ``forms``: {canonical bloc name: [forms the article writes]}.
    """
    if not names:
        return [], []
    forms = forms or {}

    def keys(name):
        return {_bloc_key(form) for form in forms.get(name, [name])[:5]}

    def named_in(folded, numbered):
        return {n for n in names if n in numbered or (
            not n.startswith("Cụm thi đua số") and any(k in folded for k in keys(n)))}

    if headline_text:  # the headline (with its kicker) says what the article is about before the lead does
        in_headline = named_in(fold(headline_text), set(numbered_clusters(headline_text)))
        about = [n for n in names if n in in_headline]
        if about:
            return about, [n for n in names if n not in about]
    about_found = named_in(fold(about_text), set(numbered_clusters(about_text)))
    about = [name for name in names if name in about_found]
    if not about and text:
        folded = fold(text)
        counts = {name: sum(folded.count(k) for k in keys(name)) for name in names[:50]
                  if not name.startswith("Cụm thi đua số")}
        for match in scan.finditer_at(NUMBERED_RE, text, _cluster_starts(text)):
            number = int(match["n"]) if match["n"] else roman(match["r"]) if match["r"] else 0
            key = f"Cụm thi đua số {number}"
            if key in names:
                counts[key] = counts.get(key, 0) + 1
        best = max(names, key=lambda name: (counts.get(name, 0), -names.index(name)))
        if counts.get(best, 0) >= 2 or "thi dua" in fold(about_text):
            about = [best]  # named once in other news, a cluster is only mentioned
    return about, [name for name in names if name not in about]


def _bloc_key(form):
    """A written form of a bloc's name, folded ('Khối thi đua An ninh' -> 'khoi thi dua an ninh')."""
    return " ".join(fold(form).split())
