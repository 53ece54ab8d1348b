"""Load the demo data drawn from the five seed articles; safe to run again (idempotent)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from amity.core.context import Source, change_context
from amity.core.demo import DemoContext
from amity.core.discovery import app_modules
from amity.units.demo import DEMO_USERS


class Command(BaseCommand):
    help = "Load demo units, users and records from the seed articles (each app's demo.py), idempotently."

    def add_arguments(self, parser):
        parser.add_argument("--list-users", action="store_true", help="Only print the demo logins.")

    def handle(self, *args, list_users: bool = False, **options):
        if list_users:
            for username, unit_key, role in DEMO_USERS:
                self.stdout.write(f"  {username:<20} {role:<8} {unit_key}")
            return
        loaders = sorted((getattr(m, "ORDER", 100), label, m) for label, m in app_modules("demo"))
        ctx = DemoContext()
        with transaction.atomic(), change_context(source=Source.COMMAND, message="demo data"):
            for _order, label, module in loaders:
                module.load(ctx)
                if ctx.actor is None:
                    ctx.actor = get_user_model().objects.filter(username="admin").first()
                self.stdout.write(f"  {label}: loaded")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
