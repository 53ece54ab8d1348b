"""The rate table moved from the aid app to the foundation without losing anything: a rate made
before the move is there after it, under the same content type, so its change-log rows still show
on its history page and its permissions still hold."""

import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import TransactionTestCase
from django.urls import reverse

from amity.core.models import ExchangeRate

BEFORE = [("aid", "0007_lookup_names"), ("core", "0002_storedfile")]
AFTER = [("aid", "0008_exchangerate_to_core"), ("core", "0003_exchangerate")]


class ExchangeRateMoveTests(TransactionTestCase):
    def tearDown(self):
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # whatever a failure left half-way
        ContentType.objects.clear_cache()

    def test_a_rate_made_before_the_move_keeps_its_rows_history_and_permissions(self):
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        # the models as the database now holds them (migrations that need the moved table, such as
        # diaspora's roll-up of converted sums, were unapplied with it)
        applied = list(MigrationRecorder(connection).applied_migrations())
        old = MigrationExecutor(connection).loader.project_state(applied).apps
        rate = old.get_model("aid", "ExchangeRate").objects.create(
            currency="EUR", target="VND", rate=Decimal("27500.5"), year=2024, source="SBV"
        )
        old_type, _ = old.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="aid", model="exchangerate"
        )
        permission = old.get_model("auth", "Permission").objects.get_or_create(
            content_type=old_type, codename="change_exchangerate", defaults={"name": "Can change exchange rate"}
        )[0]
        old.get_model("audit", "ObjectChange").objects.create(
            request_id=uuid.uuid4(),
            source="web",
            action="create",
            content_type=old_type,
            object_id=str(rate.pk),
            object_repr="1 EUR = 27500.5 VND (2024)",
            after={"currency": "EUR", "rate": "27500.5"},
        )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        ContentType.objects.clear_cache()

        moved = ExchangeRate.objects.get(pk=rate.pk)
        self.assertEqual(
            (moved.currency, moved.target, moved.rate, moved.year), ("EUR", "VND", Decimal("27500.5"), 2024)
        )
        self.assertEqual(ContentType.objects.get_for_model(ExchangeRate).pk, old_type.pk)
        self.assertFalse(ContentType.objects.filter(app_label="aid", model="exchangerate").exists())
        self.assertEqual(ContentType.objects.get(pk=permission.content_type_id).app_label, "core")

        # a superuser: a transactional test before this one may have emptied the geography a unit needs
        self.client.force_login(get_user_model().objects.create_superuser("central", password="pw-central"))
        history = self.client.get(reverse("core:exchangerate_changelog", args=[rate.pk]))
        self.assertEqual(history.status_code, 200)
        self.assertContains(history, "1 EUR = 27500.5 VND (2024)")
        self.assertContains(history, "27500.5")
