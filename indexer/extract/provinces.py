"""Provinces and centrally-run cities named in a text, canonical with diacritics.

The names come from the ``vietnamadminunits`` package, which ships both the 63
units before the 2025 merger and the 34 after it (every post-2025 name is also a
pre-2025 one, so the union is the 63).  Its JSON is read directly: importing the
package would pull in its geometry stack for nothing.
"""
import bisect
import functools
import importlib.util
import json
import re
from pathlib import Path

from ..normalize import canonical_tones
from . import scan

# Spellings the package does not list, as writers use them.
EXTRA_ALIASES = {
    "Thừa Thiên Huế": "Thừa Thiên Huế", "Thừa Thiên - Huế": "Thừa Thiên Huế",
    "Thừa Thiên – Huế": "Thừa Thiên Huế", "TT-Huế": "Thừa Thiên Huế",
    "Bà Rịa - Vũng Tàu": "Bà Rịa - Vũng Tàu", "Bà Rịa – Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu", "BR-VT": "Bà Rịa - Vũng Tàu",
    "Đăk Lăk": "Đắk Lắk", "Đắc Lắc": "Đắk Lắk", "Daklak": "Đắk Lắk", "Đắk Lăk": "Đắk Lắk",
    "Đăk Nông": "Đắk Nông", "Đắc Nông": "Đắk Nông", "Kontum": "Kon Tum",
    "Đak Lak": "Đắk Lắk", "Đak Lắk": "Đắk Lắk", "Đắk Lắc": "Đắk Lắk", "Đắk Lak": "Đắk Lắk", "Dak Lak": "Đắk Lắk",
    "Đak Nông": "Đắk Nông", "Dak Nông": "Đắk Nông", "Đắk Nong": "Đắk Nông",
    "Thành phố Hồ Chí Minh": "Hồ Chí Minh", "thành phố Hồ Chí Minh": "Hồ Chí Minh",
    "TP. Hồ Chí Minh": "Hồ Chí Minh",
    "TP Hồ Chí Minh": "Hồ Chí Minh", "TP.Hồ Chí Minh": "Hồ Chí Minh",
    "Thừa Thiên- Huế": "Thừa Thiên Huế", "Thừa Thiên -Huế": "Thừa Thiên Huế", "Thừa Thiên-Huế": "Thừa Thiên Huế",
    "Thừa Thiên–Huế": "Thừa Thiên Huế", "TT- Huế": "Thừa Thiên Huế", "TT - Huế": "Thừa Thiên Huế",
    "TT Huế": "Thừa Thiên Huế", "Huế": "Thừa Thiên Huế",
    "Bà Rịa-Vũng Tàu": "Bà Rịa - Vũng Tàu", "Bà Rịa- Vũng Tàu": "Bà Rịa - Vũng Tàu", "BR - VT": "Bà Rịa - Vũng Tàu",
    "BRVT": "Bà Rịa - Vũng Tàu", "BR–VT": "Bà Rịa - Vũng Tàu",
}

# "TP. HCM", "TP.HCM", "TPHCM", "Tp HCM", "CATP HCM", "TP.HCM" -> Hồ Chí Minh
HCM_ABBREVIATION_RE = re.compile(r"(?<!\w)(?:(?:TP|Tp|CATP)\s*\.?\s*HCM|TPHCM|HCMC)(?!\w)")

# A province name right after these names a person, a monument, a road or an institution
# ("Trường Đại học An Giang", "Báo Nghệ An"), not the unit.
NOT_A_PROVINCE_BEFORE = re.compile(
    r"(?:Chủ tịch|Bác|Quảng trường|Lăng|[Tt]ư tưởng|[Đđ]ường|Bảo tàng|Huân chương|Giải thưởng|"
    r"Tượng đài|Khu di tích|Di tích|Nhà lưu niệm|Đoàn TNCS|Thanh niên Cộng sản|"
    r"[Ss]ông|[Đđ]èo|[Nn]úi|[Cc]hị|[Aa]nh|[Ee]m|[Bb]ạn|[Cc]ao tốc|[Đđ]ường sắt|[Đđ]ường bộ|"
    r"Trường|Đại học|Cao đẳng|Bệnh viện|Ngân hàng|Công ty|Tập đoàn|Báo|Đài|Nhà xuất bản|Sân bay|Cảng|"
    # a place named like a province after a common noun: "đê biển Hà Nam" (Quảng Ninh), "thôn Quảng Bình"
    r"(?<!\w)(?:[Đđ]ê(?:\s+biển)?|[Đđ]ảo|[Xx]óm|[Tt]hôn|[Ấấ]p|[Bb]ản|[Ll]àng|(?<![Tt]hành\s)(?<![Kk]hu\s)[Pp]hố|"
    r"(?<![Yy]êu\s)[Cc]ầu|[Cc]hợ|[Kk]hu(?:\s+phố|\s+dân\s+cư)?|[Hh]ẻm|[Nn]gõ|[Kk]iệt|[Bb]ến|[Pp]hà|[Ss]uối|[Hh]ồ))\s+$"
)


# The far end of a road or railway named after the two places it joins: "cao tốc Nội Bài - Lào Cai",
# "đường sắt Hà Nội - Lào Cai", "tuyến đường Hòa Bình - Sơn La" (the near end is caught above).
ROUTE_END_BEFORE = re.compile(
    r"(?:[Cc]ao tốc|[Đđ]ường sắt|[Đđ]ường bộ|[Đđ]ường|[Qq]uốc lộ|[Tt]uyến đường|[Tt]uyến xe|[Tt]uyến cao tốc)"
    r"\s+(?:\d{1,3}[A-Z]?\s+)?(?:[A-ZĐ][\w.]*\s+){0,3}[A-ZĐ][\w.]*\s*[-–]\s*$")


def _route_end_before(before):
    """ROUTE_END_BEFORE.search(before), looked for only when a dash ends the text (as it ends every match)."""
    return before.rstrip().endswith(("-", "–")) and ROUTE_END_BEFORE.search(before)


def _package_data(name):
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnamadminunits package is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "data" / name


@functools.lru_cache(maxsize=1)
def province_names():
    """Every province name the package knows, before and after the 2025 merger."""
    names = []
    for data_file in ("parser_legacy.json", "parser_from_2025.json"):
        with open(_package_data(data_file), encoding="utf-8") as handle:
            for unit in json.load(handle)["DICT_PROVINCE"].values():
                if unit["provinceShort"] not in names:
                    names.append(unit["provinceShort"])
    return names


@functools.lru_cache(maxsize=1)
def _matcher():
    aliases = {name: name for name in province_names()}
    aliases.update(EXTRA_ALIASES)
    by_form = {canonical_tones(form): canonical for form, canonical in aliases.items()}
    # Longest first, so "Thừa Thiên Huế" wins over "Huế".
    forms = sorted(by_form, key=len, reverse=True)
    pattern = re.compile(_word_alternation_by_first_letter(forms) + r"(?!\w)")
    return pattern, by_form


def _word_alternation_by_first_letter(forms):
    """``(?<!\\w)(?:form|form|…)`` written as ``H(?<!\\w.)(?:à Nội|ải Phòng|…)|Đ(?<!\\w.)(?:…)|…``.

    The same matches: at a place only the forms opening with its letter can match, and they are
    tried in the same order.  But the pattern opens with a letter, so the regex engine skips from
    one possible first letter to the next instead of trying every form at every character.
    """
    by_letter = {}
    for form in forms:
        by_letter.setdefault(form[0], []).append(re.escape(form[1:]))
    return "(?:" + "|".join(
        re.escape(letter) + r"(?<!\w.)(?:" + "|".join(rests) + ")" for letter, rests in by_letter.items()) + ")"


# "Hồ Chí Minh" alone is the city only after a word for a place; otherwise it is the
# person or his ideology ("tấm gương đạo đức Hồ Chí Minh", "Đoàn TNCS Hồ Chí Minh").
_CITY_CUE_RE = re.compile(
    r"(?:TP\.?|Tp\.?|[Tt]hành phố|CATP|[Cc]ông an|[Tt]ại|[Ởở]|[Vv]ề|[Đđ]ến|[Kk]hu vực|[Tt]ỉnh, thành)\s*$")
_LIST_CUE_RE = re.compile(r"(?:,|\svà)\s*$")


def _names_the_city(text, start, found):
    before = text[max(0, start - 20):start]
    if _CITY_CUE_RE.search(before):
        return True
    # one in a list of provinces: "Hà Nội, Đà Nẵng và Hồ Chí Minh"
    return bool(_LIST_CUE_RE.search(before)) and any(0 <= start - e <= 8 for _n, _s, e in found[-3:])


# The old-style pairs canonical_tones rewrites ("hòa" -> "hoà", "thủy" -> "thuỷ"), in lower case: a pattern
# opening with one set of letters, which the regex engine skips through to the next such letter.
_OLD_TONE_PAIR_RE = re.compile("[òóỏõọùúủũụ](?:(?<=[òóỏõọ])[ae]|(?<=[ùúủũụ])y)")


def _canonical_tones(text):
    """canonical_tones(text), rewriting only its old-style pairs, found in the text in lower case."""
    lowered = scan.lower_for_scan(text)
    if lowered is None:
        return canonical_tones(text)
    parts, done = [], 0
    for pair in _OLD_TONE_PAIR_RE.finditer(lowered):
        start = pair.start()
        parts += [text[done:start], canonical_tones(text[start:start + 2])]
        done = start + 2
    return "".join(parts) + text[done:] if parts else text


def _inside(spans, starts, position):
    """True when position falls in one of the sorted spans (binary search: linear overall)."""
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


# Short texts (an office's organisation, a byline, the words after a bloc's name) come back again and
# again, in an article and across articles: their provinces are kept.
MAX_KEPT_TEXT_CHARS = 200


def find_provinces(text, excluded_spans=()):
    """[(canonical name, start, end)] in order of appearance.

    ``excluded_spans`` are character ranges (people's names) where a match does not count.
    """
    if not excluded_spans and len(text) <= MAX_KEPT_TEXT_CHARS:
        return list(_provinces_of_short_text(text))
    return _find_provinces(text, excluded_spans)


@functools.lru_cache(maxsize=4096)
def _provinces_of_short_text(text):
    return tuple(_find_provinces(text))


def _find_provinces(text, excluded_spans=()):
    pattern, by_form = _matcher()
    spans = sorted(excluded_spans)
    starts = [s for s, _e in spans]
    comparable = _canonical_tones(text)  # same length as text
    found = []
    if "HCM" in text:  # in every form the abbreviation takes
        for match in HCM_ABBREVIATION_RE.finditer(text):
            found.append(("Hồ Chí Minh", match.start(), match.end()))
    for match in pattern.finditer(comparable):
        start, end = match.span()
        if _inside(spans, starts, start):
            continue
        before = text[max(0, start - 30):start]
        if NOT_A_PROVINCE_BEFORE.search(before) or _route_end_before(text[max(0, start - 60):start]):
            continue
        if match.group() == "Hồ Chí Minh" and not _names_the_city(text, start, found):
            continue
        found.append((by_form[match.group()], start, end))
    return sorted(found, key=lambda item: item[1])


def provinces_in(text, excluded_spans=()):
    """Distinct canonical province names, in order of first appearance."""
    names = []
    for name, _start, _end in find_provinces(text, excluded_spans):
        if name not in names:
            names.append(name)
    return names


@functools.lru_cache(maxsize=1)
def _today_table():
    """{province before 1 July 2025: province it belongs to since}, from the package's converter data."""
    short = {}
    for era, data_file in (("old", "parser_legacy.json"), ("new", "parser_from_2025.json")):
        with open(_package_data(data_file), encoding="utf-8") as handle:
            short[era] = {key: unit["provinceShort"] for key, unit in json.load(handle)["DICT_PROVINCE"].items()}
    with open(_package_data("converter_2025.json"), encoding="utf-8") as handle:
        merged = json.load(handle)["DICT_PROVINCE"]
    table = {}
    for new_key, old_keys in merged.items():
        for old_key in old_keys:
            if old_key in short["old"] and new_key in short["new"]:
                table[short["old"][old_key]] = short["new"][new_key]
    # Our canonical names the package spells otherwise ("Thừa Thiên Huế", listed as "Huế").
    for form, canonical in EXTRA_ALIASES.items():
        if canonical not in table and form in table:
            table[canonical] = table[form]
    return table


def today(names):
    """The provinces (34, since the 2025 merger) that the named provinces are part of, in order."""
    table = _today_table()
    result = []
    for name in names:
        current = table.get(name, name)
        if current not in result:
            result.append(current)
    return result
