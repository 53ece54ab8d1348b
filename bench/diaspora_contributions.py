"""Benchmark: import contributions (cash and in kind) naming compatriots by name and date of birth,
against a save() loop.

Run:  .venv/bin/python bench/diaspora_contributions.py [--rows 20000] [--people 5000]

Both contenders start from the same registry of ``--people`` compatriots (imported first, not
timed) in a fresh database and write the same CSV rows:

- ours: ``contribution_import_commit``, which checks the file again as the commit always does
  (column mapping, every cell parsed, each donor found by name and date of birth, the service's
  rules through ``services.contribution_check`` with ``full_clean()``, duplicates within the file
  and against what is recorded) and then writes new rows with bulk inserts and one change-log row
  per record.
- save() loop: the naive way. Rows split by hand with ``csv.reader`` (no mapping, no checks
  beyond a dictionary look-up of the donor, no ``full_clean()``), each contribution saved with
  ``save()`` inside ``change_context``, so the audit signal writes its change-log row per record.

The bench asserts that both leave exactly one change-log row per contribution.
"""

import argparse
import csv
import io
import random
import time

from diaspora_common import assert_one_change_per_record, setup_django, unit_and_user
from diaspora_import import make_csv

HEADER = ["Họ và tên", "Ngày sinh", "Ngày đóng góp", "Số tiền", "Loại tiền", "Hiện vật", "Số lượng", "Đơn vị tính"]


def registry(people: int):
    """A fresh database with ``people`` compatriots (imported, not timed); their names and birth dates."""
    from amity.diaspora import imports

    unit, user = unit_and_user()
    content = make_csv(people)
    result = imports.check(content, "people.csv", unit=unit)
    assert result.ok, result.errors[:5]
    imports.commit(result, unit=unit, actor=user)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))[1:]
    return unit, user, [(r[0], r[3]) for r in rows]


def make_contributions(people: list[tuple[str, str]], rows: int) -> bytes:
    rng = random.Random(11)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(rows):
        name, born = people[i % len(people)]
        day = f"{1 + i % 28:02d}/{1 + (i // 28) % 12:02d}/{2010 + (i // 336) % 16}"
        if i % 2:
            writer.writerow([name, born, day, f"{rng.randint(1, 900) * 100_000:,}".replace(",", "."), "VND"])
        else:
            writer.writerow([name, born, day, rng.randint(5, 500) * 10, "EUR", "Gạo", rng.randint(1, 20), "tấn"])
    return out.getvalue().encode("utf-8")


def ours(content: bytes, unit, user) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds of this process and rows created."""
    from amity.diaspora.contribution_imports import contribution_import_commit

    start, cpu = time.perf_counter(), time.process_time()
    result = contribution_import_commit(actor=user, unit=unit, content=content, filename="bench.csv")
    return time.perf_counter() - start, time.process_time() - cpu, result.created


def save_loop(content: bytes, unit, user) -> tuple[float, float, int]:
    from django.db import transaction

    from amity.core.context import change_context
    from amity.core.tabular import parse_date, parse_number
    from amity.diaspora.models import Compatriot, Contribution

    start, cpu = time.perf_counter(), time.process_time()
    people = {(p.full_name, p.birth_date): p.pk for p in Compatriot.objects.filter(unit=unit)}
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))[1:]
    with change_context(actor=user, source="import"), transaction.atomic():
        for r in rows:
            goods = len(r) > 5 and r[5]
            Contribution(
                unit=unit,
                compatriot_id=people[(r[0], parse_date(r[1]))],
                received_on=parse_date(r[2]),
                amount=parse_number(r[3]),
                currency=r[4],
                kind="in_kind" if goods else "cash",
                item=r[5] if goods else "",
                quantity=parse_number(r[6]) if goods else None,
                quantity_unit=r[7] if goods else "",
            ).save()
    return time.perf_counter() - start, time.process_time() - cpu, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=5_000)
    args = parser.parse_args()

    setup_django("amity-bench-contributions-ours")
    unit, user, people = registry(args.people)
    content = make_contributions(people, args.rows)
    print(f"file: {args.rows:,} contributions naming {args.people:,} compatriots, {len(content) / 1e6:.1f} MB CSV")
    t, cpu, n = ours(content, unit, user)
    assert_one_change_per_record("contribution", n)
    ours_rate = n / t
    print(f"amity import : {n:>7,} rows in {t:7.2f} s = {ours_rate:>9,.0f} rows/s (check + write + audit rows), "
          f"CPU {cpu:.2f} s = {n / cpu:,.0f} rows a CPU second")  # fmt: skip

    setup_django("amity-bench-contributions-save")
    unit, user, _people = registry(args.people)
    t, save_cpu, n = save_loop(content, unit, user)
    assert_one_change_per_record("contribution", n)
    save_rate = n / t
    print(f"save() loop  : {n:>7,} rows in {t:7.2f} s = {save_rate:>9,.0f} rows/s, "
          f"CPU {save_cpu:.2f} s = {n / save_cpu:,.0f} rows a CPU second")  # fmt: skip
    print(f"ratio vs save() loop: {ours_rate / save_rate:.1f}x wall, {save_cpu / cpu:.1f}x CPU")


if __name__ == "__main__":
    main()
