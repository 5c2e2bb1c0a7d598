"""HTML pages: / (search) and /doc/<id> (the article). Views only parse, call and render."""
from flask import Blueprint, abort, render_template, request

from indexer.highlight import mark, match_spans
from indexer.query import parse
from indexer.schema import FACET_FIELDS
from indexer.search import SearchRequest

from . import engine, urls
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
    return render_template(
        "search.html",
        error=None,
        search=search_request,
        data=search_payload(result, "pages.search"),
        facet_labels=FACET_LABELS,
        sorts=[(label, urls.with_args("pages.search", search_request, sort=key if key != "relevance" else None, page=None),
                key == search_request.sort) for key, label in SORT_LABELS.items()],
        pagination=_pagination(search_request, result.total),
        chips=_chips(search_request),
        clear_url=urls.clear_filters_url("pages.search", search_request),
        doc_query=search_request.q,
    )


@bp.get("/doc/<article_id>")
def document(article_id):
    record = engine().get(article_id)
    if record is None:
        removed = engine().removed(article_id)
        if removed:
            return render_template("gone.html", article_id=article_id, removed=removed), 410
        abort(404, f"Không có bài viết nào mang mã «{article_id}».")
    query = request.args.get("q", "")[:1000]
    terms, sequences = parse(query).highlight_targets() if query else ((), ())
    permalink = urls.permalink(article_id)
    paragraphs = []
    for number, text in enumerate(record["paragraphs"], 1):
        link = urls.permalink(article_id, number)
        paragraphs.append({
            "number": number,
            "html": mark(text, match_spans(text, terms, sequences)),
            "url": link,
            "markdown": urls.markdown_link(record["title"], link),
        })
    return render_template(
        "doc.html",
        record=record,
        article_id=article_id,
        permalink=permalink,
        markdown=urls.markdown_link(record["title"], permalink),
        title_html=mark(record["title"], match_spans(record["title"], terms, sequences)),
        paragraphs=paragraphs,
        persons=[dict(p, search_url=urls.person_search_url(p["name"])) for p in record["persons"]],
        back_url=urls.with_args("pages.search", SearchRequest(q=query)) if query else None,
        query=query,
    )
