"""Load or refresh countries, regions and provinces (and with --communes, districts and communes)."""

from django.core.management.base import BaseCommand

from amity.core.context import Source, change_context
from amity.geo import services


class Command(BaseCommand):
    help = "Load countries (ISO 3166, CLDR names, M49) and Vietnamese administrative units; safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument(
            "--communes", action="store_true", help="Also load districts and communes/wards (about 14,000 rows)."
        )

    def handle(self, *args, communes: bool = False, **options):
        with change_context(source=Source.COMMAND):
            countries = services.countries_sync()
            provinces = services.provinces_sync()
            self.stdout.write(f"Countries: {countries}; provinces: {provinces}")
            if communes:
                result = services.communes_sync(progress=options["verbosity"] > 0)
                self.stdout.write(f"Districts and communes: {result}")
