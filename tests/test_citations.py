"""Every "copy as" format and citation export, each read back by a real parser."""
import json
import re
import urllib.parse
from html import unescape
from html.parser import HTMLParser

import bibtexparser
import frontmatter
import pytest
import rispy
from markdown_it import MarkdownIt

TITLE = "Công an 5 địa phương tổng kết phong trào thi đua năm 2024"


@pytest.fixture()
def doc(client):
    article_id = client.get("/api/search", query_string={"q": "nguyen van han"}).get_json()["results"][0]["id"]
    return article_id, client.get(f"/doc/{article_id}").data.decode()


def _formats(html, scope=None):
    """{format: (plain, html)} of the first copy menu in ``scope`` (a regex for a block)."""
    block = re.search(scope, html, re.S).group(1) if scope else html
    found = {}
    for match in re.finditer(r'data-format="(\w+)" data-copy="([^"]*)"(?: data-copy-html="([^"]*)")?', block):
        found.setdefault(match.group(1), (unescape(match.group(2)), unescape(match.group(3) or "")))
    return found


def _link(markdown):
    tokens = MarkdownIt().parseInline(markdown)[0].children
    href = next(t.attrs["href"] for t in tokens if t.type == "link_open")
    text = "".join(t.content for t in tokens if t.type == "text")
    return text, href


def test_markdown_link_parses_with_the_title_and_url(doc):
    article_id, html = doc
    text, href = _link(_formats(html, r'<div class="copy-row">(.*?)</div>\s*<dl')["markdown"][0])
    assert (text, href) == (TITLE, f"http://localhost/doc/{article_id}")


def test_markdown_link_survives_brackets_parentheses_and_spaces():
    from search_app.cite import markdown_link

    text, href = _link(markdown_link("Bài [đặc biệt] (số 1)", "http://x/doc/a b(1)"))
    assert text == "Bài [đặc biệt] (số 1)" and href == "http://x/doc/a%20b(1)"


def test_paragraph_quote_block_has_the_text_and_a_source_link(doc):
    article_id, html = doc
    quote = _formats(html, r'<div class="para" id="p4">(.*?)</div>\s*</div>')["quote"][0]
    tokens = MarkdownIt().parse(quote)
    assert tokens[0].type == "blockquote_open"
    inline = [t for t in tokens if t.type == "inline"]
    assert inline[0].content.startswith("Qua 11 tháng triển khai")
    text, href = _link(inline[-1].content.lstrip("— "))
    assert text == TITLE and href.startswith(f"http://localhost/doc/{article_id}/q?exact=")


def test_obsidian_front_matter_parses_as_yaml(doc):
    article_id, html = doc
    note = frontmatter.loads(_formats(html, r'<div class="copy-row">(.*?)</div>\s*<dl')["obsidian"][0])
    assert note["title"] == TITLE and note["source"] == f"http://localhost/doc/{article_id}"
    assert note["author"] == ["Minh Triết", "Tiến Dũng"] and note["published"] == "2024-11-20"
    assert note["clusters"] == ["Cụm thi đua số 12"]
    assert _link(note.content.strip())[0] == TITLE


def test_logseq_block_has_a_source_property(doc):
    _article_id, html = doc
    block = _formats(html, r'<div class="para" id="p2">(.*?)</div>\s*</div>')["logseq"][0]
    first, second = block.rstrip("\n").split("\n")
    assert first.startswith("- Dự hội nghị có Thiếu tướng Lê Hồng Hiệp")
    assert second.startswith("  source:: ")
    assert _link(second.split("source:: ", 1)[1])[0] == TITLE


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.blockquotes = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"])
        self.blockquotes += tag == "blockquote"


def test_rich_html_for_word_carries_html_and_plain_text(doc):
    article_id, html = doc
    plain, rich = _formats(html, r'<div class="para" id="p2">(.*?)</div>\s*</div>')["html"]
    parser = _Links()
    parser.feed(rich)
    assert parser.blockquotes == 1 and parser.links[0].startswith(f"http://localhost/doc/{article_id}/q?")
    assert plain.startswith("“Dự hội nghị có") and TITLE in plain


def test_citation_exports_parse(client, doc):
    article_id, _html = doc
    csl = client.get(f"/api/doc/{article_id}/cite?format=csl-json")
    assert csl.mimetype == "application/vnd.citationstyles.csl+json"
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON(json.loads(csl.data))
    item = source[article_id.lower()] if article_id.lower() in source else next(iter(source.values()))
    assert str(item["title"]) == TITLE

    library = bibtexparser.parse_string(client.get(f"/api/doc/{article_id}/cite?format=bibtex").data.decode())
    entry = library.entries[0]
    assert entry.key == article_id and entry.fields_dict["year"].value == "2024"
    assert entry.fields_dict["title"].value.strip("{}") == TITLE
    assert entry.fields_dict["author"].value == "{Minh Triết} and {Tiến Dũng}"

    ris = rispy.loads(client.get(f"/api/doc/{article_id}/cite?format=ris").data.decode())[0]
    assert ris["type_of_reference"] == "NEWS" and ris["title"] == TITLE
    assert ris["authors"] == ["Minh Triết", "Tiến Dũng"] and ris["urls"] == [f"http://localhost/doc/{article_id}"]

    assert client.get(f"/api/doc/{article_id}/cite?format=docx").status_code == 400


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.scripts, self._in_ld, self.coins = [], [], False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta.append((attrs.get("name") or attrs.get("property"), attrs.get("content")))
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"
        if tag == "span" and attrs.get("class") == "Z3988":
            self.coins.append(attrs["title"])

    def handle_data(self, data):
        if self._in_ld:
            self.scripts.append(json.loads(data))
            self._in_ld = False


def test_article_pages_carry_citation_open_graph_and_json_ld(doc):
    article_id, html = doc
    parser = _Meta()
    parser.feed(html)
    meta = {}
    for name, content in parser.meta:
        meta.setdefault(name, []).append(content)
    assert meta["citation_title"] == [TITLE]
    assert meta["citation_author"] == ["Minh Triết", "Tiến Dũng"]
    assert meta["citation_publication_date"] == ["2024/11/20"]
    assert meta["og:title"] == [TITLE] and meta["og:url"] == [f"http://localhost/doc/{article_id}"]
    ld = parser.scripts[0]
    assert ld["@type"] == "NewsArticle" and ld["headline"] == TITLE and ld["datePublished"] == "2024-11-20"
    assert [a["name"] for a in ld["author"]] == ["Minh Triết", "Tiến Dũng"]

    import extruct

    data = extruct.extract(html, base_url=f"http://localhost/doc/{article_id}", syntaxes=["json-ld", "opengraph"])
    assert data["json-ld"][0]["headline"] == TITLE
    assert dict(data["opengraph"][0]["properties"])["og:title"] == TITLE


def test_result_pages_carry_coins_for_each_result(client):
    html = client.get("/?q=thi+đua").data.decode()
    parser = _Meta()
    parser.feed(html)
    total = client.get("/api/search", query_string={"q": "thi đua"}).get_json()
    assert len(parser.coins) == len(total["results"]) > 1
    first = urllib.parse.parse_qs(parser.coins[0])
    assert first["ctx_ver"] == ["Z39.88-2004"] and first["rft.atitle"][0] == total["results"][0]["title"]
