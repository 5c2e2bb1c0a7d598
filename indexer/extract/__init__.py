"""Noisy article text -> one clean record.

The steps, in order: unify whitespace and drop noise lines; cut link blocks at the
end; peel the header (section label, ' date …' header, publication line, byline)
off the top; find the title (splitting it from the lead when the scraper glued
them); read outlet and byline; then entities from the cleaned paragraphs.
"""
import hashlib
import re
from dataclasses import asdict, dataclass, field

from ..normalize import nfc
from . import boilerplate, bylines, clusters, dates, persons, provinces

# Where a lead begins when the scraper glued it to the headline: "… ' Sáng 12/7, tại …".
GLUED_LEAD_RE = re.compile(
    r"(?<=[\w'’”\")])\s+(?=(?:Sáng|Chiều|Tối|Trưa|Đêm|Rạng sáng|Ngày|Hôm nay|Sáng nay|Chiều nay|Tối nay)"
    r"\s+(?:ngày\s+)?\d{1,2}\s*[/-]\s*\d{1,2})|(?<=[\w'’”\")])\s+(?=\(?[A-ZĐ]{2,}[A-Z.]*\)?\s*[-–]\s)"
)
MAX_TITLE_CHARS = 300
PHOTO_CREDIT_RE = re.compile(r"(?:^|[.\s])(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Clip|Video)\s*:\s*([^.;()]{2,60}?)\s*\.?\s*$")


@dataclass
class Record:
    """One article, as indexed and as shown."""

    source: str
    title: str
    paragraphs: list
    fingerprint: str
    date: str = None
    event_date: str = None
    outlet: str = None
    author: list = field(default_factory=list)
    clusters: list = field(default_factory=list)
    provinces: list = field(default_factory=list)
    persons: list = field(default_factory=list)
    photo_credits: list = field(default_factory=list)
    id: str = None

    @property
    def year(self):
        return self.date[:4] if self.date else None

    @property
    def month(self):
        return self.date[:7] if self.date and len(self.date) >= 7 else None

    @property
    def body(self):
        return "\n\n".join(self.paragraphs)

    def to_dict(self):
        data = asdict(self)
        data["year"] = self.year
        data["month"] = self.month
        return data


def fingerprint(text):
    """A digest of the article's text, independent of Unicode form and spacing."""
    canonical = " ".join(nfc(text).split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _content_lines(text):
    lines = []
    for raw in nfc(text).replace("\r\n", "\n").split("\n"):
        line = boilerplate.clean_line(raw)
        if line and not boilerplate.noise_reason(line):
            lines.append(line)
    return lines


def _cut_link_blocks(lines):
    for index, line in enumerate(lines):
        if index >= 2 and boilerplate.is_block_marker(line):
            return lines[:index]
    return lines


class _Head:
    """What the top of the page says besides the headline."""

    def __init__(self):
        self.published = None
        self.authors = []


def _peel_meta_line(line, head):
    """True when the line is a publication line or byline (and records it)."""
    published, span = dates.publication_date(line)
    if published and len(line) < 120:
        before, after = line[:span[0]].strip(" -|,"), line[span[1]:]
        after_is_meta = not after.strip(" -|,") or re.match(r"^[\s\-|,]*(?:Lượt xem|Cập nhật|\d{1,2}:\d{2})", after)
        if (not before or bylines.looks_like_byline_prefix(before)) and after_is_meta:
            head.published = head.published or published
            if before:
                head.authors = head.authors or bylines.parse_byline(before)
            return True
    return False


def _split_title(lines, head):
    """(title, remaining lines) from the head of the page."""
    rest = list(lines)
    while rest:
        line = rest[0]
        header_date, line = dates.header_date(line)
        if header_date:
            head.published = head.published or header_date
        line = boilerplate.strip_section_prefix(line) if rest else line
        if not line or boilerplate.is_section_label(line) or _peel_meta_line(line, head):
            rest.pop(0)
            continue
        rest[0] = line
        break
    if not rest:
        return "", []
    title_line = rest.pop(0)
    glued = GLUED_LEAD_RE.search(title_line, 10)
    if glued and glued.start() <= MAX_TITLE_CHARS:
        title, lead = title_line[:glued.start()].strip(), title_line[glued.end():].strip()
        rest.insert(0, lead)
    elif len(title_line) > MAX_TITLE_CHARS:
        title = title_line[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
        rest.insert(0, title_line)
    else:
        title = title_line
    # A byline or publication line right under the headline.
    while rest and (_peel_meta_line(rest[0], head) or (
            not head.authors and len(rest) > 1 and bylines.parse_byline(rest[0]))):
        if not _peel_meta_line(rest[0], head):
            head.authors = bylines.parse_byline(rest[0])
        rest.pop(0)
    return title, rest


def _closing_byline(paragraphs, head):
    """Pull a byline, or a 'Theo …' source, off the end."""
    outlet = None
    while paragraphs:
        last = paragraphs[-1]
        source = bylines.outlet_source(last)
        if source:
            outlet = outlet or source
            paragraphs.pop()
            continue
        authors = bylines.parse_byline(last)
        if authors and len(paragraphs) > 1:
            head.authors = head.authors or authors
            paragraphs.pop()
            continue
        if _peel_meta_line(last, head):
            paragraphs.pop()
            continue
        break
    return outlet


def _photo_credits(paragraphs):
    credits = []
    for paragraph in paragraphs:
        match = PHOTO_CREDIT_RE.search(paragraph)
        if match and match.group(1) not in credits:
            credits.append(match.group(1).strip())
    return credits


def _without_credits(paragraph):
    return PHOTO_CREDIT_RE.sub(" ", paragraph)


def extract_record(text, source=""):
    """The record of one article's text (already decoded)."""
    lines = _cut_link_blocks(_content_lines(text))
    head = _Head()
    title, rest = _split_title(lines, head)
    outlet = None
    if rest:
        outlet, lead = bylines.outlet_prefix(rest[0])
        rest[0] = lead
    paragraphs = boilerplate.drop_repeats([p for p in rest if p], title)
    closing_outlet = _closing_byline(paragraphs, head)
    outlet = outlet or closing_outlet
    lead = paragraphs[0] if paragraphs else ""
    body = "\n".join(paragraphs)
    published = head.published
    event = dates.event_date(lead, title, body, published)
    date = published or event
    if not date:
        year = dates.stated_year(title)
        date = dates.iso(year) if year else None

    searchable = "\n".join([title] + [_without_credits(p) for p in paragraphs])
    found_persons = persons.find_persons(searchable)
    name_spans = [span for _person, span in found_persons]
    article_provinces = provinces.provinces_in(searchable, name_spans)
    police_provinces = provinces.provinces_in(
        " ".join(re.findall(r"(?:Công an|CA|CATP)\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s+)?[^\s,.;()]+(?:\s+[^\s,.;()]+){0,3}", searchable)),
    )
    return Record(
        source=source,
        title=title,
        paragraphs=paragraphs,
        fingerprint=fingerprint(text),
        date=date,
        event_date=event,
        outlet=outlet,
        author=head.authors or [],
        clusters=clusters.numbered_clusters(searchable)
        + clusters.bloc_clusters(searchable, article_provinces, police_provinces),
        provinces=article_provinces,
        persons=persons.merge_persons(found_persons),
        photo_credits=_photo_credits(paragraphs),
    )
