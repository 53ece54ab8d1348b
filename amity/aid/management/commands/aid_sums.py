"""Rebuild the roll-up of the aid items' converted sums (``aid.sums``)."""

import time

from django.core.management.base import BaseCommand

from amity.aid.sums import aid_sums_refresh, aid_sums_refresh_stale
from amity.units.models import Unit


class Command(BaseCommand):
    help = "Rebuild the aid items' converted sums (every unit's, or the stale ones', or one unit's subtree)."

    def add_arguments(self, parser):
        parser.add_argument("--stale", action="store_true", help="Only the units marked stale.")
        parser.add_argument("--unit", type=int, help="Only this unit and the units below it (its id).")

    def handle(self, *args, stale=False, unit=None, **options):
        started, cpu = time.perf_counter(), time.process_time()
        if unit is not None:
            root = Unit.objects.get(pk=unit)
            ids = aid_sums_refresh(
                unit_ids=Unit.all_objects.filter(path__startswith=root.path).values_list("pk", flat=True)
            )
        else:
            ids = aid_sums_refresh_stale() if stale else aid_sums_refresh()
        self.stdout.write(
            f"{len(ids)} units refreshed in {1000 * (time.perf_counter() - started):.0f} ms "
            f"({1000 * (time.process_time() - cpu):.0f} ms of CPU)"
        )
