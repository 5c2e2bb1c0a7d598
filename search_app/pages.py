"""HTML pages: / (search) and /doc/<id> (the article). Views only parse, call and render."""
from flask import Blueprint, redirect, render_template, request, url_for

from indexer.highlight import mark, match_spans, merge_spans
from indexer.quotes import locate, quote_parts
from indexer.schema import FACET_FIELDS
from indexer.search import SearchRequest

from . import cite, engine, urls
from .articles import article_or_error
from .params import ParamError, parse_search_args
from .present import FACET_LABELS, SORT_LABELS, search_payload

bp = Blueprint("pages", __name__)
PAGE_WINDOW = 2


def _pagination(search_request, total):
    last = max(1, -(-total // search_request.per_page))
    current = search_request.page
    numbers = sorted({1, last, *range(max(1, current - PAGE_WINDOW), min(last, current + PAGE_WINDOW) + 1)})
    return {
        "current": current,
        "last": last,
        "prev_url": urls.page_url("pages.search", search_request, current - 1) if current > 1 else None,
        "next_url": urls.page_url("pages.search", search_request, current + 1) if current < last else None,
        "pages": [(n, urls.page_url("pages.search", search_request, n), n == current) for n in numbers],
    }


def _chips(search_request):
    chips = []
    for facet in FACET_FIELDS:
        for value in search_request.filters.get(facet, []):
            chips.append({"label": FACET_LABELS[facet], "value": value,
                          "remove_url": urls.toggle_url("pages.search", search_request, facet, value)})
    for key, label, value in (("from", "Từ ngày", search_request.date_from), ("to", "Đến ngày", search_request.date_to)):
        if value:
            chips.append({"label": label, "value": value,
                          "remove_url": urls.with_args("pages.search", search_request, **{key: None})})
    return chips


@bp.get("/")
def search():
    try:
        search_request = parse_search_args(request.args)
    except ParamError as error:
        fallback = SearchRequest(q=request.args.get("q", "")[:200])
        return render_template("search.html", error=str(error), search=fallback, data=None,
                               facet_labels=FACET_LABELS), 400
    result = engine().search(search_request)
    data = search_payload(result, "pages.search")
    for hit in data["results"]:
        hit["formats"] = _formats(hit, hit["url"])
        hit["coins"] = cite.coins(hit, hit["url"])
    return render_template(
        "search.html",
        error=None,
        search=search_request,
        data=data,
        facet_labels=FACET_LABELS,
        sorts=[(label, urls.with_args("pages.search", search_request, sort=key if key != "relevance" else None, page=None),
                key == search_request.sort) for key, label in SORT_LABELS.items()],
        pagination=_pagination(search_request, result.total),
        chips=_chips(search_request),
        clear_url=urls.clear_filters_url("pages.search", search_request),
        doc_query=search_request.q,
    )


def _formats(record, url, text=None):
    """Every "copy as" format of the article or one passage: {key: (label, plain text, HTML or None)}."""
    rich, plain = cite.rich_html(record, url, text)
    formats = {"markdown": ("Markdown", cite.markdown_link(record["title"], url), None)}
    if text:
        formats["quote"] = ("Trích dẫn Markdown", cite.markdown_quote(text, record["title"], url), None)
    formats["obsidian"] = ("Obsidian", cite.obsidian(record, url, text), None)
    formats["logseq"] = ("Logseq", cite.logseq(record, url, text), None)
    formats["html"] = ("Word (HTML)", plain, rich)
    return formats


def _marks(text, terms, sequences, highlight):
    spans = match_spans(text, terms, sequences)
    if highlight:
        start = text.find(highlight)
        if start >= 0:
            spans = merge_spans(spans + [(start, start + len(highlight))])
    return mark(text, spans)


@bp.get("/doc/<article_id>")
def document(article_id):
    record = article_or_error(article_id)
    query = request.args.get("q", "")[:1000]
    terms, sequences = engine().highlight_targets(query) if query.strip() else ((), ())
    highlight = request.args.get("hl", "")[:2000]
    highlight_paragraph = request.args.get("p", "")
    permalink = urls.permalink(article_id)
    paragraphs = []
    for number, text in enumerate(record["paragraphs"], 1):
        quote = urls.quote_url(article_id, *quote_parts(record["paragraphs"], number))
        mark_here = highlight if highlight_paragraph == str(number) else ""
        paragraphs.append({
            "number": number,
            "html": _marks(text, terms, sequences, mark_here),
            "anchor": urls.permalink(article_id, number),
            "quote_url": quote,
            "fragment_url": cite.text_fragment(permalink, text),
            "formats": _formats(record, quote, text),
        })
    return render_template(
        "doc.html",
        record=record,
        article_id=article_id,
        permalink=permalink,
        formats=_formats(record, permalink),
        title_html=mark(record["title"], match_spans(record["title"], terms, sequences)),
        paragraphs=paragraphs,
        persons=[dict(p, search_url=urls.person_search_url(p["name"])) for p in record["persons"]],
        back_url=urls.with_args("pages.search", SearchRequest(q=query)) if query else None,
        query=query,
        quote_missing=request.args.get("quote") == "missing",
        json_ld=cite.json_ld(record, permalink),
        citation_date=(record.get("date") or "").replace("-", "/"),
        cite_urls={name: url_for("api.citation", article_id=article_id, format=name) for name in cite.EXPORTS},
    )


@bp.get("/doc/<article_id>/q")
def quote(article_id):
    """A quote link: find the passage in the article's current text and go to it."""
    record = article_or_error(article_id)
    found = locate(record["paragraphs"], request.args.get("exact", "")[:2000],
                   request.args.get("prefix", "")[:500], request.args.get("suffix", "")[:500])
    if found is None:
        return redirect(url_for("pages.document", article_id=article_id, quote="missing"))
    passage = found.text(record["paragraphs"])
    return redirect(url_for("pages.document", article_id=article_id, hl=passage, p=found.paragraph,
                            _anchor=f"p{found.paragraph}"))
