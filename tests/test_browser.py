"""What a reader does, in Debian's chromium driven by Playwright, against the real gunicorn."""
import re
import urllib.parse

import pytest

from .helpers import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture()
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


def test_search_without_diacritics_then_open_the_result(page, live_server):
    page.goto("/")
    page.fill("input[name=q]", "nguyen van han")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"q=nguyen\+van\+han"))
    assert "Tìm thấy 1 bài viết" in page.inner_text("#result-count")
    assert "Nguyễn Văn Hận" in page.locator(".hit mark").all_inner_texts()
    page.click(".hit h3 a")
    page.wait_for_url(re.compile(r"/doc/\w+\?q="))
    assert page.inner_text("h1") == "Công an 5 địa phương tổng kết phong trào thi đua năm 2024"
    assert "Nguyễn Văn Hận" in page.locator(".body mark").all_inner_texts()


def test_clicking_a_facet_narrows_and_counts(page):
    page.goto("/?q=thi+dua")
    total = int(re.search(r"\d+", page.inner_text("#result-count")).group())
    link = page.locator('section.facet[data-facet="cluster"] li a').first
    count = int(link.locator(".count").inner_text())
    value = link.locator(".value").inner_text()
    link.click()
    page.wait_for_url(re.compile(r"cluster="))
    assert int(re.search(r"\d+", page.inner_text("#result-count")).group()) == count <= total
    assert page.locator('section.facet[data-facet="cluster"] li.selected .value').first.inner_text() == value
    assert value in page.inner_text(".chips")


def test_copy_a_paragraph_link_and_follow_it(page):
    page.goto("/?q=nguyen+van+han")
    page.click(".hit h3 a")
    page.wait_for_selector("#p3")
    page.click("#p3 .para-link")
    page.wait_for_selector(".toast:not([hidden])")
    copied = page.evaluate("navigator.clipboard.readText()")
    match = re.fullmatch(r"\[(.+)\]\(<(.+)>\)", copied)
    # the link names the article, the paragraph and its first words
    assert match and match.group(1).startswith(page.inner_text("h1") + " ¶ 3: ")
    assert match.group(1)[len(page.inner_text("h1") + " ¶ 3: "):][:12] in page.inner_text("#p3 p")
    url = match.group(2)
    assert "#" not in url and "/q?exact=" in url  # a quote link: note tools keep it whole
    page.goto("about:blank")
    page.goto(url)
    assert urllib.parse.urlparse(page.url).fragment == "p3"
    assert page.evaluate("document.querySelector(':target').id") == "p3"
    box = page.locator("#p3").bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]


def test_copy_falls_back_without_the_asynchronous_clipboard(browser, live_server):
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    page.goto("/?q=nguyen+van+han")
    page.click(".hit h3 a")
    page.click(".copy-row .copy-menu summary")
    page.click('.copy-row button[data-format="markdown"]')
    page.wait_for_selector(".toast:not([hidden])")
    assert page.inner_text(".toast") == "Đã chép"
    assert page.get_attribute("body", "data-last-copied").startswith("[Công an 5 địa phương")
    context.close()


def test_the_search_page_fits_a_phone(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.goto("/?q=an+ninh")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no sideways scrolling
    results_top = page.locator(".results").bounding_box()["y"]
    assert page.locator(".filters-body").is_hidden()  # the filters wait behind "Bộ lọc"
    assert page.locator(".filters > summary").bounding_box()["y"] < results_top < 844  # results first on a phone
    context.close()


FORMATS = ("markdown", "quote", "obsidian", "logseq", "html")
CAPTURE_COPIES = """
window.__copies = [];
window.addEventListener('copy', function (event) {
  window.__copies.push({plain: event.clipboardData.getData('text/plain'),
                        html: event.clipboardData.getData('text/html')});
});
"""


def _check_format(name, plain, html, title):
    import frontmatter
    from markdown_it import MarkdownIt

    if name == "markdown":
        link = [t for t in MarkdownIt().parseInline(plain)[0].children if t.type == "link_open"][0]
        assert "/q?exact=" in link.attrs["href"] and "#" not in link.attrs["href"]
    elif name == "quote":
        assert MarkdownIt().parse(plain)[0].type == "blockquote_open" and title in plain
    elif name == "obsidian":
        assert frontmatter.loads(plain)["title"] == title
    elif name == "logseq":
        assert plain.startswith("- ") and "\n  source:: [" in plain
    else:
        assert "<blockquote>" in html and "href=" in html and title in plain


def _open_article(page):
    page.goto("/?q=nguyen+van+han")
    page.click(".hit h3 a")
    page.wait_for_selector("#p2")
    page.wait_for_load_state("load")  # the deferred scripts (copy.js) ran: #p2 exists before they do
    return page.inner_text("h1")


def test_copy_a_paragraph_in_each_format(page):
    title = _open_article(page)
    page.click("#p2 .copy-menu summary")
    for name in FORMATS:
        page.evaluate("document.querySelector('.toast').hidden = true")
        page.click(f'#p2 .copy-menu button[data-format="{name}"]')
        page.wait_for_selector(".toast:not([hidden])")
        if name == "html":
            html = page.evaluate("""async () => {
                const items = await navigator.clipboard.read();
                return await (await items[0].getType('text/html')).text(); }""")
        else:
            html = ""
        plain = page.evaluate("navigator.clipboard.readText()")
        _check_format(name, plain, html, title)


def test_copy_in_each_format_without_the_asynchronous_clipboard(browser, live_server):
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});" + CAPTURE_COPIES)
    title = _open_article(page)
    page.click("#p2 .copy-menu summary")
    for name in FORMATS:
        page.click(f'#p2 .copy-menu button[data-format="{name}"]')
    copies = page.evaluate("window.__copies")
    assert len(copies) == len(FORMATS)
    for name, copied in zip(FORMATS, copies, strict=True):
        _check_format(name, copied["plain"], copied["html"], title)
    context.close()


@pytest.fixture()
def editable_site(tmp_path):
    from indexer.writer import build

    from .helpers import SEEDS, start_gunicorn, stop, write_articles

    source = write_articles(tmp_path / "src", {
        "a.txt": (SEEDS / "000_35e3ee56fcd7ce3a.txt").read_text(encoding="utf-8"),
        "b.txt": (SEEDS / "002_05bceef3ddf68eca.txt").read_text(encoding="utf-8"),
    })
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    process, base = start_gunicorn(index_dir, workers=1)
    yield source, index_dir, base
    stop(process)


def test_follow_a_quote_link_after_the_article_was_edited_and_rebuilt(browser, editable_site):
    from indexer.writer import build

    source, index_dir, base = editable_site
    context = browser.new_context(base_url=base, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto("/?q=nguyen+van+han")
    page.click(".hit h3 a")
    page.click("#p4 .copy-menu summary")
    page.click('#p4 .copy-menu button[data-format="markdown"]')
    page.wait_for_selector(".toast:not([hidden])")
    link = re.fullmatch(r"\[.+\]\(<(.+)>\)", page.evaluate("navigator.clipboard.readText()")).group(1)
    text = (source / "a.txt").read_text(encoding="utf-8")
    edited = text.replace("Qua 11 tháng triển khai thực hiện", "Qua gần 11 tháng triển khai, thực hiện") \
                 .replace("Quang cảnh hội nghị", "Quang cảnh hội nghị\n\nMột đoạn mới được thêm vào bài.")
    (source / "a.txt").write_text(edited, encoding="utf-8")
    build(str(source), str(index_dir), rebuild=True)
    page.goto(link)
    assert urllib.parse.urlparse(page.url).fragment == "p5"  # the passage moved down one paragraph
    assert page.evaluate("document.querySelector(':target').id") == "p5"
    assert "11 tháng triển khai, thực hiện" in page.inner_text("#p5 mark")  # found despite the edit
    context.close()


def test_a_removed_article_shows_a_410_page_that_names_it(browser, editable_site):
    from indexer.writer import build

    source, index_dir, base = editable_site
    context = browser.new_context(base_url=base)
    page = context.new_page()
    page.goto("/?q=can+tho")
    page.click(".hit h3 a")
    permalink = page.get_attribute("link[rel=canonical]", "href")
    (source / "b.txt").unlink()
    build(str(source), str(index_dir))
    response = page.goto(permalink)
    assert response.status == 410
    assert "Cụm thi đua số 1 Bộ Công an" in page.inner_text("main")
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_pages_pass_an_axe_accessibility_audit(browser, live_server, viewport):
    """axe-core (WCAG 2.x A and AA rules, and its best practices) finds nothing on the home
    page, a page of results with facets and filters, an article and a missing article."""

    context = browser.new_context(base_url=live_server, viewport=viewport)
    page = context.new_page()
    try:
        page.goto("/?q=thi+dua")
        article = page.locator(".hit h3 a").first.get_attribute("href")
        found = {}
        for path in ("/", "/?q=thi+dua", "/?q=cong+an&province=Ngh%E1%BB%87+An&sort=newest", article,
                     "/doc/zzzzzzzzzz"):
            page.goto(path)
            found[path] = axe_violations(page)
        assert found == {path: [] for path in found}
    finally:
        context.close()
