"""Bylines and photo credits: who wrote it and who took the pictures.

"Minh Triết-Tiến Dũng" is two people; "Phương Huyền – Công an tỉnh" is one person
and her unit; "Nhóm PV" is a group byline; "Tin, ảnh: THÀNH TRUNG" is a writer who
also took the photos; "HÀ KHÁNH" alone on the last line is a byline in capitals,
returned as "Hà Khánh".  Photo credits sit in captions: "… Ảnh: Vương Linh",
"(Ảnh: Q.Huy)", "ẢNH: HOÀNG ANH".
"""
import re

from .letters import LOWER, UPPER
from .outlets import lead_marker

# "H’Liên", "K'Bình": a one-letter Ê Đê / Cơ Ho prefix joined by an apostrophe
_NAME_WORD = rf"[{UPPER}](?:['’][{UPPER}])?[{LOWER}]+"
_INITIALS = rf"(?:[{UPPER}]\.\s?){{1,3}}"
# "Minh Triết", "Ngô Quang Văn", "N.Thi", "T. Thành", "H.N", "X.Linh"
# "Y Lan", "A Pớt": names of Ê Đê, Ba Na, Xơ Đăng people open with a one-letter word.
PERSON_NAME_RE = re.compile(
    rf"(?:{_INITIALS}{_NAME_WORD}|{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}|[YA]\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}|"
    rf"(?:[{UPPER}]\.){{1,3}}[{UPPER}]|[{UPPER}]{{2,3}})"
)
# What a byline carries besides names: "(CTV)", "(thực hiện)", "(Công an tỉnh Lào Cai)", "CTV " in front.
_BYLINE_TAG_RE = re.compile(
    r"\s*\((?:CTV|PV|BTV|TTXVN|thực hiện|Thực hiện|cộng tác viên|phóng viên)\)\s*$"
    r"|\s*\((?:Công an|Phòng|Ban|Cục|Đội|Trung tâm|Báo|Đài|Văn phòng|Bộ|Sở|Tỉnh ủy|Tỉnh uỷ)\b[^()]{0,60}\)\s*$"
)
_BYLINE_PREFIX_RE = re.compile(r"^(?:CTV|PV|Phóng viên|Nhà báo|Cộng tác viên)\s+(?=[A-ZĐ])")
GROUP_BYLINE_RE = re.compile(
    r"^(?:Nhóm\s+(?:PV|phóng\s+viên|tác\s+giả|PV\s*-\s*CTV)|PV|P\.V|Phóng\s+viên|BTV|Ban\s+Biên\s+tập|CTV|"
    r"Nhóm\s+PV.*|PV\s+\S+)$", re.I)
UNIT_START_RE = re.compile(
    r"^(?:Công an|CA\s|Phòng|Đội|Báo|Cục|Ban|Trung tâm|Đài|Văn phòng|Tạp chí|Học viện|Trường|Bộ|Sở|"
    r"Tổng cục|Ủy ban|Uỷ ban|UBND|Đoàn|Hội|Khối|Cụm)", re.I)
# "Tin, ảnh: X", "Bài và ảnh: X", "Bài, ảnh:", "Tin và ảnh:", "Bài:", "Tin:" in front of the writer;
# "Thực hiện: A - B" (a report's makers), "Video: X" (a video page's maker), "Phóng sự: A - B" (a TV report's).
CREDIT_PREFIX_RE = re.compile(
    r"^(?P<kind>(?:Tác giả|Người viết|Nhóm tác giả|Tin|Bài|Bài viết|Nội dung|Thực hiện|Video|Clip|Phóng sự|"
    r"Ghi chép|Nhóm phóng viên)"
    r"(?:\s*(?:,|và|-|\+)\s*(?:ảnh|hình|video|clip))?|Ảnh và bài|Ảnh)\s*:\s*",
    re.I)
_NAME_SEPARATORS_RE = re.compile(r"\s*(?:,|;|\s[-–—]\s|(?<=\w)[-–—](?=\s?\w)|\s[-–—](?=\w)|\svà\s)\s*")
_TRAILING_BAR_RE = re.compile(r"\s*[|/]\s*$")
# Heading words of documents and offices, set in capitals like a byline ("QUYẾT ĐỊNH", "PHÓ CHỦ TỊCH"): never a name.
_NOT_NAMES = {
    "quyết định", "thông báo", "chỉ thị", "nghị quyết", "kế hoạch", "công văn", "tờ trình", "báo cáo", "thông tư",
    "nghị định", "quy định", "hướng dẫn", "thông cáo", "biên bản", "giấy khen", "bằng khen", "nơi nhận", "chủ tịch",
    "phó chủ tịch", "giám đốc", "phó giám đốc", "kết luận", "quy chế", "điều lệ", "chương trình", "thư mời",
    "giấy mời", "lời kêu gọi", "lời giới thiệu", "mục lục", "phụ lục", "danh sách", "tin tức", "thời sự",
}


def normal_case(name):
    """'THÀNH TRUNG' -> 'Thành Trung', 'G.TUỆ' -> 'G.Tuệ'; names in normal case are kept."""
    if not any(ch.isupper() for ch in name) or any(ch.islower() for ch in name):
        return name
    return re.sub(r"\w{2,}", lambda m: m.group()[0] + m.group()[1:].lower(), name)


_DIGIT_RE = re.compile(r"\d")


def parse_byline(line, allow_unit=False):
    """A list of authors when the whole line is a byline, else None.

    Parts after a dash that name a unit ("– Công an tỉnh", "- Phòng Tham mưu …") are
    the writer's unit, not another author; ``allow_unit`` accepts a unit alone
    ("Phòng Tham mưu") as the byline, for the last line of an article.
    """
    line = line.strip()
    if line.endswith(("|", "/")):  # as every _TRAILING_BAR_RE match does
        line = _TRAILING_BAR_RE.sub("", line)
    line = line.strip().rstrip(".").strip()
    line = CREDIT_PREFIX_RE.sub("", line) if CREDIT_PREFIX_RE.match(line) else line
    for _ in range(2):
        if line.endswith(")"):  # as every _BYLINE_TAG_RE match does (the line is stripped)
            line = _BYLINE_TAG_RE.sub("", line).strip()
    if _BYLINE_PREFIX_RE.match(line) and not GROUP_BYLINE_RE.match(line.split("/", 1)[0].strip()):
        line = _BYLINE_PREFIX_RE.sub("", line)
    if _DIGIT_RE.search(line):
        line = _without_numbered_unit(line)
    if not line or len(line) > 80 or _DIGIT_RE.search(line):
        return None
    if GROUP_BYLINE_RE.match(line):
        return [line]
    if "/" in line:  # "Trần Hòa/VOV-Tây Bắc": the writer and the desk
        line = line.split("/", 1)[0].strip()
    authors = []
    for part in _NAME_SEPARATORS_RE.split(line):
        part = part.strip().strip("()")
        if not part:
            continue
        if UNIT_START_RE.match(part) and not PERSON_NAME_RE.fullmatch(normal_case(part)) or (
                UNIT_START_RE.match(part) and len(part.split()) > 4):
            if not authors:
                if allow_unit and len(part.split()) <= 6 and not re.search(r"[.;:!?]", part):
                    return [normal_case(part)]
                return None
            break
        if GROUP_BYLINE_RE.match(part):
            authors.append(part)
            continue
        name = normal_case(part)
        if not PERSON_NAME_RE.fullmatch(name) or len(name.split()) > 4 or name.lower() in _NOT_NAMES:
            return None
        authors.append(name)
    return authors or None


# The writer's unit after a dash may carry a number: "Đình Hải – Cụm thi đua số 9", "Minh Anh - Đội 3".
_UNIT_TAIL_RE = re.compile(r"\s+[-–—]\s*(?P<unit>[^-–—]+)$")


def _without_numbered_unit(line):
    """The line without a unit with a number after its last dash, or the line as it was."""
    match = _UNIT_TAIL_RE.search(line)
    if not match or not re.search(r"\d", match["unit"]) or not UNIT_START_RE.match(match["unit"]) \
            or PERSON_NAME_RE.fullmatch(normal_case(match["unit"].strip())):
        return line
    return line[:match.start()].strip()


# An office that signs for the body publishing the page, named only by the kind of that body:
# "Văn phòng Hội", "Văn phòng Sở", "Ban Biên tập" -- no writer, and no unit of its own.
_OWN_OFFICE_RE = re.compile(
    r"^(?:Văn phòng|Ban Biên tập|Ban biên tập|Ban Thư ký|Ban thư ký|Thường trực|Ban Thường trực)"
    r"(?:\s+(?:Hội|Sở|Bộ|Cục|Ban|Đoàn|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Huyện uỷ|Đảng ủy|Đảng uỷ|UBND|Trường|Viện|"
    r"Trung tâm|Công ty|Tòa soạn|Toà soạn))?\.?$")


def is_own_office(line):
    """True for a closing signature such as 'Văn phòng Hội': the publisher's office, not a writer."""
    return bool(_OWN_OFFICE_RE.match(line.strip()))


def credit_kind(line):
    """'both' for 'Tin, ảnh: X' / 'Bài và ảnh: X', 'text' for 'Bài: X', None otherwise."""
    match = CREDIT_PREFIX_RE.match(line.strip())
    if not match:
        return None
    kind = match["kind"].lower()
    if kind == "ảnh":
        return "photo"
    return "both" if re.search(r"ảnh|hình", kind) else "text"


def looks_like_byline_prefix(text):
    """Names in front of a publication date: 'Minh Triết-Tiến Dũng 20/11/2024 - 10:38'."""
    return parse_byline(text) if text.strip() else None


# A byline in capitals glued to the end of the last paragraph: "… chỉ tiêu Bộ giao. KHÁNH LINH"
_CAPS_WORD = rf"[{UPPER}]{{1,7}}"
GLUED_CAPS_BYLINE_RE = re.compile(
    rf"(?<=[.!?…”\"])\s+(?P<names>{_CAPS_WORD}(?:\.?\s*{_CAPS_WORD}){{1,3}}(?:\s*[-–,]\s*{_CAPS_WORD}(?:\.?\s*{_CAPS_WORD}){{1,3}})*)\s*$"
)


# A byline in normal case glued to the end of a brief's only paragraph: "… các chỉ tiêu cuối năm. Lan Anh"
GLUED_NAME_BYLINE_RE = re.compile(
    rf"(?<=[.!?…”\"])\s+(?P<names>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}(?:\s*[-–]\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})?)\s*$"
)


def _names_place(text):
    from .provinces import find_provinces
    return bool(find_provinces(text))


def glued_byline(paragraph):
    """(authors, paragraph without them) when a byline ends the paragraph, else (None, paragraph)."""
    if len(paragraph) < 40:
        return None, paragraph
    match = GLUED_CAPS_BYLINE_RE.search(paragraph[-80:])
    if not match:
        match = GLUED_NAME_BYLINE_RE.search(paragraph[-60:])
        if match and (UNIT_START_RE.match(match["names"]) or _names_place(match["names"])):
            match = None
    if not match:
        return None, paragraph
    authors = parse_byline(match["names"])
    if not authors:
        return None, paragraph
    window = 80 if match.re is GLUED_CAPS_BYLINE_RE else 60
    cut = len(paragraph) - window + match.start() if len(paragraph) > window else match.start()
    return authors, paragraph[:cut].rstrip()


# "… phát biểu. Ảnh: Vương Linh", "(Ảnh: Q.Huy)", "ẢNH: HOÀNG ANH", "Ảnh: VGP/Minh Khôi", "(Ảnh: Trí Huy)."
PHOTO_CREDIT_RE = re.compile(
    r"(?:^|(?<=[.\s(]))\(?(?i:ảnh|ảnh minh họa|ảnh minh hoạ|clip|video|nguồn ảnh)\s*:\s*"
    r"(?P<who>[^.;()\n]{1,60}(?:\.[^\s.;()\n][^.;()\n]{0,30})?)\s*\)?\s*\.?\s*$"
)


def photo_credit(paragraph):
    """(credit, paragraph without it) for a caption ending with a photo credit, else (None, paragraph)."""
    if len(paragraph) > 600:
        tail_start = len(paragraph) - 200
        credit, rest = photo_credit(paragraph[tail_start:])
        return (credit, paragraph[:tail_start] + rest) if credit else (None, paragraph)
    if paragraph.rstrip().endswith("|"):  # a caption in a table's cell: "| … (Ảnh: Quốc hội) |"
        credit, rest = photo_credit(paragraph.rstrip().rstrip("|").rstrip())
        return (credit, rest.lstrip("| ").strip()) if credit else (None, paragraph)
    match = PHOTO_CREDIT_RE.search(paragraph) if ":" in paragraph else None  # "Ảnh:" has its colon
    if not match:
        return None, paragraph
    who = match["who"].strip()
    if not who or len(who.split()) > 8 or re.search(r"\b(?:Internet|minh họa|minh hoạ)\b", who, re.I):
        return None, paragraph
    rest = paragraph[:match.start()].rstrip(" (")
    return normal_case(who), rest


def outlet_prefix(paragraph):
    """(marker as printed, paragraph without it) for '(ANTN) - …' or 'ANTD.VN - …' leads."""
    outlet, rest = lead_marker(paragraph)
    return (outlet.abbr or outlet.name, rest) if outlet else (None, paragraph)
