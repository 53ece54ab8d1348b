"""Queries compiled once (``core.compiled``): the same rows as the queryset they were compiled from,
for any values, and no query run with an example value left in it."""

from datetime import UTC, datetime, timedelta

import psycopg
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from psycopg.pq import Format

from amity.accounts.authentication import valid_token
from amity.accounts.models import ApiToken
from amity.accounts.services import api_token_create
from amity.core import access
from amity.core.compiled import Compiled, prepared_cursor
from amity.core.roles import Role
from amity.core.services import model_delete
from amity.units.models import Membership, Unit
from amity.units.testing import make_unit_tree, make_user


class CompiledTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.central = make_user("central-admin", unit=cls.u["vufo"], role=Role.ADMIN)
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        Membership.objects.create(user=cls.editor, unit=cls.u["bac_ninh"], role=Role.VIEWER)
        Membership.objects.create(user=cls.editor, unit=cls.u["bac_giang"], role=Role.EDITOR)

    def test_the_rows_are_the_querysets_for_every_value(self):
        children = Compiled(lambda parent: Unit.objects.filter(parent_id=parent).values_list("pk", "name"), parent=-1)
        for unit in self.u.values():
            expected = list(Unit.objects.filter(parent_id=unit.pk).values_list("pk", "name"))
            self.assertEqual(children.rows("default", parent=unit.pk), expected)
        self.assertTrue(children.rows("default", parent=self.u["vufo"].pk))
        self.assertEqual(children.rows("default", parent=0), [])

    def test_an_example_found_twice_or_never_is_refused_before_any_query_runs(self):
        twice = Compiled(
            lambda name: Unit.objects.filter(name=name).exclude(short_name=name).values_list("pk"), name="x"
        )
        never = Compiled(lambda name: Unit.objects.values_list("pk"), name="x")
        # sent as the pattern "x%", not as the value it was given: its place cannot be told
        changed = Compiled(lambda path: Unit.objects.filter(path__startswith=path).values_list("pk"), path="x")
        for compiled in (twice, never, changed):
            if connection.vendor == "postgresql":  # elsewhere the queryset itself runs
                with self.assertRaises(ValueError):
                    compiled.rows("default", **compiled.examples)
        with self.assertRaises(TypeError):  # every value is given: never an example in a query
            Compiled(lambda name: Unit.objects.filter(name=name), name="x").rows("default")

    def test_memberships_are_those_of_live_memberships_in_live_units(self):
        hai_phong, bac_ninh = self.u["hai_phong"], self.u["bac_ninh"]
        model_delete(actor=self.central, instance=Membership.objects.get(user=self.editor, unit=self.u["bac_giang"]))
        access.forget_unit_cache(self.editor)
        self.assertEqual(
            set(access._memberships(self.editor)),
            {(hai_phong.pk, hai_phong.path, Role.EDITOR), (bac_ninh.pk, bac_ninh.path, Role.VIEWER)},
        )
        Unit.objects.filter(pk=bac_ninh.pk).update(deleted_at=timezone.now())
        access.forget_unit_cache(self.editor)
        self.assertEqual(access._memberships(self.editor), [(hai_phong.pk, hai_phong.path, Role.EDITOR)])

    def test_a_token_reads_its_user_as_select_related_does(self):
        _token, key = api_token_create(actor=self.editor)
        token = valid_token(key)
        same = ApiToken.objects.select_related("user").get(pk=token.pk)
        for field in ApiToken._meta.concrete_fields:
            self.assertEqual(getattr(token, field.attname), getattr(same, field.attname), field.name)
        for field in type(same.user)._meta.concrete_fields:
            self.assertEqual(getattr(token.user, field.attname), getattr(same.user, field.attname), field.name)
        self.assertFalse(token._state.adding or token.user._state.adding)
        with self.assertNumQueries(0):  # the user came with the token
            self.assertEqual(token.user.username, "hp-editor")
        self.assertIsNone(valid_token(key + "x"))
        ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - timedelta(seconds=1))
        self.assertIsNone(valid_token(key))

    def test_a_statement_on_the_binding_cursor_is_logged_with_its_text_and_values(self):
        unit = self.u["hai_phong"]
        with CaptureQueriesContext(connection) as captured:
            for _ in range(8):  # past the connection's prepare_threshold: PostgreSQL runs it prepared
                with prepared_cursor("default") as cursor:
                    cursor.execute("SELECT name FROM units_unit WHERE id = %s", [unit.pk])
                    self.assertEqual(cursor.fetchone()[0], unit.name)
        self.assertEqual(len(captured), 8)
        for query in captured.captured_queries:
            self.assertIn("FROM units_unit WHERE id = ", query["sql"])
            self.assertIn(str(unit.pk), query["sql"])

    def test_time_stamps_read_on_the_binding_cursor_are_the_orms(self):
        """The same values in the same zone (``datetime.UTC``) as the ORM reads, on PostgreSQL by
        psycopg's own loader (``_read_time_stamps_in_c``), not Django's."""
        Unit.objects.filter(pk=self.u["hai_phong"].pk).update(deleted_at=datetime(2024, 2, 29, 23, 59, 58, 123, UTC))
        expected = list(Unit.all_objects.order_by("pk").values_list("created", "updated", "deleted_at"))
        for _ in range(8):  # read prepared too, past the connection's prepare_threshold
            with prepared_cursor("default") as cursor:
                cursor.execute("SELECT created, updated, deleted_at FROM units_unit ORDER BY id")
                rows = cursor.fetchall()
                if connection.vendor != "postgresql":  # SQLite gives text, which the ORM converts
                    continue
                oid = psycopg.adapters.types["timestamptz"].oid
                loader = cursor.cursor.adapters.get_loader(oid, Format.TEXT)
            self.assertIs(loader, psycopg.adapters.get_loader(oid, Format.TEXT))
            self.assertEqual(rows, expected)
            self.assertIn(datetime(2024, 2, 29, 23, 59, 58, 123, UTC), [row[2] for row in rows])
            for row, orm in zip(rows, expected, strict=True):
                self.assertEqual([v and v.tzinfo for v in row], [v and v.tzinfo for v in orm])
                self.assertIs(row[0].tzinfo, UTC)
