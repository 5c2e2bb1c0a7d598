"""HTML pages through the Flask test client."""
import re
from html import unescape



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


def test_facet_links_add_and_remove_filters(client):
    html = page(client, "/?q=thi+%C4%91ua")
    link = re.search(r'<section class="facet" data-facet="province">.*?<a href="([^"]+)"', html, re.S).group(1)
    filtered = page(client, unescape(link))
    assert 'class="selected"' in filtered and "Bỏ tất cả bộ lọc" in filtered
    chip = re.search(r'<ul class="chips".*?<a href="([^"]+)"', filtered, re.S).group(1)
    assert "province" not in unescape(chip)


def test_pagination_links(client):
    html = page(client, "/?per_page=2")
    assert 'rel="next"' in html and 'aria-current="page">1<' in html
    html = page(client, "/?per_page=2&page=2")
    assert 'rel="prev"' in html


def test_empty_state_suggests_what_to_try(client):
    html = page(client, "/?q=xyzzy+khongco")
    assert "Không tìm thấy bài viết nào cho «xyzzy khongco»" in html
    assert "gõ không dấu" in html


def test_bad_parameters_give_a_400_page_with_the_reason(client):
    html = page(client, "/?month=2024-99", status=400)
    assert "&#39;month&#39; must be YYYY-MM" in html and "<html" in html


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
    assert unescape(para_link).startswith(f"[{record['title']}](<http://localhost/doc/{article_id}/q?exact=")
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
