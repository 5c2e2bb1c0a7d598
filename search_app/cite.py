"""Citations and "copy as" formats for note tools, built from a record and its links.

Every format is built here (not in templates or JavaScript), so the tests can parse
each one with a real parser: Markdown, YAML front matter, CSL-JSON, BibTeX, RIS.
"""
import html
import json
import re
import urllib.parse

from .present import display_date


def markdown_link(title, url):
    """[title](<url>): brackets in the title escaped, the URL safe with spaces and parentheses."""
    escaped = re.sub(r"([\\\[\]])", r"\\\1", title)
    safe_url = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{escaped}](<{safe_url}>)"


def markdown_quote(text, title, url):
    """A Markdown block quote with its source link under it."""
    quoted = "\n".join("> " + line if line else ">" for line in text.splitlines())
    return f"{quoted}\n>\n> — {markdown_link(title, url)}"


def _yaml_string(value):
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def obsidian(record, url, text=None):
    """Obsidian note: YAML front matter (title, source, date, author, outlet, tags), then the quote or link."""
    lines = ["---", f"title: {_yaml_string(record['title'])}", f"source: {_yaml_string(url)}"]
    if record.get("date"):
        lines.append(f"published: {_yaml_string(record['date'])}")
    if record.get("author"):
        lines.append("author:")
        lines += [f"  - {_yaml_string(name)}" for name in record["author"]]
    if record.get("outlet"):
        lines.append(f"outlet: {_yaml_string(record['outlet'])}")
    if record.get("clusters"):
        lines.append("clusters:")
        lines += [f"  - {_yaml_string(name)}" for name in record["clusters"]]
    lines.append("---")
    lines.append("")
    lines.append(markdown_quote(text, record["title"], url) if text else markdown_link(record["title"], url))
    return "\n".join(lines) + "\n"


def logseq(record, url, text=None):
    """A Logseq block with a source:: property."""
    first = text or record["title"]
    first = " ".join(first.split())
    return f"- {first}\n  source:: {markdown_link(record['title'], url)}\n"


def rich_html(record, url, text=None):
    """(text/html, text/plain) for Word and other rich editors."""
    link = f'<a href="{html.escape(url)}">{html.escape(record["title"])}</a>'
    date = f" ({display_date(record['date'])})" if record.get("date") else ""
    if text:
        rich = f"<blockquote><p>{html.escape(text)}</p></blockquote><p>— {link}{html.escape(date)}</p>"
        plain = f"“{text}”\n— {record['title']}{date} {url}"
    else:
        rich = f"<p>{link}{html.escape(date)}</p>"
        plain = f"{record['title']}{date} {url}"
    return rich, plain


def text_fragment(url, text, words=5):
    """url#:~:text=… that a browser scrolls to and highlights (built from the NFC text)."""
    parts = text.split()

    def encode(piece):
        return urllib.parse.quote(piece, safe="").replace("-", "%2D")

    if len(parts) <= 2 * words:
        directive = encode(" ".join(parts))
    else:
        directive = encode(" ".join(parts[:words])) + "," + encode(" ".join(parts[-words:]))
    return f"{url}#:~:text={directive}"


# -- citation exports ------------------------------------------------------------

def _date_parts(date):
    return [int(part) for part in date.split("-")] if date else None


def csl_json(record, url, article_id):
    item = {"id": article_id, "type": "article-newspaper", "title": record["title"], "URL": url,
            "language": "vi"}
    if record.get("outlet"):
        item["container-title"] = record["outlet"]
    if record.get("author"):
        item["author"] = [{"literal": name} for name in record["author"]]
    if record.get("date"):
        item["issued"] = {"date-parts": [_date_parts(record["date"])]}
    return [item]


def _bibtex_escape(value):
    return re.sub(r"([{}\\&%$#_])", r"\\\1", value)


def bibtex(record, url, article_id):
    fields = [("title", "{" + _bibtex_escape(record["title"]) + "}")]
    if record.get("author"):
        fields.append(("author", " and ".join("{" + _bibtex_escape(a) + "}" for a in record["author"])))
    if record.get("outlet"):
        fields.append(("journal", _bibtex_escape(record["outlet"])))
    if record.get("date"):
        parts = record["date"].split("-")
        fields.append(("year", parts[0]))
        if len(parts) > 1:
            fields.append(("month", str(int(parts[1]))))
        if len(parts) > 2:
            fields.append(("day", str(int(parts[2]))))
    fields += [("url", url), ("language", "vietnamese")]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@article{{{article_id},\n{body}\n}}\n"


def ris(record, url, article_id):
    lines = ["TY  - NEWS", f"ID  - {article_id}", f"TI  - {record['title']}"]
    lines += [f"AU  - {name}" for name in record.get("author") or []]
    if record.get("outlet"):
        lines.append(f"T2  - {record['outlet']}")
    if record.get("date"):
        parts = record["date"].split("-")
        lines.append(f"PY  - {parts[0]}")
        lines.append("DA  - " + "/".join(parts + [""] * (3 - len(parts))) + "/")
    lines += [f"UR  - {url}", "LA  - vi", "ER  - "]
    return "\n".join(lines) + "\n"


EXPORTS = {
    "csl-json": ("application/vnd.citationstyles.csl+json",
                 lambda r, u, i: json.dumps(csl_json(r, u, i), ensure_ascii=False, indent=1)),
    "bibtex": ("application/x-bibtex", bibtex),
    "ris": ("application/x-research-info-systems", ris),
}


def coins(record, url):
    """A COinS title (OpenURL) so Zotero can save several results from a results page."""
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
             ("rft.genre", "article"), ("rft.atitle", record["title"]), ("rft_id", url), ("rft.language", "vi")]
    if record.get("outlet"):
        pairs.append(("rft.jtitle", record["outlet"]))
    if record.get("date"):
        pairs.append(("rft.date", record["date"]))
    pairs += [("rft.au", name) for name in record.get("author") or []]
    return urllib.parse.urlencode(pairs)


def json_ld(record, url):
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": record["title"],
            "url": url, "inLanguage": "vi", "mainEntityOfPage": url}
    if record.get("date"):
        data["datePublished"] = record["date"]
    if record.get("author"):
        data["author"] = [{"@type": "Person", "name": name} for name in record["author"]]
    if record.get("outlet"):
        data["publisher"] = {"@type": "Organization", "name": record["outlet"]}
    # Safe inside <script>: no "<" at all, so nothing in a title can close or open markup.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
