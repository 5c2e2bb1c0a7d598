"""Which outlet published an article, from the places outlets name themselves.

Three positions name an outlet: a marker opening the lead ("(CAND) - ", "TP - ",
"QĐND Online- ", "(Baonghean.vn) - ", "(NTO) " opening the second paragraph), a
header line printed by the site ("Báo Quảng Nam", "CÔNG AN TỈNH HÀ NAM",
"BÁO ĐẮK LẮK ĐIỆN TỬ"), and a closing credit ("Theo ANTV", "Nguồn: Báo Lạng Sơn",
"(Theo TTXVN)").  Forms are looked up in indexer/data/outlets.json, case-insensitively;
every lookup here is in one of those positions, so marker-only forms count too.
A provincial police portal or paper the list lacks is still named: "Công an tỉnh X",
"Báo X" when X is a province.
"""
import functools
import json
import re
from pathlib import Path

from ..normalize import canonical_tones
from .boilerplate import is_section_label
from .provinces import find_provinces

DATA = Path(__file__).resolve().parent.parent / "data" / "outlets.json"


def _key(text):
    return " ".join(canonical_tones(text).casefold().split())


key = _key  # the form two outlet names are compared by


@functools.lru_cache(maxsize=1)
def _by_marker():
    with open(DATA, encoding="utf-8") as handle:
        outlets = json.load(handle)["outlets"]
    table = {}
    for outlet in outlets:
        for form in [outlet["name"]] + list(outlet.get("markers") or []) + (
                [outlet["site"]] if outlet.get("site") else []):
            table.setdefault(_key(form), outlet)
    return table


class Outlet:
    """A named outlet: full name and the abbreviation it prints (either may be None)."""

    __slots__ = ("name", "abbr", "kind")

    def __init__(self, name, abbr=None, kind=None):
        self.name, self.abbr, self.kind = name, abbr, kind

    def __repr__(self):
        return f"Outlet({self.name!r}, {self.abbr!r})"


# Words a site adds around its own name: "Báo điện tử X", "X điện tử", "X Online", "Cổng TTĐT X".
_WRAPPER_RE = re.compile(
    r"^(?:báo\s+điện\s+tử|cổng\s+thông\s+tin\s+điện\s+tử|cổng\s+ttđt|trang\s+thông\s+tin\s+điện\s+tử|trang\s+tin\s+điện\s+tử)\s+"
    r"|\s+(?:điện\s+tử|online|news|\.vn)$",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"(?:https?://|www\.)\S*", re.IGNORECASE)
_COPYRIGHT_RE = re.compile(r"^(?:©|\(c\)|bản quyền thuộc về|copyright)\s*", re.IGNORECASE)


def lookup(form, abbr=None):
    """The Outlet a printed form names, or None."""
    form = form.strip(" .-–|:()")
    if not form or len(form) > 80:
        return None
    found = _lookup(form, abbr)
    return Outlet(*found) if found else None


@functools.lru_cache(maxsize=4096)
def _lookup(form, abbr):
    """(name, abbr, kind) of the outlet a form names, or None (kept: markers and sources recur)."""
    candidates = [form]
    stripped = form
    for _ in range(3):
        stripped = _WRAPPER_RE.sub("", stripped).strip(" .-–")
        if stripped and stripped not in candidates:
            candidates.append(stripped)
    if stripped and not stripped.lower().startswith("báo "):
        candidates.append("Báo " + stripped)
    for candidate in candidates:
        known = _by_marker().get(_key(candidate))
        if known:
            name = known["name"]
            if "chưa xác định" in name and known.get("abbr"):
                name = known["abbr"]  # an abbreviation not yet identified stays as printed
            return name, known.get("abbr") or abbr, known.get("kind")
    for candidate in candidates:
        generic = _generic(candidate) or _site_generic(candidate)
        if generic:
            return generic, abbr, None
    return None


_GENERIC_RE = re.compile(
    r"^(?P<kind>công an (?:tỉnh|thành phố|tp\.?)|báo|đài phát thanh (?:và|-) truyền hình|đài pt\s*-?\s*th|"
    r"đảng bộ tỉnh)\s+(?P<place>.+)$", re.IGNORECASE)
# A provincial broadcaster by its on-air name: "Điện Biên TV", "Quảng Trị TV".
_PLACE_TV_RE = re.compile(r"^(?P<place>[^\d()]{3,30}?)\s+TV$")
# A provincial broadcaster's or paper's own site: "kontumtv.vn", "baotravinh.vn".
_SITE_GENERIC_RE = re.compile(
    r"^(?:www\.)?(?P<kind>bao)?(?P<place>[a-z]+?)(?P<tv>tv)?\.(?:com\.vn|org\.vn|net\.vn|vn)$")


def _generic(form):
    """'CÔNG AN TỈNH BẮC GIANG' -> 'Công an tỉnh Bắc Giang'; 'Báo Sóc Trăng' -> itself;
    'Điện Biên TV' -> 'Đài Phát thanh và Truyền hình Điện Biên'."""
    match = _GENERIC_RE.match(form)
    if not match:
        tv = _PLACE_TV_RE.match(form)
        found = find_provinces(tv["place"]) if tv else []
        if len(found) == 1 and found[0][1] == 0 and found[0][2] == len(tv["place"]):
            return f"Đài Phát thanh và Truyền hình {found[0][0]}"
        return None
    place = match["place"]
    titled = " ".join(w.capitalize() for w in place.split()) if place.isupper() else place
    found = find_provinces(titled)
    if len(found) != 1 or found[0][1] != 0 or found[0][2] != len(titled):
        return None
    kind = match["kind"].lower()
    if kind.startswith("công an"):
        kind = "Công an thành phố" if "tỉnh" not in kind else "Công an tỉnh"
        return f"{kind} {found[0][0]}"
    if kind.startswith("đài"):
        return f"Đài Phát thanh và Truyền hình {found[0][0]}"
    if kind.startswith("đảng"):
        return f"Trang thông tin điện tử Đảng bộ tỉnh {found[0][0]}"
    return f"Báo {found[0][0]}"


@functools.lru_cache(maxsize=1)
def _province_by_folded():
    from ..normalize import fold
    from .provinces import province_names
    return {fold(name).replace(" ", "").replace("-", ""): name for name in province_names()}


def _site_generic(form):
    """'kontumtv.vn' -> 'Đài Phát thanh và Truyền hình Kon Tum', 'baotravinh.vn' -> 'Báo Trà Vinh'."""
    match = _SITE_GENERIC_RE.match(form.strip().lower())
    if not match or bool(match["kind"]) == bool(match["tv"]):
        return None
    place = _province_by_folded().get(match["place"])
    if not place:
        return None
    return f"Đài Phát thanh và Truyền hình {place}" if match["tv"] else f"Báo {place}"


_ADDRESS_RE = re.compile(r"^(?:https?://)?(?:www\.|m\.)?(?P<label>[a-z0-9-]{4,40})\.[a-z.]{2,12}/?$", re.IGNORECASE)


def site_named(name, address):
    """The Outlet ``name`` names when ``address`` is a bare site address spelling the same letters
    ("Nghệ An 24h" and "http://nghean24h.vn", "Báo Đồng Nai" and "baodongnai.com.vn"), else None."""
    from ..normalize import fold

    match = _ADDRESS_RE.match(address.strip())
    if not match or len(name.split()) > 8 or not name[:1].isupper() or _ADDRESS_RE.match(name.strip()):
        return None
    if re.sub(r"[^a-z0-9]", "", fold(name).lower()) != match["label"].lower().replace("-", ""):
        return None
    return lookup(name) or Outlet(name.strip())


def header_outlet(line):
    """The outlet a site's header line names ('Báo Quảng Nam', 'CÔNG AN TỈNH HÀ NAM<logo url>'), or None."""
    line = _COPYRIGHT_RE.sub("", _URL_RE.sub(" ", line)).strip()
    if not line or len(line) > 90 or is_section_label(line):
        return None
    whole = lookup(line)
    if whole:
        return whole
    for part in re.split(r"\s+[-–|]\s+", line):
        found = lookup(part)
        if found:
            return found
    return None


# A lead marker: "(CAND) - ", "(CAO) ", "(GLO)- ", "(SGGP).- ", "ANTĐ - ", "QĐND Online- ",
# "BGĐT- ", "LSO-", "VOV.VN - ".  Parenthesised ones need no dash.
_PAREN_MARKER_RE = re.compile(r"^\s*\(\s*(?P<m>[^()\n]{2,40}?)\s*\)\s*\.?\s*(?:[-–—]+\s*)?")
_BARE_MARKER_RE = re.compile(
    r"^\s*(?P<m>[A-ZĐ][\w.&+]{0,24}(?:\s+(?:Online|online|News|\.vn))?)\s*[-–—]+\s*(?=\S)"
)
# A listed outlet name of two or three words before a dash: "Biên phòng - ".
_WORDS_MARKER_RE = re.compile(r"^\s*(?P<m>[A-ZĐ]\w*(?:\s+\w+){1,2})\s+[-–—]+\s+(?=\S)")
# An outlet's name in brackets followed by a dash: "(Thanh tra) - ", one to three words, the first capitalised.
_NAME_MARKER_RE = re.compile(r"^\s*\(\s*[A-ZĐ]\w*(?:\s+\w+){0,2}\s*\)\s*[-–—]")
_NOT_OUTLET_WORDS = {"video", "clip", "ảnh", "audio", "podcast", "infographic", "phóng", "trực", "emagazine", "tin"}
_ABBR_RE = re.compile(r"^[A-ZĐ][A-ZĐ0-9&+.]{1,9}$")
_SITE_RE = re.compile(r"^[\w.-]+\.(?:vn|com|net|org)(?:\.vn)?$", re.IGNORECASE)


def lead_marker(paragraph):
    """(Outlet or None, paragraph without the marker) for a lead opening with an outlet marker.

    An unknown parenthesised abbreviation ("(BĐX) - ") is kept as an abbreviation without a name.
    """
    for pattern in (_PAREN_MARKER_RE, _BARE_MARKER_RE, _WORDS_MARKER_RE):
        match = pattern.match(paragraph)
        if not match:
            continue
        form = match["m"]
        rest = paragraph[match.end():]
        if not rest.strip():
            continue
        if pattern is _WORDS_MARKER_RE and (is_section_label(form) or len(rest.split()) < 8 or
                                            re.search(r"[›»>|]| / ", rest[:80])):
            continue  # "Tin tức - Sự kiện › …" is a breadcrumb, not a lead
        known = lookup(form)
        if known:
            if pattern is not _PAREN_MARKER_RE and not _ABBR_RE.match(form.split()[0]) and not _SITE_RE.match(form) \
                    and _key(form) not in _by_marker() and not _PLACE_TV_RE.match(form):
                continue  # "Hà Nội - …" is a dateline, not an outlet; "Biên phòng - " is a listed marker
            printed = re.sub(r"\s+(?:Online|online)$", "", form)
            return Outlet(known.name, printed, known.kind), rest.lstrip()
        if pattern is _PAREN_MARKER_RE and (_ABBR_RE.match(form) or _SITE_RE.match(form)):
            return Outlet(None, form), rest.lstrip()
        if pattern is _PAREN_MARKER_RE and _NAME_MARKER_RE.match(match.group()) and \
                _key(form).split()[0] not in _NOT_OUTLET_WORDS:
            return Outlet(form, form), rest.lstrip()  # "(Thanh tra) - ": a name in brackets, then a dash
    return None, paragraph


_SOURCE_RE = re.compile(
    r"^\(?\s*(?:Theo|Nguồn)\s*:?\s+(?P<form>[^():\[\]]{2,60}?)\s*(?::\s*(?:https?://\S+)?)?\s*\)?\s*\.?$",
    re.IGNORECASE)
# An address alone on the closing line: the link under a "Nguồn X:" line.
_ADDRESS_LINE_RE = re.compile(r"^\s*https?://\S+\s*$")
# An agency's credit alone in brackets closing the text: "(TTXVN/Vietnam+)", "(TTXVN)".
_BRACKETED_CREDIT_RE = re.compile(r"^\(\s*(?P<form>[^()]{2,40}?)\s*\)\s*\.?$")


_LINK_ONLY_SOURCE_RE = re.compile(r"^\(?\s*(?:Theo|Nguồn)\s*:?\s*\[[^\]]{1,40}\]\s*\)?\s*\.?$", re.IGNORECASE)


def link_only_source(line):
    """True for a closing source that is only a link's label: "Nguồn: [Link nguồn]" (names no outlet)."""
    return bool(_LINK_ONLY_SOURCE_RE.match(line.strip()))


def source_address(line, before):
    """True for an address alone on a line right under a closing source line ("Nguồn Tiền Phong:")."""
    return bool(_ADDRESS_LINE_RE.match(line)) and closing_source(before) is not None


def closing_source(line):
    """(Outlet, raw form) for a closing 'Theo ANTV' / 'Nguồn: Báo Lạng Sơn' / '(Theo TTXVN)' line, else None."""
    match = _SOURCE_RE.match(line.strip())
    if not match:
        credit = _BRACKETED_CREDIT_RE.match(line.strip())
        known = lookup(credit["form"], abbr=None) if credit else None
        if known is None or known.kind not in ("agency", "broadcast"):
            return None  # "(Ảnh minh họa)", "(Hà Nội)": a bracket alone names an outlet only for an agency
        return known, credit["form"]
    form = match["form"].strip()
    if len(form.split()) > 8 or re.search(r"[.;,]\s", form):
        return None
    return lookup(form, abbr=None) or Outlet(form, None), form
