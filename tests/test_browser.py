"""What a reader does, in Debian's chromium driven by Playwright, against the real gunicorn."""
import re
import shutil
import urllib.parse

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
    assert match and match.group(1) == page.inner_text("h1")
    url = match.group(2)
    assert url.endswith("#p3") and "?" not in url
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
    page.click(".copy-link")
    page.wait_for_selector(".toast:not([hidden])")
    assert page.inner_text(".toast") == "Đã chép liên kết Markdown"
    assert page.get_attribute("body", "data-last-copied").startswith("[Công an 5 địa phương")
    context.close()


def test_the_search_page_fits_a_phone(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.goto("/?q=an+ninh")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no sideways scrolling
    results_top = page.locator(".results").bounding_box()["y"]
    facets_top = page.locator(".facets").bounding_box()["y"]
    assert results_top < facets_top  # results first on a phone
    context.close()
