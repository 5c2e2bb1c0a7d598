"""HTML pages: / (search) and /doc/<id> (the article). Views only parse, call and render."""
from urllib.parse import quote as url_quote
from urllib.parse import urlencode

from flask import Blueprint, redirect, render_template, request, url_for

from indexer.complete import completer_for
from indexer.highlight import mark, match_spans, merge_spans
from indexer.quotes import locate, quote_parts
from indexer.search import SearchRequest

from . import cite, compress, engine, urls
from .articles import article_or_error
from .facets import BY_NAME, FACETS, SHOWN_FIRST
from .params import ParamError, parse_search_args, searches_anything, swap_reversed_range
from .present import (
    SORT_LABELS,
    copies_payload,
    display_date,
    profile_url,
    related_payload,
    search_payload,
    with_facet_size,
)

bp = Blueprint("pages", __name__)
bp.after_app_request(compress.gzip_response)  # every answer of the app, API and errors too
PAGE_WINDOW = 2
PAGE_FACET_SIZE = 150  # values per facet a page lists (ten shown, the rest behind "Xem thêm")
HISTOGRAM_MONTHS = 36  # a longer span is drawn per year
SEARCH_PARAMS = frozenset(urls.SEARCH_KEYS) | {"page"}
PROFILE_FACETS = ("person", "cluster")  # their values have a page of their own ("Hồ sơ")


def _pagination(search_request, total):
    """Page links with gaps: [(number or None for '…', url, current)]."""
    last = max(1, -(-total // search_request.per_page))
    current = min(search_request.page, last)
    numbers = sorted({1, last, *range(max(1, current - PAGE_WINDOW), min(last, current + PAGE_WINDOW) + 1)})
    pages, previous = [], 0
    for number in numbers:
        if number - previous == 2:  # a gap of one page: show it rather than '…'
            pages.append((previous + 1, urls.page_url("pages.search", search_request, previous + 1), False))
        elif number - previous > 2:
            pages.append((None, None, False))
        pages.append((number, urls.page_url("pages.search", search_request, number),
                      number == search_request.page))
        previous = number
    page = search_request.page
    return {
        "current": page,
        "last": last,
        "last_url": urls.page_url("pages.search", search_request, last),
        "prev_url": urls.page_url("pages.search", search_request, min(page - 1, last)) if page > 1 else None,
        "next_url": urls.page_url("pages.search", search_request, page + 1) if page < last else None,
        "pages": pages,
    }


def _chips(search_request):
    chips = []
    for facet in FACETS:
        for value in search_request.filters.get(facet.name, []):
            chips.append({"label": facet.chip, "value": facet.value_label(value),
                          "remove_url": urls.toggle_url("pages.search", search_request, facet.name, value)})
    for key, label, value in (("from", "Từ ngày", search_request.date_from),
                              ("to", "Đến ngày", search_request.date_to)):
        if value:
            chips.append({"label": label, "value": display_date(value),
                          "remove_url": urls.with_args("pages.search", search_request, **{key: None})})
    return chips


def _facet_panels(data):
    """The facets shown as lists: the first ten (and every selected value), then the rest."""
    panels = []
    for facet in FACETS:
        if facet.display != "list":
            continue
        values = data["facets"][facet.name]
        if facet.name in PROFILE_FACETS:
            values = [dict(item, profile_url=profile_url(facet.name, item["value"]) if item["count"] else None)
                      for item in values]
        first = [item for number, item in enumerate(values) if number < SHOWN_FIRST or item["selected"]]
        rest = [item for number, item in enumerate(values) if number >= SHOWN_FIRST and not item["selected"]]
        if values:
            panels.append({"name": facet.name, "label": facet.label, "first": first, "rest": rest,
                           "truncated": data["facet_info"][facet.name]["truncated"]})
    return panels


def _months_between(first, last):
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    while (year, month) <= end:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _histogram(search_request, data):
    """An SVG bar chart of matching articles per month (a span of up to three years) or per
    year, every bar a link narrowing the search to it; sizes are attributes (no inline style)."""
    months = {item["value"]: item["count"] for item in data["facets"]["month"]}
    years = {item["value"]: item["count"] for item in data["facets"]["year"]}
    span = list(_months_between(min(months), max(months))) if months else []
    if months and not data["facet_info"]["month"]["truncated"] and 1 < len(span) <= HISTOGRAM_MONTHS:
        unit, keys, counts = "month", span, months
    elif years:
        keys = [str(y) for y in range(int(min(years)), int(max(years)) + 1)]
        unit, counts = "year", years
        if len(keys) < 2 and len(span) <= 1:
            return None
    else:
        return None
    facet = BY_NAME[unit]
    width, height, axis = 320, 120, 18
    step = width / len(keys)
    gap = min(2.0, step * 0.2)
    top = max(counts.get(key, 0) for key in keys) or 1
    bars = []
    for number, key in enumerate(keys):
        count = counts.get(key, 0)
        bar_height = round((height - axis - 4) * count / top, 1)
        label = facet.value_label(key)
        bars.append({
            "key": key, "label": label, "count": count,
            "x": round(number * step + gap / 2, 2), "width": round(step - gap, 2),
            "y": round(height - axis - bar_height, 1), "height": bar_height,
            "slot_x": round(number * step, 2), "slot_width": round(step, 2),
            "url": urls.with_args("pages.search", search_request, page=None, **{unit: key}) if count else None,
            "selected": key in search_request.filters.get(unit, []),
        })
    return {"unit": unit, "unit_label": "tháng" if unit == "month" else "năm", "bars": bars,
            "width": width, "height": height, "axis_y": height - axis, "text_y": height - 4,
            "first": bars[0]["label"], "last": bars[-1]["label"]}


def _date_form(search_request):
    """The from/to form: the other parameters of the search as hidden fields."""
    args = urls.search_args(search_request)
    hidden = [(key, value) for key, value in args.items(multi=True) if key not in ("from", "to")]
    return {"hidden": hidden, "from": search_request.date_from or "", "to": search_request.date_to or "",
            "clear_url": urls.with_args("pages.search", search_request, page=None, **{"from": None, "to": None})
            if search_request.date_from or search_request.date_to else None}


def _open_url(permalink, search_request, paragraph=None):
    """The article, carrying the search it was opened from (for "‹ Quay lại kết quả")."""
    args = list(urls.search_args(search_request).items(multi=True))
    if search_request.page > 1:
        args.append(("page", str(search_request.page)))
    url = f"{permalink}?{urlencode(args, quote_via=url_quote)}" if args else permalink
    return f"{url}#p{paragraph}" if paragraph else url


def _bad_request(error):
    q = request.args.get("q", "")[:200]
    return render_template("search.html", error=error.vi, search=SearchRequest(q=q), data=None,
                           retry_url=url_for("pages.search", q=q) if q else None), 400


@bp.get("/")
def search():
    args, swapped = swap_reversed_range(request.args)
    try:
        search_request = parse_search_args(args)
    except ParamError as error:
        return _bad_request(error)
    if search_request.q and not searches_anything(search_request.q):
        return render_template("search.html", error=None, nothing_searched=True, search=search_request, data=None)
    engine_request, limit = with_facet_size(search_request, PAGE_FACET_SIZE)
    result = engine().search(engine_request)
    data = search_payload(result, "pages.search", PAGE_FACET_SIZE, limit)
    for hit in data["results"]:
        hit["formats"] = _formats(hit, hit["url"])
        hit["coins"] = cite.coins(hit, hit["url"])
        hit["open_url"] = _open_url(hit["url"], search_request, hit["snippet_paragraph"])
    pagination = _pagination(search_request, result.total)
    chips = _chips(search_request)
    return render_template(
        "search.html",
        error=None,
        search=search_request,
        data=data,
        sorts=[(label,
                urls.with_args("pages.search", search_request, sort=key if key != "relevance" else None, page=None),
                key == search_request.sort) for key, label in SORT_LABELS.items()],
        pagination=pagination,
        past_end=bool(result.total) and not data["results"],
        swapped=swapped,
        chips=chips,
        clear_url=urls.clear_filters_url("pages.search", search_request),
        panels=_facet_panels(data),
        histogram=_histogram(search_request, data),
        date_form=_date_form(search_request),
        years=data["facets"]["year"],
        months=data["facets"]["month"],
        doc_query=search_request.q,
    )


PARAGRAPH_WORDS = 8


def paragraph_link_text(title, number, text):
    """What a copied link to a paragraph reads as: the title, "¶ 3" and the paragraph's first words,
    so several links to one article tell themselves apart in notes."""
    words = text.split()
    opening = " ".join(words[:PARAGRAPH_WORDS]).rstrip(",.;:") + ("…" if len(words) > PARAGRAPH_WORDS else "")
    return f"{title} ¶ {number}: {opening}"


def _formats(record, url, text=None, number=None):
    """Every "copy as" format of the article or one passage: {key: (label, plain text, HTML or None)}."""
    rich, plain = cite.rich_html(record, url, text)
    link_text = paragraph_link_text(record["title"], number, text) if text and number else record["title"]
    formats = {"markdown": ("Markdown", cite.markdown_link(link_text, url), None)}
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
    first, last, pager = _paragraph_page(article_id, len(record["paragraphs"]), highlight_paragraph)
    paragraphs = []
    for number, text in enumerate(record["paragraphs"][first - 1:last], first):
        if len(text) > MAX_SHOWN_CHARS:
            text = text[:MAX_SHOWN_CHARS].rsplit(" ", 1)[0] + " …"
        quote = urls.quote_url(article_id, *quote_parts(record["paragraphs"], number), whole=True)
        mark_here = ""
        if highlight_paragraph == str(number):
            mark_here = text if request.args.get("whole") == "1" else highlight
        paragraphs.append({
            "number": number,
            "html": _marks(text, terms, sequences, mark_here),
            "anchor": urls.permalink(article_id, number),
            "quote_url": quote,
            "fragment_url": cite.text_fragment(permalink, text),
            "formats": _formats(record, quote, text, number),
        })
    return render_template(
        "doc.html",
        record=record,
        article_id=article_id,
        permalink=permalink,
        formats=_formats(record, permalink),
        title_html=mark(record["title"], match_spans(record["title"], terms, sequences)),
        paragraphs=paragraphs,
        pager=pager,
        persons=[dict(p, search_url=urls.person_search_url(p["name"]), profile_url=profile_url("person", p["name"]))
                 for p in record["persons"]],
        clusters=_clusters(record),
        provinces_today=_provinces_today(record),
        related=related_payload(engine().related(article_id), article_id),
        copies=copies_payload(engine().copies(article_id)),
        back_url=_back_url(),
        query=query,
        quote_missing=request.args.get("quote") == "missing",
        json_ld=cite.json_ld(record, permalink),
        citation_date=(record.get("date") or "").replace("-", "/"),
        cite_urls={name: url_for("api.citation", article_id=article_id, format=name) for name in cite.EXPORTS},
    )


PAGE_PARAGRAPHS = 100  # an article page shows at most this many paragraphs; the rest on further pages
MAX_SHOWN_CHARS = 20_000  # a paragraph longer than this is cut on the page (the index holds it whole)


def _paragraph_page(article_id, count, wanted):
    """(first, last, pager) of the paragraphs one page shows: the page holding paragraph
    ``wanted`` (a quote link's target) or ``?doan=`` (a 1-based paragraph number)."""
    start = request.args.get("doan", "") or wanted
    start = int(start) if start.isdigit() and 1 <= int(start) <= count else 1
    first = (start - 1) // PAGE_PARAGRAPHS * PAGE_PARAGRAPHS + 1
    last = min(count, first + PAGE_PARAGRAPHS - 1)
    if count <= PAGE_PARAGRAPHS:
        return first, last, None
    def at(number):
        return url_for("pages.document", article_id=article_id, doan=number)

    return first, last, {"first": first, "last": last, "count": count,
                         "prev_url": at(first - PAGE_PARAGRAPHS) if first > 1 else None,
                         "next_url": at(last + 1) if last < count else None}


def _clusters(record):
    """[{name, search_url, profile_url}] of an article's clusters; a cluster it only mentions, that no
    article is about, has no page (profile_url None)."""
    completer = completer_for(engine())
    return [{"name": name, "search_url": url_for("pages.search", cluster=name),
             "profile_url": profile_url("cluster", name) if completer.articles("cluster", name) else None}
            for name in record.get("clusters") or []]


def _provinces_today(record):
    """[{name, search_url}] of the provinces (since 1 July 2025) the article's places belong to;
    a link only once the index holds the province_today facet."""
    linked = "province_today" in BY_NAME
    return [{"name": name, "search_url": url_for("pages.search", province_today=name) if linked else None}
            for name in record.get("provinces_today") or []]


def _back_url():
    """The search an article was opened from (its query, filters, sort and page), or None."""
    if not SEARCH_PARAMS.intersection(request.args.keys()):
        return None
    try:
        search_request = parse_search_args(swap_reversed_range(request.args)[0])
    except ParamError:
        return None
    return urls.page_url("pages.search", search_request, search_request.page)


@bp.get("/doc/<article_id>/q")
def quote(article_id):
    """A quote link: find the passage in the article's current text and go to it."""
    record = article_or_error(article_id)
    found = locate(record["paragraphs"], request.args.get("exact", "")[:2000],
                   request.args.get("prefix", "")[:500], request.args.get("suffix", "")[:500])
    if found is None:
        return redirect(url_for("pages.document", article_id=article_id, quote="missing"))
    passage = found.text(record["paragraphs"])
    whole = {"whole": "1"} if request.args.get("whole") == "1" else {}
    return redirect(url_for("pages.document", article_id=article_id, hl=passage[:300], p=found.paragraph,
                            _anchor=f"p{found.paragraph}", **whole))
