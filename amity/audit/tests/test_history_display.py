"""A record's history as its reader reads it: field labels and shown values in the user's
language, names of related records (never a person's the reader may not see), dates as written."""

from datetime import date

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from amity.activities.models import Activity
from amity.aid.models import Sector
from amity.aid.tests.factories import make_item
from amity.core.roles import Role
from amity.core.services import model_update
from amity.registry.models import Organisation, Person
from amity.units.testing import make_unit_tree, make_user


class HistoryDisplayTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        cls.sector = Sector.objects.create(code="12240", name="Basic nutrition", category_code="122")
        cls.item = make_item(cls.u["hai_phong"], "Xe lăn", status="proposed", decided=None)
        model_update(
            actor=cls.editor,
            instance=cls.item,
            data={
                "approving_body": "UBND thành phố",
                "status": "approved",
                "decision_date": date(2026, 11, 10),
                "sectors": [cls.sector],
            },
        )

    def history(self, language: str) -> str:
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.client.get(reverse("aid:aiditem_changelog", args=[self.item.pk]))
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_fields_by_label_and_values_as_shown_in_vietnamese(self):
        page = self.history("vi")
        with translation.override("vi"):
            decided = date_format(date(2026, 11, 10), "SHORT_DATE_FORMAT")
            sector = str(self.sector)  # its code and its name as a Vietnamese reader reads it
        self.assertTrue(sector.startswith("12240 "), sector)
        for shown in ("Cơ quan phê duyệt", "Đã phê duyệt", "Ngày quyết định", decided, sector):
            self.assertIn(shown, page)
        for raw in ("approving_body", "decision_date", "2026-11-10", f"[{self.sector.pk}]", ">approved<"):
            self.assertNotIn(raw, page)

    def test_the_same_change_in_english(self):
        page = self.history("en")
        for shown in ("Approving body", "Approved", "Decision date", "Sectors", "12240 Basic nutrition"):
            self.assertIn(shown, page)
        self.assertNotIn("approving_body", page)

    def test_a_person_named_by_a_relation_is_shown_only_to_who_may_see_them(self):
        leader = Person.objects.create(unit=self.u["hai_phong"], full_name="Tanaka Hiroshi")
        activity = Activity.objects.create(
            unit=self.u["hai_phong"], type="delegation_in", title="Đoàn Nhật Bản", start_date=date(2026, 3, 1)
        )
        model_update(actor=self.editor, instance=activity, data={"leader": leader})
        url = reverse("activities:activity_changelog", args=[activity.pk])
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(url), "Tanaka Hiroshi")
        self.client.force_login(make_user("hp-viewer", unit=self.u["hai_phong"], role=Role.VIEWER))
        page = self.client.get(url)
        self.assertNotContains(page, "Tanaka Hiroshi")
        self.assertContains(page, f"#{leader.pk}")

    def test_a_year_is_written_as_it_is_and_a_count_grouped(self):
        """A year of birth is a label, not an amount: "1990", never "1.990" or "1,990"."""
        organisation = Organisation.objects.create(unit=self.u["hai_phong"], kind="other", name="Hội hữu nghị")
        person = Person.objects.create(unit=self.u["hai_phong"], full_name="Nguyễn Văn An")
        model_update(actor=self.editor, instance=organisation, data={"member_count": 1500})
        model_update(actor=self.editor, instance=person, data={"birth_year": 1990})
        self.client.force_login(self.editor)
        for language, grouped in (("vi", "1.500"), ("en", "1,500"), ("ru", "1\xa0500")):
            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            page = self.client.get(reverse("registry:person_changelog", args=[person.pk])).text
            self.assertIn(">1990<", page.replace(" ", "").replace("\n", ""))
            for wrong in ("1.990", "1,990", "1\xa0990", "1&nbsp;990"):
                self.assertNotIn(wrong, page)
            page = self.client.get(reverse("registry:organisation_changelog", args=[organisation.pk])).text
            self.assertIn(grouped, page)
