"""HTML pages through the Flask test client."""
import re
from html import unescape

import pytest


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.data[:500]
    return response.data.decode("utf-8")


def first_doc_id(client, q):
    return client.get("/api/search", query_string={"q": q}).get_json()["results"][0]["id"]


def test_search_page_is_vietnamese_and_holds_the_whole_search_in_its_url(client):
    html = page(client, "/?q=nguyen+van+han&sort=newest")
    assert '<html lang="vi">' in html and '<meta name="viewport"' in html
    assert 'name="q"' in html and 'value="nguyen van han"' in html
    assert "Tìm thấy <strong>1</strong> bài viết" in html
    assert "<mark>Nguyễn Văn Hận</mark>" in html
    assert 'aria-current="true" class="active">Mới nhất' in html


def test_result_titles_link_to_the_permalink_with_the_query(client):
    article_id = first_doc_id(client, "nguyen van han")
    html = page(client, "/?q=nguyen+van+han")
    assert re.search(rf'href="http://localhost/doc/{article_id}\?q=nguyen%20van%20han#p\d+"', html)
    # the whole search rides along, so the article's "‹ Quay lại kết quả" returns to it
    html = page(client, "/?q=thi+dua&sort=newest&per_page=2&page=2&year=2024")
    link = unescape(re.search(r'<h3><a href="([^"]+)"', html).group(1))
    assert re.fullmatch(r"http://localhost/doc/\w+\?q=thi%20dua&sort=newest&per_page=2&year=2024&page=2(#p\d+)?", link)
    doc = page(client, link.replace("http://localhost", ""))
    back = unescape(re.search(r'<p class="back"><a href="([^"]+)">([^<]+)<', doc).group(1))
    assert back == "/?q=thi+dua&sort=newest&per_page=2&year=2024&page=2"
    assert "‹ Quay lại kết quả cho «thi dua»" in doc


def test_facet_links_add_and_remove_filters(client):
    html = page(client, "/?q=thi+%C4%91ua")
    link = re.search(r'<section class="facet facet-list" data-facet="province".*?<a href="([^"]+)"',
                     html, re.S).group(1)
    filtered = page(client, unescape(link))
    assert 'class="selected"' in filtered and "Bỏ tất cả bộ lọc" in filtered
    chip = re.search(r'<ul class="chips".*?<a href="([^"]+)"', filtered, re.S).group(1)
    assert "province" not in unescape(chip)


def test_pagination_links(client):
    html = page(client, "/?per_page=2")
    assert 'rel="next"' in html and 'aria-current="page">1<' in html
    html = page(client, "/?per_page=2&page=2")
    assert 'rel="prev"' in html


def _page_numbers(html):
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
    return re.findall(r'aria-current="page">(\d+)<|aria-label="Trang (\d+)"|class="(gap)"', nav)


def test_pagination_shows_gaps():
    from indexer.search import SearchRequest
    from search_app.pages import _pagination

    app = __import__("search_app").create_app  # noqa: F841 (imported for url_for below)

    def numbers(page, total):
        from flask import Flask

        flask_app = Flask("t")
        flask_app.add_url_rule("/", "pages.search", lambda: "")
        with flask_app.test_request_context():
            return [n if n else "…" for n, _url, _current in _pagination(SearchRequest(page=page), total)["pages"]]

    assert numbers(1, 1580) == [1, 2, 3, "…", 158]
    assert numbers(80, 1580) == [1, "…", 78, 79, 80, 81, 82, "…", 158]
    assert numbers(4, 1580) == [1, 2, 3, 4, 5, 6, "…", 158]  # a gap of one page shows the page
    assert numbers(158, 1580) == [1, "…", 156, 157, 158]
    assert numbers(1, 30) == [1, 2, 3]


def test_a_page_past_the_end_links_to_the_last_page(client):
    html = page(client, "/?per_page=2&page=99")
    assert "Trang 99 không có kết quả" in html and "Không tìm thấy bài viết nào" not in html
    last = unescape(re.search(r'<a href="([^"]+)">Tới trang cuối \(trang (\d+)\)', html).group(1))
    assert last == "/?per_page=2&page=5"
    assert "Tìm thấy" not in html


def test_a_reversed_date_range_is_swapped_and_said(client):
    html = page(client, "/?from=2024-12-31&to=2024-01-01")
    assert "đã được đổi chỗ" in html and "từ 01/01/2024 đến 31/12/2024" in html
    assert "Từ ngày: 01/01/2024" in html and "Đến ngày: 31/12/2024" in html
    assert "Tìm thấy" in html


def test_a_punctuation_only_query_says_nothing_was_searched(client):
    html = page(client, "/?q=!!!+???+...")
    assert "Chưa tìm gì" in html and "Tìm thấy" not in html
    assert 'href="/"' in html


def test_dates_read_one_way_on_pages(client):
    html = page(client, "/?month=2024-11&from=2024-07-01")
    assert "Tháng: 11/2024" in html and "Từ ngày: 01/07/2024" in html and "2024-11<" not in html
    assert re.search(r'<input id="date-from" type="date" name="from" value="2024-07-01">', html)


def test_snippets_have_single_ellipses_and_whole_words(client):
    from search_app.present import clean_snippet

    paragraph = ("Sáng nay, Công an tỉnh Nghệ An tổ chức hội nghị tổng kết phong trào thi đua năm 2024 "
                 "tại thành phố Vinh.")
    passages = [(1, "… An tổ chức hội nghị tổng kết <mark>thi đua</mark> …"),
                (1, "… ng kết phong trào <mark>thi đua</mark> năm 20 …")]
    text = clean_snippet(passages, [paragraph])
    assert "… …" not in text and text.count("…") == 3
    assert "ng kết" not in text.replace("tổng kết", "") and " 20 " not in text
    html = page(client, "/?q=thi+dua")
    assert "… …" not in html
    for snippet in re.findall(r'<p class="snippet">(.*?)</p>', html, re.S):
        plain = unescape(re.sub(r"<[^>]+>", "", snippet))
        assert not plain.startswith("… …")

def test_empty_state_suggests_what_to_try(client):
    html = page(client, "/?q=xyzzy+khongco")
    assert "Không tìm thấy bài viết nào cho «xyzzy khongco»" in html
    assert "gõ không dấu" in html


def test_bad_parameters_give_a_400_page_with_the_reason(client):
    html = page(client, "/?month=2024-99&q=an+ninh", status=400)
    assert "Tháng phải có dạng năm-tháng" in html and "<html" in html and "must be" not in html
    assert 'href="/?q=an+ninh"' in html  # a way forward: the same words without the filter
    html = page(client, "/?q=" + "a" * 1200, status=400)
    assert "Từ khóa quá dài" in html


@pytest.mark.parametrize("url, status, words", [
    ("/doc/nope", 404, "Không có bài viết nào mang mã"),
    ("/khong-co-trang-nay", 404, "không có trong trang tra cứu"),
])
def test_error_pages_are_vietnamese_with_a_way_forward(client, url, status, words):
    html = page(client, url, status=status)
    assert words in html and 'role="search"' in html and "Về trang tìm kiếm" in html
    assert "The requested URL" not in html and "no article with id" not in html


def test_a_405_page_is_vietnamese(client):
    response = client.post("/")
    assert response.status_code == 405
    html = response.data.decode()
    assert "Phương thức không được hỗ trợ" in html and "The method is not allowed" not in html


def test_document_page_anchors_every_paragraph_and_shows_metadata(client):
    article_id = first_doc_id(client, "nguyen van han")
    record = client.get(f"/api/doc/{article_id}").get_json()
    html = page(client, f"/doc/{article_id}")
    for number in range(1, len(record["paragraphs"]) + 1):
        assert f'id="p{number}"' in html
    assert "<time datetime=\"2024-11-20\">20/11/2024</time>" in html
    assert "Minh Triết, Tiến Dũng" in html
    assert 'href="/?person=Nguy%E1%BB%85n+V%C4%83n+H%E1%BA%ADn">Đại tá Nguyễn Văn Hận</a>' in html
    para_link = re.search(r'<a class="para-link" href="#p3" data-copy="([^"]+)"', html).group(1)
    words = " ".join(record["paragraphs"][2].split()[:3])
    assert unescape(para_link).startswith(f"[{record['title']} ¶ 3: {words}")
    assert f"](<http://localhost/doc/{article_id}/q?exact=" in unescape(para_link)
    assert "Liên kết bền vững — tìm lại đoạn này kể cả khi bài được sửa" in html
    assert "<mark>" not in html


def test_document_page_marks_the_query_words_when_arriving_from_a_search(client):
    article_id = first_doc_id(client, "nguyen van han")
    html = page(client, f"/doc/{article_id}?q=nguyen+van+han")
    assert html.count("<mark>Nguyễn Văn Hận</mark>") == 3


def test_unknown_document_is_a_404_page(client):
    html = page(client, "/doc/nope", status=404)
    assert "Không tìm thấy trang" in html


def test_markdown_links_escape_brackets_in_titles(make_client):
    client = make_client({"a.txt": "Tiêu đề [đặc biệt] (số 1)\n20/11/2024 - 10:00\n\nNội dung bài viết về thi đua."})
    article_id = first_doc_id(client, "thi đua")
    html = page(client, f"/doc/{article_id}")
    assert unescape(re.search(r'data-format="markdown" data-copy="([^"]+)"', html).group(1)) == (
        f"[Tiêu đề \\[đặc biệt\\] (số 1)](<http://localhost/doc/{article_id}>)")


def test_markup_in_articles_is_shown_as_text(make_client):
    client = make_client({"x.txt": "Bài <script>alert(1)</script> thử\n20/11/2024 - 10:00\n\n"
                                   "Nội dung <img src=x onerror=alert(2)> về thi đua."})
    article_id = first_doc_id(client, "thi đua")
    for html in (page(client, f"/doc/{article_id}?q=thi+đua"), page(client, "/?q=thi+đua")):
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html or "&lt;img" in html


def test_a_503_page_before_the_first_build_says_to_try_again(tmp_path):
    from search_app import create_app

    client = create_app({"INDEX_DIR": str(tmp_path / "none"), "TESTING": True}).test_client()
    html = page(client, "/?q=an+ninh", status=503)
    assert "Hãy thử lại sau ít phút" in html and 'href="/?q=an+ninh">Thử lại<' in html
