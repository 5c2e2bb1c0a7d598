"""A deterministic corpus of articles in the seeds' style, for the benchmark.

N articles of 2–8 KB in the five scraped layouts the seeds show, with their noise
(section labels, audio players, image names, counters, link blocks), and names,
ranks, provinces, clusters and dates varied by a seeded random generator.

Their text has a long tail, as news does.  Every article keeps the headline and lead of an
emulation report (cluster, date, people, provinces, for the extractors), and its body mixes
sentences of the seed articles with Vietnamese modelled on Debian's help and manual pages
(``bench/data/vocabulary.json.gz``, written by ``python -m bench.vocabulary``, holds counts,
no text): each article takes one to three pages as its topics, the pages drawn with
Zipf-like weights (a few topics are common, most rare), and writes their sentences by
walking each topic's bigram Markov chain (sentence-start and next-syllable counts), plus
sentences of words and syllables drawn with Zipf-like weights from the whole vocabulary —
down to syllables of hunspell-vi's word list that no text holds.  REPORT_SHARE of the
articles are mostly emulation-report sentences, the rest mostly their topics.
Deterministic from the seed: the committed data file is the input.
"""
import itertools
import random
import re
from pathlib import Path

from indexer.extract.persons import RANKS
from indexer.extract.provinces import province_names

from . import vocabulary

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
CORPUS_VERSION = "tail2"  # in the corpus folder's name: a corpus of an older generator is never reused
REPORT_SHARE = 0.6  # articles mostly about emulation, as the seeds; the others mostly about their topics
SEED_PARAGRAPHS = {True: 0.7, False: 0.15}  # share of seed-sentence paragraphs, in reports and in the others
TAIL_SENTENCE = 0.6  # a topic paragraph ends with a sentence drawn word by word from the whole vocabulary
ZIPF = 1.0  # weight of the k-th most frequent item: 1 / k ** ZIPF
CHAIN_SENTENCE = (8, 20)  # syllables of a sentence walked on a topic's chain (fewer at a dead end)


def zipf_weights(count, exponent=ZIPF):
    """Cumulative weights 1/1, 1/2 … 1/count (for random.choices)."""
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


def _sentences():
    sentences = []
    for path in sorted(SEEDS.iterdir()):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = " ".join(line.split())
            if len(line) > 80:
                sentences += [s.strip() for s in re.split(r"(?<=[.;])\s+", line) if len(s.strip()) > 40]
    return sentences


class Generator:
    def __init__(self, seed=2024, words=None):
        self.random = random.Random(seed)
        self.sentences = _sentences()
        self.provinces = province_names()
        words = words or vocabulary.load()
        self.topics = words["topics"]  # the largest first
        self._chains = {}  # topic index -> its chain as cumulative weights, built when first drawn
        self.vocabulary_words = [w for w, _count in words["words"]]
        self.syllables = [s for s, _count in words["syllables"]]  # most frequent first
        self._topic_weights = zipf_weights(len(self.topics))
        self._word_weights = zipf_weights(len(self.vocabulary_words))
        self._syllable_weights = zipf_weights(len(self.syllables))

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

    def tail_sentence(self):
        """Six to fourteen words and syllables, each drawn with Zipf-like weights."""
        r = self.random
        parts = [r.choices(self.vocabulary_words, cum_weights=self._word_weights)[0] if r.random() < 0.6
                 else r.choices(self.syllables, cum_weights=self._syllable_weights)[0]
                 for _ in range(r.randint(6, 14))]
        return _sentence(" ".join(parts))

    def _chain(self, index):
        """A topic's (starts, {token: successors}), each a (tokens, cumulative counts) pair in the file's order."""
        if index not in self._chains:
            topic = self.topics[index]
            following = {token: _weighted(successors) for token, successors in sorted(topic["next"].items())}
            self._chains[index] = (_weighted(topic["starts"]), following)
        return self._chains[index]

    def chain_sentence(self, index):
        """A walk on topic ``index``'s chain from a start drawn by count, each next token drawn by count,
        for CHAIN_SENTENCE syllables or up to a dead end (commas are tokens, not syllables)."""
        r = self.random
        (starts, start_weights), following = self._chain(index)
        tokens = [r.choices(starts, cum_weights=start_weights)[0]]
        length, syllables = r.randint(*CHAIN_SENTENCE), 1
        while syllables < length and tokens[-1] in following:
            successors, weights = following[tokens[-1]]
            tokens.append(r.choices(successors, cum_weights=weights)[0])
            syllables += tokens[-1] != ","
        while tokens[-1] == ",":
            tokens.pop()
        return _sentence(" ".join(tokens).replace(" ,", ","))

    def topic_paragraph(self, topics):
        """Two to five sentences walked on the chain of one of the article's topics (indexes)."""
        r = self.random
        index = r.choice(topics)
        parts = [self.chain_sentence(index) for _ in range(r.randint(2, 5))]
        if r.random() < TAIL_SENTENCE:
            parts.append(self.tail_sentence())
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
        report = r.random() < REPORT_SHARE
        topics = r.choices(range(len(self.topics)), cum_weights=self._topic_weights, k=r.randint(1, 3))
        while sum(len(p.encode("utf-8")) for p in body) < target:
            if r.random() < SEED_PARAGRAPHS[report]:
                body.append(self.paragraph(provinces, cluster))
            else:
                body.append(self.topic_paragraph(topics))
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


def _weighted(counted):
    """[[item, count], …] -> (items, cumulative counts), for random.choices."""
    return [item for item, _count in counted], list(itertools.accumulate(count for _item, count in counted))


def _sentence(text):
    return text[:1].upper() + text[1:] + "."


def generate(folder, count, seed=2024):
    """Write ``count`` articles under ``folder`` (100 per subfolder); returns the folder."""
    folder = Path(folder)
    generator = Generator(seed)
    for number in range(count):
        path = folder / f"{number // PER_FOLDER:04d}" / f"article-{number:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generator.article(number) + "\n", encoding="utf-8")
    return folder


PER_FOLDER = 100  # articles per subfolder of the corpus


def generate_resumable(folder, count, progress_path, seed=2024, every=10_000, log=None, after_article=None):
    """``generate`` in checkpoints of ``every`` articles (a multiple of PER_FOLDER), resumable.

    After each checkpoint the files written are synced to disk and ``progress_path`` records how
    many articles are complete and the generator's random state at that point (written to a new
    file and renamed over the old one).  Started again, it removes every subfolder from the first
    incomplete one on (and anything else in ``folder``), restores the random state and goes on,
    so the corpus is byte for byte the one an uninterrupted run writes.  Without a progress
    file that matches (count, seed, CORPUS_VERSION), ``folder`` is started over.  Returns
    (articles written, seconds) of this call.  ``after_article(number)`` is called after each file
    (the bench's test hooks); ``log(message)`` gets progress lines.
    """
    import json
    import os
    import shutil
    import time

    folder, progress_path = Path(folder), Path(progress_path)
    every = max(PER_FOLDER, every // PER_FOLDER * PER_FOLDER)
    generator = Generator(seed)
    key = {"count": count, "seed": seed, "corpus": CORPUS_VERSION}
    done = 0
    try:
        saved = json.loads(progress_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = None
    if saved and saved.get("key") == key and folder.is_dir():
        done = saved["done"]
        version, internal, gauss = saved["random"]
        generator.random.setstate((version, tuple(internal), gauss))
    else:
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    for entry in list(os.scandir(folder)):  # what an interrupted run wrote after its last checkpoint
        if not (entry.name.isdigit() and entry.is_dir(follow_symlinks=False)
                and int(entry.name) < done // PER_FOLDER):
            (shutil.rmtree if entry.is_dir(follow_symlinks=False) else os.remove)(entry.path)
    if done and log:
        log(f"generation: resuming at article {done:,} of {count:,}")
    started = time.monotonic()
    for number in range(done, count):
        if number % PER_FOLDER == 0:
            (folder / f"{number // PER_FOLDER:04d}").mkdir()
        path = folder / f"{number // PER_FOLDER:04d}" / f"article-{number:06d}.txt"
        path.write_text(generator.article(number) + "\n", encoding="utf-8")
        if after_article:
            after_article(number)
        written = number + 1
        if written % every == 0 or written == count:
            os.sync()  # the files before the checkpoint that names them
            version, internal, gauss = generator.random.getstate()
            temporary = progress_path.with_name(progress_path.name + ".tmp")
            temporary.write_text(json.dumps({"key": key, "done": written, "random": [version, list(internal), gauss]}),
                                 encoding="utf-8")
            os.replace(temporary, progress_path)
            if log:
                elapsed = time.monotonic() - started
                rate = (written - done) / max(elapsed, 1e-9)
                log(f"generation: {written:,} / {count:,} articles, {rate:,.0f}/s, "
                    f"about {(count - written) / rate / 60:,.0f} min left")
    return count - done, time.monotonic() - started
