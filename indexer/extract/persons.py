"""People in the story: rank (or ông/bà/đồng chí), name, and role where stated.

"Đại tá Nguyễn Văn Hận, Giám đốc Công an tỉnh Kiên Giang" ->
{"name": "Nguyễn Văn Hận", "rank": "Đại tá", "role": "Giám đốc Công an tỉnh Kiên Giang"}.
A name after an office without a rank counts when it opens with a family name:
"Bộ trưởng Bộ Công an Lương Tam Quang" -> {"name": "Lương Tam Quang", "rank": None,
"role": "Bộ trưởng Bộ Công an"}.  Someone named only by office ("đồng chí Phó Giám đốc
Công an tỉnh") is no entry, and photo credits ("Ảnh: Quỳnh Trang") are credits, not people.
"""
import re

from ..normalize import canonical_tones
from . import provinces, scan
from .letters import LOWER, UPPER
from .provinces import province_names

RANKS = [
    "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng",
    "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá",
    "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy",
    "Thượng sĩ", "Trung sĩ", "Hạ sĩ",
    # navy flag ranks (retired officers keep them in veterans' associations)
    "Đô đốc", "Phó Đô đốc", "Chuẩn Đô đốc",
]
_RANK_BY_KEY = {canonical_tones(rank).lower(): rank for rank in RANKS}
HONORIFICS = ["đồng chí", "ông", "bà"]
# Academic titles written between a rank and the name: "Thiếu tướng, TS Vũ Đức Thịnh",
# "Trung tướng, PGS.TS Phan Xuân Tuy", "Đại tá, ThS. Nguyễn Văn A" (the other order, "PGS.TS, Đại tá X",
# puts the rank next to the name already).
ACADEMIC_TITLES = [
    "GS.TSKH", "PGS.TSKH", "GS.TS", "PGS.TS", "TSKH", "TS", "ThS", "GS", "PGS", "NCS", "BSCKII", "BSCKI", "BS",
    "KS", "LS", "Tiến sĩ", "Thạc sĩ", "Giáo sư", "Phó Giáo sư", "Bác sĩ", "Kỹ sư", "Luật sư",
]

# Capitalised words that begin an office, never a name.
ROLE_WORDS = (
    "Giám", "Phó", "Chủ", "Ủy", "Uỷ", "Bí", "Cục", "Chánh", "Thứ", "Bộ", "Tổng", "Đội",
    "Viện", "Tư", "Công", "Trưởng", "Phòng", "Cán", "Thủ", "Chỉ", "Chính", "Nguyên", "Đại", "Cụm",
    "Hiệu", "Tỉnh", "Thành", "Huyện", "Ban", "Đảng", "Đoàn", "Hội", "Sở", "Trung", "Báo",
)
OFFICES = (
    "Thủ tướng", "Tổng Bí thư", "Giám đốc", "Chủ tịch", "Cục trưởng", "Tổng cục trưởng",
    "Ủy viên", "Uỷ viên", "Bí thư",
    "Trưởng", "Chánh", "Thứ trưởng", "Bộ trưởng", "Tư lệnh", "Chính ủy", "Chính uỷ", "Đội trưởng", "Cụm trưởng",
    "Viện trưởng", "Chỉ huy", "Đại biểu", "Thủ trưởng", "Hiệu trưởng", "Chủ nhiệm", "Tổng Biên tập", "Tổng biên tập",
    "Chánh án", "Phó", "Cán bộ", "Chiến sĩ", "Chiến sỹ", "Điều tra viên", "Trợ lý", "Thư ký", "Người phát ngôn",
    "Đại diện", "Thành viên", "Tỉnh ủy viên", "Tỉnh uỷ viên", "Thành ủy viên", "Thành uỷ viên", "Huyện ủy viên",
    "Huyện uỷ viên", "UVTW", "UVTV", "UVBTV", "UV BTV", "TUV", "Tổ trưởng", "Tổ phó",
)
ROLE_STARTS = re.compile(r"(?:Nguyên\s+)?(?:Phó\s+)?(?:" + "|".join(OFFICES) + ")", re.IGNORECASE)

_NAME_WORD = rf"[{UPPER}](?:['’][{UPPER}])?[{LOWER}]*"  # "H’Liên": a prefix joined by an apostrophe
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}"
_RANK_ALT = "|".join(sorted(
    {canonical_tones(r) for r in RANKS} | set(RANKS) | {r.replace("úy", "uý") for r in RANKS}, key=len, reverse=True))
_HONORIFIC_ALT = "|".join(HONORIFICS)
# "PGS.TS", "PGS. TS", "PGS, TS": the dot between the parts of a title may be a space or a comma
_ACADEMIC_ALT = "|".join(
    re.escape(t).replace(r"\.", r"\s*[.,]?\s*") for t in sorted(ACADEMIC_TITLES, key=len, reverse=True))
_ACADEMIC = rf"(?:\s*,?\s*(?:{_ACADEMIC_ALT})\.?(?=\s))"
PERSON_RE = re.compile(
    rf"(?<!\w)(?P<title>(?i:{_RANK_ALT})|(?i:{_HONORIFIC_ALT})){_ACADEMIC}?\s+(?P<name>{_NAME})(?!\w)"
)

# Words that end a role: what the person did next.
ROLE_STOP_RE = re.compile(
    r"\s+(?:phát biểu|trao(?: đổi)?|đã|dự(?!\s+khuyết)|đồng chủ trì|chủ trì|thay mặt|nhất trí|ghi nhận|"
    r"khẳng định|cho biết|"
    r"tham dự|tặng|nhấn mạnh|chúc mừng|yêu cầu|đề nghị|tại|cùng|(?<!đoàn\s)(?<!\bban\s)(?<!\btổ\s)kiểm tra|"
    r"làm việc|thăm|chỉ đạo|báo cáo|"
    r"thông qua|trình bày|thông báo|công bố|chia sẻ|phát động|quán triệt|đánh giá|biểu dương|giới thiệu|điều hành|"
    r"bày tỏ|cảm ơn|mong muốn|lưu ý|đến|chứng kiến|"
    r"là|làm|được|sẽ|đang|vừa|khi|trong|với|về|cho|để|lên|xin|tiếp|và\s+(?:đại diện|lãnh đạo|các|nhiều|cùng))(?!\w)"
    r"|\s+và\s+(?=(?i:" + _RANK_ALT + "|" + _HONORIFIC_ALT + r")\s)"
)
_SENTENCE_END_RE = re.compile(r"(?<!\bTP)(?<!\bTp)(?<!\b[A-Z])\.(?=\s|$)|[()\"“”:!?\n]|\s[-–—]\s")


# Family names that begin a name written after an office ("Bộ trưởng Bộ Công an Lương Tam Quang"):
# without a rank or ông/bà, a capitalised run is a person only when it opens with one of them.
SURNAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Tô Đinh Lâm Trương Mai "
    "Trịnh Đoàn Lương Cao Hà Tạ Chu Vương Thái Kiều Quách Lưu Đào Văn Tăng Triệu Thân Lại Khúc Mạc "
    "Nghiêm Phùng Quan Tôn Từ Hứa La Lã Âu Diệp Châu Doãn Đàm Kim Lục Trình "
    # family names of ethnic minorities common in public office (Thái, Tày, Nùng, Mông, Khmer, Jrai, Ê Đê)
    "Lò Cầm Lường Quàng Tòng Bế Nông Hầu Giàng Sùng Vàng Thào Lầu Mùa Sầm Lù Điêu Thạch Danh Ksor Siu Kpă Rah"
).split()
# Below the provinces (which are checked by name) places have no list: "huyện Lý Sơn".
_PLACE_BEFORE_RE = re.compile(r"(?:thành phố|TP\.?|Tp\.?|huyện|quận|thị xã|xã|phường|thị trấn)\s*$")
# Office words that are also common given names ("Lâm Minh Thành"): not a sign the name ran on.
_NAME_LIKE_ROLE_WORDS = {"Thành", "Trung", "Công", "Chính", "Tư", "Thủ", "Đại", "Hiệu", "Hội"}
_SURNAME_ALT = "|".join(sorted(set(SURNAMES), key=len, reverse=True))
# A word of the organisation between an office and a name; "TP." and "TP.HCM" keep their dot.
_ORG_WORD = r"(?:T[Pp]\.[^\s,.;:()\"“”]*|[^\s,.;:()\"“”]+)"
OFFICE_FIRST_RE = re.compile(
    rf"(?<!\w)(?P<office>(?i:{ROLE_STARTS.pattern}))"
    rf"(?P<org>(?:\s+{_ORG_WORD}){{0,10}}?)"
    rf"\s+(?P<name>(?:{_SURNAME_ALT})(?:\s+{_NAME_WORD}){{1,3}})(?!\w)(?!\s+[{UPPER}])"
)


# After an office whose organisation ends with a province ("Phó Chủ tịch UBND tỉnh Lào Cai
# Giàng Seo Vần"), a capitalised run is a person whatever family name opens it.
OFFICE_PLACE_RE = re.compile(
    rf"(?<!\w)(?P<office>(?i:{ROLE_STARTS.pattern}))"
    rf"(?P<org>(?:\s+{_ORG_WORD}){{1,10}}?)"
    rf"\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})(?!\w)(?!\s+[{UPPER}])"
)


# Where a person pattern can start: a word opening an office (and followed by a space), a rank,
# or ông/bà/đồng chí.  PERSON_RE, OFFICE_FIRST_RE and OFFICE_PLACE_RE each open with one of these:
# one scan finds the places, and each pattern is tried there only (scan.py).
_PERSON_START_RE = re.compile(rf"(?<!\w)(?=(?i:{ROLE_STARTS.pattern})\s|(?i:{_RANK_ALT}|{_HONORIFIC_ALT}))")
# The same for the text in lower case.
_OFFICES_LOWER = "|".join(office.lower() for office in OFFICES)
_PERSON_START_LOWER_RE = scan.words_by_first_letter([
    rf"nguyên\s+(?:phó\s+)?(?:{_OFFICES_LOWER})\s",  # "Nguyên Phó Giám đốc"; "Phó Giám đốc" is "Phó" + space
    *(rf"{office.lower()}\s" for office in OFFICES),
    *dict.fromkeys(rank.lower() for rank in _RANK_ALT.split("|")), *HONORIFICS])


def _person_starts(text):
    """The sorted positions where a person pattern may match (see _PERSON_START_RE)."""
    lowered = scan.lower_for_scan(text)
    if lowered is None:
        return [match.start() for match in _PERSON_START_RE.finditer(text)]
    return [match.start() for match in _PERSON_START_LOWER_RE.finditer(lowered)]


def _office_first(text, taken, starts=None):
    """Persons written office first, name last; ``taken``: spans already found with a rank;
    ``starts``: the text's _person_starts, when known."""
    found = []
    spans = list(taken)
    if starts is None:
        starts = _person_starts(text)
    for pattern in (OFFICE_FIRST_RE, OFFICE_PLACE_RE):
        position = 0
        while True:
            match = scan.search_at(pattern, text, starts, position)
            if match is None:
                break
            person = _office_person(text, match, pattern is OFFICE_PLACE_RE)
            # a rejected run may hold a later office ("đại biểu đã … tưởng niệm Chủ tịch X"):
            # look again from the next word (each try reads at most a dozen words: linear)
            position = match.end() if person else match.start() + 1
            if person is None:
                continue
            start, end = person[1]
            if any(s < end and start < e for s, e in spans):
                continue
            spans.append((start, end))
            found.append(person)
    return found


_AND_RE = re.compile(r"(?<!\w)và(?!\w)")


def _office_person(text, match, after_place):
    """(person, span) for an office-first match, or None when the run is no person."""
    start, end = match.span("name")
    name, org = match["name"], match["org"]
    # "… Tỉnh ủy Sơn La Hoàng Văn Chiến": a name never begins inside the province before it
    places = provinces.find_provinces(text[match.start("org"):end])
    for _place, _s, place_end in places:
        place_end += match.start("org")
        if start < place_end < end:
            rest = text[place_end:end].strip()
            if len(rest.split()) < 2:
                return None
            org = text[match.start("org"):place_end]
            start = end - len(rest)
            name = rest
    if after_place:
        ends_with_place = any(match.start("org") + e == len(org.rstrip()) + match.start("org") for _p, _s, e in
                              provinces.find_provinces(org.rstrip()))
        if not ends_with_place:
            return None
    if ORGANISATION_RE.match(text, start):
        return None
    if _AND_RE.search(org) or ROLE_STOP_RE.search(org) or PERSON_RE.search(org):
        return None  # the organisation ran into another clause or person
    if _PLACE_BEFORE_RE.search(text[max(0, start - 20):start]) or _is_place(name):
        return None
    words = name.split()
    if words[0] in ROLE_WORDS and words[0] not in SURNAMES:
        return None
    if any(word in ROLE_WORDS and word not in _NAME_LIKE_ROLE_WORDS for word in words[1:]):
        return None  # "… Hoàng Văn Nam Giám đốc": the run went into the next office
    role = " ".join((match["office"] + org).split())
    before = _OFFICE_BEFORE_RE.search(text, max(0, match.start() - 80), match.start())
    if before:  # "UVTV Tỉnh ủy, Trưởng ban Tuyên giáo Tỉnh ủy Nguyễn Thái Sơn": both offices are his
        role = " ".join(before["office"].split()) + ", " + role
    return {"name": name, "rank": None, "role": role}, (start, end)


# An office opening the sentence, a comma, then the office a name follows.
_OFFICE_BEFORE_RE = re.compile(
    r"(?:^|(?<=[.;:!?\n])\s*)(?P<office>(?:UVTV|UVBTV|UV BTV|TUV|Tỉnh ủy viên|Tỉnh uỷ viên|Ủy viên|Uỷ viên|"
    r"Phó Bí thư|Bí thư)[^,.;:!?\n]{0,60}),\s*$")


def _is_place(name):
    return name in province_names()


# A cluster duty named after the office ("…, Cụm trưởng") is no part of it.
_CLUSTER_ROLE_RE = re.compile(
    r"(?:đơn vị\s+)?(?:(?:Cụm|Khối)\s+(?:trưởng|phó)|(?:trưởng|phó)\s+(?:cụm|khối))(?!\w)", re.IGNORECASE)
# The body an office belongs to, after a comma: ", Bộ Công an", ", Tổng cục Chính trị CAND"; it ends the role
# at a comma, a full stop, a bracket, the end, or the verb that follows ("…, Bộ Công an ghi nhận …").
_ORG_PART_RE = re.compile(
    r"(?:Bộ|Tổng cục|Quân khu)\s+[A-ZĐ][^\s,;.()]*(?:\s+[^\s,;.()]+){0,5}?"
    r"(?=\s*(?:[,;.)]|$)|(?:" + ROLE_STOP_RE.pattern + "))")


# The same body after a dash: "Cục trưởng Cục Công tác chính trị - Bộ Công an".
_DASH_ORG_RE = re.compile(r"\s[-–—]\s+(?:" + _ORG_PART_RE.pattern + ")")


_LIST_ITEM_RE = re.compile(r"(?:đại diện|lãnh đạo|các|cùng|cán bộ)(?!\w)")
# A unit in brackets completing an office: "(Bộ Công an)", "(Công an tỉnh Nghệ An)".
_BRACKET_ORG_RE = re.compile(r"\s*\((?:Bộ|Công an|Tổng cục|Cục|UBND|Tỉnh ủy|Tỉnh uỷ|Quân khu)\s[^()\n]{1,40}\)")


_COMMA_OR_DASH_RE = re.compile(r"\s*(?:,|[-–—])\s*")
_SEPARATOR_RE = re.compile(r"\s*([,;])\s*")
_COMMA_RE = re.compile(r"[,;]")


# A dash inside an office's name: "Ban Thi đua - Khen thưởng Trung ương", "Sở Văn hóa - Thể thao";
# not before another office, a rank, a cluster duty or a name.
_DASH_IN_NAME_RE = re.compile(
    rf"\s[-–—]\s+(?=[{UPPER}])(?!(?i:{ROLE_STARTS.pattern})(?!\w)|(?i:{_RANK_ALT}|{_HONORIFIC_ALT})(?!\w)"
    rf"|(?:Cụm|Khối)\s|(?:{_SURNAME_ALT})\s+[{UPPER}])")


def _role_end(rest):
    """Where the office that opens ``rest`` ends: a sentence's end, the verb after it, a comma."""
    start = 0
    while True:
        end = len(rest)
        for pattern in (_SENTENCE_END_RE, ROLE_STOP_RE, _COMMA_RE):
            found = pattern.search(rest, start)
            if found:
                end = min(end, found.start())
        dash = _DASH_IN_NAME_RE.match(rest, end)
        if dash is None:
            return end
        start = dash.end()


def _role_after(text):
    """The office stated right after a name (", Giám đốc …" or " - Phó …"), or None."""
    match = _COMMA_OR_DASH_RE.match(text)
    if not match:
        return None
    rest = text[match.end():]
    parts = []
    while rest:
        if parts and _ORG_PART_RE.match(rest):  # ", Bộ Công an" completes the office before it
            org = _ORG_PART_RE.match(rest)
            parts.append(org.group().strip())
            rest = rest[org.end():]
            separator = _SEPARATOR_RE.match(rest)
            if not separator:
                break
            parts.append(separator.group(1))
            rest = rest[separator.end():]
            continue
        if not ROLE_STARTS.match(rest) or PERSON_RE.match(rest) or _CLUSTER_ROLE_RE.match(rest):
            break
        if parts and _LIST_ITEM_RE.match(rest):
            break  # "; đại diện lãnh đạo …": the next guest in a list, not this person's office
        end = _role_end(rest)
        bracket = _BRACKET_ORG_RE.match(rest, end)
        if bracket:  # "Phó Cục trưởng … (Bộ Công an)"
            end = bracket.end()
        dashed = _DASH_ORG_RE.match(rest, end)
        if dashed:  # "Cục trưởng Cục Công tác chính trị - Bộ Công an"
            end = dashed.end()
        if parts and _office_first(rest[:end], []):
            break  # "…; Phó Chủ tịch UBND tỉnh X Nguyễn Văn A": another person's office and name
        parts.append(rest[:end].strip())
        separator = _SEPARATOR_RE.match(rest[end:])
        if not separator:
            break
        parts.append(separator.group(1))
        rest = rest[end + separator.end():]
    while parts and parts[-1] in ",;":
        parts.pop()
    role = ""
    for part in parts:
        role += part if part in ",;" else (" " if role else "") + part
    return role or None


# What an office or organisation written right after a name (no comma) begins with.
_OFFICE_AFTER_NAME_RE = re.compile(
    r"(?:" + ROLE_STARTS.pattern + r"|Bộ\s|Công an\b|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Trung ương|Chính phủ|"
    r"Ủy ban|Uỷ ban|UBND|HĐND|Đảng\b|Quốc hội|Cục\s|Ban\s|Sở\s|Phòng\s|Đội\s|Viện\s|Hội đồng|Đoàn\s)"
)
# Organisations shaped like a family name and a given name.
ORGANISATION_RE = re.compile(
    r"(?:Đoàn\s+(?:Thanh\s+niên|TNCS|Thanh\s+Niên|Đại\s+biểu|Công\s+tác|Kiểm\s+tra|Giám\s+sát)|Hội\s+(?:Phụ\s+nữ|Cựu\s+chiến\s+binh|Nông\s+dân|Chữ\s+thập)|"
    r"Mặt\s+trận|Hà\s+Nội\b|Lâm\s+Đồng|Kim\s+Liên)"
)
MAX_NAME_WORDS = 4
MAX_ROLE_CHARS = 300  # a role is read from this much text after the name (keeps the scan linear)


def _trim_name(name, after=""):
    """Cut a name before an office that follows it without a comma ("Nguyễn Văn Nam Giám đốc …").

    A given name that is also an office word ("Nguyễn Hải Trung", "Nguyễn Văn Thành",
    "Lê Văn Tỉnh") stays: only a word that opens an office or an organisation cuts.
    """
    words = name.split()
    for index in range(2, len(words)):
        if _OFFICE_AFTER_NAME_RE.match(" ".join(words[index:]) + after[:40]):
            return " ".join(words[:index])
    return " ".join(words[:MAX_NAME_WORDS])


def _canonical_rank(title):
    key = canonical_tones(title).lower()
    return _RANK_BY_KEY.get(key)


# A title of honour in front of a name: "Anh hùng liệt sĩ CAND Bùi Thị Cúc", "liệt sĩ Nguyễn Văn A",
# "Anh hùng LLVTND Trần Văn B", "Mẹ Việt Nam Anh hùng Lê Thị C".
HONOURED_RE = re.compile(
    r"(?<!\w)(?P<title>(?:Mẹ Việt Nam [Aa]nh hùng|"
    r"Anh hùng(?:\s+(?:liệt sĩ|liệt sỹ|LLVTND|Lực lượng vũ trang nhân dân|Lao động))?"
    r"|[Ll]iệt (?:sĩ|sỹ))(?:\s+(?:CAND|Công an nhân dân))?)"
    rf"\s+(?P<name>(?:{_SURNAME_ALT})(?:\s+{_NAME_WORD}){{1,3}})(?!\w)"
)


# Words every title of honour above holds ("Anh hùng", "anh hùng", "Liệt sĩ", "liệt sỹ").
_HONOURED_MARKS = ("nh hùng", "iệt s")


def _honoured(text):
    """HONOURED_RE's matches, looked for only in a text holding one of its words."""
    if not any(mark in text for mark in _HONOURED_MARKS):
        return ()
    return HONOURED_RE.finditer(text)


# "…; Đào Quang Thắng - Phó Bí thư Thường trực Tỉnh ủy; …": a name opening with a family name,
# a dash, then an office, in a list (after ":", ";", "," or "đồng chí") and without a rank.
NAME_DASH_OFFICE_RE = re.compile(
    rf"(?:(?<=[:;,])|(?<=\bchí)|^)\s*(?P<name>(?:{_SURNAME_ALT})(?:\s+{_NAME_WORD}){{1,3}})\s+[-–—]\s+"
    rf"(?=(?i:{ROLE_STARTS.pattern})\s)", re.MULTILINE)
# The dash and office every match of it ends with (found by a scan from dash to dash).
_DASH_OFFICE_RE = re.compile(rf"[-–—]\s+(?=(?i:{ROLE_STARTS.pattern})\s)")
_CHI_RE = re.compile(r"(?<!\w)chí")


def _name_dash_starts(text):
    """The sorted positions where NAME_DASH_OFFICE_RE may match.

    Between its start and its dash a match holds a name and spaces only: it starts after the
    last ":", ";" or "," before a dash and office, or past it at a line's start or after "chí".
    """
    starts = set()
    for dash in _DASH_OFFICE_RE.finditer(text):
        end = dash.start()
        begin = max(text.rfind(mark, 0, end) for mark in ":;,") + 1
        starts.add(begin)
        line = text.find("\n", begin, end)
        while line >= 0:
            starts.add(line + 1)
            line = text.find("\n", line + 1, end)
        starts.update(chi.end() for chi in _CHI_RE.finditer(text, begin, end))
    return sorted(starts)


# "Cùng dự có các đồng chí: Trần Xuân Dưỡng, Phó Chủ tịch UBND tỉnh; …": the same list with a
# comma for the dash; only right after ":", ";" or "đồng chí" (after a comma a capitalised run
# is as often a place or a unit as a guest).
NAME_COMMA_OFFICE_RE = re.compile(
    rf"\s*(?P<name>(?:{_SURNAME_ALT})(?:\s+{_NAME_WORD}){{1,3}}),\s+(?=(?i:{ROLE_STARTS.pattern})(?!\w))")
_LIST_START_RE = re.compile(r"[:;]|(?<!\w)chí(?!\w)")


def _name_comma_starts(text):
    """The positions right after each ":", ";" and "chí" (where NAME_COMMA_OFFICE_RE is tried)."""
    return [match.end() for match in _LIST_START_RE.finditer(text)]


def _name_dash_office(text, taken):
    found = []
    matches = list(scan.finditer_at(NAME_DASH_OFFICE_RE, text, _name_dash_starts(text)))
    matches += scan.finditer_at(NAME_COMMA_OFFICE_RE, text, _name_comma_starts(text))
    for match in matches:
        start, end = match.span("name")
        if any(s < end and start < e for s, e in taken) or ORGANISATION_RE.match(text, start):
            continue
        name = match["name"]
        words = name.split()
        if _is_place(name) or any(word in ROLE_WORDS and word not in _NAME_LIKE_ROLE_WORDS for word in words[1:]):
            continue
        role = _role_after(text[end:end + MAX_ROLE_CHARS])
        if not role:
            continue
        taken = [*taken, (start, end)]
        found.append(({"name": name, "rank": None, "role": role}, (start, end)))
    return found


def find_persons(text):
    """[(person dict, (start, end) of the name)] in order of appearance."""
    found = []
    starts = _person_starts(text)
    for match in scan.finditer_at(PERSON_RE, text, starts):
        name = _trim_name(match["name"], text[match.end("name"):match.end("name") + 40])
        if (name.split()[0] in ROLE_WORDS and name.split()[0] not in SURNAMES) or len(name.split()) < 2 \
                or ORGANISATION_RE.match(text, match.start("name")):
            continue
        rank = _canonical_rank(match["title"])
        start = match.start("name")
        role = _role_after(text[start + len(name):start + len(name) + MAX_ROLE_CHARS])
        found.append(({"name": name, "rank": rank, "role": role}, (start, start + len(name))))
    for match in _honoured(text):
        start, end = match.span("name")
        if any(s < end and start < e for _p, (s, e) in found):
            continue
        name = _trim_name(match["name"], text[end:end + 40])
        found.append(({"name": name, "rank": None, "role": " ".join(match["title"].split())},
                      (start, start + len(name))))
    found += _office_first(text, [span for _person, span in found], starts)
    found += _name_dash_office(text, [span for _person, span in found])
    return sorted(found, key=lambda item: item[1])


def merge_persons(found):
    """One entry per name; a later mention fills a rank or role the first one lacked, or completes the role
    ("Phó Cục trưởng Cục X" in a caption, "Phó Cục trưởng Cục X, Bộ Công an" in the text)."""
    people = {}
    for person, _span in found:
        known = people.setdefault(person["name"], dict(person))
        for key in ("rank", "role"):
            if not known[key] and person[key]:
                known[key] = person[key]
        role = person["role"]
        if known["role"] and role and len(role) > len(known["role"]) and (
                (role.startswith(known["role"]) and role[len(known["role"])] in ", ")
                or (role.endswith(known["role"]) and role[-len(known["role"]) - 2:-len(known["role"])] == ", ")):
            known["role"] = role  # the fuller form: "…, Bộ Công an" after, or "Ủy viên Trung ương Đảng, …" before
    return list(people.values())
