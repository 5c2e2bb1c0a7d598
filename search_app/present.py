"""Search results -> the data both the JSON API and the HTML pages render."""
import dataclasses
import html
import re

from flask import url_for

from indexer.normalize import fold
from indexer.profiles import cluster_key, person_key

from . import urls
from .facets import BY_NAME, DEFAULT_FACET_SIZE, FACET_LIMIT, LABELS, NAMES, engine_takes_facet_size, shape

FACET_LABELS = LABELS  # the one table in facets.py
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
        "snippet": clean_snippet(hit.passages, record.get("paragraphs") or []),
        "snippet_paragraph": first_paragraph,
        "outlet": record["outlet"],
        "author": record["author"],
        "clusters": record["clusters"],
        "provinces": record["provinces"],
        "persons": record["persons"],
        "score": hit.score,
        "copies": copies_payload(hit.copies),
    }


def copies_payload(copies):
    """[{id, title, outlet, date, url}] of the other copies of a report ("Cũng đăng trên")."""
    return [dict(copy, url=urls.permalink(copy["id"])) for copy in copies]


_TAG = re.compile(r"<[^>]*>")
_ELLIPSIS = "…"


def _trim_passage(body, paragraph):
    """A passage's HTML (marks in it, no '…') without the word cut at either end."""
    plain = html.unescape(_TAG.sub("", body))
    start = paragraph.find(plain) if plain else -1
    if start < 0:
        return body
    end = start + len(plain)
    if start > 0 and paragraph[start - 1].isalnum() and plain[:1].isalnum():
        cut = re.match(r"[^\s<]*\s+", body)  # the rest of the cut word, never into a mark
        if cut:
            body = body[cut.end():]
    if end < len(paragraph) and paragraph[end].isalnum() and plain[-1:].isalnum():
        cut = re.search(r"\s+[^\s>]*$", body)
        if cut:
            body = body[:cut.start()]
    return body


def clean_snippet(passages, paragraphs):
    """The passages joined by one '…': no doubled ellipses, no word cut in half at either end."""
    parts = []
    for number, passage in passages:
        body = passage.strip()
        opened, closed = body.startswith(_ELLIPSIS), body.endswith(_ELLIPSIS)
        body = body.strip(_ELLIPSIS).strip()
        if 0 < number <= len(paragraphs):
            body = _trim_passage(body, paragraphs[number - 1])
        parts.append((opened, body, closed))
    text = ""
    for index, (opened, body, _closed) in enumerate(parts):
        if index == 0 and opened:
            text += _ELLIPSIS + " "
        elif index:
            text += " " + _ELLIPSIS + " "
        text += body
    if parts and parts[-1][2]:
        text += " " + _ELLIPSIS
    return text


def with_facet_size(search_request, facet_size):
    """(request, how many values per facet the engine will count) for an answer of ``facet_size``
    values: one more than shown, so a cut is known, once the engine takes a facet_size."""
    if engine_takes_facet_size():
        return dataclasses.replace(search_request, facet_size=facet_size + 1), facet_size + 1
    return search_request, FACET_LIMIT


def search_payload(result, endpoint, facet_size=DEFAULT_FACET_SIZE, facet_limit=FACET_LIMIT):
    """The whole answer; ``endpoint`` is where toggle URLs lead (API or page).

    Each facet lists at most ``facet_size`` values (selected ones always), each with a
    display ``label``; ``facet_info`` says, per facet, its label and whether values were
    left out (``truncated``); ``facet_limit`` is how many the engine counted.
    """
    request = result.request
    facets, info = {}, {}
    for name in NAMES:
        values, truncated = shape(name, result.facets.get(name, []), facet_size, facet_limit)
        facets[name] = _facet_payload(endpoint, request, name, values)
        facet = BY_NAME[name]
        info[name] = {"label": facet.label, "truncated": truncated, "size": len(values),
                      "order": facet.order, "display": facet.display}
    return {
        "query": request.q,
        "total": result.total,
        "articles": result.total if result.articles is None else result.articles,
        "counting": "reports",
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
        "facets": facets,
        "facet_info": info,
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


def suggestion_payload(completion):
    """A completion as the API gives it: {type, text, label, url, hits} (and a person's rank):
    people, clusters, provinces and outlets lead to their filter, titles to the article."""
    label = f"{completion.rank} {completion.text}" if completion.rank else completion.text
    if completion.type == "title":
        url = url_for("pages.document", article_id=completion.id)
    else:
        url = url_for("pages.search", **{completion.type: completion.text})
    found = {"type": completion.type, "text": completion.text, "label": label, "url": url, "hits": completion.hits}
    if completion.type == "person":
        found["rank"] = completion.rank
    return found


def profile_url(facet, value):
    """The page of a person (/nguoi/<key>) or a cluster (/cum/<key>); None for other facets."""
    if facet == "person":
        return url_for("profiles.person_page", key=person_key(value))
    if facet == "cluster":
        return url_for("profiles.cluster_page", key=cluster_key(value))
    return None


def related_payload(related, article_id):
    """[{id, title, date, url}] of the related articles (never the article itself)."""
    return [{"id": other, "title": title, "date": date, "url": urls.permalink(other)}
            for other, title, date in related if other != article_id]


def _facet_payload(endpoint, request, facet, counts):
    toggles = urls.toggle_urls(endpoint, request, facet, [value for value, _count, _selected in counts])
    label = BY_NAME[facet].value_label
    return [{"value": value, "count": count, "selected": selected, "toggle_url": toggles[value], "label": label(value)}
            for value, count, selected in counts]
