import json
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from amity.aid.models import AidDonor, AidTransaction, Sector, Workflow, WorkflowStep, WorkflowTransition
from amity.aid.services import aid_transaction_create, aid_transition, available_transitions, sectors_load
from amity.audit.models import ObjectChange
from amity.core.roles import Role
from amity.core.services import model_create
from amity.core.testing import APIClient
from amity.geo.services import current_province_by_name, province_by_name
from amity.registry.models import NGORegistration
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor, make_item, make_rate

APPROVAL = {
    "decision_number": "1234/QĐ-UBND",
    "decision_date": date.today() - timedelta(days=3),
    "approving_body": "UBND TP Hải Phòng",
}


class LifecycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.admin = make_user("hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.ngo = make_donor(cls.u["hai_phong"], "Friendly NGO")

    def setUp(self):
        self.item = make_item(
            self.u["hai_phong"], "Nhà tình nghĩa", donors=[self.ngo], status="appraisal", decided=None
        )

    def test_editor_may_not_approve_and_nothing_changes(self):
        with self.assertRaises(ValidationError) as ctx:
            aid_transition(actor=self.editor, item=self.item, to_status="approved", data=APPROVAL)
        self.assertIn("to_status", ctx.exception.message_dict)
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, "appraisal")
        self.assertEqual([t.to_status for t in available_transitions(user=self.editor, item=self.item)], ["proposed"])

    def test_approval_requires_decision_number_date_and_body(self):
        with self.assertRaises(ValidationError) as ctx:
            aid_transition(actor=self.admin, item=self.item, to_status="approved", data={"decision_number": "1/QĐ"})
        self.assertEqual(set(ctx.exception.message_dict), {"decision_date", "approving_body"})
        self.assertFalse(ObjectChange.objects.filter(event="aid.approved").exists())

    def test_approval_records_decision_event_and_deadline(self):
        result = aid_transition(actor=self.admin, item=self.item, to_status="approved", data=APPROVAL)
        item = result.item
        self.assertEqual((item.status, item.decision_number), ("approved", "1234/QĐ-UBND"))
        self.assertEqual(item.status_deadline, timezone.localdate() + timedelta(days=30))
        event = ObjectChange.objects.get(event="aid.approved")
        self.assertEqual(event.after["decision_number"], "1234/QĐ-UBND")
        self.assertEqual(event.after["workflow"], "Nghị định 313/2025/NĐ-CP")

    def test_move_not_in_the_workflow_is_refused(self):
        with self.assertRaises(ValidationError):
            aid_transition(actor=self.admin, item=self.item, to_status="closed")

    def test_roles_are_configuration(self):
        WorkflowTransition.objects.filter(to_status="approved").update(roles=["admin", "editor"])
        result = aid_transition(actor=self.editor, item=self.item, to_status="approved", data=APPROVAL)
        self.assertEqual(result.item.status, "approved")

    def test_provincial_workflow_overrides_the_national_one(self):
        local = Workflow.objects.create(name="Quy chế Hải Phòng", legal_basis="local", valid_from=date(2025, 12, 1))
        local.units.set([self.u["hai_phong"]])
        WorkflowTransition.objects.create(
            workflow=local, from_status="appraisal", to_status="approved", roles=["editor"]
        )
        result = aid_transition(actor=self.editor, item=self.item, to_status="approved")
        self.assertEqual(result.item.status, "approved")

    def test_ngo_certificate_warnings_on_approval(self):
        reg = NGORegistration.objects.create(
            organisation=self.ngo,
            kind="operation",
            number="GĐK-01",
            valid_from=date(2020, 1, 1),
            valid_until=date(2024, 12, 31),
            fields_of_work="Y tế\n122",
        )
        reg.provinces.set([current_province_by_name("Hải Phòng")])
        warnings = aid_transition(actor=self.admin, item=self.item, to_status="approved", data=APPROVAL).warnings
        self.assertEqual(len(warnings), 1)
        self.assertIn("GĐK-01", warnings[0])

    def test_certificate_warnings_show_on_the_page_before_approving(self):
        self.client.force_login(self.admin)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        url = reverse("aid:aiditem_transition", args=[self.item.pk])
        self.assertContains(self.client.get(url), "Friendly NGO has no registration certificate on record.", count=1)
        self.client.force_login(self.editor)  # may not approve: nothing to warn about
        self.assertNotContains(self.client.get(url), 'data-warning="certificate"')

    def test_ngo_certificate_province_and_field_checks(self):
        reg = NGORegistration.objects.create(
            organisation=self.ngo,
            kind="operation",
            number="GĐK-02",
            valid_from=date(2020, 1, 1),
            valid_until=date(2030, 12, 31),
            fields_of_work="122",
        )
        reg.provinces.set([province_by_name("Hải Dương", on=date(2024, 1, 1))])  # merged into Hải Phòng: covered
        self.item.locations.set([current_province_by_name("Hải Phòng"), current_province_by_name("Hà Tĩnh")])
        self.item.sectors.set(Sector.objects.filter(code="11220"))
        warnings = aid_transition(actor=self.admin, item=self.item, to_status="approved", data=APPROVAL).warnings
        self.assertEqual(len(warnings), 2)
        self.assertIn("Hà Tĩnh", warnings[0])

    def test_disbursement_above_commitment_is_kept_with_a_warning_event(self):
        data = {"item": self.item, "kind": "commitment", "amount": "100", "currency": "USD", "date": date(2026, 1, 1)}
        aid_transaction_create(actor=self.admin, data=data)
        tx = aid_transaction_create(actor=self.admin, data={**data, "kind": "disbursement", "amount": "150"})
        self.assertTrue(tx.warning)
        self.assertTrue(ObjectChange.objects.filter(event="aid.over_disbursed").exists())

    def test_bad_amount_and_currency_are_refused(self):
        for amount, currency, field in (("-5", "USD", "amount"), ("10", "XYZ", "currency"), ("abc", "USD", "amount")):
            with self.assertRaises(ValidationError) as ctx:
                aid_transaction_create(
                    actor=self.admin,
                    data={
                        "item": self.item,
                        "kind": "commitment",
                        "amount": amount,
                        "currency": currency,
                        "date": date(2026, 1, 1),
                    },
                )
            self.assertIn(field, ctx.exception.message_dict)


class MoneyBadInputTests(TestCase):
    """Shares above 100 %, and disbursements that overtake commitments when recorded or corrected."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.first, cls.second = (make_donor(cls.u["hai_phong"], n) for n in ("First NGO", "Second NGO"))
        cls.item = make_item(cls.u["hai_phong"], "Giếng nước", donors=[(cls.first, Decimal("70"))])

    def api(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        return client

    def test_titles_of_full_length_in_russian_and_chinese_are_saved_and_found(self):
        """Cyrillic and Chinese letters fold to several Latin ones each: two 400-character titles
        folded overran the search column (a server error on PostgreSQL). Kept to its length."""
        response = self.api().post(
            "/api/aid/items/",
            {
                "unit": self.u["hai_phong"].pk,
                "kind": "project",
                "title_vi": "Щедрая помощь " + "щ" * 386,
                "title_original": "援助项目" * 100,
            },
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        found = self.api().get("/api/aid/items/", {"q": "shchedraia"}).json()["results"]
        self.assertEqual([row["id"] for row in found], [response.json()["id"]])

    def test_donor_shares_may_not_pass_100_percent(self):
        data = {"item": self.item, "organisation": self.second, "share": Decimal("40")}
        with translation.override("en"), self.assertRaises(ValidationError) as ctx:
            model_create(model=AidDonor, data=data, actor=self.editor)
        self.assertEqual(
            ctx.exception.message_dict["share"], ["The donors' shares of this item would add up to 110%; at most 100%."]
        )
        response = self.api().post(
            "/api/aid/donors/", {"item": self.item.pk, "organisation": self.second.pk, "share": "40"}, format="json"
        )
        self.assertEqual((response.status_code, list(response.json())), (400, ["share"]))
        link = model_create(model=AidDonor, data={**data, "share": Decimal("30")}, actor=self.editor)
        self.assertEqual(link.share, Decimal("30"))
        self.assertEqual(self.item.donor_links.count(), 2)

    def test_disbursement_warning_is_returned_by_the_api_and_also_raised_by_a_correction(self):
        api = self.api()
        base = {"item": self.item.pk, "currency": "USD", "date": "2021-01-01"}
        api.post("/api/aid/transactions/", {**base, "kind": "commitment", "amount": "100"}, format="json")
        paid = api.post("/api/aid/transactions/", {**base, "kind": "disbursement", "amount": "80"}, format="json")
        self.assertEqual((paid.status_code, paid.json()["warning"]), (201, ""))
        api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        corrected = api.patch(f"/api/aid/transactions/{paid.json()['id']}/", {"amount": "130"}, format="json")
        self.assertEqual(corrected.status_code, 200)
        self.assertIn("exceeds the commitment of 100.00 USD", corrected.json()["warning"])
        event = ObjectChange.objects.get(event="aid.over_disbursed")
        self.assertEqual((event.after["committed"], event.after["disbursed"]), ("100.00", "130.00"))
        self.assertEqual(AidTransaction.objects.get(pk=paid.json()["id"]).amount, Decimal("130"))  # kept

    def test_commitment_in_vnd_and_disbursements_in_usd_are_compared_through_the_rate_table(self):
        def record(kind, amount, currency):
            data = {"item": self.item, "kind": kind, "amount": amount, "currency": currency, "date": date(2021, 5, 1)}
            with translation.override("en"):
                return aid_transaction_create(actor=self.editor, data=data).warning

        record("commitment", "100000000", "VND")
        self.assertIn("no exchange rate for VND in 2021", record("disbursement", "4000", "USD"))
        self.assertFalse(ObjectChange.objects.filter(event="aid.over_disbursed").exists())
        make_rate("USD", "VND", "23000", year=2021)
        self.assertEqual(record("disbursement", "1", "USD"), "")  # 4,001 USD is below 4,347.83 USD
        warning = record("disbursement", "500", "USD")
        self.assertEqual(warning, "Disbursed 4501.00 USD exceeds the commitment of 4347.83 USD.")
        self.assertEqual(ObjectChange.objects.get(event="aid.over_disbursed").after["committed"], "4347.83")


class WorkflowAdminTests(TestCase):
    """The lifecycle is configuration: a system administrator changes a step's body and deadline in the admin."""

    @classmethod
    def setUpTestData(cls):
        cls.root = make_user("root", is_staff=True, is_superuser=True)

    def test_steps_and_transitions_are_edited_in_the_admin_and_audited(self):
        workflow = Workflow.objects.get(name="Nghị định 313/2025/NĐ-CP")
        step = workflow.steps.get(status="appraisal")
        transition = workflow.transitions.get(from_status="appraisal", to_status="approved")
        self.client.force_login(self.root)
        self.assertContains(self.client.get(workflow.get_absolute_url()), f"/aid/workflows/{workflow.pk}/edit/")
        url = f"/admin/aid/workflow/{workflow.pk}/change/"
        page = self.client.get(url)
        self.assertContains(page, "Sở Tài chính chủ trì thẩm định")
        form = page.context["adminform"].form
        data = {k: v for k, v in form.initial.items() if k in form.fields and v is not None}
        data["units"] = []
        for inline_formset in page.context["inline_admin_formsets"]:
            prefix, forms = inline_formset.formset.prefix, list(inline_formset.formset.forms)
            data.update(
                {
                    f"{prefix}-TOTAL_FORMS": len(forms),
                    f"{prefix}-INITIAL_FORMS": len(forms),
                    f"{prefix}-MIN_NUM_FORMS": 0,
                    f"{prefix}-MAX_NUM_FORMS": 1000,
                }
            )
            for i, inline in enumerate(forms):
                for name, field in inline.fields.items():
                    value = inline.initial.get(name, field.initial)
                    if name in ("roles", "required_fields"):
                        value = json.dumps(value)
                    data[f"{prefix}-{i}-{name}"] = "" if value is None else value
                data[f"{prefix}-{i}-id"] = inline.instance.pk
                data[f"{prefix}-{i}-workflow"] = workflow.pk
        steps_prefix = page.context["inline_admin_formsets"][0].formset.prefix
        index = [f.instance.pk for f in page.context["inline_admin_formsets"][0].formset.forms].index(step.pk)
        data[f"{steps_prefix}-{index}-body"] = "Sở Ngoại vụ chủ trì thẩm định"
        data[f"{steps_prefix}-{index}-deadline_days"] = "20"
        moves_prefix = page.context["inline_admin_formsets"][1].formset.prefix
        index = [f.instance.pk for f in page.context["inline_admin_formsets"][1].formset.forms].index(transition.pk)
        data[f"{moves_prefix}-{index}-roles"] = '["admin", "chairman"]'
        refused = self.client.post(url, data)
        self.assertEqual(refused.status_code, 200)  # an unknown role is refused, nothing saved
        self.assertEqual(WorkflowStep.objects.get(pk=step.pk).deadline_days, 15)
        data[f"{moves_prefix}-{index}-roles"] = '["admin", "editor"]'
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        step.refresh_from_db()
        self.assertEqual((step.body, step.deadline_days), ("Sở Ngoại vụ chủ trì thẩm định", 20))
        self.assertEqual(WorkflowTransition.objects.get(pk=transition.pk).roles, ["admin", "editor"])
        self.assertTrue(ObjectChange.objects.filter(object_id=str(step.pk), action="update").exists())
