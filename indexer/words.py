"""Which syllables of a query form one word or name, and so must stand together.

Vietnamese writes syllables; "đặng văn hiếu" is one name and "an ninh" one word, but
"tổng kết năm 2024" is three units ("tổng kết", "năm 2024" and nothing between them).
A run of syllables typed next to each other is cut into units by, strongest first:

1. entities the index knows (people, provinces, clusters, outlets: ``known`` spans);
2. numbers: a number stays with the word before it ("số 8", "năm 2024");
3. people's names: a family name and a common middle name open a name of up to four
   syllables ("nguyen van han"), or syllables the user capitalised ("Tô Lâm");
4. a dictionary of Vietnamese words of two to four syllables (Viet74K, shipped in
   underthesea's wheel; read from its data file, nothing is downloaded);
5. the index's own statistics: a pair that stands together in most of the articles
   holding both (``cohesion``); and a query of just two syllables is one word when
   the index holds them side by side anywhere ("to lam": Tô Lâm), since a reader who
   types two syllables nearly always means one word (the scattered reading remains).

Each signal compares a syllable by its toned form when the user typed tones, else by
its folded form.  Syllables that none of them joins stay single words.
"""
import functools
import importlib.util
import os
import re

from .normalize import canonical, fold, nfc

MAX_WORD = 4
COHESION = 0.6  # a pair stands together in at least this share of the articles holding both

MIDDLE_NAMES = set(
    "van thi duc huu cong quang minh xuan thanh ngoc hoang dinh tien trong quoc hong kim anh duy manh "
    "tuan hai trung viet bao gia khac the nhu thu phuong my dang ba chi".split()
)
FAMILY_NAMES = set(fold(name) for name in (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Tô Đinh Lâm Trương Mai "
    "Trịnh Đoàn Lương Cao Hà Tạ Chu Vương Thái Kiều Quách Lưu Đào Tăng Triệu Thân Lại Khúc Mạc "
    "Nghiêm Phùng Quan Tôn Từ Hứa La Lã Âu Diệp Châu Doãn Đàm Lục Trình Giáp Khổng Ông Tống Văn "
    # family names of the northern mountain and Central Highlands peoples
    "Lò Lường Quàng Cầm Vi Sầm Bế Nông Ma Giàng Sùng Vừ Thào Mùa Lầu Hầu Sình Ksor Rah Siu Nay Rơ Y"
).split())
_SYLLABLE_RE = re.compile(r"^[^\W\d_]+$")


def _dictionary_path():
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(spec.submodule_search_locations[0], "corpus", "data", "Viet74K.txt")
    return path if os.path.exists(path) else None


@functools.lru_cache(maxsize=1)
def lexicon():
    """{folded syllables: {toned syllables, …}} of the dictionary's words of 2–4 syllables."""
    words = {}
    path = _dictionary_path()
    if path is None:
        return words
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            syllables = nfc(line.strip()).lower().split()
            if not 2 <= len(syllables) <= MAX_WORD or not all(_SYLLABLE_RE.match(s) for s in syllables):
                continue
            exact = tuple(canonical(s) for s in syllables)
            words.setdefault(tuple(fold(s) for s in exact), set()).add(exact)
    return words


def _matches(entry_forms, syllables):
    """True when one of a word's toned forms fits the typed syllables (a toned syllable by its tones)."""
    for forms in entry_forms:
        if all(not typed.toned or form == typed.exact for form, typed in zip(forms, syllables, strict=True)):
            return True
    return False


def in_dictionary(syllables):
    forms = lexicon().get(tuple(s.folded for s in syllables))
    return bool(forms) and _matches(forms, syllables)


def _is_number(syllable):
    return syllable.folded.isdigit()


def _name_length(run, start):
    """How many syllables from ``start`` make a person's name (0: none)."""
    first = run[start]
    if start + 1 >= len(run):
        return 0
    if first.folded not in FAMILY_NAMES:
        # three capitalised syllables typed with tones are a name whatever the family
        length = 0
        while start + length < len(run) and length < MAX_WORD and run[start + length].capitalised:
            length += 1
        return length if length >= 3 and any(s.toned for s in run[start:start + length]) else 0
    following = run[start + 1]
    if following.folded in MIDDLE_NAMES or (first.capitalised and following.capitalised):
        length = 2
        while (start + length < len(run) and length < MAX_WORD and not _is_number(run[start + length])
               and (length < 3 or run[start + length].capitalised)):
            length += 1
        return length
    return 0


def segment(run, known=(), cohesion=None, side_by_side=None):
    """Units of a run of typed syllables, as (start, end) spans covering it in order.

    ``run``: objects with ``exact``, ``folded``, ``toned`` and ``capitalised``;
    ``known``: (start, end) spans of entities, kept whole; ``cohesion(a, b)``: the
    share of articles holding both syllables where they stand together;
    ``side_by_side(a, b)``: whether any article holds them next to each other.
    """
    if len(run) == 2 and side_by_side is not None and side_by_side(run[0], run[1]):
        return [(0, 2)]
    joined = [False] * max(len(run) - 1, 0)  # joined[i]: run[i] and run[i + 1] in one unit
    owned = [False] * len(run)
    names = [(i, i + _name_length(run, i)) for i in range(len(run)) if _name_length(run, i)]
    # an entity inside a longer name typed in full is that name's part ("Lê Văn" in "Lê Văn Công")
    known = [(start, end) for start, end in known
             if not any(s <= start and end <= e and e - s > end - start for s, e in names)]
    for start, end in sorted(known, key=lambda span: span[0] - span[1]):
        if any(owned[start:end]):
            continue
        for i in range(start, end - 1):
            joined[i] = True
        owned[start:end] = [True] * (end - start)
    for i in range(1, len(run)):
        if _is_number(run[i]) and not _is_number(run[i - 1]) and not owned[i]:
            joined[i - 1] = owned[i] = True
    index = 0
    while index < len(run):
        if owned[index]:
            index += 1
            continue
        length = _name_length(run, index)
        if length and not any(owned[index:index + length]):
            for i in range(index, index + length - 1):
                joined[i] = True
            owned[index:index + length] = [True] * length
            index += length
            continue
        for length in range(min(MAX_WORD, len(run) - index), 1, -1):
            if not any(owned[index:index + length]) and in_dictionary(run[index:index + length]):
                for i in range(index, index + length - 1):
                    joined[i] = True
                owned[index:index + length] = [True] * length
                break
        index += 1
    if cohesion is not None:
        for i in range(len(run) - 1):
            if not joined[i] and not (owned[i] and owned[i + 1]) and cohesion(run[i], run[i + 1]) >= COHESION:
                joined[i] = True
    spans, start = [], 0
    for i in range(1, len(run) + 1):
        if i == len(run) or not joined[i - 1]:
            spans.append((start, i))
            start = i
    return spans
