"""Completions as you type (/api/suggest, indexer/complete.py); links to people and clusters;
related articles; the province facet by today's provinces."""
import re

import pytest
from jsonschema import Draft202012Validator

from indexer.complete import MAX_QUERY_CHARS, Completer, in_order, typed_words

COUNTS = {
    "person": {"Nguyễn Văn Hận": 7, "Nguyễn Văn Hân": 2, "Nguyễn Văn Hùng": 12, "Ngô Văn Hận": 1, "Trần Hận": 30,
               "Lê Văn": 50},
    "province": {"Kiên Giang": 40, "An Giang": 60, "Hà Nội": 300},
    "cluster": {**{f"Cụm thi đua số {n}": 100 - n for n in range(1, 19)}},
    "outlet": {"Báo Lạng Sơn": 9, "Công an nhân dân": 400},
}


class _Entities:
    by_key = {("tphcm",): [("province", "Hà Nội")], ("bls",): [("outlet", "Báo Lạng Sơn")]}


@pytest.fixture(scope="module")
def completer():
    return Completer(_Entities(), COUNTS)


def _texts(found):
    return [item.text for item in found]


def test_typed_words_are_folded_and_bounded():
    assert typed_words("Kiên  G") == ("kien", "g")
    assert typed_words("Cụm 8") == ("cum", "8")
    assert typed_words("Đ") == ("d",)
    assert typed_words("x " * 400) == ("x",) * 8
    assert len(" ".join(typed_words("a" * 500))) == MAX_QUERY_CHARS
    assert in_order(("cum", "thi", "dua", "so", "8"), ("cum", "8"))
    assert not in_order(("cum", "thi", "dua", "so", "8"), ("8", "cum"))


@pytest.mark.parametrize("typed, first, kind", [
    ("nguyen van h", "Nguyễn Văn Hùng", "person"),  # whole words alike: most articles first
    ("ng v han", "Nguyễn Văn Hận", "person"),  # "han" whole before "Hạnh"-like prefixes, then articles
    ("kien g", "Kiên Giang", "province"),
    ("cum 8", "Cụm thi đua số 8", "cluster"),
    ("bao lang", "Báo Lạng Sơn", "outlet"),
    ("BÁO LẠNG", "Báo Lạng Sơn", "outlet"),
    ("tphcm", "Hà Nội", "province"),  # an alias the entities know
])
def test_prefixes_of_each_word_tones_ignored(completer, typed, first, kind):
    found = completer.entities(typed_words(typed))
    assert found and found[0].text == first and found[0].type == kind


def test_ranked_by_whole_words_then_articles_with_at_most_five_of_a_type(completer):
    assert _texts(completer.entities(typed_words("ng v han"))) == ["Nguyễn Văn Hận", "Nguyễn Văn Hân", "Ngô Văn Hận"]
    assert _texts(completer.entities(typed_words("cum 1")))[:1] == ["Cụm thi đua số 1"]
    clusters = completer.entities(typed_words("cum"))
    assert len(clusters) == 5 and [c.hits for c in clusters] == sorted((c.hits for c in clusters), reverse=True)
    assert "Lê Văn" not in _texts(completer.entities(typed_words("le v")))  # a name cut short
    assert completer.entities(typed_words("zzz")) == [] and completer.complete("") == []
    assert completer.complete("   ") == [] and completer.complete("!!!") == []


def test_a_bare_completer_gives_no_ranks_or_titles(completer):
    found = completer.complete("tran han")
    assert _texts(found) == ["Trần Hận"] and found[0].rank is None


# -- the API over the seed index -------------------------------------------------------------
def _suggest(client, q):
    response = client.get("/api/suggest", query_string={"q": q})
    assert response.status_code == 200
    return response.get_json()


def test_suggest_a_person_with_rank_and_land_on_their_articles(client):
    found = _suggest(client, "nguyen van h")
    person = next(item for item in found if item["text"] == "Nguyễn Văn Hận")
    assert person == {"type": "person", "text": "Nguyễn Văn Hận", "label": "Đại tá Nguyễn Văn Hận",
                      "url": "/?person=Nguy%E1%BB%85n+V%C4%83n+H%E1%BA%ADn", "hits": person["hits"],
                      "rank": "Đại tá"}
    assert _suggest(client, "ng v han")[0]["text"] == "Nguyễn Văn Hận"
    results = client.get("/api" + person["url"].replace("/?", "/search?")).get_json()
    assert results["total"] == person["hits"] >= 1


@pytest.mark.parametrize("typed, text, kind", [
    ("kien g", "Kiên Giang", "province"), ("cum 8", "Cụm thi đua số 8", "cluster"),
    ("CỤM 8", "Cụm thi đua số 8", "cluster"),
])
def test_suggest_each_kind_and_its_filter_counts_the_hits(client, typed, text, kind):
    found = _suggest(client, typed)
    assert (found[0]["type"], found[0]["text"]) == (kind, text)
    assert client.get(found[0]["url"]).status_code == 200
    total = client.get("/api" + found[0]["url"].replace("/?", "/search?")).get_json()["total"]
    assert total == found[0]["hits"]


def test_suggest_outlets_and_titles(client):
    outlets = [item for item in _suggest(client, "an ninh th") if item["type"] == "outlet"]
    assert outlets and outlets[0]["text"] == "An ninh Thủ đô"
    titles = [item for item in _suggest(client, "tong ket") if item["type"] == "title"]
    assert titles and all(re.search(r"tổng kết", t["text"], re.I) for t in titles)
    for title in titles:
        assert title["hits"] == 1 and title["url"].startswith("/doc/")
        assert client.get(title["url"]).status_code == 200


def test_suggest_input_is_bounded(client):
    assert _suggest(client, "") == [] and client.get("/api/suggest").get_json() == []
    long = "nguyen van han " + "x" * 5000
    assert _suggest(client, long) == _suggest(client, long[:MAX_QUERY_CHARS])
    assert _suggest(client, "\x00\u200b%%%") == []


def test_suggest_answers_match_the_openapi_schema(client):
    spec = client.get("/api/openapi.json").get_json()
    schema = {"type": "array", "items": {"$ref": "#/components/schemas/Suggestion"}, "components": spec["components"]}
    for q in ("nguyen", "cum 8", "tong ket", "kien g", ""):
        Draft202012Validator(schema).validate(_suggest(client, q))
    assert spec["paths"]["/api/suggest"]["get"]["parameters"][0]["name"] == "q"
    response = client.get("/api/suggest?q=cum",
                          headers={"If-None-Match": client.get("/api/suggest?q=cum").headers["ETag"]})
    assert response.status_code == 304


def test_the_search_box_loads_the_completions_script(client):
    html = client.get("/").get_data(as_text=True)
    assert '<script src="/static/suggest.js" defer></script>' in html
    assert 'data-suggest="/api/suggest"' in html
    assert 'role="combobox"' not in html  # only suggest.js makes the box a combobox: without it, a plain field


# -- links to people and clusters ---------------------------------------------------------------
def test_person_and_cluster_facet_values_link_to_their_pages(client):
    html = client.get("/?q=thi+dua&per_page=1").get_data(as_text=True)
    for facet, prefix in (("person", "/nguoi/"), ("cluster", "/cum/")):
        section = re.search(rf'<section class="facet facet-list" data-facet="{facet}".*?</section>', html, re.S).group()
        links = re.findall(r'<a class="profile-link" href="([^"]+)" aria-label="Hồ sơ ([^"]+)">Hồ sơ</a>', section)
        toggles = re.findall(r'<li[^>]*><a href="([^"]+)" rel="nofollow"', section)
        assert links and len(links) == len(toggles)  # the toggle links stay, each value with its page beside
        for url, _name in links:
            assert url.startswith(prefix)
            assert client.get(url.replace("&amp;", "&")).status_code == 200, url


def test_an_articles_people_and_clusters_link_to_their_pages(client):
    article_id = client.get("/api/search?q=nguyen+van+han").get_json()["results"][0]["id"]
    record = client.get(f"/api/doc/{article_id}").get_json()
    html = client.get(f"/doc/{article_id}").get_data(as_text=True)
    people = re.findall(r'<a class="profile-link" href="(/nguoi/[^"]+)" aria-label="Hồ sơ ([^"]+)">', html)
    assert sorted(name for _url, name in people) == sorted(p["name"] for p in record["persons"])
    clusters = re.findall(r'<a class="profile-link" href="(/cum/[^"]+)"', html)
    assert clusters
    for url in [url for url, _name in people] + clusters:
        assert client.get(url).status_code == 200, url
    assert 'href="/nguoi/nguy%E1%BB%85n-v%C4%83n-h%E1%BA%ADn"' in html


# -- related articles ------------------------------------------------------------------------------
def test_an_article_lists_related_articles_never_itself(client):
    checked = 0
    for hit in client.get("/api/search?per_page=100").get_json()["results"]:
        record = client.get(f"/api/doc/{hit['id']}").get_json()
        related = record["related"]
        assert len(related) <= 5 and hit["id"] not in {r["id"] for r in related}
        assert all(r["url"].endswith(f"/doc/{r['id']}") and r["title"] for r in related)
        html = client.get(f"/doc/{hit['id']}").get_data(as_text=True)
        if related:
            section = re.search(r'<section class="related".*?</section>', html, re.S).group()
            assert '<h2 id="related-title">Bài liên quan</h2>' in section
            assert f"/doc/{hit['id']}\"" not in section
            assert section.count("<li>") == len(related)
            checked += 1
        else:
            assert "Bài liên quan" not in html
    assert checked >= 3


# -- the province facet by today's provinces -----------------------------------------------------------
def test_province_today_is_described_and_shown_when_the_index_holds_it(client):
    from indexer.schema import FACET_FIELDS
    from search_app.facets import BY_NAME, DESCRIBED, FACETS

    today = next(f for f in DESCRIBED if f.name == "province_today")
    assert today.label == "Tỉnh, thành phố (sau sáp nhập 2025)"
    spec = client.get("/api/openapi.json").get_json()
    parameters = {p["name"]: p["description"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert "as written in the article" in parameters["province"]
    data = client.get("/api/search").get_json()
    if "province_today" in FACET_FIELDS:
        assert "province_today" in BY_NAME and "since 1 July 2025" in parameters["province_today"]
        values = {item["value"] for item in data["facets"]["province_today"]}
        assert values and values <= set(_provinces_after_2025())
        assert data["facet_info"]["province_today"]["label"] == today.label
    else:  # indexer/schema.py does not index it yet: skipped everywhere, nothing breaks
        assert "province_today" not in [f.name for f in FACETS]
        assert "province_today" not in data["facets"] and "province_today" not in parameters


def _provinces_after_2025():
    from indexer.extract import provinces

    return provinces.today(provinces.province_names()) if hasattr(provinces, "province_names") else []


def test_one_consonant_is_no_syllable_when_glued_words_are_split():
    """A garbled page ("ki???m") leaves an "m" in the index: "kontum" is still "kon tum"."""
    from indexer.suggest import _split_glued

    syllables = {"kon": (5, "kon"), "tum": (3, "tum"), "tu": (80, "tu"), "m": (1, "m"), "a": (9, "a")}
    assert _split_glued("kontum", syllables) == ["kon", "tum"]
    assert _split_glued("tua", syllables) == ["tu", "a"]  # a vowel alone is a syllable
