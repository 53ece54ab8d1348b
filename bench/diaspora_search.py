"""Benchmark: typo-tolerant, diacritic-free name search at 1,000,000 persons on PostgreSQL.

Run:  AMITY_DB_ENGINE=postgresql AMITY_DB_HOST=/work/pg AMITY_DB_USER=postgres \\
      AMITY_DB_NAME=amity_bench_diaspora_search .venv/bin/python bench/diaspora_search.py [--reuse]

Loads the persons with COPY (the trigram index is rebuilt afterwards, as a bulk load would): half
of them the benchmark's generated names (three common words and a word of their own), half drawn
by ``NameDrawer`` as Vietnamese names really repeat (thousands of Nguyễn Văn Hùng; three or four
words, no word of their own). ``--reuse`` keeps a database loaded by an earlier run.

Two sets of queries, each half written without diacritics and half also with one letter wrong
(``diaspora_duplicates.typo``): the benchmark's names, and the realistic ones. Each query is
timed through ``selectors.name_search`` (20 results) and, on a sample, through the naive way a
search without an index would take: a scan of the same rows (the user's queryset) folding each
name with ``unaccent()`` (which folds đ/Đ too), keeping those that hold every query word, 20 at most. Printed: p50/p95 of both, the ratio,
and the recall: the share of queries whose results hold the intended name (a namesake of the
same name counts: the search cannot tell them apart, the list shows them all; so does a name
differing only in its diacritics, "Lê Thị Phượng" for "Lê Thị Phương", which a query without
them cannot tell apart either: the count with the very diacritics is printed beside it). ``--explain``
prints the query plans of the first query of each set.
"""

import argparse
import os
import random
import statistics
import time

from diaspora_common import NameDrawer, person, setup_django

COLUMNS = ["created", "updated", "version", "unit_id", "full_name", "name_original", "sex", "birth_year",
           "country_id", "city", "occupation", "email", "phone", "other_contacts", "languages", "notes",
           "purpose", "legal_basis", "consent_on", "search_name"]  # fmt: skip
#: Marks each loaded person's kind, to draw the queries of each set from a reused database.
KINDS = ("generated", "drawn")


def load(n: int, unit) -> None:
    from django.db import connection
    from django.utils import timezone

    from amity.core.text import fold
    from amity.diaspora.models import Compatriot
    from amity.geo.models import Country

    countries = list(Country.objects.values_list("pk", flat=True)[:50])
    rng = random.Random(11)
    drawer = NameDrawer(random.Random(12))
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS diaspora_compatriot_name_trgm")
        with cursor.cursor.copy(f"COPY diaspora_compatriot ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for i in range(n):
                kind = KINDS[i % 2]
                p = person(rng, i) if kind == "generated" else drawer.person()
                copy.write_row(
                    [now, now, 1, unit.pk, p["full_name"], "", "male", p["birth_year"], rng.choice(countries),
                     "", kind, "", "", "", "", "", "bench", "consent", "2026-01-15", fold(p["full_name"])]
                )  # fmt: skip
        cursor.execute(
            "CREATE INDEX diaspora_compatriot_name_trgm ON diaspora_compatriot USING gin (search_name gin_trgm_ops)"
        )
        cursor.execute("ANALYZE diaspora_compatriot")
    assert Compatriot.objects.count() == n


def queries_of(kind: str, count: int, rng) -> tuple[list[str], list[str]]:
    """``count`` names of the loaded persons of ``kind`` and the queries typed for them: half
    without diacritics, half without diacritics and with a letter wrong."""
    from diaspora_duplicates import strip_diacritics, typo

    from amity.diaspora.models import Compatriot

    ids = Compatriot.objects.filter(occupation=kind).order_by("pk").values_list("pk", flat=True)
    first, last = ids.first(), ids.last()
    picked = rng.sample(range(first, last + 1), count * 3)
    names = list(Compatriot.objects.filter(pk__in=picked, occupation=kind).values_list("full_name", flat=True))
    targets = rng.sample(names, count)
    queries = [strip_diacritics(rng, n).lower() for n in targets[: count // 2]]
    queries += [typo(rng, strip_diacritics(rng, n).lower()) for n in targets[count // 2 :]]
    return targets, queries


def timed(fn, queries, cpu: list | None = None) -> list[float]:
    """Wall-clock milliseconds of each query (and, into ``cpu``, the Python process's CPU time)."""
    out = []
    for q in queries:
        start, started = time.perf_counter(), time.process_time()
        fn(q)
        out.append((time.perf_counter() - start) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - started) * 1000)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200, help="queries of each set")
    parser.add_argument("--scans", type=int, default=20, help="queries of each set also run through the scan")
    parser.add_argument("--reuse", action="store_true", help="keep the persons of an earlier run")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--misses", action="store_true", help="print the queries whose name was not found")
    args = parser.parse_args()
    if os.environ.get("AMITY_DB_ENGINE") != "postgresql":
        raise SystemExit("Run on PostgreSQL (see the docstring).")
    name = os.environ.get("AMITY_DB_NAME", "amity_bench_diaspora_search")
    setup_django(name, fresh=False)
    from diaspora_common import unit_and_user
    from django.db import connection
    from django.db.models import F, Func
    from django.db.models.functions import Lower

    from amity.core.text import fold
    from amity.diaspora import selectors
    from amity.diaspora.models import Compatriot

    if not args.reuse or Compatriot.all_objects.count() != args.persons:
        setup_django(name, fresh=True)
        unit, user = unit_and_user()
        start = time.perf_counter()
        load(args.persons, unit)
        print(f"loaded {args.persons:,} persons in {time.perf_counter() - start:.0f} s")
    unit, user = unit_and_user()
    qs = Compatriot.objects.restrict(user, "view")
    folded = qs.annotate(folded=Lower(Func(F("full_name"), function="unaccent")))  # the same rows

    def ours(q):
        return selectors.name_search(qs, q, limit=20)

    def scan(q):
        found = folded
        for word in fold(q).split():
            found = found.filter(folded__contains=word)
        return list(found[:20])

    print(f"persons: {args.persons:,}  load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    rng = random.Random(3)
    for kind, title in zip(KINDS, ("benchmark's names", "realistic names (NameDrawer)"), strict=True):
        targets, queries = queries_of(kind, args.queries, rng)
        results = [ours(q) for q in queries]
        missed = [(q, t) for q, t, r in zip(queries, targets, results, strict=True) if all(c.full_name != t for c in r)]
        # a name written otherwise only in its diacritics ("Phượng" for "Phương") is the same name to a query without them
        found = sum(any(fold(c.full_name) == fold(t) for c in r) for t, r in zip(targets, results, strict=True))
        timed(ours, queries[:10])  # warm the cache as a running server has it
        cpu: list[float] = []
        mine = timed(ours, queries, cpu)
        sample = queries[: args.scans // 2] + queries[len(queries) // 2 :][: args.scans // 2]
        naive = timed(scan, sample)
        print(f"{title}: e.g. {queries[0]!r}, {queries[-1]!r}")
        print(f"  name_search       p50 {statistics.median(mine):7.1f} ms  p95 {p95(mine):7.1f} ms  "
              f"recall {found}/{len(queries)} (half with a letter wrong; "
              f"{len(queries) - len(missed)} with the very diacritics)")  # fmt: skip
        print(f"  (name_search CPU of this process: p50 {statistics.median(cpu):.1f} ms  p95 {p95(cpu):.1f} ms)")
        for q, t in missed if args.misses else ():
            print(f"  missed: {q!r} for {t!r}")
        print(f"  unaccent() scan   p50 {statistics.median(naive):7.1f} ms  p95 {p95(naive):7.1f} ms  "
              f"({len(sample)} queries; finds no name with a letter wrong)")  # fmt: skip
        print(f"  ratio scan / name_search: p50 {statistics.median(naive) / statistics.median(mine):.0f}x, "
              f"p95 {p95(naive) / p95(mine):.0f}x")  # fmt: skip
        if args.explain:
            with connection.cursor() as cursor:
                for q in (queries[0], queries[-1]):
                    print(f"  -- plans for {q!r}")
                    _explain(cursor, lambda q=q: ours(q))
    _long_query(ours)
    print(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


def _long_query(ours) -> None:
    """A query of nine words: the words' query grows with them, and PostgreSQL compiles a statement
    estimated above ``jit_above_cost`` to machine code first (hundreds of milliseconds)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    words = "nguyen van thi hai ngoc anh minh tuan linh"
    with CaptureQueriesContext(connection) as captured:
        took = timed(ours, [words] * 3)
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit_above_cost")
        above = float(cursor.fetchone()[0])
        cursor.execute(f"EXPLAIN (FORMAT JSON) {captured.captured_queries[0]['sql']}")
        cost = cursor.fetchone()[0][0]["Plan"]["Total Cost"]
    print(f"nine words ({words!r}): name_search p50 {statistics.median(took):.1f} ms; the words' query "
          f"estimated at {cost:,.0f} (JIT above {above:,.0f})")  # fmt: skip


def _explain(cursor, run) -> None:
    """EXPLAIN ANALYZE of every SELECT ``run`` sends."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    for query in captured.captured_queries:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
        print("\n".join(f"     {row[0]}" for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
