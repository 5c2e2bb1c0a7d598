"""How long the corpus's tail is: python -m bench.tail N [SEED]

Generates N articles in memory (nothing written) and prints the distinct toned syllables
they hold — lower case, tones and marks as written, shaped like a Vietnamese syllable
(``vocabulary.is_syllable``) — and how many of them occur in one article only.
"""
import json
import re
import sys
from collections import Counter

from indexer.normalize import nfc

from .generate import Generator
from .vocabulary import is_syllable

_WORD = re.compile(r"\w+")


def syllables(text):
    """The set of toned syllables of a text."""
    return {w for w in _WORD.findall(nfc(text).lower()) if is_syllable(w)}


def tail(count, seed=2024):
    """{"articles", "syllables" (distinct), "in_one_article"} of ``count`` generated articles."""
    generator = Generator(seed)
    documents = Counter()
    for number in range(count):
        documents.update(syllables(generator.article(number)))
    return {"articles": count, "syllables": len(documents),
            "in_one_article": sum(1 for n in documents.values() if n == 1)}


if __name__ == "__main__":
    print(json.dumps(tail(int(sys.argv[1]), *map(int, sys.argv[2:3]))))
