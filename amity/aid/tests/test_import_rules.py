"""The aid import and the IATI import follow the screens' rules: who may set a status, the decision
it needs, its events and certificate warnings, and the one over-disbursement rule across currencies."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone, translation

from amity.aid import iati
from amity.aid.imports import ImportRejected, aid_import_commit, aid_import_preview
from amity.aid.models import AidItem, AidTransaction
from amity.aid.services import TransitionNotAllowed, aid_transaction_create, aid_transition, sectors_load
from amity.audit.models import ObjectChange
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor, make_item, make_rate

HEADER = (
    "reference,title_vi,status,donors,locations,decision_number,decision_date,approving_body,"
    "committed_amount,committed_currency,committed_date,disbursed_amount,disbursed_currency,disbursed_date\n"
)
DECIDED = "12/QĐ-UBND,15/02/2019,UBND TP Hải Phòng"


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode()


class ImportStatusRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.unit = cls.u["hai_phong"]
        cls.editor = make_user("rule-editor", unit=cls.unit)
        cls.admin = make_user("rule-admin", unit=cls.unit, role="admin")
        make_donor(cls.unit, "Hands of Friendship")

    def preview(self, content, user):
        with translation.override("en"):
            return aid_import_preview(user=user, unit=self.unit, content=content, filename="list.csv")

    def test_an_editor_refused_approval_on_screen_cannot_approve_by_import(self):
        item = make_item(self.unit, "Giếng nước", status="appraisal", reference="HP-1")
        with self.assertRaises(TransitionNotAllowed):
            aid_transition(
                actor=self.editor,
                item=item,
                to_status="approved",
                data={"decision_number": "1", "decision_date": date(2019, 2, 15), "approving_body": "UBND"},
            )
        changes = ObjectChange.objects.count()
        for rows in (
            ["HP-1,Giếng nước,approved,Hands of Friendship,," + DECIDED + ",,,,,,"],  # the item on appraisal
            ["HP-2,Trường học,approved,Hands of Friendship,," + DECIDED + ",,,,,,"],  # a new item
            ["HP-3,Nhà văn hoá,implementation,,," + DECIDED + ",,,,,,"],  # past approval to a later step
        ):
            content = csv(*rows)
            preview = self.preview(content, self.editor)
            self.assertEqual([(r, c) for r, c, _m in preview.errors], [(2, "status")])
            self.assertIn("reserved to: Administrator", preview.errors[0][2])
            with self.assertRaises(ImportRejected):
                aid_import_commit(actor=self.editor, unit=self.unit, content=content, filename="list.csv")
        item.refresh_from_db()
        self.assertEqual(item.status, "appraisal")
        self.assertEqual((AidItem.objects.count(), ObjectChange.objects.count()), (1, changes))

    def test_approval_needs_the_decision_the_workflow_asks_for(self):
        preview = self.preview(csv("HP-1,Giếng nước,approved,Hands of Friendship,,,,,,,,,,"), self.admin)
        self.assertEqual(
            [(r, c) for r, c, _m in preview.errors],
            [(2, "decision_number"), (2, "decision_date"), (2, "approving_body")],
        )
        self.assertEqual(preview.errors[0][2], "Required for the status Approved: decision number.")

    def test_an_administrators_approval_writes_the_screens_events_with_certificate_warnings(self):
        content = csv("HP-1,Giếng nước,approved,Hands of Friendship,Hải Dương," + DECIDED + ",,,,,,")
        preview = self.preview(content, self.admin)
        self.assertTrue(preview.ok, preview.errors)
        self.assertEqual(
            preview.warnings, [(2, "donors", "Hands of Friendship has no registration certificate on record.")]
        )
        with translation.override("en"):
            aid_import_commit(actor=self.admin, unit=self.unit, content=content, filename="list.csv")
        item = AidItem.objects.get(reference="HP-1")
        self.assertEqual((item.status, item.status_since), ("approved", timezone.localdate()))
        self.assertIsNotNone(item.status_deadline)
        events = ObjectChange.objects.filter(object_id=str(item.pk), action="event").order_by("pk")
        self.assertEqual([e.event for e in events], ["aid.appraisal", "aid.approved"])
        approved = events.last()
        self.assertEqual(
            (approved.actor, approved.source, approved.message, approved.unit_id),
            (self.admin, "import", "list.csv", self.unit.pk),
        )
        self.assertEqual(approved.after["decision_number"], "12/QĐ-UBND")
        self.assertEqual(approved.after["from"], "appraisal")
        self.assertEqual(approved.after["warnings"], ["Hands of Friendship has no registration certificate on record."])
        created = ObjectChange.objects.get(object_id=str(item.pk), action="create", content_type__model="aiditem")
        self.assertEqual((created.actor, created.source), (self.admin, "import"))

    def test_a_blank_status_starts_new_items_as_proposed_and_keeps_an_items_status(self):
        make_item(self.unit, "Giếng nước", status="implementation", reference="HP-1")
        self.assertTrue(self.preview(csv("HP-1,Giếng nước,,,,,,,,,,,,"), self.editor).ok)
        aid_import_commit(
            actor=self.editor,
            unit=self.unit,
            content=csv("HP-1,Giếng nước,,,,,,,,,,,,", "HP-2,Cầu,,,,,,,,,,,,"),
            filename="a.csv",
        )
        statuses = dict(AidItem.objects.values_list("reference", "status"))
        self.assertEqual(statuses, {"HP-1": "implementation", "HP-2": "proposed"})
        self.assertFalse(ObjectChange.objects.filter(action="event", event__startswith="aid.").exists())


class ImportDisbursementRuleTests(TestCase):
    """The over-disbursement rule is the services' one: across currencies through the rate table."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.unit = cls.u["hai_phong"]
        cls.editor = make_user("money-editor", unit=cls.unit)
        make_rate("USD", "VND", "25000", year=2019)

    def test_a_disbursement_in_another_currency_above_the_commitment_warns_and_records_the_event(self):
        # 100 USD committed, 3,000,000 VND (120 USD at the 2019 rate) disbursed
        content = csv("HP-1,Giếng nước,,,,,,,100,USD,01/03/2019,3000000,VND,01/06/2019")
        with translation.override("en"):
            preview = aid_import_preview(user=self.editor, unit=self.unit, content=content, filename="a.csv")
            self.assertEqual(
                preview.warnings,
                [(2, "disbursed_amount", "Disbursed 120.00 USD exceeds the commitment of 100.00 USD.")],
            )
            aid_import_commit(actor=self.editor, unit=self.unit, content=content, filename="a.csv")
        item = AidItem.objects.get(reference="HP-1")
        event = ObjectChange.objects.get(object_id=str(item.pk), event="aid.over_disbursed")
        self.assertEqual(event.after, {"currency": "USD", "committed": "100.00", "disbursed": "120.00"})
        self.assertEqual((event.actor, event.source), (self.editor, "import"))
        # the screens' service says the same of the same money
        other = make_item(self.unit, "Cầu", committed=("100", "USD", date(2019, 3, 1)))
        with translation.override("en"):
            tx = aid_transaction_create(
                actor=self.editor,
                data={
                    "item": other,
                    "kind": "disbursement",
                    "amount": Decimal("3000000"),
                    "currency": "VND",
                    "date": date(2019, 6, 1),
                },
            )
        self.assertEqual(tx.warning, preview.warnings[0][2])

    def test_within_the_commitment_or_without_a_rate(self):
        content = csv(
            "HP-1,Giếng nước,,,,,,,100,USD,01/03/2019,2000000,VND,01/06/2019",
            "HP-2,Cầu,,,,,,,100,USD,01/03/2021,2000000,VND,01/06/2021",
        )
        with translation.override("en"):
            preview = aid_import_preview(user=self.editor, unit=self.unit, content=content, filename="a.csv")
        self.assertEqual(
            preview.warnings,
            [
                (
                    3,
                    "disbursed_amount",
                    "Could not compare the disbursements with the commitments: no exchange rate for VND in 2021.",
                )
            ],
        )

    def test_a_reimport_compares_with_the_money_entered_on_screen(self):
        item = make_item(self.unit, "Giếng nước", status="proposed", reference="HP-1")
        for amount in ("50", "30"):  # two disbursements: the row's amount is a third, not one of them
            AidTransaction.objects.create(
                item=item, kind="disbursement", amount=Decimal(amount), currency="USD", date=date(2019, 5, 1)
            )
        content = csv("HP-1,Giếng nước,,,,,,,100,USD,01/03/2019,40,USD,01/06/2019")
        with translation.override("en"):
            preview = aid_import_preview(user=self.editor, unit=self.unit, content=content, filename="a.csv")
        self.assertEqual(
            preview.warnings, [(2, "disbursed_amount", "Disbursed 120.00 USD exceeds the commitment of 100.00 USD.")]
        )


class IatiRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        hai_phong = cls.u["hai_phong"]
        cls.ngo = make_donor(hai_phong, "Hands of Friendship")
        item = make_item(
            hai_phong,
            "Nhà tình thương",
            donors=[cls.ngo],
            committed=("100", "USD", date(2020, 7, 1)),
            status="implementation",
            reference="HP-1",
            decision_number="45/QĐ-UBND",
            approving_body="UBND TP Hải Phòng",
        )
        AidTransaction.objects.create(
            item=item, kind="disbursement", amount=Decimal("150"), currency="USD", date=date(2020, 9, 1)
        )
        cls.content = iati.activities_export(items=AidItem.objects.all())
        cls.target = cls.u["bac_giang"]
        make_donor(cls.target, "Hands of Friendship")  # the funder as the receiving union's registry has it

    def test_an_editor_cannot_bring_in_an_activity_past_approval(self):
        editor = make_user("iati-editor", unit=self.target)
        with translation.override("en"), self.assertRaises(ValidationError) as ctx:
            iati.activities_import(actor=editor, unit=self.target, content=self.content)
        self.assertRegex(ctx.exception.messages[0], r"^Activity .*: status: .*reserved to: Administrator")
        self.assertFalse(AidItem.objects.filter(unit=self.target).exists())

    def test_an_administrators_import_is_logged_with_the_decision_events_and_over_disbursement(self):
        admin = make_user("iati-admin", unit=self.target, role="admin")
        with translation.override("en"):
            iati.activities_import(actor=admin, unit=self.target, content=self.content)
        copy = AidItem.objects.get(unit=self.target)
        self.assertEqual(
            (copy.status, copy.decision_number, copy.decision_date, copy.approving_body),
            ("implementation", "45/QĐ-UBND", date(2020, 6, 1), "UBND TP Hải Phòng"),
        )
        entries = ObjectChange.objects.filter(object_id=str(copy.pk), content_type__model="aiditem").order_by("pk")
        self.assertEqual({(e.actor, e.source) for e in entries}, {(admin, "import")})
        self.assertEqual(entries.first().message, "IATI")
        self.assertEqual(
            [e.event for e in entries if e.action == "event"],
            ["aid.appraisal", "aid.approved", "aid.implementation", "aid.over_disbursed"],
        )
        approved = next(e for e in entries if e.event == "aid.approved")
        self.assertEqual(approved.after["decision_number"], "45/QĐ-UBND")
        self.assertEqual(approved.after["warnings"], ["Hands of Friendship has no registration certificate on record."])
        over = entries.last()
        self.assertEqual(over.after, {"currency": "USD", "committed": "100.00", "disbursed": "150.00"})
