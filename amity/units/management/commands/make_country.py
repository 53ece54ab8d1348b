"""Fill an empty database with a synthetic country for benchmarks and the national smoke test."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from amity.core.context import Source, change_context
from amity.core.country import CountryContext
from amity.core.discovery import app_modules
from amity.units.models import Unit


class Command(BaseCommand):
    help = (
        "Make a synthetic country in an empty database: 34 provinces and the former ones with their unions, "
        "associations and branches, and at scale 1 a million compatriots, 100,000 partners and people, 200,000 "
        "activities, 50,000 aid items with 500,000 transactions, awards, plans and reports over twenty years "
        "(each app's country.py). The same seed and scale give the same records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=0.01, help="Scale factor (1 = national volumes).")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args, scale: float, seed: int, batch_size: int, no_progress: bool, **options):
        if scale <= 0:
            raise CommandError("The scale must be above 0.")
        if Unit.all_objects.exists():
            raise CommandError("The database already holds units: make_country fills an empty database.")
        began = time.perf_counter()
        call_command("reference_load", verbosity=0)
        ctx = CountryContext(scale=scale, seed=seed, batch_size=batch_size, progress=not no_progress)
        fillers = sorted((getattr(m, "ORDER", 100), label, m) for label, m in app_modules("country"))
        with translation.override("vi"), change_context(source=Source.COMMAND, message="synthetic country"):
            for _order, label, module in fillers:
                with transaction.atomic():
                    module.fill(ctx)
                self.stdout.write(f"  {label}: filled ({time.perf_counter() - began:.0f} s)")
        self.stdout.write(
            self.style.SUCCESS(f"Synthetic country at scale {scale:g} in {time.perf_counter() - began:.0f} s.")
        )
