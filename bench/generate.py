"""A deterministic corpus of articles in the seeds' style, for the benchmark.

N articles of 2–8 KB in the five scraped layouts the seeds show, with their noise
(section labels, audio players, image names, counters, link blocks), and names,
ranks, provinces, clusters and dates varied by a seeded random generator. The
sentences come from the seed articles, so the vocabulary is the real one.
"""
import random
import re
from pathlib import Path

from indexer.extract.persons import RANKS
from indexer.extract.provinces import province_names

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Quang", "Minh", "Thanh", "Xuân", "Hồng", "Ngọc", "Đình", "Quốc", "Công", "Trung"]
GIVEN = ["Hận", "Hiệp", "Hưng", "Hồ", "Thuận", "Hùng", "Thanh", "Huy", "Long", "Hồng", "Sơn", "Hoà", "Thuỷ", "Kỳ",
         "Tú", "Lý", "Sỹ", "Dũng", "Triết", "Hà", "Trang", "Khôi", "Linh", "Nam", "Bình", "An", "Tiến", "Tuấn"]
ROLES = ["Giám đốc Công an tỉnh {p}", "Phó Giám đốc Công an tỉnh {p}", "Phó Chủ tịch UBND tỉnh {p}",
         "Trưởng phòng Công tác đảng và công tác chính trị", "Phó Cục trưởng Cục Công tác đảng và công tác chính trị"]
BLOCS = ["An ninh", "Cảnh sát", "Cảnh sát Quản lý hành chính", "Tham mưu, Xây dựng lực lượng, Hậu cần"]
LABELS = ["Tin địa phương", "Thông tin chuyên đề", "Pháp luật", "Xã hội", "An ninh trật tự"]
OUTLETS = ["ANTD.VN", "ANTN", "CAND", "ANTV"]
VERBS = ["tổng kết", "sơ kết", "ký kết giao ước", "triển khai", "đánh giá"]


def _sentences():
    sentences = []
    for path in sorted(SEEDS.iterdir()):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = " ".join(line.split())
            if len(line) > 80:
                sentences += [s.strip() for s in re.split(r"(?<=[.;])\s+", line) if len(s.strip()) > 40]
    return sentences


class Generator:
    def __init__(self, seed=2024):
        self.random = random.Random(seed)
        self.sentences = _sentences()
        self.provinces = province_names()

    def name(self):
        r = self.random
        return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def person_sentence(self, province):
        r = self.random
        role = r.choice(ROLES).format(p=province)
        title = r.choice(RANKS[:8] + ["ông", "bà", "đồng chí"])
        return f"{title[0].upper() + title[1:]} {self.name()}, {role} phát biểu tại hội nghị."

    def paragraph(self, provinces, cluster):
        r = self.random
        parts = r.sample(self.sentences, r.randint(2, 4))
        if r.random() < 0.3:
            parts.append(self.person_sentence(r.choice(provinces)))
        if r.random() < 0.3:
            parts.append(f"Công an các tỉnh {', '.join(provinces)} trong {cluster} đã hoàn thành chỉ tiêu.")
        return " ".join(parts)

    def article(self, number):
        r = self.random
        year = r.randint(2015, 2025)
        month, day = r.randint(1, 12), r.randint(1, 28)
        provinces = r.sample(self.provinces, r.randint(1, 5))
        if r.random() < 0.8:
            cluster = f"Cụm thi đua số {r.randint(1, 20)}"
        else:
            cluster = f"Cụm thi đua khối {r.choice(BLOCS)} Công an tỉnh {provinces[0]}"
        title = f"{cluster} {r.choice(VERBS)} phong trào thi đua “Vì an ninh Tổ quốc” năm {year}"
        lead = (f"{r.choice(['Sáng', 'Chiều', 'Ngày'])} {day}/{month}, tại Công an tỉnh {provinces[0]}, {cluster} "
                f"tổ chức Hội nghị {r.choice(VERBS)} phong trào thi đua “Vì an ninh Tổ quốc” năm {year}. "
                + self.person_sentence(provinces[0]))
        target = r.randint(2000, 8000)
        body = [lead]
        while sum(len(p.encode("utf-8")) for p in body) < target:
            body.append(self.paragraph(provinces, cluster))
            if r.random() < 0.2:
                body.append(f"{number}-{len(body)}.jpg")
                body.append("Quang cảnh hội nghị")
        return self._layout(number % 5, title, body, (year, month, day))

    def _layout(self, layout, title, body, date):
        r = self.random
        year, month, day = date
        stamp = f"{day:02d}/{month:02d}/{year}"
        author = f"{self.name().split(' ', 1)[1]}-{self.name().split(' ', 1)[1]}"
        if layout == 0:
            return "\n\n".join([r.choice(LABELS), title, f"{author} {stamp} - 10:{r.randint(10, 59)}"] + body
                               + ["(0) Bình luận\nNổi bật\nĐừng bỏ lỡ", title])
        if layout == 1:
            body[0] = f"     ({r.choice(OUTLETS)}) - " + body[0]
            return "\n\n".join([title] + body + ["Nhóm PV"])
        if layout == 2:
            body[0] = f"{r.choice(OUTLETS)} -  " + body[0]
            player = "0:00 / 0:00\n0:00\n  • Nam miền Bắc\n  • Nữ miền Bắc\n  • Nữ miền Nam\n  • Nam miền Nam"
            return title + "\n\n" + player + "\n" + "\n\n".join(body)
        if layout == 3:
            return f" date {year}-{month:02d} {r.choice(LABELS)} {title} " + "\n\n".join(body)
        return "\n".join([r.choice(LABELS), f"Đăng ngày: {stamp} - Lượt xem: {r.randint(10, 999)}", title, ""]) + \
            "\n\n".join(body + [f"{self.name().split(' ', 1)[1]} – Công an tỉnh", "Tin liên quan"])


def generate(folder, count, seed=2024):
    """Write ``count`` articles under ``folder`` (100 per subfolder); returns the folder."""
    folder = Path(folder)
    generator = Generator(seed)
    for number in range(count):
        path = folder / f"{number // 100:04d}" / f"article-{number:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generator.article(number) + "\n", encoding="utf-8")
    return folder
