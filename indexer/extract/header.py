"""The lines above the article's text, read by what each one is.

A page's top holds site chrome (the outlet's own name, a logo URL, "baomoi.com"),
breadcrumbs and section labels, date lines, view counters, a kicker ("CỤM THI ĐUA
SỐ 8 – BỘ CÔNG AN:"), the headline, a byline, sometimes a caption, then the lead.
The header ends at the first line that reads like a lead (an outlet marker, an
event date in front, or a long sentence); the headline is the longest sentence-like
line before it that is none of the rest.
"""
import re
from dataclasses import dataclass, field

from . import boilerplate, bylines, dates, outlets

MAX_HEADER_LINES = 16
MAX_TITLE_CHARS = 300
MIN_TITLE_WORDS = 4

# An event date opening the lead: "Ngày 19/11", "Sáng 12/7", "Chiều 18-11", "Sáng 6.8", "Ngày 19 tháng 11",
# "Sáng nay, 8/12".
LEAD_DATE_RE = re.compile(
    r"^(?:Sáng|Chiều|Tối|Trưa|Đêm|Rạng sáng|Ngày|Hôm nay|Sáng nay|Chiều nay|Tối nay|Trưa nay|Hôm qua|Tối qua|"
    r"Sáng qua|Chiều qua|Trong (?:hai )?ngày|Từ ngày)(?:\s*,\s*|\s+)"
    r"(?:\(?(?:thứ\s+\S+|chủ\s+nhật)\)?,?\s+)?(?:ngày\s+)?"
    r"\d{1,2}\s*(?:[/.\-]\s*\d{1,2}|\s+tháng\s+\d{1,2})",
    re.IGNORECASE,
)
# Where a lead begins when the scraper glued it to the headline: "… ' Sáng 12/7, tại …".
GLUED_LEAD_RE = re.compile(
    r"(?<=[\w'’”\")])\s+(?=(?:Sáng|Chiều|Tối|Trưa|Đêm|Rạng sáng|Ngày|Hôm nay|Sáng nay|Chiều nay|Tối nay)"
    r"\s+(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2})|(?<=[\w'’”\")])\s+(?=\(?[A-ZĐ]{2,}[A-Z.]*\)?\s*[-–]\s)"
)
_KICKER_RE = re.compile(r":\s*$")
_URL_LINE_RE = re.compile(r"^(?:https?://|www\.)\S+$|^[\w.-]+\.(?:vn|com|net|org)(?:\.vn)?$", re.IGNORECASE)
_CAPTION_WORDS = 14


@dataclass
class Header:
    """What the top of a page says besides the text."""

    title: str = ""
    kicker: str = ""
    published: str = None
    authors: list = field(default_factory=list)
    outlet: object = None          # outlets.Outlet from a header line
    source_outlet: object = None   # an outlet named on a line of its own under the headline (aggregators)
    header_date: str = None        # the scraper's " date 2024-07" field
    sapo: list = field(default_factory=list)  # sentences between headline and lead that are text
    extra: list = field(default_factory=list)  # short sentences in the header: text, placed after the lead
    date_lines: list = field(default_factory=list)  # (line index, iso) of every bare date line read
    nav_index: int = None  # the last menu row or breadcrumb: lines above it are the site's banner
    post_day: tuple = None  # (day, month) of a social post's time, printed without a year


def _words(line):
    return len(line.split())


def is_lead_like(line):
    """A line that opens the text: outlet marker, event date in front, or a long sentence."""
    if outlets.lead_marker(line)[0] is not None:
        return True
    if LEAD_DATE_RE.match(line):
        found = dates.date_line(line) if len(line) <= dates.MAX_DATE_LINE else None
        return not (found and not found[1])  # "Ngày 15/3/2022 lúc 10:20" is a date line
    words = _words(line)
    if words >= 35:
        return True
    return words >= 15 and line.rstrip().endswith((".", "…", ".”", '."')) and ", " in line


def _strip_glued(line, header):
    """Remove a ' date 2024-07' scraper field and a glued section label from the line's front."""
    found, line = dates.header_date(line)
    if found:
        header.header_date = header.header_date or found
    return boilerplate.strip_section_prefix(line.strip())


# A site banner in capitals opening the page: "HUYỆN ĐOÀN THỌ XUÂN", "TỈNH ĐOÀN …", "TRANG THÔNG TIN …".
_BANNER_RE = re.compile(
    r"^(?:HUYỆN ĐOÀN|TỈNH ĐOÀN|THÀNH ĐOÀN|QUẬN ĐOÀN|ĐOÀN THANH NIÊN|HỘI |BAN |SỞ |UBND |ỦY BAN |UỶ BAN |TRƯỜNG |"
    r"HỌC VIỆN |TRANG THÔNG TIN|CỔNG THÔNG TIN|ĐẢNG BỘ|ĐẢNG ỦY|ĐẢNG UỶ|CÔNG AN (?:HUYỆN|QUẬN|XÃ|PHƯỜNG|THỊ XÃ)|"
    r"BÁO |TẠP CHÍ |ĐÀI )")
_BANNER_LOWER = {"huyện", "tỉnh", "thành", "quận", "đoàn", "thanh", "niên", "hội", "ban", "sở", "ủy", "uỷ",
                 "nhân", "dân", "trường", "học", "viện", "trang", "thông", "tin", "cổng", "điện", "tử", "đảng", "bộ",
                 "công", "an", "xã", "phường", "thị", "phố"}
# An aggregator's source line: the source's name printed twice, then the item's age ("Báo X Báo X 2 ngày").
_DOUBLED_SOURCE_RE = re.compile(
    r"^(?P<name>\S.{2,60}?)\s+(?P=name)(?:\s+\d{1,4}\s+(?:phút|giờ|ngày|tuần|tháng|năm)(?:\s+trước)?)?$", re.IGNORECASE)
# A section label, a dash and the time before the date: "Gương sáng - 09:42, 18/11/2021".
_LABEL_TIME_DATE_RE = re.compile(r"^[^\d|]{2,40}?\s[-–|]\s*\d{1,2}:\d{2}")
# A press-digest item's heading ends with its source and day in brackets: "… (Báo X 8/12)".
_DIGEST_ITEM_RE = re.compile(r"\(\s*[^()]{2,60}?\s\d{1,2}/\d{1,2}(?:/(?:19|20)?\d{2})?\s*\)\s*$")
# A social network's post time without a year: "13 tháng 1 lúc 20:14 · 🌏".
_POST_TIME_RE = re.compile(r"^(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s+lúc\s+\d{1,2}:\d{2})?\W*$", re.IGNORECASE)


def banner_name(line):
    """'HUYỆN ĐOÀN THỌ XUÂN' -> 'Huyện đoàn Thọ Xuân': office words in lower case, the place capitalised."""
    words = line.lower().split()
    out = [words[0].capitalize()]
    if words[0] in ("báo", "đài") or words[:2] == ["tạp", "chí"]:
        # a paper's name: each part joined by "và" opens with a capital ("Báo Dân tộc và Phát triển")
        start = 2 if words[0] == "tạp" else 1
        out = [w.capitalize() for w in words[:start]]
        for position, word in enumerate(words[start:], start):
            out.append(word.capitalize() if position == start or words[position - 1] == "và" else word)
        return " ".join(out)
    place = False
    for word in words[1:]:
        place = place or word not in _BANNER_LOWER
        out.append(word.capitalize() if place or word == "đảng" else word)
    return " ".join(out)


def _classify(line, header, index=None):
    """One of: chrome (recorded in header), 'byline', 'kicker', 'text'."""
    if "://" in line and not _URL_LINE_RE.match(line):  # a site name with its logo URL glued on
        line = re.sub(r"(?:https?://)\S*", " ", line).strip() or line
    if _URL_LINE_RE.match(line) or boilerplate.is_section_label(line) or boilerplate.is_breadcrumb(line) \
            or boilerplate.is_menu_row(line) or _POST_TIME_RE.match(line):
        outlet = outlets.header_outlet(line) if _URL_LINE_RE.match(line) else None
        if outlet and not header.outlet:
            header.outlet = outlet
        if index is not None and (boilerplate.is_breadcrumb(line) or boilerplate.is_menu_row(line)):
            header.nav_index = index
        return "chrome"
    doubled = _DOUBLED_SOURCE_RE.match(line) if len(line) <= 160 else None
    if doubled and _words(doubled["name"]) <= 8:
        name = doubled["name"].strip()
        return ("outlet", outlets.lookup(name) or outlets.Outlet(name))
    found = dates.date_line(line) if len(line) <= dates.MAX_DATE_LINE else None
    if found:
        value, before, _after = found
        if not before or boilerplate.is_section_label(before):  # "BẢN TIN SÁNG | Thứ Ba, 26/11/2024"
            header.published = header.published or value
            header.date_lines.append((index, value))
            return "chrome"
        authors = bylines.parse_byline(before)
        if authors and not re.search(r"\d", before):
            header.published = header.published or value
            header.authors = header.authors or authors
            return "chrome"
        if _words(before) <= 4 and not re.search(r"\d", before) and _LABEL_TIME_DATE_RE.match(line):
            header.published = header.published or value  # "Gương sáng - 09:42, 18/11/2021": section, time, date
            header.date_lines.append((index, value))
            return "chrome"
        if _words(before) >= MIN_TITLE_WORDS:
            header.published = header.published or value
            return ("text", before)
    outlet = outlets.header_outlet(line)
    if outlet:
        return ("outlet", outlet)
    if index == 0 and line.isupper() and _BANNER_RE.match(line) and _words(line) <= 8:
        return ("outlet", outlets.Outlet(banner_name(line)))
    if _KICKER_RE.search(line) and _words(line) <= 15:
        return "kicker"
    if bylines.parse_byline(line):
        return "byline"
    return "text"


# A date (and time) glued to the words around it: "BÁO CÀ MAU ĐIỆN TỬ12/03/2024 09:30Công an 5 tỉnh …".
_DATE_TIME_RE = re.compile(r"\d{1,2}/\d{1,2}/(?:19|20)\d{2}(?:[ ,]{0,2}\d{1,2}:\d{2}(?::\d{2})?)?")


def _glued_parts(line):
    """The line cut around a date that touches a letter on either side, or None."""
    for match in _DATE_TIME_RE.finditer(line):
        before = line[match.start() - 1] if match.start() else " "
        after = line[match.end()] if match.end() < len(line) else " "
        if before.isalpha() or after.isalpha():
            parts = [line[:match.start()], match.group(), line[match.end():]]
            return [part.strip() for part in parts if part.strip()]
    return None


def split_glued(lines, count=3):
    """The first lines with a date glued to a site name or a headline split off onto a line of its own."""
    result = []
    for index, line in enumerate(lines):
        if index < count:  # the scraper's " date 2024-11" field glued to the headline or the lead
            found, rest = dates.header_date(line)
            if found and rest.strip():
                result.append(line[:len(line) - len(rest)].strip())
                line = rest.strip()
        parts = _glued_parts(line) if index < count and len(line) <= MAX_TITLE_CHARS + 200 else None
        result.extend(parts or [line])
    return result


def read_header(lines):
    """(Header, index of the first body line, lead line to insert or None)."""
    header = Header()
    kinds = []  # (index, kind, line)
    lead_index = None
    limit = min(len(lines), MAX_HEADER_LINES)
    for index in range(limit):
        line = lines[index]
        if index < 3:
            line = _strip_glued(line, header)
            if not line:
                kinds.append((index, "chrome", line))
                continue
        if is_lead_like(line) and not _glued_title(line):
            lead_index = index
            break
        post = _POST_TIME_RE.match(lines[index + 1]) if index + 1 < len(lines) else None
        if post and _words(line) <= 8:  # the page or account that posted, above the post's time
            header.post_day = header.post_day or (int(post["d"]), int(post["m"]))
            kinds.append((index, "chrome", line))
            continue
        previous = kinds[-1][2] if kinds and kinds[-1][1] in ("text", "byline", "chrome") else None
        if isinstance(previous, str):  # "Nghệ An 24h" next to "nghean24h.vn": the site's name and address
            named = outlets.site_named(previous, line)
            if named is not None:
                kinds[-1] = (kinds[-1][0], "outlet", named)
            elif outlets.site_named(line, previous) is not None:
                kinds.append((index, "outlet", outlets.site_named(line, previous)))
                continue
        kind = _classify(line, header, index)
        if isinstance(kind, tuple):
            kind, value = kind
            if kind == "outlet":
                kinds.append((index, "outlet", value))
                continue
            line = value
        kinds.append((index, kind, line))
        if kind == "text" and _glued_title(line):
            lead_index = index  # the headline with its lead glued on
            break
    if lead_index is None:
        # No line reads like a lead: the headline is the first text line, the rest is text.
        # A headline has text under it: never the last text line.
        texts = ([k for k in kinds if k[1] == "text"][:-1] if len(lines) <= limit
                 else [k for k in kinds if k[1] == "text"])
        first = next((k for k in texts if _words(k[2]) >= MIN_TITLE_WORDS), None) or next(
            (k for k in texts if _words(k[2]) >= 2), None)
        if first is None:
            lead_index = next((k[0] for k in kinds if k[1] == "text"), limit if limit < len(lines) else len(lines))
            kinds = [k for k in kinds if k[0] < lead_index]
        else:
            lead_index = next((k[0] for k in kinds if k[0] > first[0] and k[1] == "text"), len(kinds))
            kinds = [k for k in kinds if k[0] < lead_index]
            return _choose(header, kinds, lines, lead_index, short_title=True)
    return _choose(header, kinds, lines, lead_index)


# A site's banner above its menu names the publisher: "Tạp chí Cựu chiến binh Việt Nam", "Hội Luật gia tỉnh X".
_ORG_BANNER_RE = re.compile(
    r"^(?:Báo|Tạp chí|Đài|Cổng thông tin|Trang thông tin|Trang tin|Hội|Học viện|Trường|Liên đoàn|Tỉnh đoàn|"
    r"Thành đoàn|Huyện đoàn|Đảng bộ|Ủy ban|Uỷ ban)\s+(?:(?:điện tử|tỉnh|thành phố|huyện)\s+)?[A-ZĐ]")


def _glued_title(line):
    """(title, lead) when a headline and its lead share one line, else None."""
    glued = GLUED_LEAD_RE.search(line, 10)
    if not glued or glued.start() > MAX_TITLE_CHARS:
        return None
    title, lead = line[:glued.start()].strip(), line[glued.end():].strip()
    if _words(title) < MIN_TITLE_WORDS or re.search(r"[.!?]\s", title) or outlets.lead_marker(title)[0]:
        return None
    if not (LEAD_DATE_RE.match(lead) or outlets.lead_marker(lead)[0]):
        return None
    return title, lead


def _choose(header, kinds, lines, lead_index, short_title=False):
    lead_insert = None
    texts = [(i, line) for i, kind, line in kinds if kind == "text"]
    glued = None
    if lead_index < len(lines) and lead_index in {i for i, _ in texts}:
        glued = _glued_title(dict(texts)[lead_index])
    if glued:
        header.title, lead_insert = glued
        title_index = lead_index
        lead_index += 1
    else:
        candidates = [(i, line) for i, line in texts if _words(line) >= MIN_TITLE_WORDS]
        if not candidates and short_title:
            candidates = [(i, line) for i, line in texts if _words(line) >= 2]
        # A site's slogan sits above its menu or breadcrumb; the headline below it.
        below_nav = [c for c in candidates if header.nav_index is not None and c[0] > header.nav_index]
        if below_nav:
            candidates = below_nav
        # A press digest's items end with their source and day: the page's own heading is the title.
        own = [c for c in candidates if not _DIGEST_ITEM_RE.search(c[1])]
        if own and len(own) < len(candidates):
            candidates = own
        run = _headline_run(candidates, lead_index)
        if run:  # related headlines printed above the article's own: the one right above the lead
            title_index, title = run[-1]
            title = title.rstrip(" |").strip()
            header.title = title
        elif candidates:
            # a line in a table's pipes is a related link or a caption; a headline has no full stop:
            # a caption-like sentence under it, longer, is not the title
            headlines = [c for c in candidates if not _PIPED_RE.match(c[1])] or candidates
            plain = [c for c in headlines if not _is_sentence(c[1])]
            if plain and len(plain) < len(headlines) and plain[0][0] == headlines[0][0]:
                headlines = plain
            title_index, title = max(headlines, key=lambda c: (min(_words(c[1]), 60), -c[0]))
            title = title.rstrip(" |").strip()  # "Headline |": a listing's separator
            if title.endswith(".") and not title.endswith(".."):
                title = title[:-1].rstrip()  # a print view's headline with a full stop
            head, bar, tail = title.rpartition(" | ")
            if bar and _words(tail) <= 5 and _words(head) >= MIN_TITLE_WORDS:
                title = head.strip()  # "Headline | Thời sự 12h": the programme or site after a bar
            if len(title) > MAX_TITLE_CHARS:
                title = title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
            header.title = title
        else:
            title_index = None
    if header.nav_index is not None and header.outlet is None:
        for i, kind, value in kinds:
            if kind == "text" and i < header.nav_index and _words(value) <= 10 and _ORG_BANNER_RE.match(value) \
                    and not re.search(r"[.!?:;,]", value):
                header.outlet = outlets.lookup(value) or outlets.Outlet(value)
                break
    # A site prints today's date above its banner and the publication date under the headline:
    # the date line nearest below the headline wins over one above it.
    if title_index is not None and header.date_lines and header.published == header.date_lines[0][1] \
            and header.date_lines[0][0] is not None and header.date_lines[0][0] < title_index:
        below = [value for i, value in header.date_lines if i is not None and i > title_index]
        if below:
            header.published = below[0]
    # Kickers above the headline; outlet and source lines; bylines next to the headline or a date.
    for i, kind, value in kinds:
        if kind == "kicker" and (title_index is None or i < title_index):
            header.kicker = header.kicker or value.rstrip(" :")
        elif kind == "outlet":
            if title_index is not None and i > title_index and not header.source_outlet:
                header.source_outlet = value
            elif not header.outlet or (header.outlet.kind == "aggregator"):
                header.outlet = value
        elif kind == "byline" and not header.authors:
            header.authors = bylines.parse_byline(value) or []
        elif kind == "text" and title_index is not None and i > title_index and _words(value) >= _CAPTION_WORDS \
                and not _PIPED_RE.match(value):
            header.sapo.append(value)
        elif kind == "text" and title_index is not None and i != title_index and _is_sentence(value):
            header.extra.append(value)  # a sentence (a caption) near the headline is text, not chrome
    return header, lead_index, lead_insert


MIN_HEADLINE_RUN = 3


_PIPED_RE = re.compile(r"^\s*\|.*\|\s*$")  # "| Sẽ tái chất vấn … |": a table cell of a related link


def _headline_run(candidates, lead_index):
    """Three or more headline-like lines one after another right above the lead, or None.

    A page that prints links to related stories above the article puts their headlines there,
    each without a full stop; the article's own headline is the last, next to its lead.
    """
    run = []
    for index, line in reversed(candidates):
        expected = (run[0][0] if run else lead_index) - 1
        if index != expected or line.rstrip().endswith((".", "!", "?", "…", ":", ";", ",")) or line.isupper():
            break
        run.insert(0, (index, line))
    return run if len(run) >= MIN_HEADLINE_RUN else None


def _is_sentence(line):
    return _words(line) >= 5 and line.rstrip().endswith((".", "!", "?", "…"))


# A sentence's end, not an abbreviation's dot ("UBND TP. Hải Phòng", "Đ. Nguyễn").
_SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?])(?<!\bT[Pp]\.)(?<!\b[A-ZĐ]\.)\s")


def derived_title(lead, max_chars=120):
    """A short title from a lead for a text without a headline: the first clause, at most ~120 chars."""
    text = outlets.lead_marker(lead)[1].strip()
    text = _SENTENCE_BREAK_RE.split(text, maxsplit=1)[0]
    if len(text) <= max_chars:
        return text.rstrip(" .")
    cut = text[:max_chars]
    for separator in (";", ",", " - ", " – "):
        position = cut.rfind(separator)
        if position >= 40:
            return cut[:position].strip()
    return cut.rsplit(" ", 1)[0].rstrip(" ,;") + "…"
