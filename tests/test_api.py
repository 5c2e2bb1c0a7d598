"""The JSON API over the seed index (seeds/ + tests/data/articles)."""
import pytest

from indexer.schema import FACET_FIELDS

CLUSTER_12 = "Cụm thi đua số 12"
CLUSTER_1 = "Cụm thi đua số 1"


def search(client, **params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def facet(data, name):
    return {item["value"]: item for item in data["facets"][name]}


def test_answer_shape(client):
    data = search(client, q="nguyen van han")
    assert set(data) >= {"query", "total", "page", "per_page", "results", "facets"}
    hit = data["results"][0]
    assert set(hit) >= {"id", "title", "date", "url", "snippet", "outlet", "clusters", "provinces", "persons", "score"}
    assert hit["url"] == f"http://localhost/doc/{hit['id']}"
    assert set(data["facets"]) >= {"cluster", "year", "month", "province", "person", "outlet"}
    assert set(data["facets"]) == set(FACET_FIELDS)  # province_today too, once the index holds it
    for items in data["facets"].values():
        for item in items:
            assert set(item) == {"value", "count", "selected", "toggle_url", "label"}
    assert set(data["facet_info"]) == set(data["facets"])
    assert (data["facet_info"]["month"]["label"] == "Tháng"
            and data["facet_info"]["province"]["label"] == "Tỉnh, thành phố")


def test_empty_query_browses_everything_newest_first(client):
    data = search(client)
    assert data["total"] == 9
    dates = [r["date"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sorting_by_date(client, sort):
    dates = [r["date"] for r in search(client, q="thi đua", sort=sort, per_page=100)["results"]]
    padded = [d.ljust(10, "0") for d in dates]
    assert padded == sorted(padded, reverse=(sort == "newest"))


def test_paging_and_per_page_clamping(client):
    first = search(client, per_page=2)
    second = search(client, per_page=2, page=2)
    assert len(first["results"]) == 2 and first["total"] == 9
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})
    assert search(client, page=99)["results"] == []
    assert search(client, per_page=1000)["per_page"] == 100
    assert search(client, per_page=0)["per_page"] == 1
    assert search(client, per_page=-5)["per_page"] == 1


def test_facet_counts_cover_all_matches_not_just_the_page(client):
    data = search(client, q="thi đua", per_page=1)
    assert len(data["results"]) == 1
    assert sum(item["count"] for item in data["facets"]["year"]) == data["total"]


def test_facets_are_disjunctive_within_and_conjunctive_across(client):
    one = search(client, cluster=CLUSTER_12)
    assert one["total"] == 1
    clusters = facet(one, "cluster")
    assert clusters[CLUSTER_12]["selected"] and clusters[CLUSTER_1]["count"] == 1  # others keep their counts
    both = search(client, cluster=[CLUSTER_12, CLUSTER_1])
    assert both["total"] == 2
    narrowed = search(client, cluster=[CLUSTER_12, CLUSTER_1], province="Hà Nội")
    assert narrowed["total"] == 1 and narrowed["results"][0]["clusters"] == [CLUSTER_1]
    assert facet(narrowed, "cluster")[CLUSTER_12]["count"] == 0  # selected, listed at zero


def test_selected_unknown_values_are_listed_at_zero(client):
    data = search(client, person="Không Có Ai")
    assert data["total"] == 0
    assert facet(data, "person")["Không Có Ai"] == {
        "value": "Không Có Ai", "count": 0, "selected": True,
        "toggle_url": "/api/search", "label": "Không Có Ai",
    }


def test_toggle_urls_add_and_remove_a_value(client):
    data = search(client, q="an ninh", province="Nghệ An")
    item = facet(data, "province")["Nghệ An"]
    assert item["selected"] and "province" not in item["toggle_url"]
    other = next(i for i in data["facets"]["year"] if not i["selected"])
    followed = client.get(other["toggle_url"]).get_json()
    assert followed["filters"]["year"] == [other["value"]] and followed["query"] == "an ninh"


@pytest.mark.parametrize("params, check", [
    ({"year": "2024"}, lambda r: r["date"].startswith("2024")),
    ({"month": "2024-11"}, lambda r: r["date"].startswith("2024-11")),
    ({"province": "Hồ Chí Minh"}, lambda r: "Hồ Chí Minh" in r["provinces"]),
    ({"person": "Nguyễn Văn Hận"}, lambda r: any(p["name"] == "Nguyễn Văn Hận" for p in r["persons"])),
    ({"outlet": "An ninh Thủ đô"}, lambda r: r["outlet"] == "An ninh Thủ đô"),
    ({"from": "2024-07-01", "to": "2024-11-30"}, lambda r: "2024-07" <= r["date"][:7] <= "2024-11"),
    ({"from": "2025"}, lambda r: r["date"] >= "2025"),
    ({"to": "2018"}, lambda r: r["date"] <= "2018-12-31"),
])
def test_each_filter(client, params, check):
    data = search(client, per_page=100, **params)
    assert data["total"] == len(data["results"]) > 0
    assert all(check(r) for r in data["results"])


def test_partial_dates_filter_as_their_first_day(client):
    data = search(client, **{"from": "2024-07-01", "to": "2024-07-01"})
    assert [r["date"] for r in data["results"]] == ["2024-07"]


def test_facet_values_by_count_then_vietnamese_order(client):
    values = [item["value"] for item in search(client, cluster=CLUSTER_1)["facets"]["province"]]
    assert values == ["Cần Thơ", "Đà Nẵng", "Hà Nội", "Hải Phòng", "Hồ Chí Minh"]  # Đ sorts under D


@pytest.mark.parametrize("query, message", [
    ("page=abc", "'page' must be a whole number"), ("page=0", "'page' counts from 1"),
    ("page=-1", "'page' counts from 1"), ("per_page=x", "'per_page' must be a whole number"),
    ("month=2024-99", "'month' must be YYYY-MM"), ("month=2024", "'month' must be YYYY-MM"),
    ("year=24", "'year' must be four digits"), ("from=yesterday", "'from' must be a date"),
    ("to=2024-02-30", "'to' must be a date"), ("from=2024-05-01&to=2024-01-01", "'from' is after 'to'"),
    ("sort=best", "'sort' must be one of relevance, newest, oldest"),
])
def test_values_that_cannot_mean_anything_are_400_with_a_json_error(client, query, message):
    response = client.get("/api/search?" + query)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400 and message in error["message"]


def test_doc_returns_the_whole_record(client):
    hit = search(client, q="nguyen van han")["results"][0]
    record = client.get(f"/api/doc/{hit['id']}").get_json()
    assert record["id"] == hit["id"] and record["url"] == hit["url"]
    assert record["paragraphs"][0].startswith("Chiều 19/11")


def test_unknown_doc_and_route_give_json_404(client):
    for path in ("/api/doc/nope", "/api/nothing-here"):
        response = client.get(path)
        assert response.status_code == 404 and response.is_json
        assert response.get_json()["error"]["status"] == 404


def test_wrong_method_is_a_json_405(client):
    response = client.post("/api/search")
    assert response.status_code == 405 and response.get_json()["error"]["status"] == 405


def test_missing_index_is_a_503_not_a_500(tmp_path):
    from search_app import create_app

    response = create_app({"INDEX_DIR": str(tmp_path / "none")}).test_client().get("/api/search")
    assert response.status_code == 503 and response.get_json()["error"]["status"] == 503


def test_facet_links_are_the_urls_flask_would_build(app):
    """Facet links are built without url_for per link; they must read exactly as url_for's."""
    from flask import url_for

    from indexer.search import SearchRequest
    from search_app import urls

    request = SearchRequest(q="Cụm thi đua & an ninh/ trật tự?", sort="newest", per_page=20, date_from="2024-01-01",
                            filters={"province": ["Đà Nẵng", "Thừa Thiên Huế"], "person": ["Nguyễn Văn A (đại tá)"]})
    with app.test_request_context("/"):
        for endpoint in ("api.search", "pages.search"):
            for value in ("Đà Nẵng", "Kiên Giang", "a+b=c;d'e"):
                args = urls.search_args(request)
                chosen = args.getlist("province")
                args.setlist("province", [v for v in chosen if v != value] if value in chosen else chosen + [value])
                expected = url_for(endpoint, **{k: args.getlist(k) for k in args})
                assert urls.toggle_url(endpoint, request, "province", value) == expected
            assert urls.with_args(endpoint, request, page=3) == url_for(
                endpoint, **{k: v for k, v in urls.search_args(request).lists()}, page="3")


def test_facets_carry_a_label_and_say_when_values_were_left_out(client):
    data = search(client)
    months = data["facets"]["month"]
    assert [m["value"] for m in months] == sorted(m["value"] for m in months)  # time order
    assert all(m["label"] == f"{m['value'][5:]}/{m['value'][:4]}" for m in months)
    years = [y["value"] for y in data["facets"]["year"]]
    assert years == sorted(years)
    info = data["facet_info"]
    assert all(not i["truncated"] for i in info.values())  # nine articles: every value listed
    assert {name: i["size"] for name, i in info.items()} == {name: len(v) for name, v in data["facets"].items()}
    cut = search(client, facet_size=2)
    assert len(cut["facets"]["province"]) == 2 and cut["facet_info"]["province"]["truncated"]
    assert cut["facet_info"]["outlet"]["truncated"] == (len(data["facets"]["outlet"]) > 2)
    # the most frequent values are the ones kept, and a selected value always stays
    top = sorted(data["facets"]["province"], key=lambda v: -v["count"])[0]["value"]
    assert top in [v["value"] for v in cut["facets"]["province"]]
    kept = search(client, facet_size=1, province="Hà Nội")
    assert "Hà Nội" in [v["value"] for v in kept["facets"]["province"]]


@pytest.mark.parametrize("size, expected", [("0", 1), ("-3", 1), ("100000", None)])
def test_facet_size_is_clamped(client, size, expected):
    from search_app.facets import MAX_FACET_SIZE

    data = search(client, facet_size=size)
    assert all(len(values) <= (expected or MAX_FACET_SIZE) for values in data["facets"].values())
    if expected:
        assert all(len(values) == expected for values in data["facets"].values() if values)


def test_facet_size_must_be_a_number(client):
    response = client.get("/api/search?facet_size=lots")
    assert response.status_code == 400 and "facet_size" in response.get_json()["error"]["message"]


def test_answers_are_gzipped_when_the_client_accepts_it(client):
    import gzip

    plain = client.get("/api/search?q=thi+dua")
    packed = client.get("/api/search?q=thi+dua", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data and len(packed.data) < len(plain.data) / 3
    assert "Content-Encoding" not in plain.headers
    again = client.get("/api/search?q=thi+dua",
                       headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304
    page = client.get("/?q=thi+dua", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip" and gzip.decompress(page.data).startswith(b"<!doctype html>")
    small = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in small.headers  # under a kilobyte: not worth it
    css = client.get("/static/style.css", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in css.headers
    css.close()
