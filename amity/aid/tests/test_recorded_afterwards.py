"""Aid decided before the workflow in force existed, entered after the fact with its historic status."""

from datetime import date

from django.test import TestCase
from django.urls import reverse

from amity.aid.models import AidItem
from amity.aid.selectors import aid_figures
from amity.audit.models import ObjectChange
from amity.units.testing import make_unit_tree, make_user

URL = "/api/aid/items/record-afterwards/"


class RecordedAfterwardsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("aid-after", unit=cls.u["hai_phong"])
        cls.viewer = make_user("aid-after-viewer", unit=cls.u["hai_phong"], role="viewer")

    def setUp(self):
        self.client.force_login(self.editor)

    def post(self, **extra):
        data = {
            "unit": self.u["hai_phong"].pk,
            "title_vi": "Nhà tình nghĩa 2020",
            "status": "completed",
            "decision_date": "2020-06-01",
            **extra,
        }
        return self.client.post(URL, data, content_type="application/json")

    def test_an_item_of_2020_is_entered_completed_without_steps_marked_and_audited(self):
        response = self.post()
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            (body["status"], body["recorded_afterwards"], body["decision_number"]), ("completed", True, "")
        )
        item = AidItem.objects.get(pk=body["id"])
        self.assertEqual((item.status_since, item.decision_date), (date(2020, 6, 1), date(2020, 6, 1)))
        events = list(
            ObjectChange.objects.filter(object_id=str(item.pk), event__startswith="aid.").values_list(
                "event", flat=True
            )
        )
        self.assertEqual(events, ["aid.recorded_afterwards"])  # no workflow step was walked
        figures = aid_figures(
            user=self.editor, unit=self.u["hai_phong"], start=date(2018, 1, 1), end=date(2023, 12, 31)
        )
        self.assertEqual(figures.items, 1)

    def test_a_decision_the_workflow_in_force_already_governed_is_refused_on_its_date(self):
        response = self.post(decision_date="2026-01-10", title_vi="Sau nghị định")
        self.assertEqual((response.status_code, list(response.json())), (400, ["decision_date"]))
        self.assertIn("313/2025", response.json()["decision_date"][0])
        self.assertFalse(AidItem.objects.filter(title_vi="Sau nghị định").exists())

    def test_no_decision_date_or_an_undecided_status_is_refused_and_nothing_written(self):
        self.assertEqual(list(self.post(decision_date=None).json()), ["decision_date"])
        self.assertEqual(list(self.post(status="proposed").json()), ["status"])
        self.assertFalse(AidItem.objects.exists())

    def test_a_viewer_may_not_record(self):
        self.client.force_login(self.viewer)
        self.assertEqual(self.post().status_code, 400)  # the unit is not one the viewer adds to
        self.assertFalse(AidItem.objects.exists())


class RecordedAfterwardsScreenTests(TestCase):
    """The same through the screen linked from the aid list: the editor's union already chosen,
    a decided status and the decision date required, a refusal shown on its field."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("aid-after", unit=cls.u["hai_phong"])

    def setUp(self):
        self.client.force_login(self.editor)

    def test_from_the_list_to_a_recorded_item(self):
        url = reverse("aid:aiditem_recorded_afterwards")
        self.assertContains(self.client.get(reverse("aid:aiditem_list")), f'href="{url}"')
        page = self.client.get(url)
        self.assertEqual(page.context["form"]["unit"].value(), self.u["hai_phong"].pk)
        self.assertNotIn("proposed", dict(page.context["form"].fields["status"].choices))
        data = {"unit": self.u["hai_phong"].pk, "kind": "project", "title_vi": "Nhà tình nghĩa 2020"}
        data.update(status="completed", decision_number="12/QĐ-UBND", decision_date="2020-06-01")
        response = self.client.post(url, data)
        item = AidItem.objects.get(title_vi="Nhà tình nghĩa 2020")
        self.assertRedirects(response, item.get_absolute_url())
        self.assertEqual(
            (item.status, item.recorded_afterwards, item.decision_number), ("completed", True, "12/QĐ-UBND")
        )

        refused = self.client.post(url, {**data, "title_vi": "Sau nghị định", "decision_date": "2026-01-10"})
        self.assertEqual(refused.status_code, 400)
        self.assertIn("decision_date", refused.context["form"].errors)
        self.assertFalse(AidItem.objects.filter(title_vi="Sau nghị định").exists())
