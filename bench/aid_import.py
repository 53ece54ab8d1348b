"""Benchmark: preview and commit an Excel file of 5,000 aid items, then re-import it (idempotent),
against the naive way: a save() loop through the screens' services (one full_clean and save per
item, donor link and transaction, each audited by the signal).

Run:  .venv/bin/python bench/aid_import.py [--rows 5000] [--naive-rows 500] [--repeat 6]
Uses a throw-away SQLite file in /tmp (or, with AMITY_DB_ENGINE=postgresql, the database
AMITY_DB_NAME made anew); ``--naive-rows`` bounds the slow save() loop (its rate is per row). Prints rows
per second for the preview, the first commit (which writes the rows the preview checked, nothing
having changed since, inserting new items in batches with their change-log rows), the no-change
re-import (the file checked again), the same commit with the file checked again, and the same through the
background tasks of an import job (``amity.aid.tasks``, run in-process), which the web page starts and
polls. The headline is the end to end rate, the whole path a user waits for: preview then commit, and
the job's check task then its commit task (goal: 5,000 rows/s wall for 5,000 rows); ``--repeat N``
then previews and commits the file N times more into new unions, printing the fastest and median runs. Half the rows are
approved by an administrator, so the workflow's rules run (route, decision data, events, certificate
warnings). CPU seconds of this process are printed beside wall seconds: on a shared machine the wall
clock also measures the neighbours. Figures in bench/HISTORY.md.
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amity.settings.base")
    if os.environ.get("AMITY_DB_ENGINE", "sqlite") == "sqlite":
        path = Path("/tmp/bench-aid-import.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["AMITY_DB_NAME"] = str(path)
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        from diaspora_common import _recreate_postgres

        os.environ.setdefault("AMITY_DB_NAME", "amity_bench_aid_import")
        _recreate_postgres(os.environ["AMITY_DB_NAME"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def workbook(rows: int, donors: list[str]) -> bytes:
    import openpyxl

    from amity.aid.imports import COLUMNS

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(COLUMNS)
    sectors = ["12220", "11220", "16010", "15170", "13040"]
    groups = ["women", "children", "hiv", "agent-orange", "disabilities"]
    currencies = ["USD", "EUR", "VND"]
    for i in range(rows):
        year = 2018 + i % 6
        values = {
            "reference": f"B-{i:05d}",
            "kind": "project" if i % 3 else "non_project",
            "status": "approved" if i % 2 else "",
            "title_vi": f"Dự án thử nghiệm số {i}",
            "donors": donors[i % len(donors)],
            "sectors": f"{sectors[i % 5]}; {sectors[(i + 2) % 5]}",
            "locations": "Hải Phòng",
            "beneficiary_groups": groups[i % 5],
            "start_date": f"01/03/{year}",
            "end_date": f"31/12/{year + 1}",
            "decision_number": f"{i}/QĐ-UBND",
            "decision_date": f"15/02/{year}",
            "approving_body": "UBND TP Hải Phòng",
            "committed_amount": 10000 + i,
            "committed_currency": currencies[i % 3],
            "disbursed_amount": 5000 + i,
            "disbursed_currency": currencies[i % 3],
            "disbursed_date": f"01/06/{year}",
        }
        sheet.append([values.get(c) for c in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class Clock:
    """Wall and CPU seconds since the last lap: the process's CPU (both of the commit's threads) and
    the main thread's, which with the writer thread overlapping it is what the wall clock follows
    on an idle machine."""

    def __init__(self):
        self.laps: list[tuple[str, float, float, float]] = []
        self.wall, self.cpu, self.main = time.perf_counter(), time.process_time(), time.thread_time()

    def lap(self, name: str) -> float:
        wall, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
        self.laps.append((name, wall - self.wall, cpu - self.cpu, main - self.main))
        self.wall, self.cpu, self.main = wall, cpu, main
        return self.laps[-1][1]


def save_loop(*, rows, unit, actor) -> None:
    """Each checked row written as the screens write it: the item, its donor links and transactions
    one service call (full_clean, save, audit signal) at a time, in one transaction."""
    from django.db import transaction

    from amity.aid.imports import ITEM_FIELDS, M2M_FIELDS
    from amity.aid.models import AidDonor
    from amity.aid.services import aid_item_create, aid_transaction_create
    from amity.core.context import Source, change_context
    from amity.core.services import model_create

    with change_context(actor=actor, source=Source.IMPORT), transaction.atomic():
        for row in rows:
            values = row.values
            data = {"unit": unit, "reference": values["reference"], **{k: values[k] for k in ITEM_FIELDS}}
            item = aid_item_create(actor=actor, data=data | {name: values[name] for name in M2M_FIELDS})
            for org in values["donors"]:
                model_create(model=AidDonor, actor=actor, data={"item": item, "organisation": org})
            for prefix, kind in (("committed", "commitment"), ("disbursed", "disbursement")):
                amount, currency, day = values[prefix]
                if amount is not None:
                    aid_transaction_create(
                        actor=actor,
                        data={"item": item, "kind": kind, "amount": amount, "currency": currency, "date": day},
                    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument(
        "--naive-rows", type=int, default=None, help="rows the save() loop writes (default: all; its rate is per row)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=0,
        help="then preview and commit the file this many times more, each into a new union: the fastest and the median",
    )
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model

    from amity.aid.imports import aid_import_commit, aid_import_preview
    from amity.aid.services import sectors_load
    from amity.geo.services import countries_sync, current_province_by_name, provinces_sync
    from amity.registry.models import Organisation
    from amity.units.models import Membership, Unit

    countries_sync()
    provinces_sync()
    sectors_load()
    unit = Unit.objects.create(name="Bench union", kind="provincial", province=current_province_by_name("Hải Phòng"))
    user = get_user_model().objects.create_user("bench-aid")
    Membership.objects.create(user=user, unit=unit, role="admin")
    donors = [f"Bench donor {n}" for n in range(20)]
    for name in donors:
        Organisation.objects.create(unit=unit, kind="foreign_ngo", name=name)
    content = workbook(args.rows, donors)

    clock = Clock()
    preview = aid_import_preview(user=user, unit=unit, content=content, filename="bench.xlsx")
    clock.lap("preview")
    assert preview.ok, preview.errors[:5] or preview.file_errors
    first = aid_import_commit(actor=user, unit=unit, content=content, filename="bench.xlsx", checked=preview)
    clock.lap("commit (new)")
    again = aid_import_commit(actor=user, unit=unit, content=content, filename="bench.xlsx")
    clock.lap("re-import")
    assert (first.created, again.unchanged, again.created) == (args.rows, args.rows, 0)

    # the web path: a job checked then committed by the background tasks (run here in-process),
    # into a second unit so that every row is new again; progress is written to the job as it goes
    from amity.aid import tasks
    from amity.aid.models import AidImportJob
    from amity.core.jobs import import_job_create

    other = Unit.objects.create(name="Bench union 2", kind="provincial", province=unit.province)
    Membership.objects.create(user=user, unit=other, role="admin")
    job = import_job_create(model=AidImportJob, actor=user, unit=other, filename="bench.xlsx", content=content)
    clock.lap("")
    assert tasks.check_aid_import.call(job.pk) == AidImportJob.Status.CHECKED
    clock.lap("job check task")
    AidImportJob.objects.filter(pk=job.pk).update(status=AidImportJob.Status.QUEUED)
    assert tasks.commit_aid_import.call(job.pk) == AidImportJob.Status.DONE
    clock.lap("job commit task")
    assert AidImportJob.objects.get(pk=job.pk).created_count == args.rows
    # the commit as it was before it kept the preview's checked rows: the file read and checked again
    again_unit = Unit.objects.create(name="Bench union 4", kind="provincial", province=unit.province)
    Membership.objects.create(user=user, unit=again_unit, role="admin")
    clock.lap("")
    aid_import_commit(actor=user, unit=again_unit, content=content, filename="bench.xlsx")
    clock.lap("commit (checked again)")
    # the naive way: the same checked rows written one record at a time through the services
    naive_unit = Unit.objects.create(name="Bench union 3", kind="provincial", province=unit.province)
    Membership.objects.create(user=user, unit=naive_unit, role="admin")
    clock.lap("")
    naive_rows = preview.rows[: args.naive_rows]
    save_loop(rows=naive_rows, unit=naive_unit, actor=user)
    clock.lap("save() loop (services)")
    n = args.rows
    print(f"rows: {n}  database: {os.environ.get('AMITY_DB_ENGINE', 'sqlite')}  load average: {os.getloadavg()}")
    rates = {}
    for name, wall, cpu, _main in clock.laps:
        if name:
            count = len(naive_rows) if name.startswith("save()") else n
            rates[name] = (count / wall, count / cpu)
            print(
                f"{name:24s} {count:6d} rows  wall {wall:6.1f} s {count / wall:7.0f} rows/s"
                f"   cpu {cpu:6.1f} s {count / cpu:7.0f} rows/s"
            )
    ours, naive = rates["commit (new)"], rates["save() loop (services)"]
    print(f"commit vs save() loop: {ours[0] / naive[0]:.1f}x faster (wall), {ours[1] / naive[1]:.1f}x (cpu)")
    laps = {name: (wall, cpu, main) for name, wall, cpu, main in clock.laps if name}
    for path, steps in (
        ("preview + commit", ("preview", "commit (new)")),
        ("job check + commit tasks", ("job check task", "job commit task")),
    ):
        wall, cpu, main = (sum(laps[step][i] for step in steps) for i in (0, 1, 2))
        print(
            f"END TO END, {path}: {n / wall:,.0f} rows/s wall ({wall:.2f} s), {n / cpu:,.0f} rows/s cpu ({cpu:.2f} s)"
            f", main thread cpu {main:.2f} s; goal 5,000 rows/s wall; load average {os.getloadavg()[0]:.1f}"
        )
    print("re-import writes nothing")
    if args.repeat:
        repeated(content=content, user=user, province=unit.province, times=args.repeat)


def repeated(*, content: bytes, user, province, times: int) -> None:
    """Preview then commit ``content`` ``times`` times, each into a new union: on a shared machine the
    fastest run is the one least slowed by the neighbours."""
    from amity.aid.imports import aid_import_commit, aid_import_preview
    from amity.units.models import Membership, Unit

    runs = []
    for n in range(times):
        unit = Unit.objects.create(name=f"Bench union repeat {n}", kind="provincial", province=province)
        Membership.objects.create(user=user, unit=unit, role="admin")
        clock = Clock()
        preview = aid_import_preview(user=user, unit=unit, content=content, filename="bench.xlsx")
        clock.lap("preview")
        aid_import_commit(actor=user, unit=unit, content=content, filename="bench.xlsx", checked=preview)
        clock.lap("commit")
        runs.append({name: (wall, cpu, main) for name, wall, cpu, main in clock.laps})
    rows = len(preview.rows)
    for name in ("preview", "commit", "preview + commit"):
        steps = ("preview", "commit") if name == "preview + commit" else (name,)
        walls = sorted(sum(run[step][0] for step in steps) for run in runs)
        cpus = sorted(sum(run[step][1] for step in steps) for run in runs)
        mains = sorted(sum(run[step][2] for step in steps) for run in runs)
        print(
            f"{name:18s} x{times}: wall fastest {walls[0]:.2f} s ({rows / walls[0]:,.0f} rows/s), median "
            f"{walls[len(walls) // 2]:.2f} s; cpu fastest {cpus[0]:.2f} s ({rows / cpus[0]:,.0f} rows/s), median "
            f"{cpus[len(cpus) // 2]:.2f} s; main thread cpu fastest {mains[0]:.2f} s, median {mains[len(mains) // 2]:.2f} s"
        )
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
