"""MinHash signatures: edited copies stay alike, different reports do not, one old id per new record."""
import numpy as np

from indexer.similarity import PERMUTATIONS, best_matches, decode, encode, signature, similarity

REPORT = ("Chiều 19/11, tại Công an tỉnh Kiên Giang, Cụm thi đua số 12 tổ chức hội nghị tổng kết phong trào "
          "thi đua Vì an ninh Tổ quốc năm 2024. Đại tá Nguyễn Văn Hận, Giám đốc Công an tỉnh Kiên Giang, chủ trì. "
          "Qua 11 tháng, các đơn vị trong Cụm đã triệt phá nhiều chuyên án ma túy, bảo đảm an ninh biên giới.")
OTHER = ("Sáng 5/3, Công an tỉnh Nghệ An ra quân tổng kiểm soát phương tiện giao thông trên quốc lộ 1A, "
         "xử lý nhiều trường hợp vi phạm nồng độ cồn và chở quá tải trọng quy định.")


def test_a_signature_round_trips_and_is_stable_across_calls():
    assert (decode(encode(signature(REPORT))) == signature(REPORT)).all()
    assert decode("not base64!") is None


def test_signatures_keep_the_values_of_datasketchs_minhash():
    """The registry holds signatures of earlier builds: the values, written by datasketch 2.0's
    MinHash (seeded, scheme "affine32") before similarity.py computed them itself, must not move."""
    assert signature(REPORT).dtype == np.uint32
    assert signature(REPORT)[:6].tolist() == [96234122, 44602521, 157205040, 13988670, 75555641, 39295678]
    assert signature("Nhà")[:3].tolist() == [2710034906, 2013977120, 599447571]  # one shingle of one syllable
    assert signature("").tolist() == [2**32 - 1] * PERMUTATIONS


def test_an_edited_copy_is_alike_and_a_different_report_is_not():
    edited = REPORT.replace("nhiều chuyên án", "18 chuyên án") + " Lượt xem: 209"
    assert similarity(signature(REPORT), signature(edited)) >= 0.5
    assert similarity(signature(REPORT), signature(OTHER)) < 0.1


def test_best_matches_gives_each_old_id_to_one_new_record_only():
    old = {"id-1": (signature(REPORT), "Cụm 12 tổng kết", "2024-11-20")}
    edited = signature(REPORT + " Ảnh: Tiến Dũng")
    new = {"moved.txt": (edited, "Cụm 12 tổng kết", "2024-11-20"),
           "copy.txt": (edited, "Tin khác", None),  # as alike: the shared title breaks the tie
           "other.txt": (signature(OTHER), "Cụm 12 tổng kết", "2024-11-20")}
    assert best_matches(new, old) == {"moved.txt": "id-1"}
