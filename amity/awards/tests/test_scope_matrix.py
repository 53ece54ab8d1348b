"""Every record type of the awards register is invisible outside its province, screens and API alike;
recipients' names are personal data where the recipient is a person."""

from datetime import date

from django.test import TestCase
from django.urls import reverse

from amity.awards.models import Award, AwardType, Decision, Nomination
from amity.core.roles import Role
from amity.registry.models import Organisation, Person
from amity.units.testing import NamesShownMixin, ScopeMatrixMixin, make_unit_tree, make_user


def _decision(unit, number="1/QĐ"):
    return Decision.objects.create(
        unit=unit,
        award_type=AwardType.objects.get(kind="certificate"),
        number=number,
        decided_on=date(2023, 5, 1),
        issuing_body="LHHN",
    )


class DecisionScopeTests(ScopeMatrixMixin, TestCase):
    model = Decision
    ui, api = "awards:decision", "awards-api:decision"

    @classmethod
    def make(cls, unit, label):
        return _decision(unit, label)


class AwardScopeTests(ScopeMatrixMixin, TestCase):
    model = Award
    ui, api = "awards:award", "awards-api:award"

    @classmethod
    def make(cls, unit, label):
        org = Organisation.objects.create(unit=unit, kind="other", name=label)
        return Award.objects.create(decision=_decision(unit), organisation=org, origin="vietnamese")


class NominationScopeTests(ScopeMatrixMixin, TestCase):
    model = Nomination
    ui, api = "awards:nomination", "awards-api:nomination"

    @classmethod
    def make(cls, unit, label):
        org = Organisation.objects.create(unit=unit, kind="other", name=label)
        return Nomination.objects.create(
            unit=unit,
            award_type=AwardType.objects.get(kind="medal"),
            organisation=org,
            origin="vietnamese",
            proposer="LHHN",
            proposed_on=date(2024, 1, 1),
            reason="Đóng góp",
        )


class RecipientNameTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"])
        cls.viewer = make_user("hp-viewer", unit=cls.u["hai_phong"], role=Role.VIEWER)
        person = Person.objects.create(unit=cls.u["hai_phong"], full_name="Lê Văn Tâm")
        cls.award = Award.objects.create(decision=_decision(cls.u["hai_phong"]), person=person, origin="vietnamese")

    def test_viewer_counts_the_award_without_the_name(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(reverse("awards:award_list")), "Lê Văn Tâm")
        self.client.force_login(self.viewer)
        for url in (
            reverse("awards:award_list"),
            self.award.get_absolute_url(),
            self.award.decision.get_absolute_url(),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "Lê Văn Tâm")
        export = self.client.get(reverse("awards:award_list") + "?export=csv").content.decode("utf-8-sig")
        self.assertNotIn("Lê Văn Tâm", export)
        self.assertEqual(self.client.get("/api/awards/counts/").json()["total"], 1)


class RecipientNamesTests(NamesShownMixin, TestCase):
    """Awards, their decision and nominations name the person honoured."""

    @classmethod
    def make(cls, unit, person_name):
        person = Person.objects.create(unit=unit, full_name=person_name)
        award = Award.objects.create(decision=_decision(unit), person=person, origin="foreign")
        nomination = Nomination.objects.create(
            unit=unit,
            award_type=AwardType.objects.get(kind="medal"),
            person=person,
            origin="foreign",
            proposer="LHHN",
            proposed_on=date(2024, 1, 1),
            reason="Đóng góp",
        )
        return award, nomination

    def pages(self, made):
        award, nomination = made
        return [
            reverse("awards:award_list"),
            reverse("awards:award_detail", args=[award.pk]),
            reverse("awards:decision_detail", args=[award.decision_id]),
            reverse("awards:nomination_list"),
            reverse("awards:nomination_detail", args=[nomination.pk]),
        ]
