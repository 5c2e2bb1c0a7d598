"""Syndicated copies in chromium against the real gunicorn, at a phone's width and a desk's: the
report is one result with "Cũng đăng trên", each copy link a real target that lands on the copy,
whose page names the others; axe finds both pages clean."""
import pytest

from .helpers import axe_violations, start_gunicorn, stop
from .test_grouping import COPY, ORIGINAL, OTHER

pytestmark = pytest.mark.browser

VIEWPORTS = [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]


@pytest.fixture(scope="module")
def grouped_server(tmp_path_factory):
    from indexer.writer import build

    from .helpers import write_articles

    root = tmp_path_factory.mktemp("grouped")
    write_articles(root / "src", {"cand.txt": ORIGINAL, "quangbinh.txt": COPY, "camau.txt": OTHER})
    build(str(root / "src"), str(root / "index"))
    process, base = start_gunicorn(root / "index", workers=1)
    yield base
    stop(process)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["phone", "desktop"])
def test_a_report_shows_once_with_its_copies_and_each_copy_links_back(browser, grouped_server, viewport):
    phone = viewport["width"] < 700
    context = browser.new_context(base_url=grouped_server, viewport=viewport, locale="vi-VN",
                                  has_touch=phone, is_mobile=phone)
    page = context.new_page()
    try:
        page.goto("/?q=" + "Cụm thi đua số 5")
        assert page.locator("ol.hits > li").count() == 1
        assert "1 bản tin (2 bài đăng" in page.locator("#result-count").inner_text()
        copies = page.locator("ol.hits .copies")
        assert copies.inner_text().startswith("Cũng đăng trên:")
        link = copies.locator("a").first
        if phone:
            box = link.bounding_box()
            assert box["height"] >= 44, box
        assert axe_violations(page) == []
        link.click()
        page.wait_for_load_state()
        assert "Công an bốn tỉnh Bắc Trung Bộ" in page.locator("h1").inner_text()
        back = page.locator("p.copies")
        assert back.inner_text().startswith("Cùng bản tin này trên:")
        assert back.locator("a").count() == 1
        assert axe_violations(page) == []
        back.locator("a").first.click()
        page.wait_for_load_state()
        assert "Cụm thi đua số 5 tổng kết" in page.locator("h1").inner_text()
    finally:
        context.close()
