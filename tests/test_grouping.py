"""Syndicated copies: one report published by several outlets is one result, counted once."""
import json

from indexer import store
from indexer.search import Engine, SearchRequest
from indexer.writer import build
from search_app import create_app

from .helpers import write_articles

REPORT = [
    "Chiều 18/11, tại Công an tỉnh Quảng Trị, Cụm thi đua số 5 gồm Công an các tỉnh Quảng Bình, Quảng Trị, "
    "Thừa Thiên Huế và Nghệ An tổ chức hội nghị tổng kết phong trào thi đua Vì an ninh Tổ quốc năm 2024.",
    "Đại tá Nguyễn Quốc Đoàn, Giám đốc Công an tỉnh Quảng Trị, Cụm trưởng chủ trì hội nghị; dự có đại diện "
    "Cục Công tác đảng và công tác chính trị cùng lãnh đạo Ủy ban nhân dân tỉnh.",
    "Trong năm, lực lượng Công an bốn tỉnh đã khám phá 1.312 vụ phạm pháp hình sự, đạt tỷ lệ 91,4%; triệt phá "
    "38 đường dây mua bán trái phép chất ma túy qua tuyến biên giới Lào Bảo và thu giữ hơn 70 kilôgam ma túy tổng hợp.",
    "Các đơn vị đã hoàn thành việc bố trí công an chính quy về các xã vùng cao, xây dựng 214 tổ an ninh trật tự "
    "ở cơ sở và đưa dịch vụ công trực tuyến về cư trú, căn cước đến từng thôn bản.",
    "Hội nghị bình xét suy tôn Công an tỉnh Nghệ An là đơn vị dẫn đầu phong trào, đề nghị Bộ Công an tặng Cờ "
    "thi đua; Công an tỉnh Quảng Bình được bầu làm Cụm trưởng năm 2025.",
    "Kết luận hội nghị, Đại tá Nguyễn Quốc Đoàn đề nghị các đơn vị tăng cường trao đổi thông tin về tội phạm "
    "hoạt động liên tỉnh, nhất là trên tuyến quốc lộ 9 và vùng ven biển.",
]
ORIGINAL = ("Cụm thi đua số 5 tổng kết phong trào thi đua năm 2024\n"
            "Lê Minh Hải 19/11/2024 - 09:15\n\n"
            "(CAND) - " + "\n\n".join(REPORT) + "\n")
COPY = ("CÔNG AN TỈNH QUẢNG BÌNH\nTrang chủ / Tin tức / Hoạt động Công an tỉnh\n"
        "Công an bốn tỉnh Bắc Trung Bộ suy tôn đơn vị dẫn đầu\n"
        "Ngày đăng: 21/11/2024\n\n"
        + "\n\n".join(REPORT[:3] + REPORT[4:]) + "\n\nTheo Báo Công an nhân dân\n")
OTHER = ("Công an Cà Mau ra quân tuần tra trên sông dịp cuối năm\n20/11/2024 08:00\n\n"
         "Sáng 20/11, Công an tỉnh Cà Mau tổ chức lễ ra quân cao điểm tấn công trấn áp tội phạm, bảo đảm an ninh "
         "trật tự dịp Tết Nguyên đán; lực lượng tuần tra được tăng cường trên các tuyến sông rạch.\n\n"
         "Đại tá Lê Văn Công, Giám đốc Công an tỉnh, yêu cầu các đơn vị tập trung đấu tranh với tội phạm ma túy "
         "và tín dụng đen, xử lý nghiêm các trường hợp vi phạm nồng độ cồn.\n")


def _ids(index_dir):
    live = json.loads((index_dir / "registry.json").read_text(encoding="utf-8"))["live"]
    return {entry["source"]: article_id for article_id, entry in live.items()}


def _search(engine, **filters):
    return engine.search(SearchRequest(q="", filters={k: [v] for k, v in filters.items()}))


def test_a_syndicated_copy_with_another_title_and_byline_is_one_result_counted_once(make_index):
    _source, index_dir = make_index({"cand.txt": ORIGINAL, "quangbinh.txt": COPY, "camau.txt": OTHER})
    ids = _ids(index_dir)
    engine = Engine(str(index_dir))
    try:
        result = _search(engine)
        assert (result.total, result.articles) == (2, 3)
        shown = {hit.id: hit for hit in result.hits}
        assert set(shown) == {ids["cand.txt"], ids["camau.txt"]}  # the earliest copy is canonical
        assert [copy["id"] for copy in shown[ids["cand.txt"]].copies] == [ids["quangbinh.txt"]]
        assert shown[ids["camau.txt"]].copies == []
        assert dict((v, c) for v, c, _s in result.facets["year"]) == {"2024": 2}
        clusters = dict((v, c) for v, c, _s in result.facets["cluster"])
        assert clusters["Cụm thi đua số 5"] == 1
        # a query only the copy's title matches finds the report once, showing that copy
        found = engine.search(SearchRequest(q="suy tôn đơn vị dẫn đầu Bắc Trung Bộ"))
        assert [hit.id for hit in found.hits] == [ids["quangbinh.txt"]]
        assert [copy["id"] for copy in found.hits[0].copies] == [ids["cand.txt"]]
        # each copy keeps its page; related articles never list the article or its copies
        assert engine.get(ids["quangbinh.txt"])["title"].startswith("Công an bốn tỉnh")
        assert ids["quangbinh.txt"] not in [i for i, _t, _d in engine.related(ids["cand.txt"])]
    finally:
        engine.close()


def test_pages_and_api_show_the_copies(make_index):
    _source, index_dir = make_index({"cand.txt": ORIGINAL, "quangbinh.txt": COPY, "camau.txt": OTHER})
    ids = _ids(index_dir)
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    data = client.get("/api/search").get_json()
    assert (data["total"], data["articles"], data["counting"]) == (2, 3, "reports")
    hit = next(h for h in data["results"] if h["id"] == ids["cand.txt"])
    assert [c["id"] for c in hit["copies"]] == [ids["quangbinh.txt"]]
    assert hit["copies"][0]["url"].endswith(f"/doc/{ids['quangbinh.txt']}")
    page = client.get("/").get_data(as_text=True)
    assert "Cũng đăng trên:" in page and f"/doc/{ids['quangbinh.txt']}" in page
    assert "3 bài đăng, tính cả bản đăng lại" in page
    article = client.get(f"/doc/{ids['quangbinh.txt']}").get_data(as_text=True)
    assert "Cùng bản tin này trên:" in article and f"/doc/{ids['cand.txt']}" in article
    record = client.get(f"/api/doc/{ids['cand.txt']}").get_json()
    assert [c["id"] for c in record["copies"]] == [ids["quangbinh.txt"]]
    assert client.get(f"/api/doc/{ids['camau.txt']}").get_json()["copies"] == []


BOILERPLATE_OPEN = ("Thực hiện Kế hoạch của Bộ Công an về phong trào thi đua Vì an ninh Tổ quốc, các đơn vị trong Cụm "
                    "đã bám sát chương trình công tác, chủ động nắm chắc tình hình, kịp thời tham mưu cấp ủy, chính "
                    "quyền địa phương giải quyết các vụ việc phức tạp ngay từ cơ sở.")
BOILERPLATE_CLOSE = ("Phát biểu kết luận, đồng chí Cụm trưởng đề nghị các đơn vị tiếp tục đổi mới nội dung, hình thức "
                     "thi đua, bảo đảm công khai, khách quan, lấy kết quả bảo đảm an ninh trật tự làm thước đo chính.")


def _cluster_report(number, place, head, date, facts):
    """A cluster's report: the template's lead and two stock paragraphs around its own facts."""
    return (f"Cụm thi đua số {number} sơ kết phong trào thi đua 6 tháng đầu năm\n{date} 08:00\n\n"
            f"Ngày {date[:5]}, tại Công an tỉnh {place}, Cụm thi đua số {number} tổ chức hội nghị sơ kết phong trào "
            f"thi đua Vì an ninh Tổ quốc 6 tháng đầu năm; Đại tá {head}, Giám đốc Công an tỉnh {place}, chủ trì.\n\n"
            f"{BOILERPLATE_OPEN}\n\n{facts}\n\n{BOILERPLATE_CLOSE}\n")


KON_TUM = _cluster_report(7, "Kon Tum", "Y Ngọc", "14/06/2024",
                         "Sáu tháng qua, lực lượng vũ trang các tỉnh Tây Nguyên đã phát hiện 26 vụ khai thác rừng "
                         "trái phép, bắt giữ 19 đối tượng vận chuyển gỗ lậu qua các tuyến đường tuần tra biên giới."
                         "\n\nCông an tỉnh Kon Tum phối hợp bộ đội biên phòng vận động đồng bào dân tộc thiểu số "
                         "không vượt biên trái phép, tổ chức 140 buổi tuyên truyền tại các làng vùng sâu.\n\n"
                         "Nhiều tấm gương người tốt việc tốt được biểu dương, trong đó có già làng A Thút ở huyện "
                         "Đăk Glei đã giúp lực lượng chức năng bắt giữ đối tượng truy nã đặc biệt nguy hiểm.")


def test_two_reports_that_share_boilerplate_are_never_merged(make_index):
    first = _cluster_report(3, "Thái Bình", "Trần Văn Phúc", "12/06/2024",
                            "Sáu tháng qua, Công an các tỉnh trong Cụm đã triệt phá 41 ổ nhóm cờ bạc, thu hồi 12 khẩu "
                            "súng tự chế và vận động người dân giao nộp hơn 300 vũ khí, vật liệu nổ.\n\n"
                            "Mô hình camera an ninh ở các xã ven biển Thái Thụy, Tiền Hải được nhân rộng; lực lượng "
                            "Cảnh sát giao thông xử lý gần 9.000 trường hợp vi phạm nồng độ cồn trên quốc lộ 10.\n\n"
                            "Hội nghị thống nhất đề nghị tặng Bằng khen cho 12 tập thể và 25 cá nhân có thành tích "
                            "xuất sắc trong đợt cao điểm trấn áp tội phạm mùa lễ hội đầu xuân.")
    _source, index_dir = make_index({"first.txt": first, "second.txt": KON_TUM})
    assert store.read_groups(str(index_dir), store.current_generation(str(index_dir)))["groups"] == []
    engine = Engine(str(index_dir))
    try:
        result = _search(engine)
        assert (result.total, result.articles) == (2, 2)
        assert all(hit.copies == [] for hit in result.hits)
    finally:
        engine.close()


def test_grouping_follows_updates(tmp_path):
    source = write_articles(tmp_path / "src", {"cand.txt": ORIGINAL, "camau.txt": OTHER})
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    engine = Engine(str(index_dir))
    try:
        assert (_search(engine).total, _search(engine).articles) == (2, 2)
        write_articles(source, {"quangbinh.txt": COPY})  # a new copy joins the report
        summary = build(str(source), str(index_dir))
        assert (summary.groups, summary.grouped) == (1, 2)
        ids = _ids(index_dir)
        assert engine.copies(ids["cand.txt"])[0]["id"] == ids["quangbinh.txt"]
        assert (_search(engine).total, _search(engine).articles) == (2, 3)
        # edited into another report: it leaves the group, keeping its id
        write_articles(source, {"quangbinh.txt": KON_TUM})
        assert build(str(source), str(index_dir)).groups == 0
        assert _ids(index_dir)["quangbinh.txt"] == ids["quangbinh.txt"]
        assert engine.copies(ids["cand.txt"]) == [] and _search(engine).total == 3
        # a copy again, then removed: its group goes with it
        write_articles(source, {"quangbinh.txt": COPY})
        assert build(str(source), str(index_dir)).groups == 1
        (source / "quangbinh.txt").unlink()
        assert build(str(source), str(index_dir)).groups == 0
        assert engine.copies(ids["cand.txt"]) == [] and (_search(engine).total, _search(engine).articles) == (2, 2)
        # a full rebuild groups the same way
        write_articles(source, {"quangbinh.txt": COPY})
        assert build(str(source), str(index_dir), rebuild=True).groups == 1
        assert len(engine.copies(ids["cand.txt"])) == 1
    finally:
        engine.close()


def test_an_update_compares_only_what_changed_and_groups_as_a_full_pass_does():
    """groups.compute from the previous manifest and the changed ids equals grouping everything
    again, on 3,000 synthetic signatures of this domain's likeness with 2% re-posts."""
    import numpy as np

    from eval.grouping import synthetic_entries
    from indexer import groups
    from indexer.similarity import PERMUTATIONS, encode

    entries = synthetic_entries(3000, seed=5)
    ids = sorted(entries)

    def describe(chosen):
        return {i: {"meta": 0, "date": "2024-01-01"} for i in chosen}
    before = {i: entries[i] for i in ids[:2800]}  # 200 articles arrive in the update
    previous = groups.compute(before, describe)
    full = groups.compute(entries, describe)
    updated = groups.compute(entries, describe, previous=previous, changed=ids[2800:])
    assert len(full["groups"]) > 10
    assert sorted(g["members"] for g in updated["groups"]) == sorted(g["members"] for g in full["groups"])
    # an article edited into something else leaves its group; the group's others stay together
    group = next(g["members"] for g in full["groups"] if len(g["members"]) == 2)
    unlike = np.random.default_rng(9).integers(0, 2**32, size=PERMUTATIONS, dtype=np.uint64).astype(np.uint32)
    edited = dict(entries, **{group[1]: dict(entries[group[1]], sig=encode(unlike))})
    again = groups.compute(edited, describe, previous=full, changed=[group[1]])
    assert not any(group[1] in g["members"] or group[0] in g["members"] for g in again["groups"])
    assert len(again["groups"]) == len(full["groups"]) - 1
