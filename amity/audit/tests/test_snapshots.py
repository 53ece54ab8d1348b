"""The change log's snapshot of a record written in bulk is the very text the audit signal stores
for the same record, whatever its values hold."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

from django.test import SimpleTestCase, TestCase

from amity.aid.models import AidItem
from amity.aid.tests.factories import SectorFactory, make_donor, make_item
from amity.audit.snapshots import snapshot, snapshot_json
from amity.diaspora.choices import LegalBasis, Sex
from amity.diaspora.models import Compatriot, Contribution
from amity.units.testing import make_unit_tree


def values_of(instance) -> dict:
    """A record's values by attname, as ``core.bulk.Inserter`` returns them."""
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


class SnapshotTextTests(SimpleTestCase):
    def assert_same_text(self, instance) -> None:
        # what the signal stores: the snapshot, written by the JSON field (json.dumps)
        self.assertEqual(snapshot_json(type(instance), values_of(instance)), json.dumps(snapshot(instance)))

    def test_text_numbers_dates_and_choices_are_written_as_the_signal_writes_them(self):
        names = [
            "Nguyễn Thị Lan",
            'Trần "Văn" \\ Hùng',
            "tab\tnewline\n\x01 and 100% %s %(x)s",
            "Ли Вэй 李伟 😀",
            "",
        ]
        for n, name in enumerate(names, start=1):
            with self.subTest(name=name):
                self.assert_same_text(
                    Compatriot(
                        pk=n,
                        unit_id=3,
                        full_name=name,
                        name_original=name[::-1],
                        sex=Sex.FEMALE,
                        birth_year=1970,
                        birth_date=date(1970, 3, 5),
                        country_id=44,
                        legal_basis=LegalBasis.CONSENT,
                        consent_on=date(2026, 1, 15),
                        erased_at=datetime(2026, 2, 1, 8, 30, 15, 123456, tzinfo=UTC),
                        notes=name,
                    )
                )

    def test_decimals_booleans_and_nulls_are_written_as_the_signal_writes_them(self):
        for amount, quantity, inferred in [
            (Decimal("1500000000.00"), None, False),
            (Decimal("0.5"), Decimal("10.000"), True),
            (Decimal("12E+3"), Decimal("-1.25"), False),
        ]:
            with self.subTest(amount=amount):
                self.assert_same_text(
                    Contribution(
                        pk=7,
                        unit_id=3,
                        compatriot_id=None,
                        organisation_id=9,
                        kind="in_kind",
                        item="Gạo",
                        quantity=quantity,
                        quantity_unit="tấn",
                        amount=amount,
                        currency="EUR",
                        received_on=date(2025, 2, 1),
                        received_on_precision="month",
                        received_on_inferred=inferred,
                    )
                )


class RelationsTextTests(TestCase):
    def test_an_items_donors_sectors_places_and_groups_are_written_as_the_signal_writes_them(self):
        unit = make_unit_tree()["hai_phong"]
        item = make_item(
            unit,
            "Giếng nước “sạch”",
            donors=[make_donor(unit, "KOICA"), make_donor(unit, "JICA")],
            start_date=date(2024, 1, 31),
        )
        item.sectors.set([SectorFactory(), SectorFactory(), SectorFactory()])
        item.locations.set([unit.province])
        for related in ({}, {name: [obj.pk for obj in getattr(item, name).all()] for name in self.relations}):
            with self.subTest(related=bool(related)):
                expected = snapshot(item) | {name: [] for name in self.relations if name not in related}
                self.assertEqual(snapshot_json(AidItem, values_of(item), related), json.dumps(expected))

    relations = ("donors", "sectors", "locations", "beneficiary_groups")
