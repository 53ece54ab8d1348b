"""Benchmark: the compatriots' and contributions' figures read from the roll-up (``diaspora.tallies``)
beside the same figures computed live from the records, in the same run, on the synthetic country.

    AMITY_DB_ENGINE=postgresql AMITY_DB_HOST=/work/pg AMITY_DB_USER=postgres AMITY_DB_NAME=amity_national1 \\
        .venv/bin/python bench/diaspora_rollup.py [--repeat 3] [--refresh]

For the central union and one province, ``diaspora_figures`` as the dashboard widget, the statistics
page, an annual report and a term report call it: p50 wall ms, median CPU ms of this process, and
the SQL's share (Django's own timing), read with every unit's roll-up fresh, then with every unit
marked stale inside a transaction rolled back afterwards (the live computation, the same function).
``--refresh`` also times the roll-up's rebuild for the whole country and for the province (it
rewrites the roll-up; nothing else changes).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--refresh", action="store_true", help="time the roll-up's rebuild too")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amity.settings.base")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from amity.diaspora.models import Compatriot, TallyState
    from amity.diaspora.selectors import diaspora_figures
    from amity.diaspora.tallies import tallies_refresh
    from amity.units.models import Unit

    year = date.today().year
    calls = {
        "widget": {"group_by": ("group", "region")},
        "statistics page": {},
        f"annual report {year - 1}": {"since": date(year - 1, 1, 1), "until": date(year - 1, 12, 31)},
        f"term report {year - 5}-{year - 1}": {"since": date(year - 5, 1, 1), "until": date(year - 1, 12, 31)},
    }

    def timed(action) -> tuple[float, float, float, int]:
        action()  # warm-up
        wall, cpu, sql = [], [], []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                began, began_cpu = time.perf_counter(), time.process_time()
                action()
                wall.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
            sql.append(sum(float(q["time"]) for q in queries.captured_queries))
        return statistics.median(wall), statistics.median(cpu), statistics.median(sql), len(queries)

    def live(action):
        def run():
            try:
                with transaction.atomic():
                    TallyState.objects.update(fresh=False)
                    action()
                    raise Rollback
            except Rollback:
                pass

        return run

    stale = TallyState.objects.filter(fresh=False).count()
    print(
        f"Database {settings.DATABASES['default']['NAME']}: {Compatriot.objects.count():,} compatriots; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; {stale} units stale"
    )
    print(f"{'':44} {'roll-up: p50 / CPU / SQL ms':>29} {'live: p50 / CPU / SQL ms':>26} {'ratio':>6}")
    settings.DEBUG = True  # Django times the queries
    for username, unit_name in (("central-admin", None), ("hai-phong-editor", "hai")):
        user = get_user_model().objects.get(username=username)
        unit = Unit.objects.get(memberships__user=user) if unit_name else None
        for label, kwargs in calls.items():

            def read(user=user, unit=unit, kwargs=kwargs):
                with translation.override("vi"):
                    return diaspora_figures(user=user, unit=unit, **kwargs)

            kept = timed(read)
            computed = timed(live(read))
            print(
                f"{username:17} {label:26} {kept[0] * 1000:9.0f} {kept[1] * 1000:7.0f} {kept[2] * 1000:7.0f}"
                f"    {computed[0] * 1000:9.0f} {computed[1] * 1000:7.0f} {computed[2] * 1000:7.0f}"
                f" {computed[0] / kept[0]:6.1f}x"
            )
    if args.refresh:
        province = Unit.objects.get(memberships__user__username="hai-phong-editor")
        subtree = list(Unit.all_objects.filter(path__startswith=province.path).values_list("pk", flat=True))
        for label, ids in (("the whole country", None), (f"{province.short_name or province.name}", subtree)):
            began, began_cpu = time.perf_counter(), time.process_time()
            done = tallies_refresh(unit_ids=ids)
            print(
                f"roll-up refreshed for {label} ({len(done)} units): {(time.perf_counter() - began) * 1000:.0f} ms, "
                f"{(time.process_time() - began_cpu) * 1000:.0f} ms of CPU"
            )
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
