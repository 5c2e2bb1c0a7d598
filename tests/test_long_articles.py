"""A very long article is shown in parts, and a very long paragraph cut, so its page stays small."""
import urllib.parse


def test_a_long_article_is_paged_and_a_quote_link_lands_on_the_right_part(make_client):
    paragraphs = [f"Đoạn số {n}: Công an tỉnh Nghệ An triển khai kế hoạch bảo đảm an ninh trật tự số {n}."
                  for n in range(1, 1001)]
    paragraphs[10] = "Một đoạn rất dài về phong trào thi đua của lực lượng công an. " * 2500  # ~150,000 characters
    client = make_client({"long.txt": "Bài viết rất dài về an ninh trật tự\n01/01/2024 - 08:00\n\n"
                                      + "\n\n".join(paragraphs)})
    article = client.get("/api/search", query_string={"q": "an ninh"}).get_json()["results"][0]["id"]
    page = client.get(f"/doc/{article}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and len(html) < 1_000_000  # a 4 MB article made a 24 MB page
    assert 'id="p100"' in html and 'id="p101"' not in html and "Đoạn tiếp theo" in html
    exact = "kế hoạch bảo đảm an ninh trật tự số 750."
    followed = client.get(f"/doc/{article}/q?" + urllib.parse.urlencode({"exact": exact}), follow_redirects=True)
    html = followed.get_data(as_text=True)
    assert 'id="p750"' in html and "<mark" in html and 'id="p1"' not in html


def test_snippets_read_only_the_first_characters_of_a_giant_paragraph():
    from indexer.highlight import SNIPPET_SOURCE_CHARS, best_passages

    giant = "Lực lượng công an tuần tra. " * (SNIPPET_SOURCE_CHARS // 20) + " Nguyễn Văn Hận phát biểu."
    [(number, html)] = best_passages([giant], terms=frozenset({"han"}))
    assert number == 1 and "<mark>" not in html and len(html) < 1000  # the name stands past the cap


def test_a_followed_paragraph_link_marks_the_whole_paragraph(make_client):
    paragraph = ("Đại tá Nguyễn Văn Hận, Giám đốc Công an tỉnh Kiên Giang, trao cờ luân lưu Cụm trưởng cho Công an "
                 "tỉnh An Giang và đề nghị các đơn vị tiếp tục giữ vững đoàn kết trong năm tới.")
    client = make_client({"a.txt": "Bàn giao Cụm trưởng\n01/01/2024 - 08:00\n\nMở đầu bài viết.\n\n" + paragraph})
    article = client.get("/api/search", query_string={"q": "cum truong"}).get_json()["results"][0]["id"]
    page = client.get(f"/doc/{article}").get_data(as_text=True)
    import html
    import re
    links = [html.unescape(found) for found in re.findall(r'/doc/[a-z0-9]+/q\?[^"\s<>]*', html.unescape(page))]
    link = next(found for found in links if "whole=1" in found
                and urllib.parse.parse_qs(urllib.parse.urlsplit(found).query)["exact"][0].startswith("Đại tá"))
    followed = client.get(link, follow_redirects=True).get_data(as_text=True)
    number = urllib.parse.parse_qs(urllib.parse.urlsplit(client.get(link).headers["Location"]).query)["p"][0]
    marked = re.search(rf'id="p{number}".*?<p>(.*?)</p>', followed, re.S).group(1)
    assert marked.startswith("<mark") and marked.endswith("</mark>") and "Đại tá Nguyễn Văn Hận" in marked
