"""Every record type of the registry is invisible outside its province, through screens and API."""

from datetime import date

from django.test import TestCase
from django.urls import reverse

from amity.registry.models import (
    Agreement,
    NGORegistration,
    Organisation,
    OrganisationMembership,
    OrganisationRelation,
    Person,
)
from amity.units.testing import NamesShownMixin, ScopeMatrixMixin, make_unit_tree, make_user


def _org(unit, name, kind="other"):
    return Organisation.objects.create(unit=unit, kind=kind, name=name)


class OrganisationScopeTests(ScopeMatrixMixin, TestCase):
    model = Organisation
    ui, api = "registry:organisation", "registry-api:organisation"

    @classmethod
    def make(cls, unit, label):
        return _org(unit, label)

    def test_xlsx_export_is_scoped(self):
        import io

        import openpyxl

        self.client.force_login(self.hp_user)
        response = self.client.get(self.ui_url("list") + "?export=xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(names, {"Scope HP record"})

    def test_search_box_is_scoped(self):
        self.client.force_login(self.hp_user)
        response = self.client.get("/search/", {"q": "scope"})
        self.assertContains(response, "Scope HP record")
        self.assertNotContains(response, "Scope BG record")
        self.client.force_login(self.bn_user)
        self.assertContains(self.client.get("/search/", {"q": "scope bg"}), "Scope BG record")


class PersonScopeTests(ScopeMatrixMixin, TestCase):
    model = Person
    ui, api = "registry:person", "registry-api:person"

    @classmethod
    def make(cls, unit, label):
        return Person.objects.create(unit=unit, full_name=label)


class AgreementScopeTests(ScopeMatrixMixin, TestCase):
    model = Agreement
    ui, api = "registry:agreement", "registry-api:agreement"

    @classmethod
    def make(cls, unit, label):
        agreement = Agreement.objects.create(unit=unit, kind="mou", title=label)
        agreement.parties.set([_org(unit, f"Party of {label}")])
        return agreement


class OrganisationMembershipScopeTests(ScopeMatrixMixin, TestCase):
    model = OrganisationMembership
    ui, api = "registry:organisationmembership", "registry-api:organisationmembership"

    @classmethod
    def make(cls, unit, label):
        person = Person.objects.create(unit=unit, full_name=label)
        return OrganisationMembership.objects.create(person=person, organisation=_org(unit, f"Org {unit.pk}"))


class OrganisationRelationScopeTests(ScopeMatrixMixin, TestCase):
    model = OrganisationRelation
    ui, api = "registry:organisationrelation", "registry-api:organisationrelation"

    @classmethod
    def make(cls, unit, label):
        return OrganisationRelation.objects.create(
            source=_org(unit, label), target=_org(unit, f"Partner of {label}"), kind="twinning"
        )


class NGORegistrationScopeTests(ScopeMatrixMixin, TestCase):
    model = NGORegistration
    ui, api = "registry:ngoregistration", "registry-api:ngoregistration"

    @classmethod
    def make(cls, unit, label):
        return NGORegistration.objects.create(
            organisation=_org(unit, label, kind="foreign_ngo"),
            kind="operation",
            number=f"No. {label}",
            valid_from=date(2024, 1, 1),
            valid_until=date(2029, 12, 31),
        )


class PersonalDataTests(TestCase):
    """People are personal data: the central union sees the province's partners, not its people."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.person = Person.objects.create(unit=cls.u["hai_phong"], full_name="Đỗ Văn Bình")
        cls.org = _org(cls.u["hai_phong"], "Hội hữu nghị Việt Nam – Lào")

    def test_central_union_admin_gets_not_found_for_a_provincial_person(self):
        from amity.core.testing import APIClient

        vufo = make_user("vufo-admin", unit=self.u["vufo"], role="admin")
        self.client.force_login(vufo)
        self.assertEqual(self.client.get(reverse("registry:person_detail", args=[self.person.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("registry:organisation_detail", args=[self.org.pk])).status_code, 200)
        self.assertNotContains(self.client.get(reverse("search"), {"q": "do van binh"}), "Đỗ Văn Bình")
        api = APIClient()
        api.force_authenticate(vufo)
        self.assertEqual(api.get(reverse("registry-api:person-detail", args=[self.person.pk])).status_code, 404)
        self.assertEqual(api.get(reverse("registry-api:person-list")).json()["count"], 0)


class MemberNamesTests(NamesShownMixin, TestCase):
    """An organisation's page, the membership list and a membership's page name its members."""

    @classmethod
    def make(cls, unit, person_name):
        person = Person.objects.create(unit=unit, full_name=person_name)
        return OrganisationMembership.objects.create(person=person, organisation=_org(unit, "Hội có hội viên"))

    def pages(self, made):
        return [
            reverse("registry:organisation_detail", args=[made.organisation_id]),
            reverse("registry:organisationmembership_list"),
            reverse("registry:organisationmembership_detail", args=[made.pk]),
        ]
