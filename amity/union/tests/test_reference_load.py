"""``manage.py reference_load`` gives a real installation its reference data without the demo, and a
second run changes nothing."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from amity.activities.calendar_items import calendar_items
from amity.activities.models import DiplomaticRelation, NationalDay
from amity.aid.models import BeneficiaryGroup, Sector, Workflow, WorkflowStep, WorkflowTransition
from amity.audit.models import ObjectChange
from amity.awards.models import AwardType
from amity.geo.models import Country
from amity.union.catalogue import METRICS
from amity.union.models import Metric, NationalTerm
from amity.units.models import Unit
from amity.units.testing import make_unit_tree, make_user

REFERENCE = [DiplomaticRelation, NationalDay, Sector, Metric, NationalTerm, BeneficiaryGroup, AwardType]


class ReferenceLoadTests(TestCase):
    def empty_reference_tables(self):
        """What ``migrate`` alone seeds would hide the command's work: start from empty tables."""
        workflows = Workflow._base_manager.all()
        for queryset in (
            *(WorkflowStep._base_manager.all(), WorkflowTransition._base_manager.all(), workflows),
            *(model._base_manager.all() for model in REFERENCE),
        ):
            queryset._raw_delete(queryset.db)

    def test_an_empty_database_gets_every_list_and_a_second_run_changes_nothing(self):
        self.empty_reference_tables()
        self.assertFalse(Unit.objects.exists())  # no demo: no units, no users
        call_command("reference_load", stdout=StringIO())
        japan = DiplomaticRelation.objects.get(country__iso_alpha2="JP")
        self.assertEqual((japan.established_on, japan.precision), (date(1973, 9, 21), "day"))
        self.assertEqual(DiplomaticRelation.objects.count(), 195)
        self.assertTrue(NationalDay.objects.filter(country__iso_alpha2="JP").exists())
        self.assertEqual(AwardType.objects.filter(unit=None).count(), 3)
        self.assertEqual(BeneficiaryGroup.objects.count(), 8)
        self.assertEqual(
            set(Workflow.objects.values_list("name", flat=True)),
            {"Nghị định 80/2020/NĐ-CP", "Nghị định 313/2025/NĐ-CP"},
        )
        self.assertGreater(Sector.objects.count(), 100)
        self.assertEqual(set(Metric.objects.values_list("code", flat=True)), {row[0] for row in METRICS})
        self.assertEqual(NationalTerm.objects.count(), 3)

        # the calendar of a new installation shows Japan's date and the 50th anniversary in 2023
        u = make_unit_tree()
        user = make_user("vufo", unit=u["vufo"])
        items = calendar_items(
            user=user, start=date(2023, 9, 1), end=date(2023, 9, 30), countries=[Country.objects.get(iso_alpha2="JP")]
        )
        fiftieth = [i for i in items if i.kind == "relation_anniversary"]
        self.assertEqual([(i.date, i.years, i.is_round) for i in fiftieth], [(date(2023, 9, 21), 50, True)])

        counts = {model: model._base_manager.count() for model in REFERENCE + [Workflow]}
        changes = ObjectChange.objects.count()
        out = StringIO()
        call_command("reference_load", stdout=out)
        self.assertEqual({model: model._base_manager.count() for model in REFERENCE + [Workflow]}, counts)
        self.assertEqual(ObjectChange.objects.count(), changes)
        self.assertIn("Added 0 diplomatic relations, 0 national days, 0 award types, ", out.getvalue())
        self.assertIn(" sectors in the IATI list, 0 metrics, 0 national terms.", out.getvalue())
