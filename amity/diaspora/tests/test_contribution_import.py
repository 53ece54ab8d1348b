"""Importing contributions from the lists unions keep: Vietnamese headings, donors found in the
unit's registry or the row refused with its file, row, column and field, cash and in-kind rules,
all or nothing, and the list's export imported again changing nothing."""

import io
from datetime import date
from decimal import Decimal
from unittest import mock

import openpyxl
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from amity.audit.bulk import ChangeRows
from amity.audit.models import ObjectChange
from amity.audit.snapshots import snapshot
from amity.core.context import Source
from amity.diaspora import services
from amity.diaspora.contribution_imports import (
    COLUMNS,
    ImportRejected,
    contribution_import_commit,
    contribution_import_preview,
    field_label,
)
from amity.diaspora.models import Contribution, ContributionImportJob
from amity.registry.models import Organisation
from amity.units.testing import make_unit_tree, make_user

from .factories import compatriot

Status = ContributionImportJob.Status
HEADER = [
    "Họ và tên",
    "Ngày sinh",
    "Ngày đóng góp",
    "Số tiền",
    "Loại tiền",
    "Hiện vật",
    "Số lượng",
    "Đơn vị tính",
    "Mục đích",
]


def workbook(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_rows(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


class ContributionImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.unit = cls.u["hai_phong"]
        cls.editor = make_user("hp-editor", unit=cls.unit)
        cls.lan = compatriot(cls.unit, "Nguyễn Thị Lan", birth_date=date(1970, 3, 5))
        cls.hung = compatriot(cls.unit, "Trần Văn Hùng", birth_year=1965)
        cls.association = Organisation.objects.create(
            unit=cls.unit, kind="friendship_association", name="Hội người Việt Nam tại Séc"
        )
        cls.stranger = compatriot(cls.u["bac_ninh"], "Lê Văn Xa", birth_date=date(1980, 1, 1))

    def preview(self, content: bytes, name="dong-gop.xlsx", **kwargs):
        with translation.override("en"):
            return contribution_import_preview(
                user=self.editor, unit=self.unit, content=content, filename=name, **kwargs
            )

    def commit(self, content: bytes, name="dong-gop.xlsx"):
        with translation.override("en"):
            return contribution_import_commit(actor=self.editor, unit=self.unit, content=content, filename=name)

    def test_vietnamese_list_of_cash_and_goods_is_written_with_every_figure_and_audited_as_an_import(self):
        content = workbook(
            [
                ["Nguyễn Thị Lan", "05/03/1970", "15/01/2026", "1.500.000.000", "VND", None, None, None, "Học bổng"],
                ["Trần Văn Hùng", 1965, "02/2025", "12.000", "vnd", "Gạo", "10", "tấn", "Cứu trợ thiên tai"],
                ["Nguyễn Thị Lan", date(1970, 3, 5), "2024", "2 500,50", "EUR", None, None, None, None],
            ]
        )
        result = self.commit(content)
        self.assertEqual((result.created, result.updated, result.unchanged), (3, 0, 0))
        gifts = list(Contribution.objects.order_by("pk"))
        self.assertEqual(
            [
                (g.compatriot, g.kind, g.amount, g.currency, g.item, g.quantity, g.quantity_unit, g.purpose)
                for g in gifts
            ],
            [
                (self.lan, "cash", Decimal("1500000000.00"), "VND", "", None, "", "scholarship"),
                (self.hung, "in_kind", Decimal("12000.00"), "VND", "Gạo", Decimal("10.000"), "tấn", "disaster_relief"),
                (self.lan, "cash", Decimal("2500.50"), "EUR", "", None, "", "other"),
            ],
        )
        self.assertEqual(
            [(g.received_on, g.received_on_precision) for g in gifts],
            [(date(2026, 1, 15), "day"), (date(2025, 2, 1), "month"), (date(2024, 1, 1), "year")],
        )
        self.assertEqual({g.unit for g in gifts}, {self.unit})
        entries = ObjectChange.objects.filter(content_type__model="contribution")
        self.assertEqual(entries.count(), 3)
        self.assertEqual(
            {(e.action, e.source, e.actor, e.message, e.object_id) for e in entries},
            {("create", Source.IMPORT, self.editor, "dong-gop.xlsx", str(g.pk)) for g in gifts},
        )
        self.assertEqual(entries.get(object_id=str(gifts[1].pk)).after["quantity_unit"], "tấn")
        with translation.override("en"):  # the entries were written in the importer's language, as the signal's are
            for gift in gifts:  # what the audit signal would have stored for a record saved one by one
                entry = entries.get(object_id=str(gift.pk))
                self.assertEqual(
                    (entry.unit_id, entry.object_repr, entry.before, entry.after),
                    (self.unit.pk, str(gift), None, snapshot(gift)),
                )
        self.assertEqual(entries.get(object_id=str(gifts[0].pk)).object_repr, "Nguyễn Thị Lan: VND\xa01,500,000,000")

    def test_each_bad_row_is_refused_with_its_row_column_and_field_and_nothing_is_written(self):
        content = workbook(
            [
                ["Nguyễn Thị Lan", "05/03/1970", "15/01/2026", "5.000.000", "VND", None, None, None, None],
                ["Nguyễn Thị Lan", "06/03/1970", "15/01/2026", "5.000.000", "VND", None, None, None, None],
                ["Trần Văn Hùng", 1965, "15/01/2026", "mười triệu", "VND", None, None, None, None],
                ["Trần Văn Hùng", 1965, "15/01/2026", "5.000.000", None, None, None, None, None],
                ["Trần Văn Hùng", 1965, "15/01/2026", "5.000.000", "VND", "Gạo", "10", None, None],
                ["Lê Văn Xa", "01/01/1980", "15/01/2026", "5.000.000", "VND", None, None, None, None],
                ["Trần Văn Hùng", 1965, "32/13/2026", "5.000.000", "XYZ", None, None, None, "Quyên góp linh tinh"],
            ]
        )
        changes = ObjectChange.objects.count()
        preview = self.preview(content)
        with translation.override("en"):
            report = preview.as_report()
        self.assertEqual(
            [tuple(e[:3]) for e in report["errors"]],
            [
                (3, "Họ và tên", "Full name"),
                (4, "Số tiền", "Amount or estimated value"),
                (5, "Loại tiền", "Currency"),
                (6, "Đơn vị tính", "Unit of quantity"),
                (7, "Họ và tên", "Full name"),
                (8, "Loại tiền", "Currency"),
                (8, "Mục đích", "Purpose"),
                (8, "Ngày đóng góp", "Date of the contribution"),
            ],
        )
        messages = {(e[0], e[1]): e[3] for e in report["errors"]}
        self.assertIn("No compatriot Nguyễn Thị Lan born 06/03/1970", messages[(3, "Họ và tên")])
        self.assertIn("“mười triệu” is not a number", messages[(4, "Số tiền")])
        self.assertIn("This column is required", messages[(5, "Loại tiền")])
        self.assertIn("goods, their quantity and its unit", messages[(6, "Đơn vị tính")])
        self.assertIn("No compatriot Lê Văn Xa", messages[(7, "Họ và tên")])  # another union's person
        # the preview shows the bad cell in its row
        row = next(r for r in report["table"] if r["row"] == 4)
        amount = [c["field"] for c in report["columns"]].index("amount")
        self.assertEqual(row["cells"][amount]["value"], "mười triệu")
        self.assertTrue(row["cells"][amount]["errors"])
        with self.assertRaises(ImportRejected):
            self.commit(content)
        self.assertEqual((Contribution.objects.count(), ObjectChange.objects.count()), (0, changes))

    def test_donor_by_number_by_name_and_year_or_association_and_the_ambiguous_ones_refused(self):
        twin = compatriot(self.unit, "Trần Văn Hùng", birth_year=1965)
        header = ["Mã kiều bào", "Họ và tên", "Năm sinh", "Hội", "Ngày đóng góp", "Số tiền", "Loại tiền"]
        content = workbook(
            [
                [self.lan.pk, "Nguyễn Thị Lan", None, None, "2025", "100", "USD"],
                [twin.pk, None, None, None, "2025", "200", "USD"],
                [None, None, None, "Hội người Việt Nam tại Séc", "2025", "300", "USD"],
                [None, "Trần Văn Hùng", 1965, None, "2025", "400", "USD"],
                [self.lan.pk, "Nguyễn Thị Hoa", None, None, "2025", "500", "USD"],
                [self.stranger.pk, None, None, None, "2025", "600", "USD"],
                [None, "Nguyễn Thị Lan", None, "Hội người Việt Nam tại Séc", "2025", "700", "USD"],
                [None, "Nguyễn Thị Lan", None, None, "2025", "800", "USD"],
            ],
            header=header,
        )
        preview = self.preview(content)
        self.assertEqual(
            [(r.row, r.values.get("compatriot"), r.values.get("organisation")) for r in preview.rows[:3]],
            [(2, self.lan, None), (3, twin, None), (4, None, self.association)],
        )
        self.assertEqual(
            [(row, column) for row, column, _m in preview.errors],
            [(5, "full_name"), (6, "full_name"), (7, "compatriot"), (8, "organisation"), (9, "birth")],
        )
        messages = [m for _r, _c, m in preview.errors]
        self.assertIn(f"give the compatriot no. ({self.hung.pk}, {twin.pk})", messages[0])
        self.assertIn("is Nguyễn Thị Lan, not Nguyễn Thị Hoa", messages[1])
        self.assertIn(f"No compatriot no. {self.stranger.pk}", messages[2])

    def test_the_lists_export_imported_again_changes_nothing_and_an_edit_updates_that_contribution(self):
        self.commit(
            workbook(
                [
                    [
                        "Nguyễn Thị Lan",
                        "05/03/1970",
                        "15/01/2026",
                        "1.500.000.000",
                        "VND",
                        None,
                        None,
                        None,
                        "Học bổng",
                    ],
                    ["Trần Văn Hùng", 1965, "02/2025", "12.000.000", "VND", "Gạo", "2,5", "tấn", None],
                ]
            )
        )
        Contribution.objects.create(
            unit=self.unit, organisation=self.association, amount=Decimal(300), currency="USD", received_on=date(2024, 1, 1),
            received_on_precision="year", campaign="Tết 2024",
        )  # fmt: skip
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
        exported = self.client.get(reverse("diaspora:contribution_list"), {"export": "xlsx"}).content
        rows = sheet_rows(exported)
        with translation.override("vi"):
            self.assertEqual(rows[0], [field_label(name) for name in COLUMNS])
        self.assertEqual(len(rows), 4)
        before = ObjectChange.objects.count()
        with translation.override("vi"):
            result = self.commit(exported, "export.xlsx")
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 3))
        self.assertEqual(Contribution.objects.count(), 3)
        self.assertEqual(ObjectChange.objects.count(), before)
        # one amount edited: that contribution is updated through the service, the others untouched
        book = openpyxl.load_workbook(io.BytesIO(exported))
        sheet = book.worksheets[0]
        amount_column = COLUMNS.index("amount") + 1
        rice = next(r for r in range(2, 5) if sheet.cell(row=r, column=COLUMNS.index("item") + 1).value == "Gạo")
        sheet.cell(row=rice, column=amount_column, value="15.000.000")
        buffer = io.BytesIO()
        book.save(buffer)
        with translation.override("vi"):
            result = self.commit(buffer.getvalue(), "export.xlsx")
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 1, 2))
        gift = Contribution.objects.get(item="Gạo")
        self.assertEqual(
            (gift.amount, gift.quantity, gift.received_on_precision), (Decimal("15000000.00"), Decimal("2.5"), "month")
        )
        change = ObjectChange.objects.filter(object_id=str(gift.pk), action="update").get()
        self.assertEqual((change.source, change.actor), (Source.IMPORT, self.editor))

    def test_an_erased_donor_is_exported_by_number_only_and_the_list_still_imports_unchanged(self):
        self.commit(
            workbook([["Nguyễn Thị Lan", "05/03/1970", "15/01/2026", "5.000.000", "VND", None, None, None, None]])
        )
        services.compatriot_erase(actor=self.editor, compatriot=self.lan, requested_on=date(2026, 2, 1))
        self.client.force_login(self.editor)
        exported = self.client.get(reverse("diaspora:contribution_list"), {"export": "xlsx"}).content
        row = dict(zip(COLUMNS, sheet_rows(exported)[1], strict=True))
        self.assertEqual((row["compatriot"], row["full_name"], row["birth"]), (self.lan.pk, "", ""))
        result = self.commit(exported, "export.xlsx")
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 1))

    def test_an_export_writes_numbers_and_years_as_they_are_and_amounts_grouped(self):
        self.commit(workbook([["Trần Văn Hùng", "1965", "15/01/2026", "5.000.000", "VND", None, None, None, None]]))
        self.client.force_login(self.editor)
        exported = self.client.get(reverse("diaspora:contribution_list"), {"export": "xlsx"}).content
        row = openpyxl.load_workbook(io.BytesIO(exported)).worksheets[0][2]
        formats = {name: (row[COLUMNS.index(name)].value, row[COLUMNS.index(name)].number_format) for name in
                   ("number", "compatriot", "birth", "amount")}  # fmt: skip
        gift = Contribution.objects.get()
        self.assertEqual(
            formats,
            {"number": (gift.pk, "0"), "compatriot": (self.hung.pk, "0"), "birth": (1965, "0"),
             "amount": (5000000, "#,##0")},
        )  # fmt: skip

    def test_the_same_list_sent_twice_is_refused_row_by_row(self):
        content = workbook([["Nguyễn Thị Lan", "05/03/1970", "15/01/2026", "5.000.000", "VND", None, None, None, None]])
        self.commit(content)
        preview = self.preview(content)
        gift = Contribution.objects.get()
        self.assertEqual(
            preview.errors,
            [
                (
                    2,
                    "number",
                    f"Already recorded as contribution no. {gift.pk}; to change it, give its number (export the list, edit it and import it again).",
                )
            ],
        )
        twice = workbook(
            [["Nguyễn Thị Lan", "05/03/1970", "16/01/2026", "5.000.000", "VND", None, None, None, None]] * 2
        )
        self.assertEqual([(r, c) for r, c, _m in self.preview(twice).errors], [(3, "full_name")])

    def test_a_list_without_a_donor_column_goes_to_the_mapping_step(self):
        preview = self.preview(
            workbook([["Lan", "2025", "100", "USD"]], header=["Nhà hảo tâm", "Ngày đóng góp", "Số tiền", "Loại tiền"])
        )
        self.assertTrue(preview.mappable)
        self.assertIn("No column names the donor", preview.file_errors[0])
        self.assertEqual(preview.mapping["Nhà hảo tâm"], "")


class ContributionImportScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.unit = cls.u["hai_phong"]
        cls.editor = make_user("hp-editor", unit=cls.unit)
        cls.viewer = make_user("hp-viewer", unit=cls.unit, role="viewer")
        cls.lan = compatriot(cls.unit, "Nguyễn Thị Lan", birth_date=date(1970, 3, 5))

    def setUp(self):
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def upload(self, content: bytes, name="dong-gop.xlsx"):
        response = self.client.post(
            reverse("diaspora:contribution_import"), {"file": SimpleUploadedFile(name, content), "unit": self.unit.pk}
        )
        self.assertEqual(response.status_code, 302)
        return ContributionImportJob.objects.latest("pk")

    def test_from_the_list_through_the_check_to_the_commit(self):
        page = self.client.get(reverse("diaspora:contribution_list"))
        self.assertContains(page, reverse("diaspora:contribution_import"))
        page = self.client.get(reverse("diaspora:contribution_import"))
        self.assertContains(page, reverse("diaspora:contribution_import_template"))
        job = self.upload(
            workbook([["Nguyễn Thị Lan", "05/03/1970", "15/01/2026", "5.000.000", "VND", None, None, None, None]])
        )
        self.assertEqual((job.status, job.user, job.unit), (Status.CHECKED, self.editor, self.unit))
        self.assertContains(self.client.get(job.get_absolute_url()), "1 row is ready to import.")
        self.assertFalse(Contribution.objects.exists())
        self.assertEqual(self.client.post(job.get_absolute_url(), {"commit": "1"}).status_code, 302)
        job.refresh_from_db()
        self.assertEqual((job.status, job.created_count, bytes(job.content)), (Status.DONE, 1, b""))
        self.assertContains(self.client.get(job.get_absolute_url()), "Imported: 1 new, 0 updated, 0 unchanged.")
        self.assertContains(self.client.get(reverse("diaspora:contribution_list")), "<td >5,000,000</td>", html=False)

    def test_the_import_page_lists_ones_own_imports_only_which_one_may_open(self):
        row = ["Nguyễn Thị Lan", "05/03/1970", "15/01/2026", "5.000.000", "VND", None, None, None, None]
        mine = self.upload(workbook([row]))
        self.client.force_login(make_user("hp-editor-2", unit=self.unit))
        theirs = self.upload(workbook([row]), name="cua-dong-nghiep.xlsx")
        self.client.force_login(self.editor)
        page = self.client.get(reverse("diaspora:contribution_import"))
        self.assertContains(page, mine.get_absolute_url())
        self.assertNotContains(page, theirs.get_absolute_url())
        self.assertEqual(self.client.get(theirs.get_absolute_url()).status_code, 404)

    def test_a_refused_file_shows_each_error_in_place_and_a_failure_while_writing_writes_nothing(self):
        job = self.upload(
            workbook([["Nguyễn Thị Lan", "05/03/1970", "15/01/2026", "mười triệu", "VND", None, None, None, None]])
        )
        self.assertEqual(job.status, Status.FAILED)
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, "dong-gop.xlsx</td><td>2</td><td>Số tiền</td><td>Amount or estimated value</td>")
        self.assertContains(page, 'class="table-danger" data-error>mười triệu')
        self.assertEqual(self.client.post(job.get_absolute_url(), {"commit": "1"}).status_code, 409)
        job = self.upload(
            workbook([["Nguyễn Thị Lan", "05/03/1970", "15/01/2026", "5.000.000", "VND", None, None, None, None]])
        )
        changes = ObjectChange.objects.count()
        with mock.patch.object(ChangeRows, "write", side_effect=DatabaseError("disk full")):
            self.client.post(job.get_absolute_url(), {"commit": "1"})
        job.refresh_from_db()
        self.assertEqual(job.status, Status.FAILED)
        self.assertIn("disk full", job.report["refused"])
        self.assertEqual((Contribution.objects.count(), ObjectChange.objects.count()), (0, changes))

    def test_template_has_the_headings_and_the_allowed_values(self):
        response = self.client.get(reverse("diaspora:contribution_import_template"))
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        with translation.override("en"):
            self.assertEqual([c.value for c in book.worksheets[0][1]], [field_label(name) for name in COLUMNS])
        allowed = book.worksheets[1]
        columns = {
            allowed.cell(row=1, column=c).value: [allowed.cell(row=r, column=c).value for r in range(2, 8)]
            for c in range(1, 4)
        }
        self.assertEqual(columns["Kind"][:2], ["Cash", "In kind"])
        self.assertEqual(columns["Currency"][:3], ["VND", "USD", "EUR"])
        self.assertIn("Scholarships", columns["Purpose"])
        self.assertEqual(len(book.worksheets[0].data_validations.dataValidation), 3)

    def test_erasing_a_donor_drops_the_files_and_reports_that_name_them(self):
        waiting = self.upload(
            workbook([["Nguyễn Thị Lan", "05/03/1970", "15/01/2026", "5.000.000", "VND", None, None, None, None]])
        )
        refused = self.upload(
            workbook([["Nguyễn Thị Lan", "05/03/1970", "15/01/2026", "năm triệu", "VND", None, None, None, None]])
        )
        other = self.upload(
            workbook([["Trần Văn Khác", "01/01/1960", "15/01/2026", "5.000.000", "VND", None, None, None, None]])
        )
        self.assertEqual([waiting.status, refused.status, other.status], [Status.CHECKED, Status.FAILED, Status.FAILED])
        services.compatriot_erase(actor=self.editor, compatriot=self.lan, requested_on=date(2026, 2, 1))
        for job in (waiting, refused):
            job.refresh_from_db()
            self.assertEqual((job.status, bytes(job.content)), (Status.FAILED, b""))
            self.assertNotIn("table", job.report)
            self.assertNotIn("Nguyễn Thị Lan", str(job.report))
            self.assertIn("erased on request", job.report["refused"])
        other.refresh_from_db()
        self.assertIn("Trần Văn Khác", str(other.report["table"]))  # another person's list is left as it was

    def test_a_viewer_cannot_import(self):
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(reverse("diaspora:contribution_import")).status_code, 403)
