"""Dates in Vietnamese article text -> ISO strings ('YYYY-MM-DD', 'YYYY-MM' or 'YYYY')."""
import datetime
import re

_TIME = r"(?:\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*(?:AM|PM|GMT\+7))?)"
_DMY = r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>(?:19|20)\d{2})"
_WEEKDAY = r"(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|[2-7])|Chủ\s+nhật|CN|T[2-7])"

# Publication lines, most explicit first.  Each has named groups d, m, y.
PUBLICATION_PATTERNS = [
    # "Đăng ngày: 20/11/2024 - Lượt xem: 66", "Ngày đăng: 20/11/2024", "Cập nhật lúc 10:38 20/11/2024"
    re.compile(rf"(?i:đăng\s+ngày|ngày\s+đăng|xuất\s+bản|cập\s+nhật|đăng\s+lúc|ngày)\s*:?\s*(?:{_TIME}\s*,?\s*)?{_DMY}"),
    # "Thứ Sáu, 13/12/2024 | 08:15", "Thứ sáu, ngày 13/12/2024 08:15"
    re.compile(rf"(?i:{_WEEKDAY})\s*,?\s*(?:ngày\s+)?{_DMY}"),
    # "20/11/2024 - 10:38", "20/11/2024 10:38", "10:38 20/11/2024"
    re.compile(rf"{_DMY}\s*(?:[-|,]\s*)?{_TIME}"),
    re.compile(rf"{_TIME}\s*(?:[-|,]\s*)?{_DMY}"),
]

# " date 2024-07" header the scraper puts in front of some articles.
HEADER_DATE_RE = re.compile(r"^\s*date\s*:?\s*(?P<y>(?:19|20)\d{2})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?\b\s*", re.I)

# The event's day in the lead: "Ngày 30-3", "Sáng 12/7", "Chiều 19/11", "Ngày 19/11/2024", "Sáng nay, 8/12".
EVENT_RE = re.compile(
    r"(?:^|(?<=[\s,(;:–-]))(?i:sáng|chiều|tối|trưa|đêm|rạng\s+sáng|ngày|hôm\s+nay|sáng\s+nay|chiều\s+nay|tối\s+nay|trưa\s+nay)"
    r"(?:\s*,\s*|\s+)(?:(?i:qua|mai)(?:\s*,\s*|\s+))?(?:\(?(?i:" + _WEEKDAY + r")\)?\s*,?\s*)?(?:(?i:ngày)\s+)?"
    r"\(?\s*(?P<d>\d{1,2})\s*(?P<sep>[/\-.])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*(?P<y>(?:19|20)\d{2}))?(?!\s*[/\-.]?\d)"
)

# A day named relative to the publication date, with no number after it: "chiều nay, …", "Sáng qua, …".
RELATIVE_DAY_RE = re.compile(
    r"(?<!\w)(?i:(?P<today>hôm\s+nay|(?:sáng|chiều|tối|trưa|đêm)\s+nay)|(?P<yesterday>hôm\s+qua|(?:sáng|chiều|tối|trưa|đêm)\s+qua))"
    r"(?!\w)(?!\s*\(?\s*\d)"
)
# An official document's place and date line: "Bình Thuận, ngày 24 tháng 12 năm 2020" (after "Số: …" or a pipe).
DOCUMENT_DATE_RE = re.compile(
    r"(?:^|[|]\s*)[A-ZĐ][\w.]*(?:\s+[A-ZĐ][\w.]*){0,3}\s*,\s*(?i:ngày)\s+(?P<d>\d{1,2})\s+(?i:tháng)\s+(?P<m>\d{1,2})"
    r"\s+(?i:năm)\s+(?P<y>(?:19|20)\d{2})"
)
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# "năm 2024" — not a birth year ("sinh năm 1988") nor a year since when ("truy nã từ năm 2002").
STATED_YEAR_RE = re.compile(r"(?<!(?i:sinh) )(?<!(?i:sinh)\s\s)(?<!(?i:từ) )(?i:năm)\s+((?:19|20)\d{2})(?!\d)")


def iso(year, month=None, day=None):
    """An ISO date at the precision given, or None when the values are impossible."""
    try:
        year = int(year)
        if month is None:
            return f"{year:04d}"
        month = int(month)
        if day is None:
            datetime.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        return datetime.date(year, month, int(day)).isoformat()
    except (TypeError, ValueError):
        return None


def first_day(date_text):
    """'2024-07' -> '2024-07-01', '2024' -> '2024-01-01': partial dates sort as their first day."""
    if not date_text:
        return None
    parts = date_text.split("-")
    parts += ["01"] * (3 - len(parts))
    return "-".join(parts)


# Any written date a publication line can carry, each with named groups d, m, y.
_ANY_DATE_RE = re.compile(
    r"(?<![\d/.\-])(?:(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>(?:19|20)\d{2})"
    r"|(?P<y2>(?:19|20)\d{2})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:[+\-]\d{2}:?\d{2}|Z)?)?"
    r"|(?i:ngày)\s+(?P<d3>\d{1,2})\s+(?i:tháng)\s+(?P<m3>\d{1,2})\s*,?\s*(?i:năm)\s+(?P<y3>(?:19|20)\d{2}))(?![\d/])"
)
# What else a date line may say: weekday, time, "Cập nhật", "Đăng ngày", view counts, GMT …
_DATE_LINE_FILLER_RE = re.compile(
    r"(?i:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|\bCN\b|cập\s+nhật(?:\s+lúc)?|ngày\s+đăng|đăng\s+ngày|"
    r"thời\s+gian\s+đăng|đăng\s+vào|đăng\s+lúc|đăng\s+nhập|đăng\s+ký|đặt\s+báo|xuất\s+bản|ngày|lúc|vào\s+lúc|lượt\s+(?:xem|đọc)|"
    r"in\s+trang|in\s+bài|chia\s+sẻ|bình\s+luận|view\s+count|views?|"
    r"(?:gmt|utc)?\s*\+\s*0?7(?:\s*:\s*00)?|\bam\b|\bpm\b|sáng|chiều|tối|trưa)"
    r"|\d{1,2}\s*[:h]\s*\d{2}(?:\s*:\s*\d{2})?'?|(?<![\w])\d[\d.,]*(?![\w])|[\s,;:|/()\[\]\-–—·•.'’]+"
)


MAX_DATE_LINE = 300  # longer lines are text, never a date line (and bounds the work below)
_DATE_PREFIX_RE = re.compile(
    r"(?:(?i:thứ\s+\S+|chủ\s+nhật|cập\s+nhật|thời\s+gian\s+đăng|đăng|ngày|xuất\s+bản|lúc)[^\n]{0,40}"
    r"|(?:[\s,|()\-–]*\d{1,2}:\d{2}(?::\d{2})?)+[\s,|()\-–]*|[\s,|()\-–]+)$"
)


def find_date(line):
    """(iso, start, end) of the first valid full date written in a line, or None."""
    for match in _ANY_DATE_RE.finditer(line):
        if match["y"]:
            value = iso(match["y"], match["m"], match["d"])
        elif match["y2"]:
            value = iso(match["y2"], match["m2"], match["d2"])
        else:
            value = iso(match["y3"], match["m3"], match["d3"])
        if value:
            return value, match.start(), match.end()
    return None


def is_filler(text):
    """True when a piece of a date line holds nothing but weekday, time, counters and punctuation."""
    return not _DATE_LINE_FILLER_RE.sub("", text).strip()


# A second full date right after the first: the two ends of a span, never a publication line.
_RANGE_AFTER_RE = re.compile(r"\s*[-–—]\s*\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:19|20)\d{2}")
# Words, then an opening bracket right before the date: a date cited inside a sentence or a link title.
_BRACKETED_BEFORE_RE = re.compile(r"\w[^()]*\w[^()]*\(\s*$")


def date_line(line):
    """(iso, text before, text after) when a line states a publication date, else None.

    The date may be written in any common form; what stands around it (before, after)
    is returned with weekday/time/counter filler removed, so a caller can tell a bare
    date line ('' and '') from a byline + date or a headline + date.
    """
    found = find_date(line)
    if not found:
        return None
    value, start, end = found
    before, after = line[:start], line[end:]
    if not is_filler(after):
        return None
    if _RANGE_AFTER_RE.match(after) or _BRACKETED_BEFORE_RE.search(before):
        return None  # "(26/3/1931 - 26/3/2024)": an anniversary's span, "Tên bài (18/12/2024)": another item's date
    before = before.rstrip()
    # weekday / "Cập nhật lúc 15:20," in front of the date
    if len(line) > MAX_DATE_LINE:
        return None
    tail = _DATE_PREFIX_RE.search(before)
    if tail and is_filler(tail.group()):
        before = before[:tail.start()]
    if re.search(r"\(\s*\w[^()]*$", before):
        before += ")"  # "Thu Hằng (CTV) 03/12/2024": the bracket belongs to the byline
    return value, before.strip(" -–|,(\t"), ""


def publication_date(line):
    """(iso, span) of a publication date in a line, or (None, None)."""
    for pattern in PUBLICATION_PATTERNS:
        for match in pattern.finditer(line):
            value = iso(match["y"], match["m"], match["d"])
            if value:
                return value, match.span()
    return None, None


def header_date(line):
    """(iso, rest of line) for a ' date 2024-07 …' header, or (None, line)."""
    match = HEADER_DATE_RE.match(line)
    if not match:
        return None, line
    value = iso(match["y"], match["m"], match["d"]) if match["m"] else iso(match["y"])
    return value, line[match.end():]


# The same in words: "Ngày 24 tháng 11 năm 2022, …", "Sáng 5 tháng 3, …".
EVENT_WORDS_RE = re.compile(
    r"(?:^|(?<=[\s,(;:–-]))(?i:sáng|chiều|tối|trưa|đêm|ngày)(?:\s*,\s*|\s+)(?:(?i:ngày)\s+)?"
    r"(?P<d>\d{1,2})\s+(?i:tháng)\s+(?P<m>\d{1,2})(?:\s*(?:,\s*)?(?i:năm)\s+(?P<y>(?:19|20)\d{2}))?(?!\d)"
)


# A full date before this year in a lead is history ("Ngày 18/4/1946, Bộ Nội vụ ra nghị định …"
# in an anniversary piece), never the day of the reported event: online news starts decades later.
HISTORY_BEFORE = 1990


def event_day(lead):
    """(day, month, year or None) of the first event date stated in the lead."""
    matches = [*EVENT_RE.finditer(lead), *EVENT_WORDS_RE.finditer(lead)]
    for match in sorted(matches, key=lambda found: found.start()):
        day, month = int(match["d"]), int(match["m"])
        year = int(match["y"]) if match["y"] else None
        if 1 <= day <= 31 and 1 <= month <= 12 and not (year and year < HISTORY_BEFORE):
            return day, month, year
    return None


def stated_year(*texts):
    """The year an article states ('năm 2024' first, then any year), or None."""
    for pattern in (STATED_YEAR_RE, YEAR_RE):
        for text in texts:
            match = pattern.search(text or "")
            if match:
                return int(match.group(1))
    return None


def stated_year_conservative(*texts):
    """The first year an article states as a year ("năm 2024"), in the order of the texts, or None.

    Years inside full dates ("Chỉ thị … ngày 10-4-2009") and bare numbers are not taken:
    they name other events.
    """
    for text in texts:
        match = STATED_YEAR_RE.search(text or "")
        if match:
            return int(match.group(1))
    return None


def relative_day(lead, published):
    """The event's day when the lead says "chiều nay" / "hôm qua" with no date: counted from a full publication date."""
    if not published or len(published) < 10:
        return None
    match = RELATIVE_DAY_RE.search(lead[:400])
    if not match:
        return None
    day = datetime.date.fromisoformat(published)
    if match["yesterday"]:
        day -= datetime.timedelta(days=1)
    return day.isoformat()


def document_date(paragraphs, limit=8):
    """The date of an official document, from its place-and-date line among the first paragraphs, or None."""
    for paragraph in paragraphs[:limit]:
        match = DOCUMENT_DATE_RE.search(paragraph[:300])
        if match:
            value = iso(match["y"], match["m"], match["d"])
            if value:
                return value
    return None


def event_date(lead, title, body, published=None):
    """The lead's event date completed with the year; None when the lead states none."""
    found = event_day(lead)
    if not found:
        return relative_day(lead, published)
    day, month, year = found
    if year is None and published and len(published) >= 7:
        pub_year, pub_month = int(published[:4]), int(published[5:7])
        # An event in December reported in January happened the year before.
        year = pub_year - 1 if month > pub_month + 1 else pub_year
    if year is None and published:
        year = int(published[:4])
    if year is None:
        year = reviewed_year(lead, month)
    if year is None:
        year = stated_year_conservative(lead, title, body)
    if year is None:
        return None
    return iso(year, month, day)


# A meeting that reviews a whole year or period: "tổng kết phong trào thi đua năm 2023",
# "tổng kết chương trình phối hợp giai đoạn 2019 - 2023" (not "sơ kết quý I năm 2022": part of a year).
REVIEW_RE = re.compile(
    r"(?i:tổng\s+kết)(?:(?!(?i:quý|tháng|đợt))[^.;:!?]){0,80}?"
    r"(?:(?i:giai\s+đoạn)\s+(?:19|20)\d{2}\s*[-–]\s*|(?i:năm)\s+)"
    r"(?P<y>(?:19|20)\d{2})(?!\d)")
EARLY_MONTHS = 3  # a review of year N held in January to March is held in year N + 1


def reviewed_year(lead, month):
    """The year of a review meeting the lead dates without a year, from the year or period it reviews, or None.

    Reviews are held at the end of the period or early in the next year: a day in the first months
    falls in the year after the one reviewed, any other day in that year.
    """
    match = REVIEW_RE.search(lead[:600])
    if not match:
        return None
    year = int(match["y"])
    return year + 1 if month <= EARLY_MONTHS else year
