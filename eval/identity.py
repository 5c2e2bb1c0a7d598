"""The similarity threshold that keeps an edited, moved article's id (indexer/similarity.py).

    python -m eval.identity

Edited copies of every evaluation article — paragraph edits (paragraphs removed,
added or rewritten, up to 30% of the words) and scattered word edits (up to 15% of the
words), made with a seeded RNG — are compared with their originals; every pair of
different articles is compared too (the two syndicated copies, b04 and b05, are
reported apart: they are one report).  A threshold works when every edited copy is
at or above it and every different pair below.
"""
import json
import random
import sys
from pathlib import Path

from indexer.extract import extract_record
from indexer.extract.reader import read_text
from indexer.similarity import THRESHOLD, same_report, signature, similarity

HERE = Path(__file__).resolve().parent
SYNDICATED = {("b04_baolangson", "b05_congan_langson")}
FILLER = ("Các đơn vị tiếp tục quán triệt, triển khai đồng bộ các giải pháp bảo đảm an ninh trật tự "
          "trên địa bàn, nâng cao hiệu quả phối hợp giữa các lực lượng.")


def articles():
    found = {}
    for path in sorted((HERE / "articles").iterdir()):
        record = extract_record(read_text(str(path)), path.name)
        found[path.stem] = record.paragraphs
    return found


def _words(paragraphs):
    return sum(len(p.split()) for p in paragraphs)


def paragraph_edit(paragraphs, share, rng):
    """Remove, rewrite or add whole paragraphs until about ``share`` of the words changed."""
    edited, budget = list(paragraphs), share * _words(paragraphs)
    changed = 0
    while changed < budget and edited:
        index = rng.randrange(len(edited))
        action = rng.choice(("remove", "rewrite", "add"))
        if action == "remove" and len(edited) > 2:
            changed += len(edited.pop(index).split())
        elif action == "rewrite":
            words = edited[index].split()
            cut = max(1, len(words) // 2)
            edited[index] = " ".join(words[:cut]) + " " + FILLER
            changed += len(words) - cut
        else:
            edited.insert(index, FILLER)
            changed += len(FILLER.split())
    return edited


def word_edit(paragraphs, share, rng):
    """Replace about ``share`` of the words, scattered, by other words."""
    replacements = ["cán bộ", "đơn vị", "kết quả", "nhiệm vụ", "địa bàn", "phong trào"]
    edited = []
    for paragraph in paragraphs:
        words = paragraph.split()
        for i in range(len(words)):
            if rng.random() < share:
                words[i] = rng.choice(replacements)
        edited.append(" ".join(words))
    return edited


def measure(seed=7):
    rng = random.Random(seed)
    texts = articles()
    signatures = {stem: signature("\n".join(p)) for stem, p in texts.items()}
    edits = {}
    for name, edit, share in (("paragraphs 5%", paragraph_edit, 0.05), ("paragraphs 15%", paragraph_edit, 0.15),
                              ("paragraphs 30%", paragraph_edit, 0.30), ("words 5%", word_edit, 0.05),
                              ("words 15%", word_edit, 0.15)):
        scores = [similarity(signatures[stem], signature("\n".join(edit(p, share, rng)))) for stem, p in texts.items()]
        edits[name] = {"min": round(min(scores), 3), "mean": round(sum(scores) / len(scores), 3),
                       "kept without title": sum(s >= THRESHOLD for s in scores),
                       "kept with title": sum(same_report(s, True) for s in scores), "of": len(scores)}
    different, syndicated = [], []
    stems = sorted(texts)
    for i, first in enumerate(stems):
        for second in stems[i + 1:]:
            score = similarity(signatures[first], signatures[second])
            (syndicated if (first, second) in SYNDICATED else different).append(score)
    return {
        "threshold": THRESHOLD, "edited copies": edits,
        "different articles": {"pairs": len(different), "max": round(max(different), 3)},
        "syndicated copies": [round(s, 3) for s in syndicated],
        "different articles merged": sum(s >= THRESHOLD for s in different),
    }


if __name__ == "__main__":
    json.dump(measure(), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
