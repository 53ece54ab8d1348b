"""Load every list a fresh installation needs, without the demo; safe to run again."""

from django.core.management.base import BaseCommand

from amity.core.context import Source, change_context
from amity.core.discovery import app_modules


class Command(BaseCommand):
    help = (
        "Load the reference data of a real installation: countries and provinces if missing, diplomatic-relation "
        "dates and national days, award types, aid workflows, beneficiary groups, the IATI sector list, the metric "
        "catalogue and the national default terms. Rows already present (or edited) are kept."
    )

    def handle(self, *args, **options):
        added = []
        with change_context(source=Source.COMMAND, message="reference data"):
            for _label, module in app_modules("reference"):  # each app's reference.load(), in INSTALLED_APPS order
                added += module.load()
        self.stdout.write(f"Added {', '.join(added)}.")
