"""Benchmark: duplicates among persons whose names repeat as Vietnamese names do.

Run:  .venv/bin/python bench/diaspora_duplicates.py [--persons 100000] [--share 0.05] [--seed 7] [--why]

Persons are drawn by ``NameDrawer`` (real shares of family names, common middle and given names,
so namesakes born the same year are common; dates of birth, cities, phones and e-mails missing
as they are in union files). A share of them is entered a second time the way a second office
writes them: without diacritics, given name first, a middle name left out, one letter mistyped,
or a mix; each of date of birth, city, phone, e-mail and home province left blank with
probability 0.25; a phone changed with probability 0.03. The truth is every pair of records of
one person. Detection runs on records in memory (the scan reads them from the database first;
that is not timed here). Beside Amity's detector, the same run scores the naive rule that a
person is the same when the name's words (folded) and the year of birth are the same.
``--why`` counts the true pairs missed by the step that dropped them (never paired, a fact that
differs, two phones and too little else shared, too little shared for the namesakes, the names
judged two names).
"""

import argparse
import random
import time
from collections import defaultdict
from itertools import combinations
from types import SimpleNamespace

from diaspora_common import NameDrawer, setup_django

from amity.core.names import COUNTRY_WEIGHTS


def strip_diacritics(rng, name: str) -> str:
    from amity.core.text import fold

    return " ".join(w.capitalize() for w in fold(name).split())


def swap(rng, name: str) -> str:
    words = name.split()
    return " ".join([words[-1], *words[:-1]])  # given name first: "Hùng Nguyễn Văn"


def drop_middle(rng, name: str) -> str:
    words = name.split()
    if len(words) < 3:
        return name
    del words[rng.randrange(1, len(words) - 1)]
    return " ".join(words)


def typo(rng, name: str) -> str:
    words = name.split()
    i = rng.randrange(len(words))
    w = words[i]
    j = rng.randrange(len(w))
    kind = rng.random()
    if kind < 0.4:
        w = w[:j] + rng.choice("aeinothgu") + w[j + 1 :]
    elif kind < 0.7:
        w = w[:j] + rng.choice("aeinothgu") + w[j:]
    elif len(w) > 2:
        w = w[:j] + w[j + 1 :]
    words[i] = w
    return " ".join(words)


VARIANTS = {
    "no diacritics": (0.30, strip_diacritics),
    "given name first": (0.15, swap),
    "middle name left out": (0.20, drop_middle),
    "one letter mistyped": (0.20, typo),
    "mistyped, no diacritics": (0.15, lambda rng, n: typo(rng, strip_diacritics(rng, n))),
}


def population(persons: int, share: float, seed: int):
    """Records (as the detector reads them), the true pairs, and each copy's variant."""
    from amity.core.text import fold

    rng = random.Random(seed)
    drawer = NameDrawer(rng)
    originals = persons - int(persons * share)
    people, identity = [], []
    for i in range(originals):
        p = drawer.person()
        people.append(record(i + 1, p))
        identity.append(i)
    variant_of = {}
    names, weights = list(VARIANTS), [w for w, _ in VARIANTS.values()]
    while len(people) < persons:
        k = rng.randrange(originals)
        original = people[k]
        variant = rng.choices(names, weights)[0]
        name = VARIANTS[variant][1](rng, original.full_name)
        if name == original.full_name:
            continue
        copy = SimpleNamespace(**{**vars(original), "pk": len(people) + 1, "full_name": name})
        for attr in ("birth_date", "city", "phone", "email", "home_unit_id"):
            if rng.random() < 0.25:
                setattr(copy, attr, None if attr in ("birth_date", "home_unit_id") else "")
        if copy.phone and rng.random() < 0.03:
            copy.phone = f"+84 {rng.randint(100_000_000, 999_999_999)}"
        copy.search_name = fold(name)
        people.append(copy)
        identity.append(k)
        variant_of[copy.pk] = variant
    by_identity = defaultdict(list)
    for p, who in zip(people, identity, strict=True):
        by_identity[who].append(p.pk)
    truth = {pair for pks in by_identity.values() for pair in combinations(sorted(pks), 2)}
    return people, truth, variant_of


#: a fixed id for each country drawn (not Python's hash(), which differs from run to run)
COUNTRY_IDS = {code: k for k, code in enumerate(sorted(COUNTRY_WEIGHTS), 1)}


def record(pk: int, p: dict) -> SimpleNamespace:
    from amity.core.text import fold

    return SimpleNamespace(
        pk=pk, unit_id=1, full_name=p["full_name"], search_name=fold(p["full_name"]), birth_year=p["birth_year"], birth_date=p["birth_date"],
        home_unit_id=p["home"], country_id=COUNTRY_IDS[p["country"]], city=p["city"], phone=p["phone"],
        email=p["email"],
    )  # fmt: skip


def naive(people) -> set[tuple[int, int]]:
    """Same folded name words and same year of birth: what the detector did before."""
    from amity.core.text import fold

    groups = defaultdict(list)
    for p in people:
        if p.birth_year:
            groups[(" ".join(sorted(fold(p.full_name).split())), p.birth_year)].append(p.pk)
    return {pair for pks in groups.values() for pair in combinations(sorted(pks), 2)}


def score(found: set, truth: set) -> tuple[float, float]:
    hits = len(found & truth)
    return (hits / len(found) if found else 0.0), hits / len(truth)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--share", type=float, default=0.05, help="share of records that are a second entry")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--why", action="store_true", help="count the true pairs missed by the reason they were")
    args = parser.parse_args()
    setup_django("amity-bench-duplicates")  # a file left by an older schema would not migrate
    from amity.diaspora.duplicates import find_duplicates

    people, truth, variant_of = population(args.persons, args.share, args.seed)
    namesakes = defaultdict(int)
    for p in people:
        if p.pk not in variant_of and p.birth_year:
            namesakes[(p.full_name, p.birth_year)] += 1
    shared = sum(n for n in namesakes.values() if n > 1)
    print(f"persons: {len(people):,}; true pairs: {len(truth):,}; first entries sharing name and year of birth "
          f"with another person: {shared:,}")  # fmt: skip

    start, cpu = time.perf_counter(), time.process_time()
    found = find_duplicates(people)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    pairs = {(c.first.pk, c.second.pk) for c in found}
    precision, recall = score(pairs, truth)
    start, naive_cpu = time.perf_counter(), time.process_time()
    baseline = naive(people)
    naive_elapsed, naive_cpu = time.perf_counter() - start, time.process_time() - naive_cpu
    naive_precision, naive_recall = score(baseline, truth)
    print(f"{'detector':<28}{'pairs':>10}{'precision':>11}{'recall':>9}{'wall s':>9}{'CPU s':>8}")
    print(f"{'Amity':<28}{len(pairs):>10,}{precision:>11.3f}{recall:>9.3f}{elapsed:>9.2f}{cpu:>8.2f}")
    print(f"{'same words + year (naive)':<28}{len(baseline):>10,}{naive_precision:>11.3f}{naive_recall:>9.3f}"
          f"{naive_elapsed:>9.2f}{naive_cpu:>8.2f}")  # fmt: skip
    print("recall by the way the second entry was written:")
    found_pks = {pk for pair in pairs & truth for pk in pair}
    for variant in VARIANTS:
        copies = [pk for pk, v in variant_of.items() if v == variant]
        hit = sum(pk in found_pks for pk in copies)
        print(f"  {variant:<26}{hit:>8,} / {len(copies):<8,}{hit / len(copies) if copies else 0:.3f}")
    if args.why:
        print_misses(people, truth - pairs, variant_of)


def print_misses(people, missed: set, variant_of: dict) -> None:
    """Each true pair missed, by the step that dropped it: never paired (the name blocks), a fact
    that differs, too little shared for the namesakes of that name and year, or the names judged
    two names; counted by the way the second entry was written."""
    from collections import Counter

    import numpy as np

    from amity.diaspora import duplicates

    tokens = [tuple(p.search_name.split()) for p in people]
    counts = Counter(w for words in tokens for w in words)
    facts = duplicates._Facts(people)
    chances = facts.chances()
    accents = [duplicates._written(p.full_name) for p in people]
    codes, namesakes = duplicates._candidate_pairs(tokens, counts, facts, chances, None, accents)
    paired, n, at = set(codes.tolist()), len(people), {p.pk: k for k, p in enumerate(people)}
    reasons: dict[str, Counter] = defaultdict(Counter)
    for a, b in missed:
        i, j = sorted((at[a], at[b]))
        first, second = np.array([i]), np.array([j])
        keep, strong, _agree = facts.judge(first, second, np.maximum(namesakes[first], namesakes[second]), chances)
        if i * n + j not in paired:
            reason = "never paired"
        elif not keep[0]:
            columns = (facts.dob, facts.year, facts.home, facts.country, facts.city)
            differ = any(facts.differ(column, first, second)[0] for column in columns)
            phones = facts.differ(facts.phone, first, second)[0]
            reason = "a fact differs" if differ else "two phones, too little else" if phones else "too little shared"
        else:
            reason = "names judged two names"
        reasons[reason][variant_of.get(b) or variant_of.get(a)] += 1
    print("true pairs missed, by reason:")
    for reason, by_variant in sorted(reasons.items(), key=lambda item: -sum(item[1].values())):
        print(f"  {reason:<38}{sum(by_variant.values()):>7,}  " + ", ".join(f"{v}: {c}" for v, c in by_variant.items()))


if __name__ == "__main__":
    main()
