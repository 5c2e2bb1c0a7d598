"""Ids that survive a re-scrape that both edits and moves an article (ids.Registry + similarity)."""
import json
import random
import shutil
import urllib.parse

import pytest

from eval.identity import paragraph_edit, word_edit
from indexer.writer import build

from .helpers import write_articles

HEADER = "Cụm thi đua số 9 tổng kết phong trào năm 2024\nThứ Ba, 26/11/2024 08:00\n\n"
PARAGRAPHS = [
    "(CAND) - Chiều 25/11, tại Công an tỉnh Bình Dương, Cụm thi đua số 9 gồm Công an các tỉnh Bình Dương, "
    "Bình Phước, Tây Ninh và Đồng Nai tổ chức hội nghị tổng kết phong trào thi đua Vì an ninh Tổ quốc năm 2024.",
    "Đại tá Trần Văn Chính, Giám đốc Công an tỉnh Bình Dương, Cụm trưởng chủ trì hội nghị; dự có đại diện "
    "lãnh đạo Cục Công tác đảng và công tác chính trị Bộ Công an.",
    "Năm 2024, các đơn vị trong Cụm đã triệt phá 214 chuyên án ma túy, bắt giữ 1.126 đối tượng, thu hồi tài "
    "sản cho Nhà nước và người dân hơn 96 tỷ đồng; tỷ lệ điều tra khám phá án đạt 88,3%.",
    "Công tác xây dựng lực lượng được chú trọng; 100% công an xã được bố trí chính quy, nhiều mô hình tự quản "
    "về an ninh trật tự ở khu công nghiệp được nhân rộng, được người dân và doanh nghiệp đánh giá cao.",
    "Hội nghị thống nhất suy tôn Công an tỉnh Đồng Nai dẫn đầu phong trào và bầu Công an tỉnh Tây Ninh làm "
    "Cụm trưởng năm 2025; các đơn vị ký giao ước thi đua năm mới với nhiều chỉ tiêu cao hơn.",
    "Phát biểu kết luận, Đại tá Trần Văn Chính đề nghị các đơn vị tiếp tục đổi mới cách chấm điểm, bảo đảm "
    "công khai, khách quan, lấy kết quả bảo đảm an ninh trật tự làm thước đo chính.",
]
OTHER = ("Công an tỉnh Cà Mau ra quân trấn áp tội phạm cuối năm\nThứ Tư, 27/11/2024 09:00\n\n"
         "(CAND) - Sáng 26/11, Công an tỉnh Cà Mau tổ chức lễ ra quân cao điểm tấn công trấn áp tội phạm, bảo đảm "
         "an ninh trật tự dịp Tết Nguyên đán; lực lượng tuần tra được tăng cường trên các tuyến sông.\n\n"
         "Đại tá Lê Văn Công, Giám đốc Công an tỉnh, yêu cầu các đơn vị tập trung đấu tranh với tội phạm ma túy.\n")


def _article(paragraphs):
    return HEADER + "\n\n".join(paragraphs) + "\n"


def _ids(index_dir):
    data = json.loads((index_dir / "registry.json").read_text(encoding="utf-8"))
    return {entry["source"]: article_id for article_id, entry in data["live"].items()}


@pytest.mark.parametrize("edit, share", [(paragraph_edit, 0.05), (paragraph_edit, 0.15), (paragraph_edit, 0.30),
                                         (word_edit, 0.05), (word_edit, 0.15)])
def test_an_article_edited_and_moved_in_one_update_keeps_its_id(tmp_path, edit, share):
    source = write_articles(tmp_path / "src", {"2024/cum9.txt": _article(PARAGRAPHS), "other.txt": OTHER})
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    before = _ids(index_dir)["2024/cum9.txt"]
    shutil.rmtree(source / "2024")
    edited = edit(PARAGRAPHS, share, random.Random(3))
    write_articles(source, {"moved/tong-ket-cum-9.txt": _article(edited)})
    summary = build(str(source), str(index_dir))
    assert _ids(index_dir)["moved/tong-ket-cum-9.txt"] == before
    assert summary.moved_and_edited == 1 and summary.removed == 0


def test_articles_that_share_boilerplate_are_never_merged(tmp_path):
    boilerplate = "\n\nTin cùng chuyên mục\nCông an tỉnh ra quân\nHội nghị giao ban\n"
    source = write_articles(tmp_path / "src", {"a.txt": _article(PARAGRAPHS) + boilerplate, "b.txt": OTHER})
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    old = _ids(index_dir)["b.txt"]
    (source / "b.txt").unlink()
    write_articles(source, {"c.txt": OTHER.replace("Cà Mau", "Bạc Liêu").replace("ma túy", "buôn lậu")[:200]
                            + "\n\nMột bài khác hẳn về giao thông đường thủy trên sông Hậu." + boilerplate})
    summary = build(str(source), str(index_dir))
    assert _ids(index_dir)["c.txt"] != old and summary.moved_and_edited == 0


def test_a_quote_link_saved_before_the_edit_and_move_still_lands(tmp_path):
    from search_app import create_app

    source = write_articles(tmp_path / "src", {"old/cum9.txt": _article(PARAGRAPHS)})
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    article_id = _ids(index_dir)["old/cum9.txt"]
    exact = "triệt phá 214 chuyên án ma túy"
    shutil.rmtree(source / "old")
    edited = paragraph_edit(PARAGRAPHS, 0.15, random.Random(5))
    if not any(exact in p for p in edited):
        edited.insert(2, PARAGRAPHS[2])
    write_articles(source, {"new/cum-9.txt": _article(edited)})
    build(str(source), str(index_dir))
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    response = client.get(f"/doc/{article_id}/q?" + urllib.parse.urlencode({"exact": exact}))
    assert response.status_code in (301, 302, 303, 307, 308)
    assert "quote=missing" not in response.headers["Location"] and "#p" in response.headers["Location"]
