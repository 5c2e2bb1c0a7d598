"""The benchmark's long-tail vocabulary, derived from Debian packages: python -m bench.vocabulary

    python -m bench.vocabulary              apt-get download the packages, write bench/data/vocabulary.json.gz
    python -m bench.vocabulary --debs DIR   read the .deb files already in DIR (nothing downloaded)

The seed articles hold about 650 distinct syllables; real news holds thousands, most of them
rare.  Without internet, Debian ships Vietnamese text: the syllable list of ``hunspell-vi``
and the translated help, manual pages and maintainers' guide.  Most of their words are
English (commands, options, untranslated pages); what is read is the runs of Vietnamese
syllables — a token is one when its lower case is in hunspell-vi's word list and has the
shape of a syllable.

The file holds statistics, not text (the packages' licences are not this repository's; see
``bench/data/NOTICE.md``): the syllables with their counts, the two- and three-syllable
sequences that recur with theirs, and per topic (a help page, manual page or guide section)
a bigram Markov chain of its runs long enough to read as sentences — how many start with
each syllable, and how often each token (a lower-case syllable or a comma) is followed by
each other.  The package names and versions go into the file, so the corpus that
``bench.generate`` draws from it is deterministic from its seed; this script re-derives the
file, byte for byte, from the same versions.
"""
import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

from indexer.normalize import nfc

HERE = Path(__file__).resolve().parent
OUT = HERE / "data" / "vocabulary.json.gz"
PACKAGES = ("hunspell-vi", "libreoffice-help-vi", "manpages-vi", "maint-guide-vi")
MIN_RUN = 4  # syllables in a run kept as a sentence
MAX_RUN = 40
MIN_TONED = 0.3  # share of a run's syllables written with diacritics (English "to an in a" has none)
WORD_MIN_COUNT = 3  # a two- or three-syllable sequence seen this often is kept as a word
MAX_WORDS = 12_000
MAX_SENTENCES = 24_000
MIN_PAIR = 2  # a transition is kept when the pair of tokens occurs this often in all the topics together
ABOUT = ("Counts of Vietnamese syllables, words (two- and three-syllable sequences) and, per topic (a help page, "
         "manual page or guide section), of sentence-start syllables and syllable-to-next-syllable transitions "
         "(a bigram Markov chain) in these Debian packages; no text. Written by python -m bench.vocabulary; "
         "see NOTICE.md.")

_VOWELS = "aăâeêioôơuưy" "àằầèềìòồờùừỳ" "ảẳẩẻểỉỏổởủửỷ" "ãẵẫẽễĩõỗỡũữỹ" "áắấéếíóốớúứý" "ạặậẹệịọộợụựỵ"
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]"
SYLLABLE = re.compile(rf"^({_ONSET})?[{_VOWELS}]{{1,3}}(ch|ng|nh|[cmnpt])?$")
_TOKEN = re.compile(r"\w+|[,]", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\s*[()\[\]\"“”]\s*|\s+-\s+")
_TONED = re.compile(rf"[{_VOWELS[12:]}ăâêôơưđ]")


def is_syllable(token):
    """A lower-case token shaped like a Vietnamese syllable (onset, one to three vowels, coda)."""
    return bool(SYLLABLE.match(token))


# -- the packages ---------------------------------------------------------------
def download(folder, pinned=None):
    """apt-get download each package into ``folder`` — the version ``pinned`` names ({package:
    version}, those of the committed file) when the archive still has it, else the current
    one: {package: .deb path}; a missing package is left out (and recorded as missing)."""
    found = {}
    for package in PACKAGES:
        names = ([f"{package}={pinned[package]}"] if package in (pinned or {}) else []) + [package]
        for name in names:
            result = subprocess.run(["apt-get", "download", name], cwd=folder, capture_output=True, text=True)
            if result.returncode == 0:
                break
            print(f"{name}: not downloaded ({' '.join(result.stderr.split()[-12:])})", file=sys.stderr)
    for package in PACKAGES:
        debs = sorted(Path(folder).glob(f"{package}_*.deb"))
        if debs:
            found[package] = debs[-1]
    return found


def unpack(debs, folder):
    """{package: (version, unpacked folder)} with dpkg-deb (no dependencies installed)."""
    out = {}
    for package, deb in debs.items():
        version = subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], check=True, capture_output=True,
                                 text=True).stdout.strip()
        target = Path(folder) / package
        subprocess.run(["dpkg-deb", "-x", str(deb), str(target)], check=True)
        out[package] = (version, target)
    return out


# -- text out of each kind of file ----------------------------------------------------
class _HelpText(HTMLParser):
    """LibreOffice help page -> its blocks of text (the page's display area; no scripts, no chrome)."""
    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "div", "br", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.current, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head", "header", "aside"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "header", "aside"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)

    def _flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []


def help_pages(folder):
    for path in sorted(folder.rglob("*.html")):
        parser = _HelpText()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        parser._flush()
        yield str(path.relative_to(folder)), parser.blocks


_ROFF_ESCAPES = re.compile(r"\\f[A-Z]|\\f\(..|\\\(..|\\\*.|\\&|\\[eE]")


def manual_pages(folder):
    for path in sorted(folder.rglob("*.gz")):
        if "/man/" not in str(path):
            continue
        text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        blocks, current = [], []
        for line in text.splitlines():
            if line.startswith((".", "'")):
                if current:
                    blocks.append(" ".join(current))
                    current = []
                continue
            current.append(_ROFF_ESCAPES.sub("", line).replace("\\-", "-"))
        blocks.append(" ".join(current))
        yield str(path.relative_to(folder)), [" ".join(b.split()) for b in blocks if b.strip()]


def guide_sections(folder, per_section=60):
    """The maintainers' guide (plain text) in sections of paragraphs: each section a topic."""
    for path in sorted(folder.rglob("*.vi.txt.gz")):
        text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
        for start in range(0, len(paragraphs), per_section):
            yield f"{path.name}#{start // per_section}", paragraphs[start:start + per_section]


def hunspell_words(folder):
    """The entries of vi_VN.dic (the first line is their count)."""
    words = []
    for path in sorted(folder.rglob("*.dic")):
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        words += [nfc(line.split("/")[0].strip()) for line in lines if line.strip()]
    return words


# -- Vietnamese out of the text ---------------------------------------------------------
def runs(text, syllables):
    """The runs of Vietnamese syllables of a text (commas kept inside a run), as token lists."""
    out = []
    for piece in _SENTENCE_END.split(nfc(text)):
        current = []
        for token in _TOKEN.findall(piece):
            if token == ",":
                if current and current[-1] != ",":
                    current.append(",")
                continue
            if token.lower() in syllables:
                current.append(token)
                continue
            out.append(current)
            current = []
        out.append(current)
    return [_trim(run) for run in out if any(t != "," for t in run)]


def _trim(run):
    while run and run[-1] == ",":
        run = run[:-1]
    while run and run[0] == ",":
        run = run[1:]
    return run


def chain(sentences, keep=None):
    """The Markov chain of a topic's sentences (token lists, commas as tokens): {"starts": [[syllable,
    count]], "next": {token: [[token, count]]}}, most frequent first.  A transition (a pair of
    tokens in a row) is kept only if ``keep(pair)`` (all when None); a token left with no
    successor is a dead end.  Counts of syllables and of pairs, no sentence."""
    starts, pairs = Counter(), Counter()
    for tokens in sentences:
        starts[tokens[0]] += 1
        pairs.update(pairwise(tokens))
    following = {}
    for (first, second), count in pairs.items():
        if keep is None or keep((first, second)):
            following.setdefault(first, []).append((second, count))
    return {"starts": _ranked(starts.items()),
            "next": {token: _ranked(successors) for token, successors in sorted(following.items())}}


def _ranked(items):
    return [[item, count] for item, count in sorted(items, key=lambda item: (-item[1], item[0]))]


def derive(packages, min_pair=MIN_PAIR):
    """The vocabulary (a dict, see the module docstring) of {package: (version, folder)}."""
    dictionary = hunspell_words(packages["hunspell-vi"][1]) if "hunspell-vi" in packages else []
    syllables = {w.lower() for w in dictionary if is_syllable(w.lower())}
    documents = []
    sources = {"libreoffice-help-vi": help_pages, "manpages-vi": manual_pages, "maint-guide-vi": guide_sections}
    for package, reader in sources.items():
        if package in packages:
            for name, blocks in reader(packages[package][1]):
                documents.append((package, name, blocks))
    counts, words, seen, topics = Counter(), Counter(), set(), []
    for package, name, blocks in documents:
        sentences = []
        for block in blocks:
            for run in runs(block, syllables):
                plain = [t.lower() for t in run if t != ","]
                if len(plain) < 2 or sum(1 for t in plain if _TONED.search(t)) < MIN_TONED * len(plain):
                    continue  # English ("in the", "to a") or a lone word
                counts.update(plain)
                for size in (2, 3):
                    words.update(" ".join(plain[i:i + size]) for i in range(len(plain) - size + 1))
                if MIN_RUN <= len(plain) <= MAX_RUN:
                    tokens = tuple(t.lower() for t in run)
                    if tokens not in seen:  # a sentence repeated counts once, in its first topic
                        seen.add(tokens)
                        sentences.append(tokens)
        if sentences:
            topics.append((f"{package}:{name}", sentences))
    topics.sort(key=lambda topic: (-len(topic[1]), topic[0]))
    kept, total = [], 0
    for source, sentences in topics:  # the largest topics first, up to MAX_SENTENCES sentences
        if total >= MAX_SENTENCES:
            break
        kept.append((source, sentences[:MAX_SENTENCES - total]))
        total += len(kept[-1][1])
    everywhere = Counter(pair for _source, sentences in kept for tokens in sentences
                         for pair in pairwise(tokens))
    chains = []
    for source, sentences in kept:
        topic = chain(sentences, lambda pair: everywhere[pair] >= min_pair)
        if topic["next"]:
            chains.append({"source": source, "sentences": len(sentences), **topic})
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ranked += [(s, 0) for s in sorted(syllables - set(counts))]  # in the dictionary, never in the text
    common_words = sorted(((w, c) for w, c in words.items() if c >= WORD_MIN_COUNT),
                          key=lambda item: (-item[1], item[0]))[:MAX_WORDS]
    return {
        "about": ABOUT,
        "packages": {package: version for package, (version, _folder) in sorted(packages.items())},
        "missing": [p for p in PACKAGES if p not in packages],
        "syllables": ranked,
        "words": common_words,
        "topics": chains,
    }


def write(vocabulary, path=OUT):
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(vocabulary, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return path


def load(path=OUT):
    return json.loads(gzip.decompress(Path(path).read_bytes()))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.vocabulary", description=__doc__.splitlines()[0])
    parser.add_argument("--debs", type=Path, help="a folder holding the .deb files (nothing is downloaded)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        debs = {}
        if args.debs:
            for package in PACKAGES:
                found = sorted(args.debs.glob(f"{package}_*.deb"))
                if found:
                    debs[package] = found[-1]
        else:
            debs = download(work, load(args.out)["packages"] if args.out.exists() else None)
        vocabulary = derive(unpack(debs, work))
    path = write(vocabulary, args.out)
    print(f"{path}: {len(vocabulary['syllables'])} syllables "
          f"({sum(1 for _s, c in vocabulary['syllables'] if c)} seen in text), {len(vocabulary['words'])} words, "
          f"{sum(t['sentences'] for t in vocabulary['topics'])} sentences in {len(vocabulary['topics'])} topics "
          f"({sum(len(s) for t in vocabulary['topics'] for s in t['next'].values())} transitions), "
          f"{path.stat().st_size / 1e6:.2f} MB; packages {vocabulary['packages']}, missing {vocabulary['missing']}")


if __name__ == "__main__":
    main()
