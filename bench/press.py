"""Benchmark: how well the press reader reads the labelled set, and how fast.

Run:  .venv/bin/python bench/press.py [--mistakes]
Prints precision and recall per kind and per language (vi, en, zh, ru and all) over the
labelled articles in amity/press/labelled/ (the five seed articles' main paragraphs and texts
written for the set, labelled by hand), then the reading speed in characters per second beside
a naive reader (one regular expression for digits followed by a currency word) on the same texts.
No database and no network: the registry is empty, so organisations are scored on their span
and, for a union, on the province it was read as.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amity.settings.base")

LANGUAGES = ("vi", "en", "zh", "ru", "all")


def table(title, documents, reader, kinds, score, show_mistakes) -> None:
    tallies, mistakes = score(documents, reader)
    labels = sum(len(d.labels) for d in documents)
    print(f"\n{title}: {len(documents)} articles, {labels} labels (P precision, R recall, n labels)")
    print(f"{'kind':<13}" + "".join(f"{lang:>16}" for lang in LANGUAGES))
    print(f"{'':<13}" + "".join(f"{'P     R    n':>16}" for _ in LANGUAGES))
    for kind in kinds:
        cells = []
        for lang in LANGUAGES:
            tally = tallies.get((kind, lang))
            if tally is None or not (tally.labelled or tally.proposed):
                cells.append(f"{'–':>16}")
            else:
                cells.append(f"{tally.precision:>6.2f}{tally.recall:>6.2f}{tally.labelled:>4}")
        print(f"{kind:<13}" + "".join(cells))
    if show_mistakes:
        for mistake in mistakes:
            print(*mistake, sep="\t")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mistakes", action="store_true", help="list every missed label and wrong proposal")
    parser.add_argument("--rounds", type=int, default=5, help="times the set is read for the speed figure")
    args = parser.parse_args()

    from amity.press.evaluation import KINDS, load_labelled, score
    from amity.press.reader import read

    documents = load_labelled()

    def reader(document):
        return read(document.text, language="auto", published=document.published).as_json()

    for split in ("tuning", "held-out", None):
        chosen = [d for d in documents if split is None or d.split == split]
        table(f"{split or 'whole'} set", chosen, reader, KINDS, score, args.mistakes and split is not None)

    chars = sum(len(d.text) for d in documents) * args.rounds
    started = time.perf_counter()
    for _ in range(args.rounds):
        for document in documents:
            reader(document)
    ours = chars / (time.perf_counter() - started)
    naive_re = re.compile(r"\d[\d.,]*\s*(?:tỷ|triệu|million|млн|万|亿)?\s*(?:đồng|USD|VND|美元|越盾|долларов)")
    started = time.perf_counter()
    for _ in range(args.rounds):
        for document in documents:
            list(naive_re.finditer(document.text))
    naive = chars / (time.perf_counter() - started)
    print(
        f"speed: reader {ours:,.0f} chars/s; naive money regex {naive:,.0f} chars/s (reader reads all 11 kinds; ratio {naive / ours:.0f}x)"
    )


if __name__ == "__main__":
    main()
