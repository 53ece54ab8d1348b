"""Benchmark: import 100,000 compatriots from a CSV and an XLSX file, against django-import-export and save().

Run:  .venv/bin/python bench/diaspora_import.py [--rows 100000] [--compare-rows 100000] [--ours-only] [--files both]
The comparators run on the first ``--compare-rows`` rows of the same file (all by default)
and their rate is compared with ours (``--ours-only`` leaves them out, to iterate on ours);
every run uses an empty table in a fresh database. On PostgreSQL the databases are named after
``AMITY_DB_NAME`` when it is set (``<name>``, ``<name>_xlsx``, ``<name>_ie``, ``<name>_save``; the worst
case's end in ``_new``), so
that two runs on one server do not drop each other's, and the server's CPU seconds for our
import are printed beside the process's when the server runs on this machine (its backend's
``/proc`` counters).

Two files of the same columns, each measured from CSV and XLSX ("--files" picks one):

- realistic names (the comparators run on it): names drawn by ``NameDrawer`` as Vietnamese names
  really repeat (the family, middle and given names of the duplicates bench; one in twenty written
  with the family and given name only), 28,800 distinct names of 138 words in 100,000 rows. A union's
  list repeats a few thousand syllables, so after its first rows the registry knows nearly every
  word. A date of birth is drawn again wherever the import's own rule would call a row the same
  person as an earlier one (folded name, date of birth, country), and the file is asserted clean by
  that rule, so that no row stops at the preview's question;
- the worst case, every row a new word: each name ends in a made-up word of its own
  (``diaspora_common.person``: "… Bacada"), 100,064 new words for 100,000 rows, which no union's list
  brings; on PostgreSQL each new word adds its keys to the vocabulary's index (some eleven entries a
  word), about 3 s of the server's time that a real list does not cost. It was the only file until
  7 December 2026; it is kept, labelled, as the bound.

The same rows are imported from CSV and from XLSX (what unions mostly bring); the workbook's
reading alone is also timed with calamine (what Amity uses) and with openpyxl (read-only mode),
the usual Python reader. The comparators read the CSV (tablib and csv.reader), which is the
cheaper file for them.

What each contender does, so that the ratios are read fairly:

- ours: ``imports.check_and_commit``, as the command line's ``--commit`` runs it (the lines "amity
  from CSV" and "from XLSX"): the check (decoding, column mapping, every cell parsed and validated,
  duplicate detection within the file and against the registry, row-level errors) and the commit
  (bulk inserts in one transaction, one change-log row per record written by the importer), each
  batch of checked rows written while the rest of the file is checked, everything rolled back if
  the check finds any problem. The screens check a file when it is uploaded and commit it after the
  preview (``imports.check`` then ``imports.commit``): the same work, one step after the other,
  measured too ("the screens' way").
- save() loop: the naive way of the same job, doing per row what ours does. The rows are split
  by hand with ``csv.reader`` (no column mapping, no legacy-encoding detection), countries and
  provinces looked up once per value; each row is checked as ours checks it (the consent date
  required, the same person earlier in the file or already in the unit's registry refused, the
  registry's keys read once, as ours reads them), then written through the screens' service
  ``services.compatriot_create``: ``full_clean()`` (every field's validators, the model's
  ``clean``, each foreign key looked up) and ``save()``, all in one transaction inside
  ``change_context``, so the audit signal writes its change-log row per record, as ours writes
  one. The bench asserts that both runs leave exactly one change-log row per record.
- django-import-export: a ``ModelResource`` with the same columns (its own widgets for numbers,
  dates and foreign keys, one province query per row), one transaction; it saves each row with
  ``save()``, so the audit signal writes a change-log row per record here too (asserted).
"""

import argparse
import csv
import io
import os
import random
import time
from collections.abc import Callable

from diaspora_common import NameDrawer, assert_one_change_per_record, person, setup_django, unit_and_user

from amity.core.tabular import parse_date
from amity.core.text import fold

HEADER = [
    "Họ và tên",
    "Giới tính",
    "Năm sinh",
    "Ngày sinh",
    "Quê quán",
    "Nước cư trú",
    "Thành phố",
    "Định cư từ năm",
    "Nghề nghiệp",
    "Điện thoại",
    "Ngày đồng ý",
]


def make_csv(rows: int, *, every_row_a_new_word: bool = False) -> bytes:
    """The file's rows: names as they really repeat (``realistic_people``), or the worst case, every
    name ending in a made-up word of its own (``diaspora_common.person``)."""
    rng = random.Random(5)
    people = (person(rng, i) for i in range(rows)) if every_row_a_new_word else realistic_people(rng, rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for p in people:
        writer.writerow([p["full_name"], p["sex"], p["birth_year"], p["birth_date"], p["home"], p["country"],
                         p["city"], p["since"], p["occupation"], p["phone"], p["consent"]])  # fmt: skip
    return out.getvalue().encode("utf-8")


def realistic_people(rng: random.Random, rows: int) -> list[dict]:
    """``rows`` persons named by ``NameDrawer`` (3–4 words, one in twenty cut to the family and given
    name: 28,800 distinct names of 138 words in 100,000 rows), each with a
    date of birth drawn again while the import's rule would call the row the same person as an earlier
    one (the folded name, the date of birth and the country: ``imports.check``), so that the file is
    clean; asserted below as the rule reads it."""
    drawer = NameDrawer(rng)
    taken: set[tuple] = set()
    people = []
    for i in range(rows):
        p = person(rng, i)
        drawn = drawer.person()
        words = drawn["full_name"].split()
        if rng.random() < 0.05:  # some lists write a family and a given name only ("Lê Hùng")
            words = [words[0], words[-1]]
        p["full_name"], p["sex"] = " ".join(words), drawn["sex"]
        folded = fold(p["full_name"])
        while (folded, p["birth_date"], p["country"]) in taken:
            p["birth_date"] = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{p['birth_year']}"
        taken.add((folded, p["birth_date"], p["country"]))
        people.append(p)
    same = {(fold(p["full_name"]), parse_date(p["birth_date"]), p["country"]) for p in people}
    assert len(same) == rows, (len(same), rows)
    return people


def make_xlsx(content: bytes) -> bytes:
    """The CSV's rows as a workbook, numbers as numbers (as a union's list holds them)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for i, row in enumerate(csv.reader(io.StringIO(content.decode("utf-8")))):
        sheet.append(row if i == 0 else [int(v) if v.isdigit() else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_workbook(xlsx: bytes) -> tuple[float, float]:
    """Seconds to read every row of the workbook with calamine and with openpyxl."""
    import openpyxl

    from amity.core.tabular import read_table

    start = time.perf_counter()
    _header, rows = read_table(xlsx, "bench.xlsx")
    calamine = time.perf_counter() - start
    start = time.perf_counter()
    book = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True, data_only=True)
    peer = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True)) - 1
    book.close()
    assert peer == len(rows), (peer, len(rows))
    return calamine, time.perf_counter() - start


def ours(
    content: bytes, unit, user, filename: str = "bench.csv", *, streamed: bool = True
) -> tuple[float, float, int, float | None]:
    """Wall-clock seconds, CPU seconds of this process (what the machine's load does not change),
    rows created, and the database server's CPU seconds (PostgreSQL on this machine, else None).
    ``streamed``: the command line's way (written while checked); else the screens' (check, then commit)."""
    from amity.diaspora import imports

    server = server_cpu()
    start, cpu, served = time.perf_counter(), time.process_time(), server()
    if streamed:
        result, created = imports.check_and_commit(content, filename, unit=unit, actor=user)
    else:
        result = imports.check(content, filename, unit=unit)
        created = imports.commit(result, unit=unit, actor=user) if result.ok else 0
    assert result.ok, result.errors[:5]
    wall, cpu, ended = time.perf_counter() - start, time.process_time() - cpu, server()
    return wall, cpu, created, ended - served if min(served, ended) >= 0 else None


def server_cpu():
    """A reader of the CPU seconds spent by this connection's PostgreSQL backend (-1 where it
    cannot be read: SQLite, or a server on another machine)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return lambda: -1.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    stat, tick = f"/proc/{pid}/stat", os.sysconf("SC_CLK_TCK")

    def read() -> float:
        try:
            with open(stat) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            return -1.0
        return (int(fields[11]) + int(fields[12])) / tick  # utime + stime

    return read


def save_loop(content: bytes, unit, user, limit: int) -> tuple[float, float, int]:
    """The naive way: parse each row by hand, check it as ours does, then create the record through
    the service (full_clean, save, the audit signal's change-log row) one at a time."""
    from django.db import transaction

    from amity.core.context import change_context
    from amity.core.text import fold
    from amity.diaspora.imports import _Registry, parse_date
    from amity.diaspora.services import compatriot_create

    start, cpu = time.perf_counter(), time.process_time()
    registry = _Registry(unit)
    lookups, existing = registry.lookups, registry.existing
    seen: set[tuple] = set()
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))[1 : limit + 1]
    with change_context(actor=user, source="import"), transaction.atomic():
        for r in rows:
            data = {
                "unit": unit,
                "full_name": r[0].strip(),
                "sex": "male" if r[1] == "Nam" else "female",
                "birth_year": int(r[2]),
                "birth_date": parse_date(r[3]),
                "home_unit_id": lookups.province(r[4]),
                "country_id": lookups.country(r[5]),
                "city": r[6],
                "resident_since": int(r[7]),
                "occupation": r[8],
                "phone": r[9],
                "consent_on": parse_date(r[10]),
            }
            assert data["consent_on"], "the consent date is missing"
            folded = fold(data["full_name"])
            same = (folded, data["birth_date"] or data["birth_year"], data["country_id"])
            assert same not in seen and (folded, data["birth_year"], data["country_id"]) not in existing
            seen.add(same)
            compatriot_create(actor=user, data=data)
    return time.perf_counter() - start, time.process_time() - cpu, len(rows)


def import_export(content: bytes, unit, limit: int) -> tuple[float, int]:
    import tablib
    from import_export import fields, resources, widgets

    from amity.diaspora.models import Compatriot
    from amity.geo.models import AdminUnit, Country

    class CompatriotResource(resources.ModelResource):
        full_name = fields.Field(attribute="full_name", column_name="Họ và tên")
        sex = fields.Field(attribute="sex", column_name="Giới tính")
        birth_year = fields.Field(attribute="birth_year", column_name="Năm sinh", widget=widgets.IntegerWidget())
        birth_date = fields.Field(
            attribute="birth_date", column_name="Ngày sinh", widget=widgets.DateWidget("%d/%m/%Y")
        )
        country = fields.Field(attribute="country", column_name="Nước cư trú",
                               widget=widgets.ForeignKeyWidget(Country, "name_vi"))  # fmt: skip
        city = fields.Field(attribute="city", column_name="Thành phố")
        resident_since = fields.Field(attribute="resident_since", column_name="Định cư từ năm",
                                      widget=widgets.IntegerWidget())  # fmt: skip
        occupation = fields.Field(attribute="occupation", column_name="Nghề nghiệp")
        phone = fields.Field(attribute="phone", column_name="Điện thoại")
        consent_on = fields.Field(attribute="consent_on", column_name="Ngày đồng ý",
                                  widget=widgets.DateWidget("%d/%m/%Y"))  # fmt: skip

        class Meta:
            model = Compatriot
            import_id_fields = []
            fields = ["full_name", "sex", "birth_year", "birth_date", "country", "city",
                      "resident_since", "occupation", "phone", "consent_on"]  # fmt: skip

        def before_save_instance(self, instance, row, **kwargs):
            instance.unit = unit
            instance.sex = "male" if instance.sex == "Nam" else "female"
            # a name held by a former and a current province means the current one
            home = AdminUnit.objects.filter(name=row["Quê quán"], valid_to__isnull=True).first()
            instance.home_unit = home or AdminUnit.objects.filter(name=row["Quê quán"]).first()

    text = content.decode("utf-8")
    lines = text.splitlines()[: limit + 1]
    dataset = tablib.Dataset().load("\n".join(lines), format="csv")
    start = time.perf_counter()
    result = CompatriotResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    return time.perf_counter() - start, result.totals.get("new", 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--compare-rows", type=int, default=None)
    parser.add_argument("--ours-only", action="store_true", help="leave out django-import-export and the save() loop")
    parser.add_argument("--files", choices=["both", "realistic", "new-words"], default="both",
                        help="the realistic file, the worst case (every row a new word) or both")  # fmt: skip
    args = parser.parse_args()
    postgresql = os.environ.get("AMITY_DB_ENGINE", "sqlite") == "postgresql"
    prefix = os.environ.get("AMITY_DB_NAME") if postgresql else None

    def database(contender: str) -> str:
        if prefix:
            return prefix if contender == "ours" else f"{prefix}_{contender}"
        return f"amity-bench-import-{'ours-' if contender == 'xlsx' else ''}{contender}"

    compare = args.compare_rows or args.rows
    content = make_csv(args.rows)
    files = {REALISTIC: ("", content)} if args.files != "new-words" else {}
    if args.files != "realistic":
        files[EVERY_ROW_A_NEW_WORD] = ("_new", make_csv(args.rows, every_row_a_new_word=True))
    rates = {label: import_file(label, file, database, suffix) for label, (suffix, file) in files.items()}
    if args.ours_only or REALISTIC not in rates:
        return
    ours_rate, xlsx_rate, csv_per_cpu, xlsx_per_cpu = rates[REALISTIC]
    print(f"the comparators, on the file of {REALISTIC}:")

    setup_django(database("ie"))
    unit, user = unit_and_user()
    t, n = import_export(content, unit, compare)
    assert_one_change_per_record("compatriot", n)
    ie_rate = n / t
    print(f"django-import-export: {n:>7,} rows in {t:7.2f} s = {ie_rate:>9,.0f} rows/s")

    setup_django(database("save"))
    unit, user = unit_and_user()
    t, loop_cpu, n = save_loop(content, unit, user, compare)
    assert_one_change_per_record("compatriot", n)
    save_rate = n / t
    print(f"save() loop         : {n:>7,} rows in {t:7.2f} s = {save_rate:>9,.0f} rows/s, CPU {loop_cpu:.2f} s")
    print(f"ratio vs django-import-export: CSV {ours_rate / ie_rate:.1f}x, XLSX {xlsx_rate / ie_rate:.1f}x")
    print(f"ratio vs save() loop         : CSV {ours_rate / save_rate:.1f}x, XLSX {xlsx_rate / save_rate:.1f}x")
    # rows a CPU second of this process, which the neighbours' load moves less than the wall clock
    # (on PostgreSQL the server's work is not in it)
    loop_per_cpu = n / loop_cpu
    print(f"rows a CPU second: CSV {csv_per_cpu:,.0f}, XLSX {xlsx_per_cpu:,.0f}, save() loop {loop_per_cpu:,.0f}: "
          f"{csv_per_cpu / loop_per_cpu:.1f}x / {xlsx_per_cpu / loop_per_cpu:.1f}x")  # fmt: skip


REALISTIC = "realistic names"
EVERY_ROW_A_NEW_WORD = "the worst case, every row a new word"


def import_file(
    label: str, content: bytes, database: Callable[[str], str], suffix: str
) -> tuple[float, float, float, float]:
    """Ours on one file, from CSV and XLSX, written while checked and the screens' way, each in a fresh
    database (``database`` of the contender and ``suffix``): rows a second (wall) and rows a CPU second
    of this process, from CSV and from XLSX, written while checked."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))[1:]
    names = {fold(row[0]) for row in rows}
    words = {word for name in names for word in name.split()}
    print(f"file, {label}: {len(rows):,} rows, {len(names):,} distinct names of {len(words):,} words, "
          f"{len(content) / 1e6:.1f} MB CSV")  # fmt: skip
    setup_django(database("ours" + suffix))
    unit, user = unit_and_user()
    t, cpu, n, served = ours(content, unit, user)
    assert_one_change_per_record("compatriot", n)
    csv_rate, csv_per_cpu = n / t, n / cpu
    print(f"amity from CSV      : {n:>7,} rows in {t:7.2f} s = {csv_rate:>9,.0f} rows/s (validation + audit rows), "
          f"CPU {cpu:.2f} s{server_seconds(served)}")  # fmt: skip

    xlsx = make_xlsx(content)
    calamine, openpyxl = read_workbook(xlsx)
    print(f"reading the {len(xlsx) / 1e6:.1f} MB XLSX: calamine {calamine:.2f} s, openpyxl {openpyxl:.2f} s "
          f"({openpyxl / calamine:.1f}x)")  # fmt: skip
    setup_django(database("xlsx" + suffix))
    unit, user = unit_and_user()
    t, cpu, n, served = ours(xlsx, unit, user, "bench.xlsx")
    assert_one_change_per_record("compatriot", n)
    xlsx_rate, xlsx_per_cpu = n / t, n / cpu
    print(f"amity from XLSX     : {n:>7,} rows in {t:7.2f} s = {xlsx_rate:>9,.0f} rows/s, CPU {cpu:.2f} s"
          f"{server_seconds(served)}")  # fmt: skip
    for kind, file, name in (("CSV", content, "bench.csv"), ("XLSX", xlsx, "bench.xlsx")):
        setup_django(database(f"screen_{kind.lower()}" + suffix))
        unit, user = unit_and_user()
        t, cpu, n, served = ours(file, unit, user, name, streamed=False)
        assert_one_change_per_record("compatriot", n)
        print(f"amity from {kind + ',':<5} the screens' way (check, then commit): {n:>7,} rows in {t:7.2f} s = "
              f"{n / t:>9,.0f} rows/s, CPU {cpu:.2f} s{server_seconds(served)}")  # fmt: skip
    return csv_rate, xlsx_rate, csv_per_cpu, xlsx_per_cpu


def server_seconds(served: float | None) -> str:
    return "" if served is None else f", server CPU {served:.2f} s"


if __name__ == "__main__":
    main()
