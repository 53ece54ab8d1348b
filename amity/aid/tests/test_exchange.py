import io
from datetime import date
from decimal import Decimal
from unittest import mock

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from lxml import etree

from amity.aid import iati
from amity.aid.imports import COLUMNS, aid_import_commit, aid_import_preview
from amity.aid.models import AidItem, AidTransaction, Sector
from amity.aid.services import sectors_load
from amity.audit.bulk import ChangeRows
from amity.audit.models import ObjectChange
from amity.audit.snapshots import snapshot
from amity.geo.models import Country
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor, make_item

GOOD = [
    {
        "reference": "HP-2019-01",
        "kind": "project",
        "title_vi": "Nhà cho nạn nhân da cam",
        "donors": "Hands of Friendship",
        "sectors": "12220; 11220",
        "locations": "Hải Dương",
        "beneficiary_groups": "agent-orange; Phụ nữ",
        "start_date": "01/03/2019",
        "end_date": "31/12/2020",
        "decision_number": "12/QĐ-UBND",
        "decision_date": "15/02/2019",
        "approving_body": "UBND TP Hải Phòng",
        "committed_amount": "120000.50",
        "committed_currency": "USD",
        "disbursed_amount": "100000",
        "disbursed_currency": "USD",
        "disbursed_date": "01/06/2019",
    },
    {
        "reference": "HP-2020-07",
        "kind": "phi dự án",
        "title_vi": "Xe lăn cho người khuyết tật",
        "donors": "Hands of Friendship",
        "decision_date": "2020-05-04",
        "committed_amount": 230000000,
        "committed_currency": "vnd",
    },
]


def xlsx(rows: list[dict], columns=COLUMNS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c) for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        make_donor(cls.u["hai_phong"], "Hands of Friendship")
        make_donor(cls.u["bac_giang"], "Other Province NGO")

    def test_preview_lists_every_bad_row_and_column_and_writes_nothing(self):
        bad = [
            {**GOOD[0], "committed_amount": "-5", "end_date": "01/01/2018"},
            {**GOOD[1], "committed_currency": "ABC", "donors": "Other Province NGO"},
            {**GOOD[1], "reference": "X", "decision_date": "31/02/2020", "committed_amount": "abc"},
            {**GOOD[0], "title_vi": ""},
        ]
        preview = aid_import_preview(user=self.editor, unit=self.u["hai_phong"], content=xlsx(bad), filename="a.xlsx")
        self.assertEqual(
            sorted((r, c) for r, c, _m in preview.errors),
            sorted(
                [
                    (2, "end_date"),
                    (2, "committed_amount"),
                    (3, "donors"),
                    (3, "committed_currency"),
                    (4, "decision_date"),
                    (4, "committed_amount"),
                    (5, "title_vi"),
                    (5, "reference"),
                ]
            ),
        )
        self.assertFalse(preview.ok)
        self.assertFalse(AidItem.objects.exists())

    def test_commit_is_all_or_nothing_and_reimport_changes_nothing(self):
        unit = self.u["hai_phong"]
        content = xlsx(GOOD)
        result = aid_import_commit(actor=self.editor, unit=unit, content=content, filename="a.xlsx")
        self.assertEqual((result.created, result.updated), (2, 0))
        item = AidItem.objects.get(reference="HP-2019-01")
        self.assertEqual(item.locations.get().name, "Hải Dương")
        self.assertEqual(item.beneficiary_groups.count(), 2)
        self.assertEqual(
            sorted(item.transactions.values_list("kind", "amount")),
            [("commitment", Decimal("120000.50")), ("disbursement", Decimal("100000.00"))],
        )
        self.assertEqual(
            ObjectChange.objects.filter(
                source="import", action="create", object_repr="Nhà cho nạn nhân da cam"
            ).count(),
            1,
        )
        changes = ObjectChange.objects.count()
        again = aid_import_commit(actor=self.editor, unit=unit, content=content, filename="a.xlsx")
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 2))
        self.assertEqual(
            (AidItem.objects.count(), AidTransaction.objects.count(), ObjectChange.objects.count()), (2, 3, changes)
        )
        with self.assertRaises(ValidationError):
            aid_import_commit(
                actor=self.editor,
                unit=unit,
                content=xlsx([{**GOOD[0], "title_vi": "Đổi tên"}, {**GOOD[1], "donors": "Nobody"}]),
                filename="b.xlsx",
            )
        self.assertFalse(AidItem.objects.filter(title_vi="Đổi tên").exists())

    def test_reimport_with_changes_updates_only_the_changed_row(self):
        unit = self.u["hai_phong"]
        aid_import_commit(actor=self.editor, unit=unit, content=xlsx(GOOD), filename="a.xlsx")
        changed = {
            **GOOD[0],
            "title_vi": "Nhà cho nạn nhân da cam (giai đoạn 2)",
            "sectors": "12220",
            "beneficiary_groups": "women",
            "donors": "",
            "committed_amount": "150000",
            "disbursed_amount": "",
        }
        result = aid_import_commit(actor=self.editor, unit=unit, content=xlsx([changed, GOOD[1]]), filename="b.xlsx")
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 1, 1))
        item = AidItem.objects.get(reference="HP-2019-01")
        self.assertEqual(item.title_vi, "Nhà cho nạn nhân da cam (giai đoạn 2)")
        self.assertEqual(list(item.sectors.values_list("code", flat=True)), ["12220"])
        self.assertEqual(list(item.beneficiary_groups.values_list("code", flat=True)), ["women"])
        self.assertFalse(item.donor_links.exists())
        self.assertEqual(list(item.transactions.values_list("kind", "amount")), [("commitment", Decimal("150000.00"))])
        self.assertEqual(AidItem.objects.get(reference="HP-2020-07").donor_links.count(), 1)

    def test_imported_history_is_what_the_audit_signal_would_have_written(self):
        aid_import_commit(actor=self.editor, unit=self.u["hai_phong"], content=xlsx(GOOD), filename="a.xlsx")
        item = AidItem.objects.get(reference="HP-2019-01")
        records = [item, *item.donor_links.all(), *item.transactions.all()]
        self.assertEqual(len(records), 4)
        for record in records:
            with self.subTest(record=str(record)):
                entry = ObjectChange.objects.get(object_id=str(record.pk), content_type__model=record._meta.model_name)
                self.assertEqual(
                    (entry.action, entry.source, entry.actor, entry.unit_id, entry.message, entry.object_repr),
                    ("create", "import", self.editor, self.u["hai_phong"].pk, "a.xlsx", str(record)),
                )
                self.assertEqual(entry.after, snapshot(record))  # with the item's sectors, places and groups
        self.assertEqual(item.search_name, "hp-2019-01 nha cho nan nhan da cam")

    def test_a_failure_while_writing_a_later_batch_leaves_nothing_behind(self):
        original = ChangeRows.write
        calls, changes = [], ObjectChange.objects.count()

        def fail_on_second_batch(changes, *args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise DatabaseError("disk full")
            return original(changes, *args, **kwargs)

        with (
            mock.patch("amity.aid.imports.BATCH", 1),
            mock.patch.object(ChangeRows, "write", autospec=True, side_effect=fail_on_second_batch),
            self.assertRaises(DatabaseError),
        ):
            aid_import_commit(actor=self.editor, unit=self.u["hai_phong"], content=xlsx(GOOD), filename="a.xlsx")
        self.assertEqual(len(calls), 2)
        self.assertEqual(
            (AidItem.objects.count(), AidTransaction.objects.count(), ObjectChange.objects.count()), (0, 0, changes)
        )

    def test_overlong_cells_are_errors_in_the_preview_not_cut(self):
        rows = [{**GOOD[0], "reference": "R" * 61}, {**GOOD[1], "title_vi": "x" * 401}]
        preview = aid_import_preview(user=self.editor, unit=self.u["hai_phong"], content=xlsx(rows), filename="a.xlsx")
        self.assertEqual([(r, c) for r, c, _m in preview.errors], [(2, "reference"), (3, "title_vi")])

    def test_an_amount_too_large_for_the_ledger_is_a_row_error(self):
        rows = [{**GOOD[0], "committed_amount": "1" + "0" * 16}, {**GOOD[1], "committed_amount": "9" * 16}]
        with translation.override("en"):
            preview = aid_import_preview(
                user=self.editor, unit=self.u["hai_phong"], content=xlsx(rows), filename="a.xlsx"
            )
        self.assertEqual(preview.errors, [(2, "committed_amount", "At most 16 digits before the decimal point.")])

    def test_a_record_named_twice_in_a_cell_counts_once(self):
        row = {**GOOD[0], "donors": "Hands of Friendship; hands of friendship", "sectors": "12220; 12220 Basic health"}
        aid_import_commit(actor=self.editor, unit=self.u["hai_phong"], content=xlsx([row]), filename="a.xlsx")
        item = AidItem.objects.get(reference="HP-2019-01")
        self.assertEqual((item.donor_links.count(), list(item.sectors.values_list("code", flat=True))), (1, ["12220"]))

    def test_csv_with_semicolons_and_malformed_xlsx(self):
        csv_text = (
            "reference;title_vi;committed_amount;committed_currency;decision_date\nR1;Giếng nước;5000;EUR;01/02/2021\n"
        )
        preview = aid_import_preview(
            user=self.editor, unit=self.u["hai_phong"], content=csv_text.encode(), filename="a.csv"
        )
        self.assertTrue(preview.ok)
        broken = aid_import_preview(user=self.editor, unit=self.u["hai_phong"], content=b"not a zip", filename="a.xlsx")
        self.assertFalse(broken.ok)
        self.assertIn("Excel", broken.file_errors[0])

    def test_import_screen_previews_then_commits(self):
        self.client.force_login(self.editor)
        url = reverse("aid:import")
        bad = SimpleUploadedFile("bad.xlsx", xlsx([{**GOOD[0], "committed_currency": "ABC"}]))
        response = self.client.post(url, {"file": bad}, follow=True)
        self.assertContains(response, "committed_currency")
        self.assertNotContains(response, 'name="commit"')
        response = self.client.post(url, {"file": SimpleUploadedFile("good.xlsx", xlsx(GOOD))}, follow=True)
        self.assertContains(response, 'name="commit"')
        self.assertFalse(AidItem.objects.exists())
        response = self.client.post(response.redirect_chain[-1][0], {"commit": "1"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(AidItem.objects.filter(unit=self.u["hai_phong"]).count(), 2)


class IatiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        cls.admin = make_user("hp-admin", unit=cls.u["hai_phong"], role="admin")
        cls.ngo = make_donor(cls.u["hai_phong"], "Hands of Friendship", country=Country.objects.get(iso_alpha2="JP"))
        cls.item = make_item(
            cls.u["hai_phong"],
            "Nhà tình thương",
            donors=[cls.ngo],
            committed=("50000", "EUR"),
            status="implementation",
            reference="HP-1",
            start_date=date(2020, 7, 1),
            end_date=date(2021, 6, 30),
            title_original="Houses of love",
            receiving_body="Hội Chữ thập đỏ TP Hải Phòng",
            decision_number="45/QĐ-UBND",
            approving_body="UBND TP Hải Phòng",
        )
        cls.item.sectors.set(Sector.objects.filter(code__in=["16050", "12220", "11220"]))
        AidTransaction.objects.create(
            item=cls.item, kind="disbursement", amount=Decimal("20000"), currency="EUR", date=date(2020, 9, 1)
        )

    def test_export_is_schema_valid_and_maps_codes(self):
        content = iati.activities_export(items=AidItem.objects.all())
        self.assertEqual(iati.validate(content), [])
        doc = etree.fromstring(content)
        self.assertEqual(doc.find(".//activity-status").get("code"), "2")
        self.assertEqual([t.get("code") for t in doc.findall(".//transaction-type")], ["2", "3"])
        self.assertEqual({o.get("role") for o in doc.findall(".//participating-org")}, {"1", "2"})
        self.assertEqual(sum(Decimal(s.get("percentage")) for s in doc.findall(".//sector")), Decimal("100"))

    def test_round_trip_into_another_unit_and_reimport_is_idempotent(self):
        content = iati.activities_export(items=AidItem.objects.all())
        result = iati.activities_import(actor=self.admin, unit=self.u["hp_laos"], content=content)
        self.assertEqual((result.created, result.updated), (1, 0))
        copy = AidItem.objects.get(unit=self.u["hp_laos"])
        self.assertEqual(
            (copy.title_vi, copy.title_original, copy.status), ("Nhà tình thương", "Houses of love", "implementation")
        )
        self.assertEqual(set(copy.sectors.values_list("code", flat=True)), {"16050", "12220", "11220"})
        self.assertEqual(list(copy.donors.all()), [self.ngo])
        self.assertEqual(
            sorted(copy.transactions.values_list("kind", "amount", "currency")),
            [
                ("commitment", Decimal("50000.00"), "EUR"),
                ("disbursement", Decimal("20000.00"), "EUR"),
            ],
        )
        changes = ObjectChange.objects.count()
        again = iati.activities_import(actor=self.admin, unit=self.u["hp_laos"], content=content)
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 1))
        self.assertEqual((AidItem.objects.count(), ObjectChange.objects.count()), (2, changes))

    def test_not_iati_and_invalid_files_are_refused_with_the_place(self):
        for content, expected in (
            (b"<html><body/></html>", "root element"),
            (b"<iati-activities version='2.03'><iati-activity/></iati-activities>", "Line 1"),
            (b"not xml", "XML"),
        ):
            with translation.override("en"):
                with self.assertRaises(ValidationError) as ctx:
                    iati.activities_import(actor=self.editor, unit=self.u["hai_phong"], content=content)
                self.assertIn(expected, ctx.exception.messages[0])
        self.assertEqual(AidItem.objects.count(), 1)

    def test_unknown_funder_stops_the_whole_import(self):
        content = iati.activities_export(items=AidItem.objects.all()).replace(b"Hands of Friendship", b"Unknown Fund")
        with self.assertRaises(ValidationError) as ctx:
            iati.activities_import(actor=self.editor, unit=self.u["hp_laos"], content=content)
        self.assertIn("Unknown Fund", ctx.exception.messages[0])
        self.assertEqual(AidItem.objects.count(), 1)

    def test_a_negative_amount_names_the_activity_transaction_and_field(self):
        content = iati.activities_export(items=AidItem.objects.all()).replace(b">50000.00<", b">-5<")
        with translation.override("en"), self.assertRaises(ValidationError) as ctx:
            iati.activities_import(actor=self.admin, unit=self.u["hp_laos"], content=content)
        self.assertEqual(len(ctx.exception.messages), 1)
        self.assertRegex(ctx.exception.messages[0], r"^Activity VN-VUFO-\d+-HP-1, transaction 1: amount: ")
        self.assertFalse(AidItem.objects.filter(unit=self.u["hp_laos"]).exists())

    def test_import_screen_refuses_a_file_that_is_not_iati_and_names_unknown_funders(self):
        self.client.force_login(make_user("laos-editor", unit=self.u["hp_laos"]))
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        url = reverse("aid:iati_import")
        html = SimpleUploadedFile("page.xml", b"<html><body>not aid</body></html>")
        response = self.client.post(url, {"file": html})
        self.assertContains(response, "Not an IATI activities file: the root element is &lt;html&gt;.", status_code=400)
        content = iati.activities_export(items=AidItem.objects.all())
        response = self.client.post(url, {"file": SimpleUploadedFile("a.xml", content)})
        # the association does not see the city union's partners, so the funder is unknown to it
        self.assertContains(
            response, "funding organisation Hands of Friendship is not in the registry", status_code=400
        )
        self.assertEqual(AidItem.objects.count(), 1)

    def test_importing_the_units_own_export_changes_nothing(self):
        self.item.status, self.item.start_date = "approved", None
        self.item.save()
        content = iati.activities_export(items=AidItem.objects.all())
        self.assertIn(b'<activity-status code="1"/>', content)  # IATI "pipeline"
        changes = ObjectChange.objects.count()
        result = iati.activities_import(actor=self.editor, unit=self.u["hai_phong"], content=content)
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 1))
        self.item.refresh_from_db()
        self.assertEqual(
            (AidItem.objects.count(), self.item.status, self.item.transactions.count()), (1, "approved", 2)
        )
        self.assertEqual(ObjectChange.objects.count(), changes)
        changed = content.replace(b">20000.00<", b">25000.00<")
        self.client.force_login(self.editor)
        response = self.client.post(reverse("aid:iati_import"), {"file": SimpleUploadedFile("a.xml", changed)})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            sorted(self.item.transactions.values_list("kind", "amount")),
            [("commitment", Decimal("50000.00")), ("disbursement", Decimal("25000.00"))],
        )

    def test_export_view_is_scoped_and_logged(self):
        self.client.force_login(make_user("bn", unit=self.u["bac_ninh"]))
        response = self.client.get(reverse("aid:iati_export"))
        self.assertRedirects(response, reverse("aid:aiditem_list"))
        self.client.force_login(self.editor)
        response = self.client.get(reverse("aid:iati_export"))
        self.assertEqual(len(etree.fromstring(response.content).findall("iati-activity")), 1)
