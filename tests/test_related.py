"""Related articles: the same subject first, never the article itself or a copy of it."""
from indexer.search import Engine

from .helpers import write_articles

BODY = "Ngày {d}, Cụm thi đua số {n} tổ chức hội nghị tại Công an tỉnh {p}. Đại tá {who}, Giám đốc, chủ trì."


def _doc(title, date, body):
    return f"{title}\n{date} 08:00\n\n{body}\n"


def test_related_articles_share_the_subject_and_exclude_the_article_and_its_copies(tmp_path):
    from indexer.writer import build

    articles = {
        "a.txt": _doc("Cụm thi đua số 7 tổng kết năm 2023", "20/11/2023",
                      BODY.format(d="19/11", n=7, p="Gia Lai", who="Rah Lan Lâm")),
        "a-copy.txt": _doc("Cụm thi đua số 7 tổng kết năm 2023", "21/11/2023",
                           BODY.format(d="19/11", n=7, p="Gia Lai", who="Rah Lan Lâm") + " Nguồn: Báo Gia Lai."),
        "same-cluster.txt": _doc("Cụm thi đua số 7 ký giao ước năm 2024", "10/03/2024",
                                 BODY.format(d="9/3", n=7, p="Kon Tum", who="Rah Lan Lâm")),
        "other.txt": _doc("Công an Cà Mau ra quân giao thông", "05/01/2024",
                          "Sáng 5/1, Công an tỉnh Cà Mau ra quân bảo đảm trật tự an toàn giao thông."),
    }
    source = write_articles(tmp_path / "src", articles)
    build(str(source), str(tmp_path / "index"))
    engine = Engine(str(tmp_path / "index"))
    try:
        searcher, _columns = engine._current()
        ids = {stored["source"]: stored["id"] for stored in searcher.all_stored_fields()}
        related = [article_id for article_id, _title, _date in engine.related(ids["a.txt"])]
        assert related[0] == ids["same-cluster.txt"]
        assert ids["a.txt"] not in related and ids["a-copy.txt"] not in related
        assert engine.related("no-such-id") == []
    finally:
        engine.close()
