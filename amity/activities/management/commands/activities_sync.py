from django.core.management.base import BaseCommand

from amity.activities import services
from amity.core.context import Source, change_context


class Command(BaseCommand):
    help = "Load the diplomatic-relations dates and the national-day table (rows already present are kept)."

    def handle(self, *args, **options):
        with change_context(source=Source.IMPORT, message="activities reference data"):
            relations = services.relations_load()
            days = services.national_days_load()
        self.stdout.write(f"Added {relations} diplomatic relations and {days} national days.")
