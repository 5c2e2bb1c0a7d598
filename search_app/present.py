"""Search results -> the data both the JSON API and the HTML pages render."""
from indexer.normalize import fold
from indexer.schema import FACET_FIELDS

from . import urls

FACET_LABELS = {
    "cluster": "Cụm thi đua",
    "year": "Năm",
    "month": "Tháng",
    "province": "Tỉnh, thành phố",
    "person": "Nhân vật",
    "outlet": "Nguồn tin",
}
SORT_LABELS = {"relevance": "Liên quan nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}


def fold_query(q):
    """The query without tones (its words and operators kept)."""
    return fold(q).strip()


def display_date(iso):
    """'2024-11-20' -> '20/11/2024', '2024-07' -> '07/2024', '2024' -> '2024'."""
    if not iso:
        return ""
    parts = iso.split("-")
    return "/".join(reversed(parts))


def hit_payload(hit):
    record = hit.record
    first_paragraph = hit.passages[0][0] if hit.passages else None
    return {
        "id": hit.id,
        "title": record["title"],
        "date": record["date"],
        "url": urls.permalink(hit.id),
        "snippet": hit.snippet,
        "snippet_paragraph": first_paragraph,
        "outlet": record["outlet"],
        "author": record["author"],
        "clusters": record["clusters"],
        "provinces": record["provinces"],
        "persons": record["persons"],
        "score": hit.score,
    }


def search_payload(result, endpoint):
    """The whole answer; ``endpoint`` is where toggle URLs lead (API or page)."""
    request = result.request
    return {
        "query": request.q,
        "total": result.total,
        "page": request.page,
        "per_page": request.per_page,
        "sort": request.sort,
        "filters": dict(request.filters, **{
            k: v for k, v in (("from", request.date_from), ("to", request.date_to)) if v
        }),
        "reading": result.reading,
        "strict": result.strict,
        "notice": result.notice,
        "other_reading": _other_reading(endpoint, result),
        "suggestions": [{"text": text, "hits": hits, "url": urls.with_args(endpoint, request, q=text, page=None)}
                        for text, hits in result.suggestions],
        "entities": _entity_payload(endpoint, request, result.entities),
        "results": [hit_payload(hit) for hit in result.hits],
        "facets": {facet: _facet_payload(endpoint, request, facet, result.facets[facet]) for facet in FACET_FIELDS},
    }


def _other_reading(endpoint, result):
    """Where a fallback reading is shown: the query typed without tones, to keep that reading."""
    if result.strict:
        return None
    text = fold_query(result.request.q)
    if text == result.request.q:
        return None
    return {"text": text, "url": urls.with_args(endpoint, result.request, q=text, page=None)}


def _entity_payload(endpoint, request, entities):
    """The entities the query names, each one click from its filter ("Lọc: Cụm thi đua số 8")."""
    found = []
    for facet, value in dict.fromkeys(entities):
        selected = value in request.filters.get(facet, [])
        found.append({"facet": facet, "value": value, "label": f"Lọc: {value}", "selected": selected,
                      "url": urls.toggle_url(endpoint, request, facet, value)})
    return found


def _facet_payload(endpoint, request, facet, counts):
    toggles = urls.toggle_urls(endpoint, request, facet, [value for value, _count, _selected in counts])
    return [{"value": value, "count": count, "selected": selected, "toggle_url": toggles[value]}
            for value, count, selected in counts]
