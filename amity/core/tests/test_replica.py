"""Figures and reports read from the replica; every other read, and every write, from the primary.

The PostgreSQL run gives the test settings a second alias on the same database, as a streaming
replica would be; on SQLite there is none and the router sends everything to the primary.
"""

from unittest import mock, skipUnless

from django.db import OperationalError, connection, connections, router
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse

from amity.core import replica
from amity.units.models import Unit
from amity.units.testing import make_unit_tree, make_user


class NoReplicaTests(TransactionTestCase):
    databases = {"default"}

    def test_without_a_replica_marked_reads_stay_on_the_primary(self):
        with mock.patch.dict("django.conf.settings.DATABASES", {"default": connection.settings_dict}, clear=True):
            replica.forget_replica_health()
            with replica.replica_reads():
                self.assertEqual(Unit.objects.all().db, "default")


@skipUnless(connection.vendor == "postgresql", "the test settings give PostgreSQL a replica alias")
class ReplicaRoutingTests(TestCase):
    """The replica alias is made to share the primary's connection here, so that it sees the test's
    own uncommitted rows; which alias each read was sent to is what the tests look at."""

    databases = {"default", "replica"}

    @classmethod
    def setUpTestData(cls):
        cls.units = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.units["hai_phong"])

    def setUp(self):
        replica.forget_replica_health()
        self.addCleanup(replica.forget_replica_health)
        own = connections["replica"]
        connections["replica"] = connections["default"]
        self.addCleanup(connections.__setitem__, "replica", own)

    def test_only_marked_reads_go_to_the_replica_and_writes_never(self):
        self.assertEqual((router.db_for_read(Unit), router.db_for_write(Unit)), ("default", "default"))
        with replica.replica_reads():
            self.assertEqual((router.db_for_read(Unit), router.db_for_write(Unit)), ("replica", "default"))
            self.assertEqual(Unit.objects.all().db, "replica")
            self.assertEqual(Unit.objects.count(), Unit.objects.using("default").count())
        self.assertEqual(Unit.objects.all().db, "default")

    @override_settings(DB_REPLICA_MAX_LAG=30)
    def test_a_lagging_or_unreachable_replica_is_left_for_the_primary(self):
        for lag, expected in [
            (3600.0, "default"),
            (OperationalError("connection refused"), "default"),
            (2.0, "replica"),
        ]:
            with self.subTest(lag=lag):
                replica.forget_replica_health()
                effect = {"side_effect": lag} if isinstance(lag, Exception) else {"return_value": lag}
                with mock.patch.object(replica, "replica_lag_seconds", **effect), replica.replica_reads():
                    self.assertEqual(Unit.objects.all().db, expected)

    def test_figures_pages_read_from_the_replica_and_lists_from_the_primary(self):
        self.client.force_login(self.editor)
        decide = replica.ReplicaRouter.db_for_read
        for name, on_replica in [("aid:figures", True), ("dashboard", True), ("aid:aiditem_list", False)]:
            with self.subTest(page=name):
                sent: list = []

                def spy(router, model, sent=sent, **hints):
                    sent.append(decide(router, model, **hints))
                    return sent[-1]

                with mock.patch.object(replica.ReplicaRouter, "db_for_read", spy):
                    self.assertEqual(self.client.get(reverse(name)).status_code, 200)
                self.assertEqual("replica" in sent, on_replica, sent[:5])
