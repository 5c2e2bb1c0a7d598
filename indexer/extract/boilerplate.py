"""Scraping noise: which lines of a page are not the article.

Each rule is a named pattern so a test can show what it removes and what it keeps.
"""
import functools
import re

from ..normalize import canonical_tones, fold

_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_OTHER_SPACES_RE = re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]")


def clean_line(line: str) -> str:
    """Collapse runs of (non-breaking) spaces, trim."""
    if "  " in line or _OTHER_SPACES_RE.search(line):  # else every run is one plain space already
        line = _SPACES_RE.sub(" ", line)
    return line.strip()


# Whole lines that are page furniture, never text.
NOISE_LINE_PATTERNS = {
    "image file name": re.compile(r"^[\w\-()\[\]. ]{1,80}\.(?:jpe?g|png|gif|webp|bmp|svg)$", re.I),
    "audio player time": re.compile(r"^\d{1,2}:\d{2}(?:\s*/\s*\d{1,2}:\d{2})?$"),
    "voice choice": re.compile(r"^[•·*\-–]?\s*(?:Nam|Nữ)\s+miền\s+(?:Bắc|Nam|Trung)$", re.I),
    "comment counter": re.compile(r"^\(?\d+\)?\s*(?:Bình luận|bình luận|Comments?)$|^Bình luận\s*\(\d+\)$"),
    "view counter": re.compile(r"^(?:Lượt xem|Lượt đọc|Số lượt xem)\s*:?\s*\d[\d.,]*$|^\d[\d.,]*\s+lượt xem$", re.I),
    "share buttons": re.compile(r"^(?:Chia sẻ(?: bài viết| bài| lên)?|Share|In bài(?: viết)?|Lưu bài|"
                                r"Facebook|Zalo|Twitter|Gửi email|Copy link|Tweet|Like|Thích)"
                                r"(?:\s*:\s*$|(?:\s*[|/·]\s*\S.*)?$)", re.I),
    # print views and comment boxes: "- In ra", "- Đóng cửa sổ này", "Gửi bình luận", "Các trao đổi mới nhất"
    "print or comment control": re.compile(
        r"^[-•·*]?\s*(?:In ra|In trang|Đóng cửa sổ này|Đóng cửa sổ|Về đầu trang|Lên đầu trang|Quay lên trên|"
        r"Quay lại đầu trang|Gửi bình luận|Gửi ý kiến|"
        r"Viết bình luận|"
        r"Ý kiến của bạn|Bình luận của bạn|Các trao đổi mới nhất|Xem thêm bình luận|Phản hồi)\s*:?$", re.I),
    # social-network counters and alt text: "17 lượt chia sẻ", "👍❤️ Bạn và 214 người khác", "Có thể là hình ảnh về …"
    "social counter": re.compile(
        r"^\d[\d.,]*\s+(?:lượt chia sẻ|lượt thích|chia sẻ|lượt bình luận)$|^\W*\s*Bạn và [\d.,]+ người khác$|"
        r"^Có thể là (?:hình ảnh|ảnh|văn bản)\b.{0,150}$", re.I),
    # "Đọc tiếp trên baohungyen.vn »", "Xem bản tin trên trình duyệt": a pointer to the page, not text
    "read-on link": re.compile(
        r"^(?:Xem bài gốc|Đọc bài gốc|Đọc tiếp|Xem tiếp|Đọc toàn bài|Xem chi tiết|"
        r"Xem bản tin trên trình duyệt|Xem trên trình duyệt)\b[^!?]{0,60}$",
        re.I),
    # a URL alone on a line (with a label such as "Địa chỉ bài viết:" or "Link:" in front)
    "url line": re.compile(
        r"^(?:(?:Địa chỉ bài viết|Link bài viết|Đường dẫn|Link|URL|Nguồn bài viết)\s*:\s*)?(?:https?://|www\.)\S+$",
        re.I),
    # a search engine's cache banner and its controls
    "cache banner": re.compile(
        r"^(?:Đây là bản lưu trong bộ nhớ cache của|This is Google's cache of|Phiên bản đầy đủ\b|Full version\b|"
        r"Mẹo: Để tìm cụm từ tìm kiếm|Tip: To quickly find your search term)", re.I),
    "font size": re.compile(r"^(?:Cỡ chữ|A\s*[-+]?\s*A\s*[-+]?)$", re.I),
    "listen label": re.compile(r"^(?:Nghe bài viết|Nghe đọc bài|Nghe đọc|Đọc bài)$", re.I),
    "copyright": re.compile(
        r"^(?:©|\(c\)\s|Copyright|Bản quyền thuộc về|Cơ quan chủ quản\s*:|Giấy phép(?: số| xuất bản)|"
        r"Tổng biên tập\s*:|Chịu trách nhiệm xuất bản)", re.I),
    "login bar": re.compile(r"^(?:Đăng nhập|Đăng ký|Đặt báo|Tải ứng dụng|Đọc báo in|Banner)(?:\s*[|/]\s*\S.*)?$", re.I),
    "weather": re.compile(r"^[^\d]{2,30}\s-?\d{1,2}\s*°C$"),
    # a line of hashtags under the text: "#congantuyenquang", "#thidua #vianninhtoquoc"
    "hashtags": re.compile(r"^#\w[\w-]*(?:[\s,;]+#\w[\w-]*)*$"),
    # a live page's "Tiếp tục cập nhật…", an empty image's markdown "![]()", a poll box's labels
    "live or widget label": re.compile(
        r"^(?:Tiếp tục cập nhật|Đang cập nhật|Còn nữa|!\[[^\]]*\]\([^)]*\)\s*\|?|Thăm dò ý kiến|noData|"
        r"Không có dữ liệu|Xem kết quả|Biểu quyết)\W*$", re.I),
}

# What a site glues to the end of a teaser paragraph: "… cho Công an tỉnh Cà Mau.(đọc thêm)".
READ_MORE_TAIL_RE = re.compile(r"\s*[(\[]\s*(?i:đọc thêm|xem thêm|đọc tiếp|xem tiếp|chi tiết)\s*(?:\.{3}|…)?\s*[)\]]$")


def strip_read_more(line: str) -> str:
    """The line without a '(đọc thêm)' link glued to its end."""
    if len(line) <= 20 or not line.endswith((")", "]", ")\n", "]\n")):  # the bracket ends it (or a last newline)
        return line
    return READ_MORE_TAIL_RE.sub("", line)


# A keyword line that opens the links under an article: "Tags: Công an Lào Cai, Cụm thi đua số 3".
TAG_LINE_RE = re.compile(r"^(?i:tags?|từ khóa|từ khoá|keywords?)\s*:\s*\S")
# The rules of a reader-comment box: "LƯU Ý: BDO sẽ biên tập ý kiến của bạn đọc trước khi xuất bản …";
# the box and what follows it are no part of the article.
COMMENT_POLICY_RE = re.compile(
    r"^(?:(?i:lưu ý|chú ý|ghi chú)\s*:\s*)?(?P<who>[^\s:]{2,20}(?:\s+[^\s:]{2,20}){0,2})\s+"
    r"(?i:sẽ|có quyền|xin phép|được quyền)\s+(?i:biên tập|duyệt|kiểm duyệt|lược bớt|sửa)\b.{0,40}"
    r"(?i:ý kiến|bình luận|phản hồi)")

# A line that opens a block of links to other articles: it and all after it go.
BLOCK_MARKERS = {
    fold(m) for m in (
        "Nổi bật", "Đừng bỏ lỡ", "Tin liên quan", "Tin cùng chuyên mục", "Bài viết liên quan",
        "Bài liên quan", "Xem thêm", "Đọc thêm", "Tin khác", "Tin mới", "Tin mới nhất",
        "Các tin khác", "Tin đã đưa", "Có thể bạn quan tâm", "Tin nổi bật", "Tin cùng chủ đề",
        "Video liên quan", "Bài đọc nhiều", "Đọc nhiều nhất", "Xem nhiều nhất", "Khám phá",
        "Bình luận", "Ý kiến bạn đọc", "Ý kiến", "Tags", "Từ khóa", "Từ khoá", "TOP", "Tin xem nhiều",
        "Cùng chuyên mục", "Tin tức liên quan", "Bài viết cùng chuyên mục", "Tin bài liên quan",
        "Tin mới hơn", "Tin cũ hơn", "Các tin đã đưa", "Các tin đã đưa ngày", "Các tin cũ hơn", "Phóng sự liên quan",
    )
}

# Section labels scraped from the page header, in front of the headline.
SECTION_LABELS = {
    fold(canonical_tones(label)) for label in (
        "Tin địa phương", "Thông tin chuyên đề", "Pháp luật", "Xã hội", "Thời sự", "Tin tức",
        "Tin tức - Sự kiện", "Tin tức sự kiện", "An ninh trật tự", "An ninh - Trật tự",
        "Trong nước", "Quốc tế", "Kinh tế", "Văn hóa", "Thể thao", "Giáo dục", "Tin hoạt động",
        "Hoạt động", "Chính trị", "Phóng sự", "Điều tra", "Tin trong tỉnh", "Tin trong nước",
        "Công an địa phương", "Hoạt động của lực lượng", "Xây dựng lực lượng", "Tin nổi bật",
        "Thi đua khen thưởng", "Thi đua - Khen thưởng", "Tin Công an", "Bạn đọc", "Đời sống",
        "Chuyển đổi số", "Tin ảnh", "Sự kiện", "Nhân ái", "Vì an ninh Tổ quốc", "Trang chủ",
        "Giao thông", "Lực lượng vũ trang", "Quốc phòng", "An ninh", "Quốc phòng - An ninh",
        "An ninh - Quốc phòng", "Quốc phòng an ninh", "Chính trị - Pháp luật", "Thời sự - Chính trị",
        "Chính trị - Xã hội", "Chính trị – Xã hội",
        "Xây dựng Đảng", "Xây dựng quân đội", "Nội chính", "Hoạt động lực lượng", "Trong tỉnh",
        "Địa phương", "Tin trong ngày", "Tin nóng", "Tin mới", "Hoạt động Công an tỉnh", "Thông báo",
        "Pháp luật - Bạn đọc", "Pháp đình", "Bạn đọc - Pháp luật", "Tin tổng hợp",
        # menu entries of provincial papers and portals
        "Đa phương tiện", "Văn hóa - Xã hội", "Văn hóa - Thể thao", "Nông nghiệp", "Thị trường", "Nông thôn mới",
        "Giới thiệu", "Liên hệ", "Văn bản", "Thư viện ảnh", "Multimedia", "Video", "Thế giới", "Y tế", "Môi trường",
        "Du lịch", "Sức khỏe", "Giải trí", "Kinh doanh", "Công nghệ", "Khoa học - Công nghệ", "Media", "Podcast",
        "Infographic", "Thủ tục hành chính", "Hỏi đáp", "Tin tức - Sự kiện", "Bản tin", "Bản tin sáng", "Bản tin tối",
        "Bản tin chiều", "Tin chính", "Tiêu điểm", "Thời sự - Chính trị", "Chính sách", "Gương sáng",
        "Gương người tốt việc tốt", "Người tốt việc tốt", "Điểm báo", "Văn bản pháp luật", "Chỉ đạo điều hành",
    )
}


def _rules_as_one(patterns):
    """(one pattern, rule names): the rules as one alternation, rule i as group i + 1.

    A match of the alternation takes the first rule, in order, that matches the line: the
    rule a loop over the patterns would name, for one call instead of one per rule.
    """
    parts = []
    for pattern in patterns.values():
        flags = "i" if pattern.flags & re.IGNORECASE else ""
        parts.append(f"(?{flags}:{pattern.pattern})" if flags else f"(?:{pattern.pattern})")
    return re.compile("|".join(f"({part})" for part in parts)), list(patterns)


_NOISE_RE, _NOISE_NAMES = _rules_as_one(NOISE_LINE_PATTERNS)


def noise_reason(line: str):
    """The name of the noise rule a line matches, or None for text."""
    match = _NOISE_RE.match(line)
    return _NOISE_NAMES[match.lastindex - 1] if match else None


_LONGEST_MARKER = max(len(marker) for marker in BLOCK_MARKERS)
# Latin letters (Vietnamese ones included), digits, punctuation: fold turns each into one character.
_LATIN_RE = re.compile(r"[\u0000-\u02ff\u1e00-\u1eff\u2000-\u206f]*")


def _names_block(label: str) -> bool:
    """True when the label, folded, is one of BLOCK_MARKERS (a long line in Latin letters never is:
    folding it would only cost time)."""
    if len(label) > _LONGEST_MARKER and _LATIN_RE.fullmatch(label):
        return False
    return fold(label) in BLOCK_MARKERS


def is_block_marker(line: str) -> bool:
    """A line after which the page holds no more of the article: a link-list label, a tag line, a comment box."""
    return _names_block(line.rstrip(":").strip()) or bool(TAG_LINE_RE.match(line)) or \
        bool(COMMENT_POLICY_RE.match(line))


_LONGEST_LABEL = max(len(label) for label in SECTION_LABELS)


def is_section_label(line: str) -> bool:
    label = line.rstrip(":").strip()
    if len(label) > _LONGEST_LABEL:
        # canonical_tones and fold keep a Latin line as long as it is (see _names_block)
        return not _LATIN_RE.fullmatch(label) and fold(canonical_tones(label)) in SECTION_LABELS
    return _is_short_section_label(label)


@functools.lru_cache(maxsize=4096)
def _is_short_section_label(label: str) -> bool:
    """(Kept: the same short lines and first words are asked about again and again.)"""
    return fold(canonical_tones(label)) in SECTION_LABELS


_CRUMB_SEPARATORS_RE = re.compile(r"\s*(?:»|›|>|\||/|\s[-–]\s)\s*")
_SENTENCE_RE = re.compile(r"[.!?;:]\s|[.!?]$")


def is_breadcrumb(line: str) -> bool:
    """'Trang chủ » Tin tức » Xã hội', 'Thời sự | An ninh trật tự', 'Quốc phòng an ninh | Xây dựng quân đội'.

    Short parts joined by », ›, >, | or / (a dash only between known section labels),
    none of them a sentence, none with digits.
    """
    if len(line) > 200 or _SENTENCE_RE.search(line):
        return False
    hard = re.search(r"»|›|>|\||/", line)
    parts = [p for p in _CRUMB_SEPARATORS_RE.split(line) if p]
    if len(parts) < 2 or any(len(p.split()) > 6 for p in parts):
        return False
    if len(line) > 120 or re.search(r"\d", line):
        # a long menu row, or one with an entry such as "Bạc Liêu 24h": a row of at least four
        # entries split by hard separators, most of them known section labels
        known = sum(1 for p in parts if is_section_label(p))
        return bool(hard) and len(parts) >= 4 and known * 2 >= len(parts) and not re.search(r"\d{1,2}[/:]\d", line)
    if hard:
        return True
    return all(is_section_label(p) for p in parts)


_MENU_SPLIT_RE = re.compile(r"\s*[|·•]\s*|\s+")


def is_menu_row(line: str) -> bool:
    """A row of menu entries printed without separators: 'Trang chủ Chính trị Kinh tế Xã hội Thể thao'.

    Read left to right, each step takes the longest known section label (up to five words); the
    row is a menu when at least four labels cover two thirds of its words and none is a sentence.
    """
    if len(line) > 200 or re.search(r"\d|[.!?;:,]", line):
        return False
    words = [w for w in _MENU_SPLIT_RE.split(line) if w]
    if len(words) < 4:
        return False
    index = covered = labels = 0
    while index < len(words):
        for size in (5, 4, 3, 2, 1):
            if index + size <= len(words) and is_section_label(" ".join(words[index:index + size])):
                covered += size
                labels += 1
                index += size
                break
        else:
            index += 1
    return labels >= 4 and covered * 3 >= len(words) * 2


def strip_section_prefix(line: str) -> str:
    """'Pháp luật Cụm thi đua số 6 ...' -> 'Cụm thi đua số 6 ...' (label glued to the headline)."""
    words = line.split(" ")
    for size in (5, 4, 3, 2, 1):
        if len(words) > size + 3 and is_section_label(" ".join(words[:size])) and words[size][:1].isupper():
            return " ".join(words[size:])
    return line


def _key(line: str) -> str:
    return fold(line).strip(" .:…")


class _Key:
    """A line's _key, folded only when it is compared with a key of the same length.

    fold turns each Latin letter into one character (and none into " .:…"), so the key of a
    line in Latin letters is as long as the line stripped of " .:…": keys of different lengths
    differ without folding.
    """

    __slots__ = ("line", "length", "_folded")

    def __init__(self, line: str):
        self.line = line
        self.length = len(line.strip(" .:…")) if _LATIN_RE.fullmatch(line) else None
        self._folded = None

    def folded(self) -> str:
        if self._folded is None:
            self._folded = _key(self.line)
        return self._folded

    def __eq__(self, other):
        if self.length is not None and other.length is not None and self.length != other.length:
            return False
        return self.folded() == other.folded()

    __hash__ = None


def drop_repeats(paragraphs, title):
    """Remove a paragraph printed twice in a row (captions) and the title repeated as a link."""
    title_key = _Key(title) if title and _key(title) else None
    kept, last_key = [], None
    for paragraph in paragraphs:
        key = _Key(paragraph)
        if kept and key == last_key:
            continue
        if title_key and key == title_key:
            continue
        kept.append(paragraph)
        last_key = key
    return kept
