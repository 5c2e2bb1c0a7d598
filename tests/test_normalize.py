import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.normalize import canonical, canonical_iy, canonical_tones, fold, has_diacritics, nfc


def test_nfc_composes_decomposed_tone_marks():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Hận")
    assert decomposed != "Nguyễn Văn Hận"
    assert nfc(decomposed) == "Nguyễn Văn Hận"


@pytest.mark.parametrize("old, new", [
    ("hòa", "hoà"), ("thủy", "thuỷ"), ("ủy", "uỷ"), ("khỏe", "khoẻ"), ("Hòa Bình", "Hoà Bình"),
    ("THÙY", "THUỲ"), ("qúy", "quý"), ("Thúy", "Thuý"),
])
def test_old_tone_placement_moves_to_the_new_position(old, new):
    assert canonical_tones(old) == new
    assert canonical_tones(new) == new


@pytest.mark.parametrize("word", ["hoàn", "khuỷu", "toán", "thuyền", "ngoài"])
def test_tone_placement_leaves_words_with_a_final_consonant_alone(word):
    assert canonical_tones(word) == word


def test_canonical_tones_keeps_length_for_offsets():
    text = "Hòa Bình, Thủy lợi, khỏe mạnh"
    assert len(canonical_tones(text)) == len(text)


@pytest.mark.parametrize("y_form, i_form", [
    ("sỹ", "sĩ"), ("kỹ", "kĩ"), ("lý", "lí"), ("quý", "quí"), ("mỹ", "mĩ"), ("kỳ", "kì"),
])
def test_lone_final_y_after_a_consonant_is_spelt_i(y_form, i_form):
    assert canonical_iy(y_form) == i_form
    assert canonical_iy(i_form) == i_form


@pytest.mark.parametrize("word", ["tay", "may", "huy", "y", "yêu", "thuỷ"])
def test_y_that_is_not_a_spelling_variant_stays(word):
    assert canonical_iy(word) == word


def test_canonical_combines_tone_placement_and_i_y():
    assert canonical("thủy") == canonical("thuỷ")
    assert canonical("sỹ") == canonical("sĩ")


@pytest.mark.parametrize("text, folded", [
    ("Nguyễn Văn Hận", "nguyen van han"), ("Đà Nẵng", "da nang"), ("ĐẢNG ỦY", "dang uy"),
    (unicodedata.normalize("NFD", "Hận"), "han"),
])
def test_fold_removes_every_mark_and_maps_d_stroke(text, folded):
    assert fold(text) == folded


def test_fold_is_idempotent():
    text = "Cụm thi đua số 12 – Thiếu tướng Lê Hồng Hiệp"
    assert fold(fold(text)) == fold(text)


def test_has_diacritics():
    assert has_diacritics("nguyễn")
    assert has_diacritics("da đ")
    assert not has_diacritics("nguyen van han")


latin_and_marks = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x036F, blacklist_categories=("Cs",))
                          | st.characters(min_codepoint=0x1E00, max_codepoint=0x206F), max_size=120)


@settings(max_examples=500, deadline=None)
@given(st.one_of(latin_and_marks, st.text(max_size=60)))
def test_the_folding_table_agrees_with_icu(text):
    from indexer.normalize import fold_with_icu

    assert fold(text) == fold_with_icu(text)
    assert fold(unicodedata.normalize("NFD", text)) == fold_with_icu(unicodedata.normalize("NFD", text))
    long_text = (text + " ") * 1000  # folded through the array rather than str.translate
    assert fold(long_text) == fold_with_icu(long_text)


def test_old_style_tones_are_moved_in_any_case():
    assert canonical_tones("HÒA hóa Hòe thủy THÚY khuỷu hoàn") == "HOÀ hoá Hoè thuỷ THUÝ khuỷu hoàn"


def test_every_latin_and_vietnamese_letter_folds_as_icu_folds_it():
    from indexer.normalize import _TABLE_RANGES, fold_with_icu

    every = "".join(chr(c) for start, end in _TABLE_RANGES for c in range(start, end + 1) if not 0xD800 <= c <= 0xDFFF)
    assert fold(every) == fold_with_icu(every)
    assert fold("Nguyễn Đăng Khoa ĐÀ NẴNG") == "nguyen dang khoa da nang"
