from datetime import date

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from amity.audit.models import ExportLog, ObjectChange
from amity.core.testing import dashboard_page
from amity.registry.models import Organisation, OrganisationMembership, Person
from amity.registry.tests.factories import OrganisationFactory, OrganisationMembershipFactory
from amity.units.testing import make_unit_tree, make_user


class OrganisationScreensTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        cls.org = Organisation.objects.create(
            unit=cls.u["hai_phong"], kind="friendship_association", name="Hội hữu nghị Việt Nam – Lào"
        )
        cls.other = Organisation.objects.create(
            unit=cls.u["bac_giang"], kind="friendship_association", name="Hội hữu nghị Việt Nam – Nga"
        )
        Person.objects.create(unit=cls.u["bac_giang"], full_name="Nguyễn Đức Trọng")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_list_shows_own_records_only(self):
        response = self.client.get(reverse("registry:organisation_list"))
        self.assertContains(response, "Việt Nam – Lào")
        self.assertNotContains(response, "Việt Nam – Nga")

    def test_each_organisation_counts_its_live_members_and_sorts_by_them(self):
        cuba = Organisation.objects.create(
            unit=self.u["hai_phong"], kind="friendship_association", name="Hội hữu nghị Việt Nam – Cu Ba"
        )
        for _ in range(3):
            OrganisationMembershipFactory(organisation=self.org)
        OrganisationMembershipFactory(organisation=cuba)
        left = OrganisationMembershipFactory(organisation=cuba)
        OrganisationMembership.all_objects.filter(pk=left.pk).update(deleted_at=timezone.now())
        OrganisationMembershipFactory(organisation=self.other)  # another province's, not on the page
        for order, expected in (
            ("member_total", [("Hội hữu nghị Việt Nam – Cu Ba", 1), ("Hội hữu nghị Việt Nam – Lào", 3)]),
            ("-member_total", [("Hội hữu nghị Việt Nam – Lào", 3), ("Hội hữu nghị Việt Nam – Cu Ba", 1)]),
        ):
            page = self.client.get(reverse("registry:organisation_list"), {"sort": order})
            rows = [(row.record.name, row.record.member_total) for row in page.context["table"].paginated_rows]
            self.assertEqual(rows, expected, order)

    def test_a_website_opens_from_the_organisations_page_and_another_scheme_stays_text(self):
        Organisation.objects.filter(pk=self.org.pk).update(website="https://fukuoka-jv.jp")
        self.assertContains(self.client.get(self.org.get_absolute_url()), '<a href="https://fukuoka-jv.jp">')
        Organisation.objects.filter(pk=self.org.pk).update(website="javascript:alert(1)")  # as an import might
        page = self.client.get(self.org.get_absolute_url())
        self.assertContains(page, "javascript:alert(1)")
        self.assertNotContains(page, 'href="javascript:')

    def test_create_through_form_is_audited_as_web(self):
        response = self.client.post(
            reverse("registry:organisation_add"),
            {
                "unit": self.u["hai_phong"].pk,
                "kind": "foreign_ngo",
                "name": "Tổ chức Plan International",
                "name_original": "Plan International",
            },
        )
        org = Organisation.objects.get(name_original="Plan International")
        self.assertRedirects(response, org.get_absolute_url())
        change = ObjectChange.objects.get(object_id=str(org.pk), action="create", content_type__model="organisation")
        self.assertEqual((change.source, change.actor_name), ("web", "hp-editor"))

    def test_website_without_scheme_is_saved_as_https(self):
        """Forms and the admin take a bare address as https:// (Django 6's default, set explicitly), and
        the browser lets it through to them."""
        url = reverse("registry:organisation_edit", args=[self.org.pk])
        # a text box with the address keyboard: a browser's url box would refuse the bare address
        self.assertInHTML(
            '<input type="text" name="website" inputmode="url" class="form-control" maxlength="200" id="id_website">',
            self.client.get(url).content.decode(),
        )
        data = {"kind": "friendship_association", "name": self.org.name, "version": self.org.version}
        self.assertEqual(self.client.post(url, {**data, "website": "vietlaohaiphong.vn"}).status_code, 302)
        self.org.refresh_from_db()
        self.assertEqual(self.org.website, "https://vietlaohaiphong.vn")
        response = self.client.post(url, {**data, "version": self.org.version, "website": "not a web address"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("website", response.context["form"].errors)

        admin = make_user("root", is_superuser=True, is_staff=True)
        self.client.force_login(admin)
        page = self.client.get(reverse("admin:registry_organisation_change", args=[self.org.pk]))
        self.assertEqual(page.context["adminform"].form.fields["website"].assume_scheme, "https")

    def test_a_new_record_starts_in_the_editors_own_union_and_a_central_admin_chooses(self):
        page = self.client.get(reverse("registry:organisation_add"))
        self.assertEqual(page.context["form"]["unit"].value(), self.u["hai_phong"].pk)
        self.assertContains(page, f'<option value="{self.u["hai_phong"].pk}" selected>')

        two_unions = make_user("two-unions", unit=self.u["hai_phong"])
        two_unions.memberships.create(unit=self.u["bac_giang"], role="editor")
        self.client.force_login(two_unions)
        page = self.client.get(reverse("registry:organisation_add"))
        self.assertIsNone(page.context["form"]["unit"].value())

    def test_create_in_another_province_is_refused(self):
        response = self.client.post(
            reverse("registry:organisation_add"), {"unit": self.u["bac_giang"].pk, "kind": "other", "name": "Lạ"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Organisation.objects.filter(name="Lạ").exists())

    def test_stale_form_shows_conflict_and_keeps_first_save(self):
        url = reverse("registry:organisation_edit", args=[self.org.pk])
        data = {"kind": "friendship_association", "name": "Tên mới 1", "version": self.org.version}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        response = self.client.post(url, {**data, "name": "Tên mới 2"})
        self.assertContains(response, "hp-editor", status_code=400)
        self.org.refresh_from_db()
        self.assertEqual(self.org.name, "Tên mới 1")

    def test_export_xlsx_is_filtered_and_logged(self):
        response = self.client.get(reverse("registry:organisation_list") + "?q=lao&export=xlsx")
        self.assertEqual(response.status_code, 200)
        import io

        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(names, ["Hội hữu nghị Việt Nam – Lào"])
        log = ExportLog.objects.get()
        self.assertEqual((log.format, log.row_count, log.actor_name), ("xlsx", 1, "hp-editor"))

    def test_search_ignores_diacritics_and_scope(self):
        bn_user = make_user("bn", unit=self.u["bac_ninh"])
        self.client.force_login(bn_user)
        response = self.client.get(reverse("search"), {"q": "nguyen duc TRONG"})
        self.assertContains(response, "Nguyễn Đức Trọng")
        self.client.force_login(self.editor)
        response = self.client.get(reverse("search"), {"q": "nguyen duc trong"})
        self.assertNotContains(response, "Nguyễn Đức Trọng")

    def test_delete_then_restore_from_history(self):
        self.client.post(reverse("registry:organisation_delete", args=[self.org.pk]))
        self.assertFalse(Organisation.objects.filter(pk=self.org.pk).exists())
        history = self.client.get(reverse("registry:organisation_changelog", args=[self.org.pk]))
        self.assertContains(history, reverse("registry:organisation_restore", args=[self.org.pk]))
        self.client.post(reverse("registry:organisation_restore", args=[self.org.pk]))
        self.assertTrue(Organisation.objects.filter(pk=self.org.pk).exists())

    def test_dashboard_has_counts_and_chart(self):
        response = dashboard_page(self.client)
        self.assertContains(response, 'data-figure="organisations">1<')
        self.assertContains(response, "<svg")


class PersonExportLogTests(TestCase):
    """A list of people exported by a user with roles in two provinces is logged as holding the
    units of the people actually in the file, as personal data."""

    @classmethod
    def setUpTestData(cls):
        from amity.core.roles import Role
        from amity.units.models import Membership

        cls.u = make_unit_tree()
        hp, bn = cls.u["hai_phong"], cls.u["bac_ninh"]
        Person.objects.create(unit=hp, full_name="Nguyễn Văn An")
        Person.objects.create(unit=cls.u["hp_laos"], full_name="Lê Thị Hoa")
        Person.objects.create(unit=bn, full_name="Trần Văn Cường")
        cls.user = make_user("two-provinces", unit=hp, role=Role.EDITOR)
        Membership.objects.create(user=cls.user, unit=bn, role=Role.EDITOR)

    def export(self, query: str) -> ExportLog:
        self.client.force_login(self.user)
        response = self.client.get(reverse("registry:person_list") + query)
        self.assertEqual(response.status_code, 200)
        return ExportLog.objects.latest("pk")

    def test_filtered_export_names_only_the_units_of_the_people_it_held(self):
        log = self.export(f"?export=csv&unit={self.u['bac_ninh'].pk}")
        self.assertEqual((log.row_count, log.personal, log.content_type.model), (1, True, "person"))
        self.assertEqual(list(log.units.all()), [self.u["bac_ninh"]])
        log = self.export("?export=xlsx&q=an")  # Nguyễn Văn An and Trần Văn Cường, not Lê Thị Hoa
        self.assertEqual(log.row_count, 2)
        self.assertEqual(set(log.units.all()), {self.u["hai_phong"], self.u["bac_ninh"]})

    def test_a_page_of_people_and_a_persons_page_are_logged_as_views_of_personal_data(self):
        self.client.force_login(self.user)
        response = self.client.get(reverse("registry:person_list"), {"unit": self.u["hp_laos"].pk})
        self.assertContains(response, "Lê Thị Hoa")
        log = ExportLog.objects.get()
        self.assertEqual((log.format, log.row_count, log.personal), ("list", 1, True))
        self.assertEqual(list(log.units.all()), [self.u["hp_laos"]])  # not every unit of the viewer's
        person = Person.objects.get(full_name="Trần Văn Cường")
        self.assertContains(self.client.get(person.get_absolute_url()), "Trần Văn Cường")
        log = ExportLog.objects.latest("pk")
        self.assertEqual((log.actor, log.format, log.query), (self.user, "detail", f"pk={person.pk}"))
        self.assertEqual(list(log.units.all()), [self.u["bac_ninh"]])
        self.client.get(reverse("registry:person_list"), {"q": "nobody"})
        self.assertEqual(ExportLog.objects.count(), 2)  # an empty page shows no one


class PersonOrganisationTests(TestCase):
    """The person form says where a person works (a membership, audited) and the people list shows
    it; another organisation ends the membership the form showed, not the person's others."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        hp = cls.u["hai_phong"]
        cls.editor = make_user("hp-people", unit=hp)
        cls.university = OrganisationFactory(unit=hp, kind="university", name="Đại học Kyushu")
        cls.ngo = OrganisationFactory(unit=hp, name="Quỹ Sasakawa")
        cls.society = OrganisationFactory(unit=hp, kind="friendship_association", name="Hội hữu nghị Nhật – Việt")
        cls.elsewhere = OrganisationFactory(unit=cls.u["bac_ninh"], name="Quỹ Toyota")

    def setUp(self):
        self.client.force_login(self.editor)

    def post(self, person=None, **changes):
        data = {"unit": self.u["hai_phong"].pk, "full_name": "Tanaka Yuki", "kind": "foreign_friend", **changes}
        if person is None:
            return self.client.post(reverse("registry:person_add"), data)
        person.refresh_from_db()
        return self.client.post(reverse("registry:person_edit", args=[person.pk]), {**data, "version": person.version})

    def listed(self) -> str:
        (row,) = self.client.get(reverse("registry:person_list")).context["table"].paginated_rows
        return row.get_cell_value("organisations")

    def test_a_foreign_friend_is_saved_with_where_they_work_and_the_list_shows_it(self):
        response = self.post(organisation=self.university.pk)
        self.assertEqual(response.status_code, 302)
        person = Person.objects.get(full_name="Tanaka Yuki")
        (membership,) = person.memberships.all()
        self.assertEqual(
            (membership.organisation, membership.start, membership.end), (self.university, timezone.localdate(), None)
        )
        change = ObjectChange.objects.get(content_type__model="organisationmembership", object_id=membership.pk)
        self.assertEqual((change.actor, change.action, change.source), (self.editor, "create", "web"))
        self.assertEqual(self.listed(), "Đại học Kyushu")
        form = self.client.get(reverse("registry:person_edit", args=[person.pk])).context["form"]
        self.assertEqual(form["organisation"].value(), self.university.pk)
        self.assertIn("data-autocomplete", str(form["organisation"]))  # picked by typing, as the registry's pickers

    def test_another_organisation_ends_the_one_shown_and_the_others_stay(self):
        person = Person.objects.create(unit=self.u["hai_phong"], full_name="Tanaka Yuki", kind="foreign_friend")
        kept = OrganisationMembership.objects.create(person=person, organisation=self.society, start=date(2020, 1, 1))
        shown = OrganisationMembership.objects.create(
            person=person, organisation=self.university, start=date(2023, 4, 1)
        )
        self.assertEqual(self.listed(), "Đại học Kyushu; Hội hữu nghị Nhật – Việt")
        self.assertEqual(self.post(person, organisation=self.ngo.pk).status_code, 302)
        shown.refresh_from_db()
        self.assertEqual(shown.end, timezone.localdate())
        self.assertEqual(self.listed(), "Quỹ Sasakawa; Hội hữu nghị Nhật – Việt")  # the one begun last first
        kept.refresh_from_db()
        self.assertIsNone(kept.end)
        # where the person is a member already: the NGO's ends, nothing is added; saved again, nothing
        for _ in range(2):
            self.assertEqual(self.post(person, organisation=self.society.pk).status_code, 302)
            self.assertEqual(self.listed(), "Hội hữu nghị Nhật – Việt")
            self.assertEqual(person.memberships.count(), 3)
        self.assertEqual(self.post(person, organisation="").status_code, 302)
        self.assertEqual(self.listed(), "")
        ended = OrganisationMembership.objects.filter(person=person, end=timezone.localdate())
        self.assertEqual(ended.count(), 3)
        changes = ObjectChange.objects.filter(content_type__model="organisationmembership", action="update")
        self.assertEqual(changes.count(), 3)

    def test_an_organisation_of_another_province_is_refused_on_its_field(self):
        response = self.post(organisation=self.elsewhere.pk)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.context["form"].errors), ["organisation"])
        self.assertFalse(Person.objects.filter(full_name="Tanaka Yuki").exists())
