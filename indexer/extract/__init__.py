"""Noisy article text (or an HTML page) -> one clean record.

The steps, in order: normalise characters; for HTML, take the main text and the
page's meta tags; unify whitespace and drop noise lines; cut link blocks at the
end; read the lines above the text by what they are (header.py: chrome, section,
date, byline, kicker, headline); take the outlet marker off the lead; read bylines,
sources and photo credits off the end and the captions; then dates and entities
from the cleaned paragraphs.  Every step is linear in the text's length.
"""
import hashlib
import re
from dataclasses import asdict, dataclass, field

from ..normalize import clean_text, nfc
from . import boilerplate, bylines, clusters, dates, header, html, outlets, persons, provinces

# Past these an article is indexed with its title and full text but without entities, and flagged.
MAX_PARAGRAPH_CHARS = 50_000
MAX_PERSONS = 2_000


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
    date_stated: bool = False
    outlet_abbr: str = None
    clusters_about: list = field(default_factory=list)
    clusters_mentioned: list = field(default_factory=list)
    provinces_today: list = field(default_factory=list)
    id: str = None
    flags: list = field(default_factory=list)  # what extraction left out, e.g. ["entities skipped: too many persons"]

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
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = boilerplate.clean_line(raw)
        if line and not boilerplate.noise_reason(line):
            if len(lines) < 2 and boilerplate.is_block_marker(line):
                continue  # a link-list label above the article is page chrome
            lines.append(line)
    return lines


def _cut_link_blocks(lines):
    for index, line in enumerate(lines):
        if index >= 2 and boilerplate.is_block_marker(line):
            return lines[:index]
    return lines


class _Closing:
    """What the end of the text says besides the text."""

    def __init__(self):
        self.authors = []
        self.photo = []
        self.outlet = None
        self.published = None


def _read_closing(paragraphs):
    """Take bylines, 'Theo …' sources and date lines off the end (at most a few lines)."""
    closing = _Closing()
    unit = None
    for _ in range(6):
        if not paragraphs:
            break
        last = paragraphs[-1]
        source = outlets.closing_source(last)
        if source:
            closing.outlet = closing.outlet or source[0]
            paragraphs.pop()
            continue
        authors = bylines.parse_byline(last, allow_unit=True) if len(paragraphs) > 1 else None
        if authors and not closing.authors and not unit and bylines.parse_byline(last) is None:
            unit = authors  # a unit alone on the last line ("Trung tâm VH-TT …"): the writer may stand above it
            paragraphs.pop()
            continue
        if authors:
            closing.authors = closing.authors or authors
            if bylines.credit_kind(last) in ("both", "photo"):
                closing.photo.extend(a for a in authors if a not in closing.photo)
            paragraphs.pop()
            continue
        found = dates.date_line(last) if len(last) <= dates.MAX_DATE_LINE else None
        if found and not found[1]:
            closing.published = closing.published or found[0]
            paragraphs.pop()
            continue
        glued, rest = bylines.glued_byline(last)
        if glued:
            closing.authors = closing.authors or glued
            paragraphs[-1] = rest
        break
    closing.authors = closing.authors or unit or []
    return closing


def _photo_credits(paragraphs):
    """Credits read off captions, and the paragraphs without them."""
    credits, kept = [], []
    for paragraph in paragraphs:
        credit, rest = bylines.photo_credit(paragraph)
        if credit:
            if credit not in credits:
                credits.append(credit)
            if not rest.strip():
                continue
            paragraph = rest
        kept.append(paragraph)
    return credits, kept


def _lead_marker(paragraphs):
    """The outlet marker opening the lead or, as some provincial papers print it, the second paragraph."""
    for index in range(min(2, len(paragraphs))):
        outlet, rest = outlets.lead_marker(paragraphs[index])
        if outlet:
            paragraphs[index] = rest
            return outlet
    return None


def _date_below_lead(body):
    """A bare date line printed right under the lead (the ministry portal's layout), taken off the body."""
    for index in range(1, min(4, len(body))):
        line = body[index]
        if len(line) <= 40:
            found = dates.date_line(line)
            if found and not found[1]:
                del body[index]
                return found[0]
    return None


def extract_record(text, source=""):
    """The record of one article's text (already decoded), or of an HTML page."""
    digest = fingerprint(text)
    page = html.read_page(text) if html.looks_like_html(text) else None
    if page is not None:
        text = page.text
    text = clean_text(text)
    lines = header.split_glued(_cut_link_blocks(_content_lines(text)))
    head, start, lead_insert = header.read_header(lines)
    body = ([lead_insert] if lead_insert else []) + head.sapo + lines[start:]
    below_lead = _date_below_lead(body)
    marker = _lead_marker(body)
    body[1:1] = head.extra
    title = head.title
    if page is not None and page.title:
        title = clean_text(page.title)
    paragraphs = boilerplate.drop_repeats([p for p in body if p], title)
    closing = _read_closing(paragraphs)
    credits, paragraphs = _photo_credits(paragraphs)
    if page is not None:
        for caption in page.captions:
            credit, _rest = bylines.photo_credit(clean_text(caption))
            if credit and credit not in credits:
                credits.append(credit)
    if not paragraphs:  # an article with text is never empty: keep what there is
        paragraphs = [p for p in body if p][:1] or ([title] if title else [])
    if not title and paragraphs:
        title = header.derived_title(paragraphs[0])
    authors = head.authors or closing.authors
    if page is not None and page.authors:
        authors = page.authors
    for name in closing.photo:
        if name not in credits:
            credits.append(name)

    outlet = None
    for candidate in (marker, head.outlet, head.source_outlet, closing.outlet):
        if candidate is not None and candidate.name and candidate.kind != "aggregator":
            outlet = candidate
            break
    if page is not None and page.site_name and outlet is None:
        outlet = outlets.lookup(page.site_name) or outlets.Outlet(page.site_name)
    if outlet is None:
        outlet = next((c for c in (head.outlet, head.source_outlet) if c is not None and c.name), None)
    outlet_abbr = (marker.abbr if marker is not None else None) or (outlet.abbr if outlet is not None else None)

    lead = paragraphs[0] if paragraphs else ""
    joined = "\n".join(paragraphs)
    published = (page.published if page is not None else None) or head.published or below_lead or closing.published
    date_stated = published is not None
    reference = published or head.header_date
    event = dates.event_date(lead, title, joined, reference)
    if event is None and len(paragraphs) > 1:
        event = dates.event_date(paragraphs[1], title, joined, reference)
    date = published or head.header_date or event
    if head.header_date and not published:
        date_stated = True
    if not date:
        year = dates.stated_year(title)
        date = dates.iso(year) if year else None

    searchable = "\n".join([title] + paragraphs)
    flags = []
    longest = max((len(p) for p in paragraphs), default=0)
    if longest > MAX_PARAGRAPH_CHARS:
        flags.append(f"entities skipped: a paragraph over {MAX_PARAGRAPH_CHARS:,} characters")
        found_persons = []
    else:
        found_persons = persons.find_persons(searchable)
        if len(persons.merge_persons(found_persons)) > MAX_PERSONS:
            flags.append("entities skipped: too many persons")
    if flags:  # indexed with its title and full text, without entities: never dropped
        found_persons, article_provinces, about, mentioned = [], [], [], []
    else:
        name_spans = [span for _person, span in found_persons]
        article_provinces = provinces.provinces_in(searchable, name_spans)
        police_provinces = provinces.provinces_in(
            " ".join(re.findall(r"(?:Công an|CA|CATP)\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s+)?[^\s,.;()]+(?:\s+[^\s,.;()]+){0,3}",
                                searchable)),
        )
        named = clusters.named_clusters(searchable, article_provinces, police_provinces)
        all_clusters = clusters.numbered_clusters(searchable) + [name for name, _forms in named]
        about_text = "\n".join([head.kicker, title, lead])
        about, mentioned = clusters.about_and_mentioned(all_clusters, about_text, searchable,
                                                        headline_text="\n".join([head.kicker, title]),
                                                        forms=dict(named))
    return Record(
        source=source,
        title=title,
        paragraphs=paragraphs,
        fingerprint=digest,
        date=date,
        event_date=event,
        outlet=outlet.name if outlet is not None else None,
        author=authors or [],
        clusters=about + mentioned,
        provinces=article_provinces,
        persons=persons.merge_persons(found_persons),
        photo_credits=credits,
        date_stated=date_stated,
        outlet_abbr=outlet_abbr,
        clusters_about=about,
        clusters_mentioned=mentioned,
        provinces_today=provinces.today(article_provinces),
        flags=flags,
    )

