"""Noisy article text (or an HTML page) -> one clean record.

The steps, in order: normalise characters; for HTML, take the main text and the
page's meta tags; unify whitespace and drop noise lines; cut link blocks at the
end; read the lines above the text by what they are (header.py: chrome, section,
date, byline, kicker, headline); take the outlet marker off the lead; read bylines,
sources and photo credits off the end and the captions; then dates and entities
from the cleaned paragraphs.  Every step is linear in the text's length.
"""
import functools
import hashlib
import re
from dataclasses import asdict, dataclass, field

from ..normalize import clean_text, nfc
from . import boilerplate, bylines, clusters, dates, header, html, outlets, persons, provinces

# Past these an article is indexed with its title and full text but without entities, and flagged.
MAX_PARAGRAPH_CHARS = 50_000
MAX_PERSONS = 2_000
MAX_HEADER_SCAN = 24  # lines read for an official document's place-and-date line


@dataclass
class Record:
    """One article, as indexed and as shown."""

    source: str  # the file's path under the source folder
    title: str
    paragraphs: list[str]
    fingerprint: str
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    event_date: str | None = None
    outlet: str | None = None
    author: list[str] = field(default_factory=list)
    clusters: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    persons: list[dict] = field(default_factory=list)  # {"name", "rank", "role"}
    photo_credits: list[str] = field(default_factory=list)
    date_stated: bool = False
    outlet_abbr: str | None = None
    clusters_about: list[str] = field(default_factory=list)
    clusters_mentioned: list[str] = field(default_factory=list)
    provinces_today: list[str] = field(default_factory=list)
    id: str | None = None
    # what extraction left out, e.g. ["entities skipped: too many persons"]
    flags: list[str] = field(default_factory=list)

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    @property
    def month(self) -> str | None:
        return self.date[:7] if self.date and len(self.date) >= 7 else None

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["year"] = self.year
        data["month"] = self.month
        return data


@functools.lru_cache(maxsize=2)
def fingerprint(text):
    """A digest of the article's text, independent of Unicode form and spacing.
    (Kept for the last few texts: a build takes a file's fingerprint, then extracts its record, which has one.)"""
    canonical = " ".join(nfc(text).split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# "© Bản quyền thuộc về Báo Nông nghiệp Việt Nam", "Bản quyền thuộc Công an tỉnh Bình Phước. Ghi rõ nguồn …"
_OWNER_RE = re.compile(
    r"^(?:©\s*)?(?:Bản quyền thuộc(?: về)?|Copyright\s*(?:©\s*)?(?:\d{4}\s*)?(?:by\s+)?)\s*"
    r"(?P<owner>(?:Báo|Tạp chí|Đài|Công an|Cổng|Trang|Huyện đoàn|Tỉnh đoàn|Thành đoàn)\s[^.;,|]{2,60}?)\s*(?:[.;,|]|$)",
    re.IGNORECASE)


class _Lines(list):
    """Content lines, and the owner a dropped copyright line named."""

    owner = None


def _content_lines(text):
    lines = _Lines()
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = boilerplate.strip_read_more(boilerplate.clean_line(raw))
        if not line:
            continue
        if lines.owner is None and lines and boilerplate.COMMENT_POLICY_RE.match(line):
            # "BDO sẽ biên tập ý kiến của bạn đọc …": the site names itself in its comment rules
            lines.owner = outlets.lookup(boilerplate.COMMENT_POLICY_RE.match(line)["who"])
        reason = boilerplate.noise_reason(line)
        if reason == "url line" and lines.owner is None and 0 < len(lines) <= 3:
            named = outlets.site_named(lines[-1], line)  # a print view: the site's name above its address
            if named is not None:
                lines.owner = named
                lines.pop()
                continue
        if reason == "copyright" and lines.owner is None:
            owner = _OWNER_RE.match(line)
            if owner:
                name = owner["owner"].strip()
                lines.owner = outlets.lookup(name) or outlets.Outlet(name)
        if not reason:
            if len(lines) < 2 and boilerplate.is_block_marker(line):
                continue  # a link-list label above the article is page chrome
            lines.append(line)
    joined = _Lines(_join_broken(_drop_page_furniture(lines)))
    joined.owner = lines.owner
    return joined


_PAGE_NUMBER_RE = re.compile(r"^\d{1,4}$")


def _drop_page_furniture(lines):
    """A PDF dump's bare page numbers and the running header printed next to them on every page.

    A line counts as the running header when it stands next to a page number and is printed
    at least twice; headlines repeated elsewhere are left alone.
    """
    numbers = [i for i, line in enumerate(lines) if _PAGE_NUMBER_RE.match(line)]
    if not numbers:
        return lines
    counts = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    running = set()
    for i in numbers:
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and counts[lines[j]] >= 2 and not _PAGE_NUMBER_RE.match(lines[j]) \
                    and len(lines[j].split()) >= 3:
                running.add(lines[j])
    if not running:
        return lines
    return [line for line in lines if line not in running and not _PAGE_NUMBER_RE.match(line)]


# One entry of a press-clipping bulletin: "018. THANH HÀ/ Title// Công an nhân dân.- Số 4651.- Ngày 25/11/2019 - Tr.2"
_CITATION_RE = re.compile(
    r"^\d{1,4}\.\s+(?P<author>[^/\n]{2,60}?)\s*/\s*(?P<title>[^\n]{4,300}?)\s*//\s*(?P<outlet>[^\n]{2,80}?)\s*\.-\s*"
    r"(?:Số\s+[\w/-]+\s*\.-\s*)?Ngày\s+(?P<date>\d{1,2}/\d{1,2}/(?:19|20)\d{2})(?:\s*[-–]\s*Tr\.?\s*[\d-]+)?\.?$")


def _clipping_entry(lines):
    """(Header, body lines) of the longest entry of a press-clipping bulletin, or None.

    Each entry opens with its citation line; text above the first one ends an entry of the
    previous page, text after an entry belongs to the next.  The citation gives title, author,
    outlet and the source paper's issue date.
    """
    starts = [i for i, line in enumerate(lines) if len(line) <= 400 and _CITATION_RE.match(line)]
    if len(starts) < 2:
        return None
    best = None
    for n, i in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        size = sum(len(line) for line in lines[i + 1:end])
        if best is None or size > best[0]:
            best = (size, i, end)
    _size, i, end = best
    match = _CITATION_RE.match(lines[i])
    head = header.Header(title=match["title"].strip())
    head.authors = bylines.parse_byline(match["author"]) or []
    head.outlet = outlets.lookup(match["outlet"]) or outlets.Outlet(match["outlet"].strip())
    found = dates.find_date(match["date"])
    head.published = found[0] if found else None
    return head, lines[i + 1:end]


_SENTENCE_END = (".", "!", "?", "…", ":", ";", "\"", "”", "»", ")", "]", "/.")


_MENU_MARKS_RE = re.compile(r"[|»›>]")
_CLAUSE_MARK_RE = re.compile(r"[,;:()]|\.\s")


def _continues(line, following, after):
    """True when ``following`` carries on the sentence ``line`` leaves open (a hard line break).

    A lowercase start always continues; an uppercase one ("Ngày thành lập …", a name split
    over two lines), a digit or a bracket only inside a run of wrapped lines: three lines long
    and of about the same width (or the third continuing in lowercase), none ending a sentence
    but the last, with a comma or a stop somewhere in them (related headlines printed one
    under another have none).
    """
    if line.endswith(_SENTENCE_END) or line.isupper() or following.isupper():
        return False
    first = following[:1]
    if first.islower():
        return True
    if not _CLAUSE_MARK_RE.search(line + " " + following + " " + after):
        return False  # lines of words without a comma or stop between are headlines one under another
    if not (first.isupper() or first.isdigit() or first in "(“\"") or len(line) < 40 or len(following) < 40 \
            or abs(len(line) - len(following)) > 20 or following.endswith(_SENTENCE_END) or not after \
            or len(line.split()) < 8 or len(following.split()) < 8 or _MENU_MARKS_RE.search(line + following + after):
        return False
    # the line after carries on in lowercase, or is one more line of the same width
    return after[:1].islower() or (len(after) >= 40 and abs(len(after) - len(following)) <= 20)


def _join_broken(lines):
    """Paragraphs pasted with hard line breaks inside sentences, joined back (one pass)."""
    result, parts = [], []
    for index, line in enumerate(lines):
        if parts and _continues(parts[-1], line, lines[index + 1] if index + 1 < len(lines) else ""):
            parts.append(line)
            continue
        if parts:
            result.append(" ".join(parts))
        parts = [line]
    if parts:
        result.append(" ".join(parts))
    return result


# Labelled lines a CMS prints around the text: "Tác giả bài viết: Hữu Nghĩa", "Nguồn tin: Phòng …".
_META_RE = re.compile(
    r"^(?P<label>Tác giả bài viết|Tác giả|Người viết|Người đăng|Người gửi|Biên tập viên|Biên tập|"
    r"Nguồn tin|Nguồn bài|Nguồn)"
    r"\s*:\s*(?P<value>[^\n]{1,100})$", re.IGNORECASE)


def _meta_lines(paragraphs):
    """(authors, poster/editor names, outlet) from labelled meta lines, which leave the paragraphs."""
    authors, others, outlet = [], [], None
    kept = []
    for index, paragraph in enumerate(paragraphs):
        match = _META_RE.match(paragraph) if index and len(paragraph) <= 130 else None
        if not match:
            kept.append(paragraph)
            continue
        label, value = match["label"].lower(), match["value"].strip()
        if label == "nguồn" and index == len(paragraphs) - 1:
            kept.append(paragraph)  # a closing "Nguồn: X" is read with the other closing lines
            continue
        if label.startswith("nguồn"):
            source = outlets.closing_source("Nguồn: " + value)
            known = outlets.lookup(value)
            if known is not None and outlet is None:
                outlet = known
            elif source is None and known is None and len(value.split()) > 8:
                kept.append(paragraph)  # "Nguồn: …" opening a sentence of text
            continue
        names = bylines.parse_byline(value, allow_unit=True)
        if not names:
            kept.append(paragraph)
            continue
        (authors if label in ("tác giả bài viết", "tác giả", "người viết") else others).extend(names)
    paragraphs[:] = kept
    return authors, others, outlet


def _mail_header(lines):
    """(sender outlet or None, lines without an e-mail's From/To/Date/Subject header)."""
    count = 0
    while count < min(len(lines), 10) and _MAIL_FIELD_RE.match(lines[count]):
        count += 1
    if count < 2 or not any(re.match(r"(?i:subject|tiêu đề|chủ đề)\s*:", line) for line in lines[:count]):
        return None, lines
    sender = None
    for line in lines[:count]:
        match = re.match(r"(?i:from|từ)\s*:\s*(?P<name>[^<>\n]+?)\s*(?:<[^<>]*>)?\s*$", line)
        if match:
            sender = outlets.lookup(match["name"].strip(' "'))
    rest = _Lines(lines[count:])
    rest.owner = getattr(lines, "owner", None)
    return sender, rest


_MAIL_FIELD_RE = re.compile(
    r"^(?:From|To|Cc|Bcc|Date|Sent|Subject|Reply-To|Từ|Đến|Gửi|Ngày gửi|Tiêu đề|Chủ đề)\s*:\s*\S", re.IGNORECASE)


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
        self.signer = None  # (name, office) under an official document's signature block
        self.credit_outlet = None  # the agency a closing byline names in brackets: "Video: X (TTXVN)"


# A signature block's office line in capitals: "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "GIÁM ĐỐC".
_SIGNATURE_OFFICE_RE = re.compile(
    r"^[|\s]*(?P<proxy>(?:KT|TM|TL|TUQ|Q)\.\s*)?(?P<office>(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|THỨ TRƯỞNG|"
    r"CHÁNH VĂN PHÒNG|TRƯỞNG BAN|TRƯỞNG PHÒNG|CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|BÍ THƯ|THỦ TRƯỞNG|TƯ LỆNH|CHÍNH ỦY|"
    r"CHÍNH UỶ|VIỆN TRƯỞNG|CHÁNH ÁN|HIỆU TRƯỞNG|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|BAN THƯỜNG VỤ|BAN CHẤP HÀNH)"
    r"(?:\s+[A-ZĐÀ-Ỹ]+){0,4})[\s|]*$")
_SIGNATURE_WINDOW = 12


def _signature_office(paragraphs):
    """The office a document's signer holds, from the signature block among the last paragraphs, or None."""
    office = None
    for paragraph in paragraphs[-_SIGNATURE_WINDOW:]:
        match = _SIGNATURE_OFFICE_RE.match(paragraph) if len(paragraph) <= 80 else None
        if match and not match["proxy"]:
            office = match["office"]  # "PHÓ CHỦ TỊCH" under "KT. CHỦ TỊCH": the signer's own office
        elif match and office is None:
            office = match["office"]
    if office is None:
        return None
    words = office.lower().split()
    out = [words[0].capitalize()]
    for position, word in enumerate(words[1:], 1):
        out.append(word.capitalize() if position == 1 and words[0] == "phó" else word)
    return " ".join(out)


def _read_closing(paragraphs):
    """Take bylines, 'Theo …' sources and date lines off the end (at most a few lines)."""
    closing = _Closing()
    unit = None
    # a run of teasers each cut with "…" (an AMP page's "more" list) after the byline
    teasers = 0
    while teasers < len(paragraphs) - 1 and paragraphs[-1 - teasers].rstrip().endswith(("…", "...")) \
            and len(paragraphs[-1 - teasers]) <= 200:
        teasers += 1
    if teasers >= 2:
        del paragraphs[-teasers:]
    for _ in range(6):
        if not paragraphs:
            break
        last = paragraphs[-1]
        if outlets.link_only_source(last):
            paragraphs.pop()
            continue
        if len(paragraphs) > 1 and outlets.source_address(last, paragraphs[-2]):
            paragraphs.pop()  # the source's address under "Nguồn X:": the source line goes next
            continue
        source = outlets.closing_source(last)
        if source:
            closing.outlet = closing.outlet or source[0]
            paragraphs.pop()
            continue
        authors = bylines.parse_byline(last, allow_unit=True) if len(paragraphs) > 1 else None
        if authors and not closing.authors and not unit and bylines.is_own_office(last):
            paragraphs.pop()  # "Văn phòng Hội": the publisher's office signs, no writer is named
            continue
        if authors and not closing.authors and not unit and bylines.parse_byline(last) is None:
            unit = authors  # a unit alone on the last line ("Trung tâm VH-TT …"): the writer may stand above it
            paragraphs.pop()
            continue
        if authors and not closing.authors and len(authors) == 1:
            office = _signature_office(paragraphs[:-1])
            if office:  # the name under a signature block is the signer, not a writer
                closing.signer = (authors[0], office)
                paragraphs.pop()
                break
        if authors:
            closing.authors = closing.authors or authors
            tag = re.search(r"\(\s*([^()]{2,20}?)\s*\)\s*\.?$", last)
            if tag and closing.credit_outlet is None:
                closing.credit_outlet = outlets.lookup(tag.group(1))
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


_BARE_DASH_RE = re.compile(r"^[-–—]\s+(?=\S)")


def _lead_marker(paragraphs):
    """The outlet marker opening the lead or, as some provincial papers print it, the second paragraph.

    A bare dash opening the lead ("- Ngày 22-12, …") is a marker printed as an image: it goes.
    """
    if paragraphs and _BARE_DASH_RE.match(paragraphs[0]) and len(paragraphs[0].split()) >= 8:
        paragraphs[0] = _BARE_DASH_RE.sub("", paragraphs[0], count=1)
    for index in range(min(2, len(paragraphs))):
        outlet, rest = outlets.lead_marker(paragraphs[index])
        if outlet:
            # the lead printed twice in a row, marker and all (a sapo box and the body's first paragraph)
            while index + 1 < len(paragraphs) and outlets.lead_marker(paragraphs[index + 1])[1] == rest:
                del paragraphs[index + 1]
            paragraphs[index] = rest
            return outlet
    return None


def _page_chrome_outlet(chrome):
    """The outlet a page's banner (a line in capitals) or copyright footer names, or None."""
    for line in chrome:
        if line.isupper():
            found = outlets.header_outlet(line)
            if found:
                return found
        owner = _OWNER_RE.match(line)
        if owner:
            name = owner["owner"].strip()
            return outlets.lookup(name) or outlets.Outlet(name)
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


def plain_record(text, source, flag):
    """A record of the text alone, for an article whose extraction went past a limit:
    its first line as the title, every line a paragraph, no entities, and the flag."""
    lines = [line.strip() for line in clean_text(text).split("\n") if line.strip()]
    title = lines[0][:header.MAX_TITLE_CHARS] if lines else ""
    return Record(source=source, title=title, paragraphs=lines[1:] or lines, fingerprint=fingerprint(text),
                  flags=[flag])


def extract_record(text, source=""):
    """The record of one article's text (already decoded), or of an HTML page."""
    digest = fingerprint(text)
    page = html.read_page(text) if html.looks_like_html(text) else None
    if page is not None:
        text = page.text
    text = clean_text(text)
    content = _content_lines(text)
    sender, content = _mail_header(content)
    owner = content.owner
    lines = header.split_glued(_cut_link_blocks(content))
    clipping = _clipping_entry(lines)
    if clipping:
        head, lines = clipping
        start, lead_insert = 0, None
    else:
        head, start, lead_insert = header.read_header(lines)
    body = ([lead_insert] if lead_insert else []) + head.sapo + lines[start:]
    below_lead = _date_below_lead(body)
    marker = _lead_marker(body)
    body[1:1] = head.extra
    title = head.title
    if page is not None and page.title:
        title = clean_text(page.title)
    paragraphs = boilerplate.drop_repeats([p for p in body if p], title)
    meta_authors, meta_others, meta_outlet = _meta_lines(paragraphs)
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
    for name in closing.photo:
        if name not in credits:
            credits.append(name)

    outlet = None
    for candidate in (marker, head.outlet, head.source_outlet, closing.outlet, meta_outlet, sender, owner):
        if candidate is not None and candidate.name and candidate.kind != "aggregator":
            outlet = candidate
            break
    if page is not None and page.site_name and outlet is None:
        outlet = outlets.lookup(page.site_name) or outlets.Outlet(page.site_name)
    if page is not None and outlet is None:
        outlet = _page_chrome_outlet(page.chrome)
    if outlet is None:
        outlet = next((c for c in (head.outlet, head.source_outlet, sender, owner) if c is not None and c.name), None)
    if outlet is None and closing.credit_outlet is not None and closing.credit_outlet.name:
        outlet = closing.credit_outlet  # "Video: X (TTXVN)": the agency the only credit names
    outlet_abbr = (marker.abbr if marker is not None else None) or (outlet.abbr if outlet is not None else None)

    # a site's name printed where a byline stands ("Ngày Nay" above the headline) is no writer
    outlet_forms = {outlets.key(form) for form in (
        outlet.name if outlet else None, outlet_abbr, marker.name if marker else None) if form}
    authors = next((names for names in (
        [n for n in candidates if outlets.key(n) not in outlet_forms]
        for candidates in (head.authors, meta_authors, closing.authors, meta_others)) if names), [])
    if page is not None and page.authors:
        authors = page.authors

    lead = paragraphs[0] if paragraphs else ""
    joined = "\n".join(paragraphs)
    published = (page.published if page is not None else None) or head.published or below_lead or closing.published
    date_stated = published is not None
    reference = published or head.header_date
    event = dates.event_date(lead, title, joined, reference)
    if event is None and len(paragraphs) > 1:
        event = dates.event_date(paragraphs[1], title, joined, reference)
    if event is None:
        # a decision or report: the day it was signed, on its place-and-date line (often read as the header's date)
        event = dates.document_date((lines[:start] if not clipping else []) + paragraphs, limit=MAX_HEADER_SCAN)
    if published is None and head.post_day:
        # a post's time without a year ("13 tháng 1 lúc 20:14"): the year the text states for that day
        day, month = head.post_day
        year = int(event[:4]) if event else dates.stated_year_conservative(lead, title)
        published = dates.iso(year, month, day) if year else None
        date_stated = published is not None
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
        if closing.signer:
            found_persons.append(({"name": closing.signer[0], "rank": None, "role": closing.signer[1]}, (0, 0)))
        if len(persons.merge_persons(found_persons)) > MAX_PERSONS:
            flags.append("entities skipped: too many persons")
    if flags:  # indexed with its title and full text, without entities: never dropped
        found_persons, article_provinces, about, mentioned = [], [], [], []
    else:
        name_spans = [span for _person, span in found_persons]
        article_provinces = provinces.provinces_in(searchable, name_spans)
        police_provinces = provinces.provinces_in(
            " ".join(re.findall(r"(?:Công an|CA|CATP)\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s+)?"
                                r"[^\s,.;()]+(?:\s+[^\s,.;()]+){0,3}",
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

