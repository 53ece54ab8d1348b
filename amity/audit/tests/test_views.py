from django.test import TestCase
from django.urls import reverse
from django.utils.text import capfirst

from amity.audit.models import ExportLog, ObjectChange
from amity.core.roles import Role
from amity.registry.models import Organisation
from amity.units.models import Membership
from amity.units.testing import make_unit_tree, make_user


class ChangeLogScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        Organisation.objects.create(unit=cls.u["hai_phong"], kind="other", name="Hội Hải Phòng")
        Organisation.objects.create(unit=cls.u["bac_giang"], kind="other", name="Hội Bắc Giang")

    def test_auditor_sees_changes_of_own_subtree_only(self):
        self.client.force_login(make_user("aud", unit=self.u["hai_phong"], role=Role.AUDITOR))
        response = self.client.get(reverse("audit:objectchange_list"))
        self.assertContains(response, "Hội Hải Phòng")
        self.assertNotContains(response, "Hội Bắc Giang")
        foreign = ObjectChange.objects.get(object_repr="Hội Bắc Giang")
        self.assertEqual(self.client.get(reverse("audit:objectchange_detail", args=[foreign.pk])).status_code, 404)

    def test_changes_of_shared_reference_data_are_for_the_central_unions_auditors(self):
        from amity.geo.models import CountryGroup

        group = CountryGroup.objects.create(name="Đông Bắc Á")
        shared = ObjectChange.objects.get(content_type__model="countrygroup", object_id=str(group.pk))
        self.assertIsNone(shared.unit_id)
        for key, sees in (("vufo", True), ("hai_phong", False)):
            self.client.force_login(make_user(f"aud-{key}", unit=self.u[key], role=Role.AUDITOR))
            with self.subTest(key):
                self.assertEqual("Đông Bắc Á" in self.client.get(reverse("audit:objectchange_list")).text, sees)
                detail = self.client.get(reverse("audit:objectchange_detail", args=[shared.pk]))
                self.assertEqual(detail.status_code, 200 if sees else 404)
        self.client.force_login(make_user("vufo-viewer", unit=self.u["vufo"], role=Role.VIEWER))
        self.assertEqual(self.client.get(reverse("audit:objectchange_detail", args=[shared.pk])).status_code, 404)

    def test_editor_has_no_change_log(self):
        self.client.force_login(make_user("ed", unit=self.u["hai_phong"], role=Role.EDITOR))
        response = self.client.get(reverse("audit:objectchange_list"))
        self.assertNotContains(response, "Hội Hải Phòng")


class ExportLogScopeTests(TestCase):
    """An export shows in the log of the auditors of the units whose data it held, not of every
    unit where the exporting user happens to hold a role."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        Organisation.objects.create(unit=cls.u["hai_phong"], kind="other", name="Hội Hải Phòng")
        Organisation.objects.create(unit=cls.u["hp_laos"], kind="other", name="Chi hội Việt – Lào")
        Organisation.objects.create(unit=cls.u["bac_ninh"], kind="other", name="Hội Bắc Ninh")
        cls.exporter = make_user("hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        Membership.objects.create(user=cls.exporter, unit=cls.u["bac_ninh"], role=Role.VIEWER)
        cls.auditors = {
            key: make_user(f"aud-{key}", unit=cls.u[key], role=Role.AUDITOR)
            for key in ("hai_phong", "bac_ninh", "hp_laos", "vufo")
        }

    def export(self, user, query: str) -> None:
        self.client.force_login(user)
        response = self.client.get(reverse("registry:organisation_list") + query)
        self.assertEqual(response.status_code, 200)

    def seen_by(self) -> dict[str, list[str]]:
        seen = {}
        for key, auditor in self.auditors.items():
            self.client.force_login(auditor)
            table = self.client.get(reverse("audit:exportlog_list")).context["table"]
            seen[key] = sorted(row.record.query for row in table.rows)
        return seen

    def test_auditor_sees_exports_of_own_subtree_data_only(self):
        hp = self.u["hai_phong"]
        self.export(self.exporter, f"?export=csv&unit={hp.pk}")  # the union's own organisations
        log = ExportLog.objects.get()
        self.assertEqual(log.row_count, 1)
        self.assertEqual(list(log.units.values_list("pk", flat=True)), [hp.pk])
        self.export(make_user("vufo-admin", unit=self.u["vufo"], role=Role.ADMIN), "?export=xlsx")  # every province
        self.assertEqual(
            self.seen_by(),
            {
                "hai_phong": ["", f"unit={hp.pk}"],
                "bac_ninh": [""],  # not Hải Phòng's export, although the exporter is a viewer in Bắc Ninh
                "hp_laos": [""],  # the association's own auditor sees only what held its data
                "vufo": ["", f"unit={hp.pk}"],
            },
        )

    def test_export_of_one_association_is_not_shown_to_another_province(self):
        query = f"unit={self.u['hp_laos'].pk}"
        self.export(self.exporter, f"?export=csv&{query}")
        self.assertEqual(self.seen_by(), {"hai_phong": [query], "bac_ninh": [], "hp_laos": [query], "vufo": [query]})

    def test_exporter_sees_own_exports_and_an_unscoped_log_falls_back_to_the_exporters_units(self):
        from amity.audit.services import export_record

        export_record(actor=self.exporter, model=Organisation, format="pdf", row_count=3, query="legacy")
        seen = self.seen_by()
        self.assertEqual((seen["hai_phong"], seen["bac_ninh"], seen["hp_laos"]), (["legacy"], ["legacy"], []))
        viewer = make_user("bn-viewer", unit=self.u["bac_ninh"], role=Role.VIEWER)
        self.export(viewer, "?export=csv")
        self.client.force_login(viewer)
        rows = self.client.get(reverse("audit:exportlog_list")).context["table"].rows
        self.assertEqual([row.record.actor_name for row in rows], ["bn-viewer"])

    def test_log_shows_the_units_each_export_held_linked_where_the_viewer_may_open_them(self):
        hp, laos, bn = self.u["hai_phong"], self.u["hp_laos"], self.u["bac_ninh"]
        self.export(make_user("vufo-admin", unit=self.u["vufo"], role=Role.ADMIN), "?export=xlsx")
        self.client.force_login(self.auditors["hai_phong"])
        response = self.client.get(reverse("audit:exportlog_list"))
        self.assertContains(response, f'<a href="{hp.get_absolute_url()}">{hp.name}</a>', html=True)
        self.assertContains(response, f'<a href="{laos.get_absolute_url()}">{laos.name}</a>', html=True)
        self.assertContains(response, bn.name)  # named: the export held its data too
        self.assertNotContains(response, f'href="{bn.get_absolute_url()}"')  # but not a unit Hải Phòng may open
        self.assertIn(capfirst(str(ExportLog._meta.get_field("units").verbose_name)), response.text)  # the header

    def test_filter_by_unit_keeps_exports_holding_data_of_the_unit_or_below_it(self):
        hp, laos, bn = self.u["hai_phong"], self.u["hp_laos"], self.u["bac_ninh"]
        self.export(self.exporter, f"?export=csv&unit={laos.pk}")
        self.export(make_user("bn-admin", unit=bn, role=Role.ADMIN), f"?export=csv&unit={bn.pk}")
        self.client.force_login(self.auditors["vufo"])

        def queries(unit) -> list[str]:
            table = self.client.get(reverse("audit:exportlog_list"), {"unit": unit.pk}).context["table"]
            return [row.record.query for row in table.rows]

        self.assertEqual(queries(hp), [f"unit={laos.pk}"])  # the association is below Hải Phòng
        self.assertEqual(queries(laos), [f"unit={laos.pk}"])
        self.assertEqual(queries(bn), [f"unit={bn.pk}"])
        self.assertEqual(queries(self.u["bac_giang"]), [])  # merged into Bắc Ninh: not above it
        self.client.force_login(self.auditors["hai_phong"])
        self.assertEqual(queries(bn), [])  # a unit outside the auditor's reach is no filter at all


class PersonalHistoryTests(TestCase):
    """A history page that shows a person's values in clear is a view of personal data: it is
    logged like a list of people; a page that shows them masked is not."""

    @classmethod
    def setUpTestData(cls):
        from amity.diaspora.tests.factories import compatriot
        from amity.registry.models import Person

        cls.u = make_unit_tree()
        hp = cls.u["hai_phong"]
        cls.person = Person.objects.create(unit=hp, full_name="Nguyễn Văn An", phone="0912 000 111")
        cls.person.phone = "0912 000 222"
        cls.person.save()
        cls.compatriot = compatriot(hp, "Trần Thị Bình", email="binh@example.cz")
        cls.org = Organisation.objects.create(unit=hp, kind="other", name="Hội Hải Phòng")
        cls.editor = make_user("hp-editor", unit=hp, role=Role.EDITOR)
        cls.viewer = make_user("hp-viewer", unit=hp, role=Role.VIEWER)

    def history(self, user, url_name: str, record):
        self.client.force_login(user)
        return self.client.get(reverse(url_name, args=[record.pk]))

    def test_history_of_a_person_logs_one_view_with_the_user_the_record_and_the_unit(self):
        response = self.history(self.editor, "registry:person_changelog", self.person)
        self.assertContains(response, "0912 000 222")
        log = ExportLog.objects.get()
        self.assertEqual(
            (log.actor, log.content_type.model, log.format, log.row_count, log.query, log.personal),
            (self.editor, "person", "history", 1, f"pk={self.person.pk}", True),
        )
        self.assertEqual(list(log.units.all()), [self.u["hai_phong"]])

    def test_history_of_a_compatriot_is_logged_only_for_a_viewer_who_sees_the_values(self):
        central = make_user("vufo-admin", unit=self.u["vufo"], role=Role.ADMIN)  # national figures, not people
        for user in (self.viewer, central):
            with self.subTest(user.username):
                response = self.history(user, "diaspora:compatriot_changelog", self.compatriot)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "binh@example.cz")
                self.assertFalse(ExportLog.objects.exists())
        response = self.history(self.editor, "diaspora:compatriot_changelog", self.compatriot)
        self.assertContains(response, "binh@example.cz")
        log = ExportLog.objects.get()
        self.assertEqual((log.actor, log.content_type.model, log.format), (self.editor, "compatriot", "history"))
        self.assertEqual(list(log.units.all()), [self.u["hai_phong"]])

    def test_history_without_personal_fields_and_a_person_out_of_reach_log_nothing(self):
        self.assertEqual(self.history(self.editor, "registry:organisation_changelog", self.org).status_code, 200)
        self.assertEqual(self.history(self.viewer, "registry:person_changelog", self.person).status_code, 404)
        self.assertFalse(ExportLog.objects.exists())

    def test_one_change_in_the_audit_log_is_logged_when_its_personal_values_are_shown(self):
        change = ObjectChange.objects.filter(content_type__model="compatriot").get()
        self.client.force_login(make_user("hp-auditor", unit=self.u["hai_phong"], role=Role.AUDITOR))
        response = self.client.get(reverse("audit:objectchange_detail", args=[change.pk]))
        self.assertNotContains(response, "binh@example.cz")  # auditors check the trail, not the people
        self.assertFalse(ExportLog.objects.exists())
        admin = make_user("hp-admin", unit=self.u["hai_phong"], role=Role.ADMIN)
        self.client.force_login(admin)
        response = self.client.get(reverse("audit:objectchange_detail", args=[change.pk]))
        self.assertContains(response, "binh@example.cz")
        log = ExportLog.objects.get()
        self.assertEqual((log.actor, log.content_type.model, log.format), (admin, "compatriot", "change"))
        self.assertEqual(list(log.units.all()), [self.u["hai_phong"]])
