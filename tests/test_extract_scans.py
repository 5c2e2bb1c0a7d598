"""The extractors' fast scans find what the plain patterns they stand for find.

Each shortcut (a scan for the places a pattern can start, a pattern regrouped by first letter,
a test for a word a pattern needs) is checked against the plain pattern on the labelled articles,
on their upper-case and title-case copies, and on texts written for the corner cases.
"""
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from indexer.extract import boilerplate, clusters, persons, provinces, scan
from indexer.extract.reader import read_text
from indexer.normalize import canonical_tones, fold

ARTICLES = sorted((Path(__file__).resolve().parent.parent / "eval" / "articles").iterdir())

CORNER_CASES = [
    "Gıám đốc Nguyễn Văn An phát biểu", "GİÁM ĐỐC Nguyễn Văn An", "Chiến ſĩ Nguyễn Văn An",
    "đồng chí Nguyễn Văn An - Giám đốc Công an tỉnh", "chí\nNguyễn Văn An -  Phó Giám đốc X",
    "a,Trần Văn B — Chủ tịch UBND tỉnh", "xchí Lê Văn C - Bí thư ", "chíLê Văn C - Bí thư ",
    ": \n  Lê  Văn\nC\n-\nBí thư Tỉnh ủy", "; Lê Văn C - bí thư x, Phạm Văn D - Phó Chủ tịch y",
    "Đồng chí: Lê Văn C – Trưởng phòng, đồng chí Phạm Văn D - Phó Chủ tịch y; chí Hồ Văn E - Thư ký z",
    "Nguyên Phó Giám đốc Công an tỉnh Nghệ An Nguyễn Văn B", "xHà Nội, Hà Nội, (Hà Nội) Hà Nộix _Hà Nội",
    "TP.HCM, TP. Hồ Chí Minh, Thừa Thiên - Huế, Huế, Bà Rịa–Vũng Tàu\nHà Nội",
    "CỤM THI ĐUA SỐ 5, cụm số 06, Cụm thi đua số IV, CTĐ số 3, xcụm số 2, Khối thi đua An ninh, khối Cảnh sát",
    "Cụm thı đua số 7, KHỐİ An nınh, Khối thi đua các đơn vị",
]


@pytest.fixture(scope="module")
def texts():
    written = [read_text(path) for path in ARTICLES] + CORNER_CASES
    return written + [text.upper() for text in written] + [text.title() for text in written]


def _spans(matches):
    return [match.span() for match in matches]


def test_person_starts_are_where_the_plain_scan_finds_them(texts):
    for text in texts:
        assert persons._person_starts(text) == [m.start() for m in persons._PERSON_START_RE.finditer(text)]


def test_lower_case_scan_loses_no_letter_the_engine_matches_ignoring_case():
    """Every character the engine matches, ignoring case, to a letter of the lower-case scan
    lowers to that letter, but for the exceptions a text is scanned as written for; and lowering
    keeps a character a word character or not (the scan's "(?<!\\w)")."""
    scans = persons._PERSON_START_LOWER_RE.pattern + "".join(clusters._CLUSTER_WORDS)
    letters = {ch for ch in scans.replace(r"\w", "").replace(r"\s", "") if ch.isalpha() and ch.lower() == ch}
    any_letter = re.compile("(?i:[" + "".join(sorted(letters)) + "])")
    word = re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char in scan.CASE_EXCEPTIONS or 0xD800 <= code <= 0xDFFF:
            continue
        lowered = char.lower()
        assert len(lowered) == 1, hex(code)
        assert bool(word.match(char)) == bool(word.match(lowered)), hex(code)
        if any_letter.match(char):
            assert lowered in letters, hex(code)


def test_person_patterns_tried_at_the_starts_match_as_a_search(texts):
    for text in texts:
        starts = persons._person_starts(text)
        assert _spans(scan.finditer_at(persons.PERSON_RE, text, starts)) == _spans(persons.PERSON_RE.finditer(text))
        for pattern in (persons.OFFICE_FIRST_RE, persons.OFFICE_PLACE_RE):
            for position in range(0, len(text), 211):
                fast, plain = scan.search_at(pattern, text, starts, position), pattern.search(text, position)
                assert (fast and fast.span()) == (plain and plain.span())


def test_name_dash_office_tried_at_its_starts_matches_as_finditer(texts):
    pattern = persons.NAME_DASH_OFFICE_RE
    for text in texts:
        for part in [text] + [text[i:i + 300] for i in range(0, len(text), 97)]:
            fast = scan.finditer_at(pattern, part, persons._name_dash_starts(part))
            assert _spans(fast) == _spans(pattern.finditer(part))


def test_honoured_titles_hold_their_marks():
    for title in ("Mẹ Việt Nam Anh hùng", "Mẹ Việt Nam anh hùng", "Anh hùng liệt sĩ", "Liệt sĩ", "liệt sỹ"):
        found = persons._honoured(title + " Nguyễn Văn An")
        assert [match["name"] for match in found] == ["Nguyễn Văn An"]


def test_province_names_grouped_by_first_letter_match_as_one_alternation(texts):
    pattern, by_form = provinces._matcher()
    forms = sorted(by_form, key=len, reverse=True)
    plain = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(form) for form in forms) + r")(?!\w)")
    for text in texts:
        comparable = canonical_tones(text)
        assert _spans(pattern.finditer(comparable)) == _spans(plain.finditer(comparable))
    for form in forms:
        for text in (form, "x" + form, form + "x", "\n" + form, "(" + form + ")", "_" + form, "1" + form):
            assert _spans(pattern.finditer(text)) == _spans(plain.finditer(text))


def test_noise_rules_as_one_name_the_first_rule_that_matches(texts):
    lines = [boilerplate.clean_line(line) for text in texts for line in text.split("\n")]
    lines += ["17 lượt chia sẻ", "https://x.vn/a", "Link: www.x.vn", "© 2020 Báo", "#a #b", "Hà Nội 25°C", "A- A+"]
    for line in lines:
        first = next((name for name, rule in boilerplate.NOISE_LINE_PATTERNS.items() if rule.match(line)), None)
        assert boilerplate.noise_reason(line) == first


def test_lines_cleaned_and_read_more_links_cut_as_by_the_patterns(texts):
    lines = [line for text in texts for line in text.split("\n")]
    lines += ["a \u00a0 b", "a\tb", "  a  b  ", "Tin dài hơn hai mươi ký tự (xem thêm)",
              "Tin dài hơn hai mươi ký tự [Đọc tiếp…]\n"]
    for line in lines:
        assert boilerplate.clean_line(line) == boilerplate._SPACES_RE.sub(" ", line).strip()
        expected = boilerplate.READ_MORE_TAIL_RE.sub("", line) if len(line) > 20 else line
        assert boilerplate.strip_read_more(line) == expected


def test_cluster_patterns_tried_at_their_starts_match_as_a_search(texts):
    for text in texts:
        starts = clusters._cluster_starts(text)
        for pattern in (clusters.NUMBERED_RE, clusters.NAMED_RE):
            assert _spans(scan.finditer_at(pattern, text, starts)) == _spans(pattern.finditer(text))
        fast, plain = scan.search_at(clusters.EXPLICIT_RE, text, starts), clusters.EXPLICIT_RE.search(text)
        assert (fast and fast.span()) == (plain and plain.span())


def test_fold_keeps_a_latin_line_as_long_as_it_is():
    """Why boilerplate skips folding long Latin lines: each such character folds to one character."""
    ranges = ((0, 0x2FF), (0x1E00, 0x1EFF), (0x2000, 0x206F))
    latin = [chr(code) for low, high in ranges for code in range(low, high + 1)]
    assert all(len(fold(char)) == 1 for char in latin)
    assert all(boilerplate._LATIN_RE.fullmatch(char) for char in latin)
    text = "".join(latin)
    assert len(fold(text)) == len(text)


def test_block_markers_found_as_by_folding_every_line(texts):
    lines = [line for text in texts for line in text.split("\n")]
    marks = "\u0302" * 30  # combining marks fold to nothing: a long line may fold to a marker
    lines += ["Tin liên quan:", "TIN LIÊN QUAN", "Tin lie\u0302n quan", "Tin lie" + marks + "n quan", "Tags: a"]
    for line in lines:
        expected = fold(line.rstrip(":").strip()) in boilerplate.BLOCK_MARKERS \
            or bool(boilerplate.TAG_LINE_RE.match(line)) or bool(boilerplate.COMMENT_POLICY_RE.match(line))
        assert boilerplate.is_block_marker(line) == expected, line


def _drop_repeats_by_folding_all(paragraphs, title):
    title_key = boilerplate._key(title) if title else None
    kept = []
    for paragraph in paragraphs:
        key = boilerplate._key(paragraph)
        if (kept and key == boilerplate._key(kept[-1])) or (title_key and key == title_key):
            continue
        kept.append(paragraph)
    return kept


def test_repeats_dropped_as_by_folding_every_paragraph(texts):
    cases = [(text.split("\n"), text.split("\n")[0]) for text in texts]
    cases += [(["Ảnh: A.", "ảnh: a …", "Ảnh: A", "Anh: A:", "A\u0301nh: A", "x"], "ẢNH A"),
              (["Tiêu đề", "...", "…", "", "Tiêu đề.", "Tieu de"], "Tiêu đề"), (["a", "a"], ""), (["..", "."], ".")]
    for paragraphs, title in cases:
        assert boilerplate.drop_repeats(paragraphs, title) == _drop_repeats_by_folding_all(paragraphs, title)


def test_route_ends_found_as_by_the_pattern(texts):
    windows = [text[max(0, i - 60):i] for text in texts for i in range(0, len(text), 7)]
    windows += ["cao tốc Nội Bài - ", "đường sắt Hà Nội –\n", "Quốc lộ 4D Sa Pa -", "tuyến đường Hòa Bình - x"]
    for window in windows:
        assert bool(provinces._route_end_before(window)) == bool(provinces.ROUTE_END_BEFORE.search(window))


def test_old_tone_pairs_rewritten_as_canonical_tones_does(texts):
    vowels = "aăâeêioôơuưy"
    toned = [unicodedata.normalize("NFC", v + mark) for v in vowels for mark in ("", *"\u0300\u0301\u0303\u0309\u0323")]
    letters = toned + [letter.upper() for letter in toned]
    pairs = " ".join(first + second for first in letters for second in letters)  # scanned in lower case
    for text in [*texts, pairs, pairs + "ı", "Hòa Bình, HÒA BÌNH, Thủy, THỦY, khỏe, KHOẺ, hoà, òòa", "ſò, òa"]:
        assert provinces._canonical_tones(text) == canonical_tones(text)


def test_text_with_an_ascii_letter_folds_to_more_than_blanks(texts):
    from indexer.extract import reader

    samples = [*texts, "a", " \u0301a\u0301 ", "\u0301" * 5, "   \n ", "ß", "\u1100\u1161", "İ", "x\u200b", "1 2 3"]
    for text in samples:
        assert reader._folds_to_something(text) == bool(fold(text).strip()), text


def test_kept_provinces_of_a_short_text_are_a_fresh_list_each_time():
    found = provinces.find_provinces("Công an tỉnh Nghệ An")
    found.append(("Hà Nội", 0, 0))
    assert provinces.find_provinces("Công an tỉnh Nghệ An") == [("Nghệ An", 13, 20)]
    assert provinces.find_provinces("x" * 300 + " Nghệ An") == [("Nghệ An", 301, 308)]


def test_section_labels_found_as_by_folding_every_line(texts):
    lines = [line for text in texts for line in text.split("\n")]
    lines += [" ".join(line.split()[:size]) for line in lines for size in (1, 2, 3)]
    lines += ["Tin địa phương:", "THỜI SỰ - CHÍNH TRỊ", "Thời sự" + "\u0301" * 40, "Tin tức - Sự kiện  "]
    for line in lines:
        expected = fold(canonical_tones(line.rstrip(":").strip())) in boilerplate.SECTION_LABELS
        assert boilerplate.is_section_label(line) == expected, line


def test_byline_tails_are_cut_only_from_lines_ending_as_their_patterns_need(texts):
    from indexer.extract import bylines

    lines = [line.strip() for text in texts for line in text.split("\n")]
    lines += ["Minh Anh (CTV)", "Minh Anh (Công an tỉnh Lào Cai)", "Minh Anh |", "Minh Anh /", "A (CTV) (PV)"]
    for line in lines:
        if not line.endswith(("|", "/")):
            assert bylines._TRAILING_BAR_RE.sub("", line) == line
        if not line.endswith(")"):
            assert bylines._BYLINE_TAG_RE.sub("", line) == line
