"""Benchmark: planted duplicates among 100,000 persons; prints precision, recall and time.

Run:  .venv/bin/python bench/diaspora_duplicates.py [--persons 100000] [--planted 5000]
Duplicates are copies of random persons with their diacritics dropped, the name order swapped
(given name first), one letter mistyped, or a mix, keeping year of birth and home province.
Detection runs on records in memory (the selector passes a queryset; loading is not timed).
"""

import argparse
import random
import time
from types import SimpleNamespace

from diaspora_common import person, setup_django


def strip_diacritics(name: str) -> str:
    from amity.core.text import fold

    return " ".join(w.capitalize() for w in fold(name).split())


def swap(name: str) -> str:
    words = name.split()
    return " ".join([words[2], words[0], words[1], *words[3:]])  # "An Nguyễn Văn Tag": given name first


def typo(rng: random.Random, name: str) -> str:
    words = name.split()
    i = rng.randrange(len(words))
    w = words[i]
    j = rng.randrange(len(w))
    words[i] = w[:j] + rng.choice("aeinotuhg") + w[j + 1 :]
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--planted", type=int, default=5_000)
    args = parser.parse_args()
    setup_django("amity-bench-duplicates")
    from amity.core.text import fold
    from amity.diaspora.duplicates import find_duplicates

    rng = random.Random(7)
    people = []
    for i in range(args.persons - args.planted):
        p = person(rng, i)
        people.append(
            SimpleNamespace(
                pk=i + 1,
                unit_id=1,
                full_name=p["full_name"],
                birth_year=p["birth_year"],
                home_unit_id=hash(p["home"]) % 1000,
                country_id=hash(p["country"]) % 1000,
            )  # fmt: skip
        )
    truth = set()
    variants = [strip_diacritics, swap, lambda n: typo(rng, n), lambda n: typo(rng, strip_diacritics(n))]
    for _k in range(args.planted):
        original = rng.choice(people[: args.persons - args.planted])
        name = rng.choice(variants)(original.full_name)
        dup = SimpleNamespace(**{**vars(original), "pk": len(people) + 1, "full_name": name})
        people.append(dup)
        truth.add((original.pk, dup.pk))
    for p in people:
        p.search_name = fold(p.full_name)
    start = time.perf_counter()
    found = find_duplicates(people)
    elapsed = time.perf_counter() - start
    pairs = {(c.first.pk, c.second.pk) for c in found}
    hits = len(pairs & truth)
    precision = hits / len(pairs) if pairs else 0.0
    recall = hits / len(truth)
    print(f"persons: {len(people):,} ({args.planted:,} planted duplicates)")
    print(f"candidates: {len(pairs):,}, true: {hits:,}")
    print(f"precision: {precision:.3f}  recall: {recall:.3f}  time: {elapsed:.2f} s")


if __name__ == "__main__":
    main()
