"""Adding a person or an organisation not yet in the registry from another form's picker: a short
form in a dialog, saved through the registry's services, answering with the new option."""

from django.test import TestCase
from django.urls import reverse

from amity.aid.tests.factories import make_item
from amity.audit.models import ObjectChange
from amity.core.roles import Role
from amity.registry.models import Organisation, Person
from amity.units.testing import make_unit_tree, make_user

PERSON = reverse("quick_add", args=["registry.person"])
ORGANISATION = reverse("quick_add", args=["registry.organisation"])


class QuickAddTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        cls.viewer = make_user("hp-viewer", unit=cls.u["hai_phong"], role=Role.VIEWER)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_dialog_starts_with_what_was_typed_in_the_users_union(self):
        form = self.client.get(PERSON, {"q": "Tanaka Hiroshi"}).context["form"]
        self.assertEqual(form["full_name"].value(), "Tanaka Hiroshi")
        self.assertEqual(form["unit"].value(), self.u["hai_phong"].pk)
        self.assertEqual(form.prefix, "quick")  # its fields never clash with the page's own form

    def test_a_person_saved_from_the_dialog_is_the_new_option_and_is_logged(self):
        response = self.client.post(
            PERSON,
            {"quick-unit": self.u["hai_phong"].pk, "quick-full_name": "Tanaka Hiroshi", "quick-kind": "foreign_friend"},
        )
        self.assertEqual(response.status_code, 201)
        person = Person.objects.get(full_name="Tanaka Hiroshi")
        self.assertEqual(response.json(), {"id": person.pk, "text": "Tanaka Hiroshi"})
        self.assertEqual(person.unit, self.u["hai_phong"])
        change = ObjectChange.objects.get(content_type__model="person", object_id=str(person.pk))
        self.assertEqual((change.action, change.actor), ("create", self.editor))

    def test_an_organisation_missing_its_kind_is_refused_in_the_dialog_and_nothing_is_written(self):
        response = self.client.post(
            ORGANISATION, {"quick-unit": self.u["hai_phong"].pk, "quick-name": "Kinderhilfe Deutschland"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["kind"])
        self.assertContains(response, 'value="Kinderhilfe Deutschland"', status_code=400)
        self.assertFalse(Organisation.objects.filter(name="Kinderhilfe Deutschland").exists())

    def test_another_provinces_union_is_not_a_choice(self):
        response = self.client.post(
            ORGANISATION, {"quick-unit": self.u["bac_ninh"].pk, "quick-name": "Hội X", "quick-kind": "foreign_ngo"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["unit"])
        self.assertFalse(Organisation.objects.filter(name="Hội X").exists())

    def test_who_may_not_add_is_refused_and_a_picker_without_a_dialog_is_not_found(self):
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(PERSON).status_code, 403)
        self.assertEqual(self.client.post(PERSON, {"quick-full_name": "X"}).status_code, 403)
        self.assertEqual(self.client.get(reverse("quick_add", args=["geo.country"])).status_code, 404)

    def test_the_pickers_of_the_delegation_and_donor_forms_offer_it_but_list_filters_do_not(self):
        item = make_item(self.u["hai_phong"], "Xe lăn")
        activity_form = self.client.get(reverse("activities:activity_add")).text
        donor_form = self.client.get(reverse("aid:aiddonor_add"), {"item": item.pk}).text
        for page, field in (
            (activity_form, "id_leader"),
            (activity_form, "id_members"),
            (donor_form, "id_organisation"),
        ):
            select = (
                page.split(f'id="{field}"')[0].rsplit("<select", 1)[1] + page.split(f'id="{field}"')[1].split(">")[0]
            )
            self.assertIn("data-quick-add=", select, field)
        self.assertNotIn("data-quick-add=", self.client.get(reverse("activities:activity_list")).text)
