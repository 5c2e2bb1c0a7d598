"""Provinces and centrally-run cities named in a text, canonical with diacritics.

The names come from the ``vietnamadminunits`` package, which ships both the 63
units before the 2025 merger and the 34 after it (every post-2025 name is also a
pre-2025 one, so the union is the 63).  Its JSON is read directly: importing the
package would pull in its geometry stack for nothing.
"""
import functools
import importlib.util
import json
import re
from pathlib import Path

from ..normalize import canonical_tones

# Spellings the package does not list, as writers use them.
EXTRA_ALIASES = {
    "Thừa Thiên Huế": "Thừa Thiên Huế", "Thừa Thiên - Huế": "Thừa Thiên Huế",
    "Thừa Thiên – Huế": "Thừa Thiên Huế", "TT-Huế": "Thừa Thiên Huế",
    "Bà Rịa - Vũng Tàu": "Bà Rịa - Vũng Tàu", "Bà Rịa – Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu", "BR-VT": "Bà Rịa - Vũng Tàu",
    "Đăk Lăk": "Đắk Lắk", "Đắc Lắc": "Đắk Lắk", "Daklak": "Đắk Lắk", "Đắk Lăk": "Đắk Lắk",
    "Đăk Nông": "Đắk Nông", "Đắc Nông": "Đắk Nông", "Kontum": "Kon Tum",
    "Thành phố Hồ Chí Minh": "Hồ Chí Minh", "thành phố Hồ Chí Minh": "Hồ Chí Minh",
    "TP. Hồ Chí Minh": "Hồ Chí Minh",
    "TP Hồ Chí Minh": "Hồ Chí Minh", "TP.Hồ Chí Minh": "Hồ Chí Minh",
}

# "TP. HCM", "TP.HCM", "TPHCM", "Tp HCM", "CATP HCM", "TP.HCM" -> Hồ Chí Minh
HCM_ABBREVIATION_RE = re.compile(r"(?<!\w)(?:(?:TP|Tp|CATP)\s*\.?\s*HCM|TPHCM|HCMC)(?!\w)")

# A province name right after these names a person, a monument, a road or an institution
# ("Trường Đại học An Giang", "Báo Nghệ An"), not the unit.
NOT_A_PROVINCE_BEFORE = re.compile(
    r"(?:Chủ tịch|Bác|Quảng trường|Lăng|[Tt]ư tưởng|[Đđ]ường|Bảo tàng|Huân chương|Giải thưởng|"
    r"Tượng đài|Khu di tích|Di tích|Nhà lưu niệm|Đoàn TNCS|Thanh niên Cộng sản|[Ss]ông|[Đđ]èo|[Nn]úi|[Cc]hị|[Aa]nh|[Ee]m|[Bb]ạn|"
    r"Trường|Đại học|Cao đẳng|Bệnh viện|Ngân hàng|Công ty|Tập đoàn|Báo|Đài|Nhà xuất bản|Sân bay|Cảng)\s+$"
)


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
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")
    return pattern, by_form


def find_provinces(text, excluded_spans=()):
    """[(canonical name, start, end)] in order of appearance.

    ``excluded_spans`` are character ranges (people's names) where a match does not count.
    """
    pattern, by_form = _matcher()
    comparable = canonical_tones(text)  # same length as text
    found = []
    for match in HCM_ABBREVIATION_RE.finditer(text):
        found.append(("Hồ Chí Minh", match.start(), match.end()))
    for match in pattern.finditer(comparable):
        start, end = match.span()
        if any(s <= start < e for s, e in excluded_spans):
            continue
        if NOT_A_PROVINCE_BEFORE.search(text[max(0, start - 30):start]):
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
