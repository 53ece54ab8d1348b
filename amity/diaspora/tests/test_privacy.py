import io
from datetime import date

import openpyxl
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amity.audit.models import ExportLog, ObjectChange
from amity.core.roles import Role
from amity.units.testing import make_unit_tree, make_user

from .. import selectors, services
from ..models import Compatriot, Contribution, ErasureJob, ImportJob
from .factories import compatriot
from .test_imports import csv_file


class PrivacyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.bn_editor = make_user("bn-editor", unit=cls.u["bac_ninh"])
        cls.bn_viewer = make_user("bn-viewer", unit=cls.u["bac_ninh"], role=Role.VIEWER)
        cls.vufo_admin = make_user("vufo-admin", unit=cls.u["vufo"], role=Role.ADMIN)
        cls.hp_editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        # made by the Bắc Giang union before the merger: Bắc Ninh's staff inherit it
        cls.person = compatriot(
            cls.u["bac_giang"],
            "Nguyễn Văn An",
            phone="+420 777 123 456",
            email="an@example.cz",
            city="Praha",
            birth_year=1975,
            sex="male",
        )
        cls.formula = compatriot(cls.u["bac_giang"], '=HYPERLINK("http://x","y")', city="Brno")

    def test_central_union_sees_the_record_but_not_the_personal_fields(self):
        self.client.force_login(self.vufo_admin)
        response = self.client.get(reverse("diaspora:compatriot_list"))
        self.assertNotContains(response, "Nguyễn")
        self.assertContains(response, selectors.MASK)
        response = self.client.get(self.person.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Nguyễn Văn An")
        self.assertNotContains(response, "777")
        api = self.client.get(reverse("diaspora-api:compatriot-detail", args=[self.person.pk]))
        self.assertEqual((api.json()["full_name"], api.json()["phone"]), (selectors.MASK, selectors.MASK))
        self.assertFalse(ExportLog.objects.filter(personal=True).exists())

    def test_central_union_reads_history_and_audit_log_without_names(self):
        gift = Contribution.objects.create(
            unit=self.u["bac_giang"],
            compatriot=self.person,
            amount=2_000_000,
            currency="VND",
            received_on=date(2021, 6, 1),
        )
        person_change = ObjectChange.objects.filter(
            content_type=ContentType.objects.get_for_model(Compatriot), object_id=str(self.person.pk)
        ).first()
        pages = [
            gift.get_absolute_url(),
            reverse("diaspora:contribution_changelog", args=[gift.pk]),
            reverse("diaspora:compatriot_changelog", args=[self.person.pk]),
            reverse("audit:objectchange_list"),
            reverse("audit:objectchange_detail", args=[person_change.pk]),
        ]
        self.client.force_login(self.vufo_admin)
        for url in pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "Nguyễn Văn An")
                self.assertNotContains(response, "777 123")
        detail = self.client.get(reverse("audit:objectchange_detail", args=[person_change.pk]))
        self.assertContains(detail, f"#{self.person.pk}")
        self.assertContains(detail, "•••")
        self.client.force_login(self.bn_editor)
        self.assertContains(self.client.get(pages[2]), "Nguyễn Văn An")
        self.assertContains(self.client.get(pages[0]), "Nguyễn Văn An")

    def test_name_search_does_not_answer_for_masked_units(self):
        """A masked list must not confirm a name: the central union's search finds nobody."""
        list_url, api_url = reverse("diaspora:compatriot_list"), reverse("diaspora-api:compatriot-list")
        self.client.force_login(self.vufo_admin)
        self.assertEqual(self.client.get(api_url, {"q": "nguyen van an"}).json()["count"], 0)
        self.assertEqual(self.client.get(api_url).json()["count"], 2)
        self.assertNotContains(self.client.get(list_url, {"q": "nguyen van an"}), selectors.MASK)
        self.client.force_login(self.bn_editor)
        self.assertEqual(self.client.get(api_url, {"q": "nguyen van an"}).json()["count"], 1)

    def test_contribution_form_offers_only_persons_whose_names_the_user_may_see(self):
        """The form's compatriot picker asks the autocomplete endpoint, which answers with the
        names the user may see, and logs them as a view of personal data."""
        picker = reverse("autocomplete", args=["diaspora.compatriot"])
        self.client.force_login(self.vufo_admin)
        response = self.client.get(reverse("diaspora:contribution_add"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, picker)
        self.assertNotContains(response, "Nguyễn Văn An")
        self.assertEqual(self.client.get(picker, {"q": "nguyen van an"}).json(), {"results": []})
        self.client.force_login(self.bn_editor)
        self.assertNotContains(self.client.get(reverse("diaspora:contribution_add")), "Nguyễn Văn An")  # none chosen
        logged = ExportLog.objects.count()
        names = [r["text"] for r in self.client.get(picker, {"q": "nguyen van an"}).json()["results"]]
        self.assertEqual(names, ["Nguyễn Văn An"])
        self.assertEqual(ExportLog.objects.count(), logged + 1)

    def test_lists_naming_persons_are_logged_too(self):
        Contribution.objects.create(
            unit=self.u["bac_giang"], compatriot=self.person, amount=2_000_000, received_on=date(2021, 6, 1)
        )
        self.client.force_login(self.vufo_admin)  # sees the gift, not the donor's name: nothing to log
        self.assertNotContains(self.client.get(reverse("diaspora:contribution_list")), "Nguyễn Văn An")
        self.client.get(reverse("search"), {"q": "nguyen van an"})
        self.assertFalse(ExportLog.objects.exists())
        self.client.force_login(self.bn_editor)
        self.assertContains(self.client.get(reverse("diaspora:contribution_list")), "Nguyễn Văn An")
        self.client.get(reverse("search"), {"q": "nguyen van an"})
        self.assertEqual(
            list(ExportLog.objects.order_by("pk").values_list("format", "row_count", "actor_name")),
            [("list", 1, "bn-editor"), ("search", 1, "bn-editor")],
        )

    def test_another_province_gets_404(self):
        self.client.force_login(self.hp_editor)
        self.assertEqual(self.client.get(self.person.get_absolute_url()).status_code, 404)
        api = self.client.get(reverse("diaspora-api:compatriot-detail", args=[self.person.pk]))
        self.assertEqual(api.status_code, 404)
        self.assertNotContains(self.client.get(reverse("diaspora:compatriot_list")), "N. V. A.")

    def test_owning_unit_sees_masked_list_then_reveal_is_logged(self):
        self.client.force_login(self.bn_editor)
        response = self.client.get(reverse("diaspora:compatriot_list"))
        self.assertContains(response, "N. V. A.")
        self.assertNotContains(response, "Nguyễn Văn An")
        self.assertContains(response, "+4•••56")
        self.assertEqual(ExportLog.objects.get().format, "list")
        self.assertContains(response, 'href="?&reveal=1" data-link="reveal"')  # the list's own button
        response = self.client.get(reverse("diaspora:compatriot_list") + "?reveal=1")
        self.assertContains(response, "Nguyễn Văn An")
        self.assertNotContains(response, 'data-link="reveal"')
        log = ExportLog.objects.order_by("-pk").first()
        self.assertEqual((log.format, log.personal, log.actor_name, log.row_count), ("reveal", True, "bn-editor", 2))

    def test_only_a_list_that_may_hide_names_asks_the_database_which_it_hides(self):
        hidden_query = 'NOT EXISTS(SELECT 1 AS "a" FROM "diaspora_compatriot"'
        for user, asked in ((self.bn_editor, False), (self.vufo_admin, True)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(reverse("diaspora:compatriot_list")).status_code, 200)
                self.assertEqual(any(hidden_query in q["sql"] for q in queries.captured_queries), asked)

    def test_viewer_role_without_personal_right_sees_masks(self):
        self.client.force_login(self.bn_viewer)
        self.assertNotContains(self.client.get(reverse("diaspora:compatriot_list")), 'data-link="reveal"')
        response = self.client.get(self.person.get_absolute_url())
        self.assertNotContains(response, "Nguyễn Văn An")
        self.assertContains(response, selectors.MASK)

    def test_export_is_logged_and_formulas_neutralised(self):
        self.client.force_login(self.bn_editor)
        response = self.client.get(reverse("diaspora:compatriot_list") + "?export=xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        names = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(names, ['\'=HYPERLINK("http://x","y")', "Nguyễn Văn An"])
        log = ExportLog.objects.get(format="xlsx")
        self.assertEqual((log.personal, log.row_count), (True, 2))

    def test_export_writes_the_year_of_birth_as_it_is_not_as_an_amount(self):
        self.client.force_login(self.bn_editor)
        response = self.client.get(reverse("diaspora:compatriot_list") + "?export=xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        born = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == 1975]
        self.assertEqual([c.number_format for c in born], ["0"])  # Excel shows 1975, not 1,975

    def test_edit_needs_the_personal_right(self):
        self.client.force_login(self.vufo_admin)
        url = reverse("diaspora:compatriot_edit", args=[self.person.pk])
        self.assertIn(self.client.get(url).status_code, (403, 404))


class ErasureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("bn-editor", unit=cls.u["bac_ninh"])
        cls.person = compatriot(cls.u["bac_giang"], "Trần Thị Hường", phone="0912345678", birth_year=1980, sex="female")
        services.compatriot_update(
            actor=cls.editor, instance=cls.person, data={"city": "Ostrava", "occupation": "Kinh doanh"}
        )
        Contribution.objects.create(
            unit=cls.u["bac_giang"],
            compatriot=cls.person,
            amount=5_000_000,
            currency="VND",
            received_on=date(2021, 6, 1),
        )

    def test_erasure_keeps_counts_and_scrubs_the_change_log(self):
        before = selectors.diaspora_figures(user=self.editor).rows
        self.client.force_login(self.editor)
        url = reverse("diaspora:compatriot_erase", args=[self.person.pk])
        response = self.client.post(url, {"requested_on": "10/02/2026", "reason": "Yêu cầu qua email"})
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        person = Compatriot.objects.get(pk=self.person.pk)
        self.assertIsNotNone(person.erased_at)
        self.assertEqual((person.phone, person.city, person.birth_year, person.sex), ("", "", 1980, "female"))
        self.assertEqual(selectors.diaspora_figures(user=self.editor).rows, before)
        self.assertEqual(person.contributions.count(), 1)
        ct = ContentType.objects.get_for_model(Compatriot)
        changes = ObjectChange.objects.filter(content_type=ct, object_id=str(person.pk))
        text = " ".join(f"{c.before} {c.after} {c.object_repr} {c.message}" for c in changes)
        for secret in ("Hường", "0912345678", "Ostrava", "Kinh doanh"):
            self.assertNotIn(secret, text)
        event = changes.get(event="diaspora.erased")
        self.assertEqual(event.after["requested_on"], "2026-02-10")

    def test_erasure_reaches_the_records_merged_into_the_person(self):
        twin = compatriot(self.u["bac_giang"], "Tran Thi Huong", birth_year=1980, email="huong@example.cz")
        merge = services.compatriot_merge(actor=self.editor, kept=self.person, duplicate=twin)
        services.compatriot_erase(actor=self.editor, compatriot=self.person, requested_on=date(2026, 2, 10))
        twin = Compatriot.all_objects.get(pk=twin.pk)
        self.assertIsNotNone(twin.erased_at)
        self.assertEqual((twin.full_name, twin.email), (services.ERASED, ""))
        ct = ContentType.objects.get_for_model(Compatriot)
        logged = " ".join(f"{c.before} {c.after} {c.object_repr}" for c in ObjectChange.objects.filter(content_type=ct))
        for secret in ("Tran Thi Huong", "huong@example.cz", "Hường", "0912345678"):
            self.assertNotIn(secret, logged)
        with self.assertRaises(ValidationError):  # undoing would bring back an erased person
            services.merge_undo(actor=self.editor, merge=merge)
        self.client.force_login(self.editor)
        self.assertNotContains(
            self.client.get(self.person.get_absolute_url()), reverse("diaspora:merge_undo", args=[merge.pk])
        )

    def test_persons_past_their_keep_until_date_are_listed_for_erasure(self):
        overdue = compatriot(self.u["bac_giang"], "Lê Văn Cũ", retain_until=date(2025, 12, 31))
        compatriot(self.u["bac_giang"], "Lê Văn Mới", retain_until=date(2099, 12, 31))
        api = reverse("diaspora-api:compatriot-list")
        self.client.force_login(self.editor)
        ids = [r["id"] for r in self.client.get(api, {"retention_passed": "true"}).json()["results"]]
        self.assertEqual(ids, [overdue.pk])
        self.assertEqual(self.client.get(api, {"retention_passed": "false"}).json()["count"], 2)
        services.compatriot_erase(actor=self.editor, compatriot=overdue, requested_on=date(2026, 1, 2))
        self.assertEqual(self.client.get(api, {"retention_passed": "true"}).json()["count"], 0)
        screen = self.client.get(reverse("diaspora:compatriot_list"), {"retention_passed": "false", "reveal": "1"})
        self.assertContains(screen, "Lê Văn Mới")

    def test_erasure_needs_personal_and_delete_rights(self):
        self.client.force_login(make_user("vufo-admin", unit=self.u["vufo"], role=Role.ADMIN))
        response = self.client.post(
            reverse("diaspora:compatriot_erase", args=[self.person.pk]), {"requested_on": "10/02/2026"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertIsNone(Compatriot.objects.get(pk=self.person.pk).erased_at)


class DeletedRecordErasureTests(TestCase):
    """A deleted record can be restored, so it still holds personal data: erasure reaches it."""

    SECRETS = ("Phạm Quốc Bảo", "Pham Quoc Bao", "0987654321", "bao@example.de", "Leipzig", "Đầu bếp")

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("bn-editor", unit=cls.u["bac_ninh"])
        cls.viewer = make_user("bn-viewer", unit=cls.u["bac_ninh"], role=Role.VIEWER)

    def setUp(self):
        self.person = compatriot(
            self.u["bac_giang"], "Phạm Quốc Bảo", country="DE", phone="0987654321", birth_year=1970, sex="male"
        )
        services.compatriot_update(
            actor=self.editor, instance=self.person, data={"city": "Leipzig", "occupation": "Đầu bếp"}
        )
        self.gift = services.contribution_create(
            actor=self.editor,
            data={
                "unit": self.u["bac_giang"],
                "compatriot": self.person,
                "amount": 20_000_000,
                "currency": "VND",
                "received_on": date(2021, 8, 1),
            },
        )

    def logged(self) -> str:
        """Everything the change log holds about compatriots and contributions."""
        models = [ContentType.objects.get_for_model(m) for m in (Compatriot, Contribution)]
        changes = ObjectChange.objects.filter(content_type__in=models)
        return " ".join(f"{c.before} {c.after} {c.object_repr} {c.message}" for c in changes)

    def assert_no_personal_values(self, text: str) -> None:
        for secret in self.SECRETS:
            self.assertNotIn(secret, text)

    def test_delete_then_erase_on_screen_then_restore_shows_nothing_personal(self):
        self.client.force_login(self.editor)
        figures = selectors.diaspora_figures(user=self.editor).rows
        self.client.post(reverse("diaspora:compatriot_delete", args=[self.person.pk]))
        self.assertTrue(Compatriot.all_objects.get(pk=self.person.pk).is_deleted)
        history = reverse("diaspora:compatriot_changelog", args=[self.person.pk])
        erase = reverse("diaspora:compatriot_erase", args=[self.person.pk])
        self.assertContains(self.client.get(history), erase)  # the deleted record offers erasure
        self.assertEqual(self.client.get(erase).status_code, 200)
        response = self.client.post(erase, {"requested_on": "12/02/2026", "reason": "Đơn yêu cầu"})
        job = ErasureJob.objects.get(compatriot=self.person)
        self.assertRedirects(response, reverse("diaspora:erasure", args=[job.pk]))
        self.assertContains(self.client.get(response.url), history)  # done: a link back to the record
        person = Compatriot.all_objects.get(pk=self.person.pk)
        self.assertIsNotNone(person.erased_at)
        self.assertTrue(person.is_deleted)  # still deleted: erasure does not bring it back
        self.assertEqual((person.full_name, person.phone, person.city), (services.ERASED, "", ""))
        self.assertEqual((person.birth_year, person.sex, person.country.iso_alpha2), (1970, "male", "DE"))
        self.assert_no_personal_values(self.logged())
        page = self.client.get(history)
        self.assertNotContains(page, erase)
        self.assert_no_personal_values(page.content.decode())
        # restore: the person comes back anonymous, counted as before the delete, gift kept
        self.client.post(reverse("diaspora:compatriot_restore", args=[self.person.pk]))
        person.refresh_from_db()
        self.assertFalse(person.is_deleted)
        self.assertEqual(selectors.diaspora_figures(user=self.editor).rows, figures)
        self.assertEqual(list(person.contributions.all()), [self.gift])
        for url in (person.get_absolute_url(), history, self.gift.get_absolute_url()):
            page = self.client.get(url, {"reveal": "1"})
            self.assertEqual(page.status_code, 200)
            self.assert_no_personal_values(page.content.decode())
        self.assert_no_personal_values(self.logged())
        api = self.client.get(reverse("diaspora-api:compatriot-detail", args=[person.pk])).json()
        self.assert_no_personal_values(str(api))

    def test_api_erases_a_deleted_record(self):
        self.client.force_login(self.editor)
        detail = reverse("diaspora-api:compatriot-detail", args=[self.person.pk])
        self.assertEqual(self.client.delete(detail, HTTP_IF_MATCH=f'"{self.person.version}"').status_code, 204)
        erase = reverse("diaspora-api:compatriot-erase", args=[self.person.pk])
        self.assertEqual(self.client.get(erase).status_code, 404)  # no erasure asked yet
        response = self.client.post(erase, {"requested_on": "2026-02-12"}, content_type="application/json")
        self.assertEqual(response.status_code, 202, response.content)  # queued for the worker (run at once here)
        self.assertEqual((response.json()["status"], response.json()["stopped"]), ("done", False))
        self.assertEqual(self.client.get(erase).json()["id"], response.json()["id"])
        self.assertIsNotNone(Compatriot.all_objects.get(pk=self.person.pk).erased_at)
        self.assert_no_personal_values(self.logged())
        again = self.client.post(erase, {"requested_on": "2026-02-12"}, content_type="application/json")
        self.assertEqual(again.status_code, 400)

    def test_a_viewer_cannot_erase_a_deleted_record(self):
        self.person.delete()
        self.client.force_login(self.viewer)
        history = self.client.get(reverse("diaspora:compatriot_changelog", args=[self.person.pk]))
        self.assertNotContains(history, reverse("diaspora:compatriot_erase", args=[self.person.pk]))
        response = self.client.post(
            reverse("diaspora-api:compatriot-erase", args=[self.person.pk]),
            {"requested_on": "2026-02-12"},
            content_type="application/json",
        )
        self.assertIn(response.status_code, (403, 404))
        self.assertIsNone(Compatriot.all_objects.get(pk=self.person.pk).erased_at)

    def test_erasing_a_merged_duplicate_erases_the_person_kept_too(self):
        twin = compatriot(self.u["bac_giang"], "Pham Quoc Bao", country="DE", email="bao@example.de", birth_year=1970)
        merge = services.compatriot_merge(actor=self.editor, kept=self.person, duplicate=twin)
        other = compatriot(self.u["bac_giang"], "Vũ Thị Lan", country="DE")
        # the duplicate is the deleted one; the request names it, the same person is kept elsewhere
        services.compatriot_erase(actor=self.editor, compatriot=twin, requested_on=date(2026, 2, 12))
        for record in Compatriot.all_objects.filter(pk__in=[twin.pk, self.person.pk]):
            self.assertIsNotNone(record.erased_at)
            self.assertEqual((record.full_name, record.email, record.phone), (services.ERASED, "", ""))
        self.assertIsNone(Compatriot.objects.get(pk=other.pk).erased_at)
        self.assert_no_personal_values(self.logged())
        self.assertIn("Vũ Thị Lan", self.logged())  # others' history untouched
        with self.assertRaises(ValidationError):
            services.merge_undo(actor=self.editor, merge=merge)

    def test_a_merged_record_is_brought_back_by_undoing_the_merge_not_by_restore(self):
        twin = compatriot(self.u["bac_giang"], "Pham Quoc Bao", country="DE", birth_year=1970)
        services.compatriot_merge(actor=self.editor, kept=self.person, duplicate=twin)
        figures = selectors.diaspora_figures(user=self.editor).rows
        self.client.force_login(self.editor)
        history = reverse("diaspora:compatriot_changelog", args=[twin.pk])
        restore = reverse("diaspora:compatriot_restore", args=[twin.pk])
        self.assertNotContains(self.client.get(history), restore)
        self.assertRedirects(self.client.post(restore), history)
        self.assertTrue(Compatriot.all_objects.get(pk=twin.pk).is_deleted)
        self.assertEqual(selectors.diaspora_figures(user=self.editor).rows, figures)  # not counted twice


class ContributionDonorUnitTests(TestCase):
    """A contribution is recorded where its donor is held: one union cannot name another's people."""

    @classmethod
    def setUpTestData(cls):
        from amity.registry.models import Organisation
        from amity.units.models import Membership

        cls.u = make_unit_tree()
        # works for both provinces, so both persons are offered: the rule, not the choices, refuses
        cls.user = make_user("two-unions", unit=cls.u["bac_ninh"])
        Membership.objects.create(user=cls.user, unit=cls.u["hai_phong"], role=Role.EDITOR)
        Membership.objects.create(user=cls.user, unit=cls.u["bg_japan"], role=Role.EDITOR)
        cls.person = compatriot(cls.u["bac_giang"], "Ngô Văn Hải")  # held by Bắc Giang, now Bắc Ninh's
        cls.association = Organisation.objects.create(
            unit=cls.u["bac_ninh"], kind="other", name="Hội đồng hương Bắc Giang tại Séc"
        )

    def form_data(self, unit, **donor) -> dict:
        return {
            "unit": unit.pk,
            "kind": "cash",
            "amount": "30000000",
            "currency": "VND",
            "purpose": "other",
            "received_on": "01/03/2021",
            **{k: v.pk for k, v in donor.items()},
        }

    def test_form_refuses_a_donor_held_by_another_unit(self):
        self.client.force_login(self.user)
        url = reverse("diaspora:contribution_add")
        cases = [
            (self.u["hai_phong"], {"compatriot": self.person}, "compatriot"),  # another province
            (self.u["bg_japan"], {"compatriot": self.person}, "compatriot"),  # a branch naming its province's people
            (self.u["hai_phong"], {"organisation": self.association}, "organisation"),
        ]
        for unit, donor, field in cases:
            with self.subTest(unit=unit.name, field=field):
                response = self.client.post(url, self.form_data(unit, **donor))
                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.context["form"].errors)
        self.assertFalse(Contribution.all_objects.exists())
        # the union that holds the person (Bắc Ninh inherits Bắc Giang's) records it
        response = self.client.post(url, self.form_data(self.u["bac_ninh"], compatriot=self.person))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Contribution.objects.get().compatriot, self.person)

    def test_api_refuses_on_create_and_on_update(self):
        self.client.force_login(self.user)
        url = reverse("diaspora-api:contribution-list")
        body = {"kind": "cash", "amount": "30000000", "currency": "VND", "received_on": "2021-03-01"}
        refused = self.client.post(
            url, {**body, "unit": self.u["hai_phong"].pk, "compatriot": self.person.pk}, content_type="application/json"
        )
        self.assertEqual(refused.status_code, 400)
        self.assertIn("compatriot", refused.json())
        self.assertFalse(Contribution.all_objects.exists())
        made = self.client.post(
            url, {**body, "unit": self.u["bac_ninh"].pk, "compatriot": self.person.pk}, content_type="application/json"
        )
        self.assertEqual(made.status_code, 201, made.content)
        detail = reverse("diaspora-api:contribution-detail", args=[made.json()["id"]])
        moved = self.client.patch(
            detail, {"unit": self.u["hai_phong"].pk}, content_type="application/json", HTTP_IF_MATCH=made["ETag"]
        )
        self.assertEqual(moved.status_code, 400)
        self.assertIn("compatriot", moved.json())
        self.assertEqual(Contribution.objects.get().unit, self.u["bac_ninh"])


class MaskedOrderTests(TestCase):
    """A list whose names are masked must not be sorted by them: the order would tell the names."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.owner = make_user("bn-editor", unit=cls.u["bac_ninh"])
        cls.central = make_user("vufo-admin", unit=cls.u["vufo"], role=Role.ADMIN)
        # added in this order; alphabetically: Bùi, Lê, Vũ
        cls.vu = compatriot(cls.u["bac_giang"], "Vũ Văn An", birth_year=1960)
        cls.bui = compatriot(cls.u["bac_giang"], "Bùi Văn Cường", birth_year=1990)
        cls.le = compatriot(cls.u["bac_giang"], "Lê Thị Hà", birth_year=1975)
        cls.alphabetical = [cls.bui.pk, cls.le.pk, cls.vu.pk]
        cls.added_last_first = [cls.le.pk, cls.bui.pk, cls.vu.pk]

    def screen_ids(self, **params) -> list[int]:
        page = self.client.get(reverse("diaspora:compatriot_list"), params).content.decode()
        urls = {reverse("diaspora:compatriot_detail", args=[c.pk]): c.pk for c in (self.vu, self.bui, self.le)}
        return [pk for _pos, pk in sorted((page.index(f'href="{url}"'), pk) for url, pk in urls.items())]

    def api_ids(self, **params) -> list[int]:
        response = self.client.get(reverse("diaspora-api:compatriot-list"), params)
        return [r["id"] for r in response.json()["results"]]

    def test_masked_lists_come_in_the_order_of_addition_whatever_is_asked(self):
        self.client.force_login(self.central)
        for sort in ({}, {"sort": "full_name"}, {"sort": "-full_name"}, {"sort": "city"}):
            with self.subTest(screen=sort):
                self.assertEqual(self.screen_ids(**sort), self.added_last_first)
        page = self.client.get(reverse("diaspora:compatriot_list")).content.decode()
        self.assertNotIn("sort=full_name", page)  # the name column offers no sorting
        for ordering in ({}, {"ordering": "search_name"}, {"ordering": "-search_name"}, {"ordering": "full_name"}):
            with self.subTest(api=ordering):
                self.assertEqual(self.api_ids(**ordering), self.added_last_first)
        # what the user may see still sorts
        self.assertEqual(self.api_ids(ordering="birth_year"), [self.vu.pk, self.le.pk, self.bui.pk])
        self.assertEqual(self.screen_ids(sort="birth_year"), [self.vu.pk, self.le.pk, self.bui.pk])

    def test_the_owning_union_still_sorts_by_name(self):
        self.client.force_login(self.owner)
        self.assertIn("sort=full_name", self.client.get(reverse("diaspora:compatriot_list")).content.decode())
        self.assertEqual(self.screen_ids(), self.alphabetical)
        self.assertEqual(self.screen_ids(sort="-full_name"), self.alphabetical[::-1])
        self.assertEqual(self.api_ids(), self.alphabetical)
        self.assertEqual(self.api_ids(ordering="-search_name"), self.alphabetical[::-1])


class ErasureReachesImportJobsTests(TestCase):
    """An erased person's values leave the previews kept by the unit's unfinished imports."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("bn-editor", unit=cls.u["bac_ninh"])

    def upload(self, *rows: str) -> ImportJob:
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the uploader's language
        upload = SimpleUploadedFile("kieu-bao.csv", csv_file(*rows))
        self.client.post(reverse("diaspora:import"), {"file": upload, "unit": self.u["bac_ninh"].pk})
        return ImportJob.objects.latest("pk")

    def test_erasure_scrubs_the_preview_and_drops_the_file_that_names_the_person(self):
        person = compatriot(self.u["bac_ninh"], full_name="Nguyễn Văn An", phone="0912345678")
        job = self.upload(
            "Nguyễn Văn An,Nam,1975,,Bắc Giang,Séc,0912345678,15/01/2026",
            "Trần Thị Bình,Nữ,1980,,Bắc Giang,Séc,0987654321,15/01/2026",
            "Lê Văn Cường,Nam,1982,,Bắc Giang,Đức,0911222333,15/01/2026",
        )
        self.assertEqual(job.status, ImportJob.Status.CHECKED)
        untouched, elsewhere = (  # another person; another unit
            ImportJob.objects.create(
                unit=self.u[unit],
                user=self.editor,
                filename="b.csv",
                content=b"x",
                status="checked",
                report={"preview": [{"full_name": name, "phone": "0912345678"}], "valid": 1},
            )
            for unit, name in (("bac_ninh", "Phạm Thị Dung"), ("hai_phong", "Nguyễn Văn An"))
        )
        services.compatriot_erase(actor=self.editor, compatriot=person, requested_on=date(2026, 2, 10))
        job.refresh_from_db()
        self.assertNotIn("Nguyễn Văn An", str(job.report))
        self.assertNotIn("0912345678", str(job.report))
        self.assertEqual(job.report["preview"][0]["full_name"], services.ERASED)
        self.assertEqual(job.report["preview"][0]["birth_year"], 1975)  # what is not personal stays
        self.assertEqual(job.report["preview"][1]["full_name"], "Trần Thị Bình")  # the others stay
        self.assertEqual(job.report["preview"][1]["phone"], "0987654321")
        # the file would bring the person back: it is dropped and the job refused
        self.assertEqual((job.status, bytes(job.content)), (ImportJob.Status.FAILED, b""))
        self.assertIn("erased on request", job.report["refused"])
        self.client.post(reverse("diaspora:import_job", args=[job.pk]))
        self.assertFalse(Compatriot.objects.filter(full_name="Nguyễn Văn An").exists())
        for other in (untouched, elsewhere):  # another person; another unit
            before = other.report
            other.refresh_from_db()
            self.assertEqual((other.report, other.status), (before, ImportJob.Status.CHECKED))

    def test_a_kept_file_naming_the_person_beyond_its_preview_is_dropped(self):
        person = compatriot(self.u["bac_ninh"], full_name="Vũ Thị Hạnh")
        others = [f"Người Thứ {n},Nữ,1980,,Bắc Giang,Séc,09{n:08d},15/01/2026" for n in range(30)]
        job = self.upload(*others, "Vu Thi Hanh,Nữ,1979,,Bắc Giang,Séc,0900000999,15/01/2026")
        self.assertEqual(job.status, ImportJob.Status.CHECKED)
        self.assertNotIn("Vu Thi Hanh", str(job.report.get("preview")))  # only the first rows are shown
        clean = self.upload(*others[:3])
        services.compatriot_erase(actor=self.editor, compatriot=person, requested_on=date(2026, 2, 10))
        job.refresh_from_db()
        clean.refresh_from_db()
        self.assertEqual((job.status, bytes(job.content)), (ImportJob.Status.FAILED, b""))
        self.assertIn("erased on request", job.report["refused"])
        self.assertEqual(clean.status, ImportJob.Status.CHECKED)  # a file without them is kept
        self.assertNotEqual(bytes(clean.content), b"")

    def test_erasure_scrubs_a_row_error_and_a_converted_cell_quoting_the_person(self):
        person = compatriot(self.u["bac_ninh"], full_name="Đặng Quốc Việt", email="viet@example.cz")
        job = ImportJob.objects.create(
            unit=self.u["bac_ninh"],
            user=self.editor,
            filename="a.csv",
            content=b"",
            status="failed",
            report={
                "errors": [[2, "Email", "Not an e-mail address: viet@example.cz"], [3, "Phone", "Too short."]],
                "conversions": [
                    [2, "Họ và tên", "§Æng Quèc ViÖt", "Đặng Quốc Việt"],
                    [3, "Quê quán", "B¾c Giang", "Bắc Giang"],
                ],
                "error_count": 2,
            },
        )
        services.compatriot_erase(actor=self.editor, compatriot=person, requested_on=date(2026, 2, 10))
        job.refresh_from_db()
        self.assertEqual(job.report["errors"], [[2, "Email", services.ERASED], [3, "Phone", "Too short."]])
        self.assertEqual(job.report["conversions"], [[3, "Quê quán", "B¾c Giang", "Bắc Giang"]])
        self.assertEqual(job.status, ImportJob.Status.FAILED)
