"""Bylines and outlets: who wrote it, and for which outlet.

"Minh Triết-Tiến Dũng" is two people; "Phương Huyền – Công an tỉnh" is one person
and her unit; "Nhóm PV" is a group byline; "(ANTN) - …" and "ANTD.VN - …" name the outlet.
"""
import re

from .persons import LOWER, UPPER

_NAME_WORD = rf"[{UPPER}][{LOWER}]+"
PERSON_NAME_RE = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}")
GROUP_BYLINE_RE = re.compile(r"^(?:Nhóm\s+(?:PV|phóng viên|tác giả|PV\s*-\s*CTV)|PV|Phóng viên|Nhóm PV.*|BTV|Ban Biên tập|CTV|P\.V)$", re.I)
UNIT_START_RE = re.compile(r"^(?:Công an|CA\s|Phòng|Đội|Báo|Cục|Ban|Trung tâm|Đài|Văn phòng|Tạp chí|Học viện|Trường)", re.I)
OUTLET_PREFIX_RE = re.compile(
    r"^\s*\(?(?P<outlet>[A-ZĐ][A-ZĐ0-9]{1,9}(?:\.(?:VN|vn|COM|com|NET|net))?|[A-ZĐ][A-Za-zĐđ]+\.(?:vn|VN))\)?\s*[-–—]\s+"
)
OUTLET_SOURCE_RE = re.compile(r"^\(?(?:Theo|Nguồn)\s*:?\s+(?P<outlet>[^()]{2,40}?)\)?\.?$")
_NAME_SEPARATORS_RE = re.compile(r"\s*(?:,|;|\s[-–—]\s|(?<=[a-zà-ỹ])[-–—](?=[A-ZĐÀ-Ỹ])|\svà\s)\s*")


def outlet_prefix(paragraph):
    """(outlet, paragraph without it) for '(ANTN) - …' or 'ANTD.VN - …' leads."""
    match = OUTLET_PREFIX_RE.match(paragraph)
    if not match:
        return None, paragraph
    return match["outlet"], paragraph[match.end():].lstrip()


def outlet_source(line):
    """The outlet of a closing 'Theo ANTV' / 'Nguồn: CAND' line, or None."""
    match = OUTLET_SOURCE_RE.match(line.strip())
    return match["outlet"].strip() if match else None


def parse_byline(line):
    """A list of authors when the whole line is a byline, else None.

    Parts after a spaced dash that name a unit ("– Công an tỉnh") are the writer's
    unit, not another author.
    """
    line = line.strip().strip(".")
    if not line or len(line) > 80 or re.search(r"\d", line):
        return None
    if GROUP_BYLINE_RE.match(line):
        return [line]
    authors = []
    for part in _NAME_SEPARATORS_RE.split(line):
        part = part.strip()
        if not part:
            continue
        if UNIT_START_RE.match(part):
            if not authors:
                return None
            break
        if GROUP_BYLINE_RE.match(part):
            authors.append(part)
            continue
        if not PERSON_NAME_RE.fullmatch(part):
            return None
        authors.append(part)
    return authors or None


def looks_like_byline_prefix(text):
    """Names in front of a publication date: 'Minh Triết-Tiến Dũng 20/11/2024 - 10:38'."""
    return parse_byline(text) if text.strip() else None
