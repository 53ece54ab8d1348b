"""Benchmark: typo-tolerant, diacritic-free name search at 1,000,000 persons on PostgreSQL.

Run:  AMITY_DB_ENGINE=postgresql AMITY_DB_HOST=/tmp/amity-pg-shared AMITY_DB_USER=postgres \\
      AMITY_DB_NAME=amity_bench_diaspora_search .venv/bin/python bench/diaspora_search.py
Loads the persons with COPY (the trigram index is rebuilt afterwards, as a bulk load would),
then times ``selectors.name_search`` for queries without diacritics and with one wrong letter,
against a plain ``full_name__icontains`` scan, and prints p50/p95 and the ratio.
"""

import argparse
import os
import random
import statistics
import time

from diaspora_common import person, setup_django


def load(n: int, unit) -> list[str]:
    from django.db import connection
    from django.utils import timezone

    from amity.core.text import fold
    from amity.diaspora.models import Compatriot
    from amity.geo.models import Country

    countries = list(Country.objects.values_list("pk", flat=True)[:50])
    rng = random.Random(11)
    now = timezone.now()
    names = []
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS diaspora_compatriot_name_trgm")
        columns = ["created", "updated", "version", "unit_id", "full_name", "name_original", "sex", "birth_year",
                   "country_id", "city", "occupation", "email", "phone", "other_contacts", "languages", "notes",
                   "purpose", "legal_basis", "consent_on", "search_name"]  # fmt: skip
        with cursor.cursor.copy(f"COPY diaspora_compatriot ({', '.join(columns)}) FROM STDIN") as copy:
            for i in range(n):
                p = person(rng, i)
                names.append(p["full_name"])
                copy.write_row(
                    [
                        now,
                        now,
                        1,
                        unit.pk,
                        p["full_name"],
                        "",
                        "male",
                        p["birth_year"],
                        rng.choice(countries),
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "bench",
                        "consent",
                        "2026-01-15",
                        fold(p["full_name"]),
                    ]  # fmt: skip
                )
        cursor.execute(
            "CREATE INDEX diaspora_compatriot_name_trgm ON diaspora_compatriot USING gin (search_name gin_trgm_ops)"
        )
        cursor.execute("ANALYZE diaspora_compatriot")
    assert Compatriot.objects.count() == n
    return names


def timed(fn, queries) -> list[float]:
    out = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    if os.environ.get("AMITY_DB_ENGINE") != "postgresql":
        raise SystemExit("Run on PostgreSQL (see the docstring).")
    setup_django(os.environ.get("AMITY_DB_NAME", "amity_bench_diaspora_search"))
    from diaspora_common import unit_and_user
    from diaspora_duplicates import strip_diacritics, typo

    from amity.diaspora import selectors
    from amity.diaspora.models import Compatriot

    unit, user = unit_and_user()
    start = time.perf_counter()
    names = load(args.persons, unit)
    print(f"loaded {args.persons:,} persons in {time.perf_counter() - start:.0f} s")
    rng = random.Random(3)
    targets = rng.sample(names, args.queries)
    queries = [strip_diacritics(n).lower() for n in targets[: args.queries // 2]]
    queries += [typo(rng, strip_diacritics(n).lower()) for n in targets[args.queries // 2 :]]
    qs = Compatriot.objects.restrict(user, "view")

    def fuzzy(q):
        return selectors.name_search(qs, q, limit=20)

    def icontains(q):
        return list(Compatriot.objects.filter(full_name__icontains=q)[:20])

    found = sum(1 for q, t in zip(queries, targets, strict=True) if any(c.full_name == t for c in fuzzy(q)))
    ours = timed(fuzzy, queries)
    plain = timed(icontains, queries[:50])
    p = statistics.quantiles(ours, n=20)
    q = statistics.quantiles(plain, n=20)
    print(f"name_search (trigram): p50 {statistics.median(ours):.1f} ms, p95 {p[18]:.1f} ms; "
          f"found the intended person for {found}/{len(queries)} queries (half with a typo)")  # fmt: skip
    print(
        f"plain icontains scan : p50 {statistics.median(plain):.1f} ms, p95 {q[18]:.1f} ms (finds none without diacritics)"
    )
    print(f"ratio (icontains p50 / name_search p50): {statistics.median(plain) / statistics.median(ours):.1f}x")


if __name__ == "__main__":
    main()
