"""An article's HTML page -> its main text and what the page's meta tags say.

trafilatura takes the main text (comments left out); the lead ("sapo"), which many
Vietnamese CMSs print in a box of its own above the body and which trafilatura may
leave out, is put back in front.  Captions are kept apart (for photo credits only).
The meta tags (og:title / <title>, article:published_time, author, og:site_name)
fill the record where present; htmldate finds a date when they give none.
"""
import re
from dataclasses import dataclass, field

_HTML_START_RE = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!DOCTYPE\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)
# Boxes that hold the lead on Vietnamese news sites ("sapo" is the trade's word for it).
_LEAD_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:sapo|chapeau|lead|summary|description|excerpt|intro|abstract|hometext)(?:$|[\s_-])",
    re.IGNORECASE)


# Boxes where a site prints its own name: a banner or logo text, the header, the copyright footer.
_CHROME_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:banner|logo|header|footer|copyright|brand|site-?name)(?:$|[\s_-])", re.IGNORECASE)
MAX_CHROME_LINES = 40


def _chrome_lines(tree):
    """Short text lines of the page's banner, header and footer boxes, in page order."""
    lines = []
    for element in tree.xpath("//body//*[@class or @id]"):
        if not _CHROME_CLASS_RE.search(element.get("class", "") + " " + element.get("id", "")):
            continue
        for piece in element.itertext():
            piece = " ".join(piece.split())
            if 2 <= len(piece) <= 120 and piece not in lines:
                lines.append(piece)
        if len(lines) >= MAX_CHROME_LINES:
            break
    return lines[:MAX_CHROME_LINES]


_BYLINE_CLASS_RE = re.compile(r"(?:^|[\s_-])(?:author|byline|tacgia|tac-gia)(?:$|[\s_-])", re.IGNORECASE)


@dataclass
class Page:
    text: str
    title: str = None
    published: str = None
    authors: list = field(default_factory=list)
    site_name: str = None
    captions: list = field(default_factory=list)
    chrome: list = field(default_factory=list)  # lines of the banner, header and footer (the site naming itself)


def looks_like_html(text):
    return bool(_HTML_START_RE.match(text[:2000]))


def _meta(tree, *names):
    for name in names:
        for attribute in ("property", "name", "itemprop"):
            found = tree.xpath(f"//meta[@{attribute}=$value]/@content", value=name)
            if found and found[0].strip():
                return " ".join(found[0].split())
    return None


def _iso_date(value):
    match = re.match(r"((?:19|20)\d{2})-(\d{2})-(\d{2})", value or "")
    return "-".join(match.groups()) if match else None


def read_page(markup):
    """The Page of an HTML document (text lines joined by newlines)."""
    import lxml.html
    import trafilatura

    from . import bylines

    try:
        tree = lxml.html.fromstring(markup)
    except (ValueError, lxml.etree.ParserError):
        return Page(text=re.sub(r"<[^>]+>", " ", markup))
    extracted = trafilatura.bare_extraction(
        markup, include_comments=False, include_tables=False, include_images=False,
        favor_precision=True, with_metadata=True, deduplicate=False,
    )
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else (extracted or {})
    body = data.get("text") or ""
    lines = [line.strip() for line in body.split("\n") if line.strip()]

    lead = None
    for element in tree.xpath("//body//*[@class]"):
        if _LEAD_CLASS_RE.search(element.get("class", "")) and element.tag not in ("meta", "head", "title"):
            text = " ".join(element.text_content().split())
            if len(text.split()) >= 8:
                lead = text
                break
    if lead and not any(lead[:60] in line or line[:60] in lead for line in lines):
        lines.insert(0, lead)

    title = _meta(tree, "og:title", "twitter:title") or data.get("title")
    if not title:
        found = tree.xpath("//title/text()")
        title = found[0].strip() if found else None
    if title and lines and lines[0].strip() == title.strip():
        lines = lines[1:]

    published = _iso_date(_meta(tree, "article:published_time", "datePublished", "pubdate", "date"))
    if not published:
        published = _iso_date(data.get("date"))
    if not published:
        try:
            import htmldate
            published = _iso_date(htmldate.find_date(markup, original_date=True))
        except Exception:  # htmldate guesses; a page without a date is no error
            published = None

    authors = []
    author_meta = _meta(tree, "author", "article:author", "dable:author")
    if author_meta and not author_meta.startswith("http"):
        authors = bylines.parse_byline(author_meta) or []
    if not authors:  # portals put their own name in the meta tag and the writer in the page
        for element in tree.xpath("//body//*[@class]"):
            if _BYLINE_CLASS_RE.search(element.get("class", "")):
                text = " ".join(element.text_content().split())
                if 0 < len(text) <= 120:
                    authors = bylines.parse_byline(text, allow_unit=False) or []
                    if authors:
                        break

    captions = [" ".join(c.text_content().split()) for c in tree.xpath("//figcaption")]
    site_name = _meta(tree, "og:site_name", "application-name") or data.get("sitename")
    text = "\n".join(([title] if title else []) + lines)
    return Page(text=text, title=title, published=published, authors=authors, site_name=site_name,
                captions=[c for c in captions if c], chrome=_chrome_lines(tree))
