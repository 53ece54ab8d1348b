"""The aid import reads the lists unions keep: Vietnamese headings, a mapping step, Vietnamese
numbers, places by their full names; the preview shows each error in its cell; the template and
the list's export carry the same columns, so export → edit → import changes only what was edited."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from amity.aid.imports import COLUMNS, aid_import_commit, aid_import_preview, field_label
from amity.aid.models import AidDonor, AidImportJob, AidItem, AidTransaction, BeneficiaryGroup, Sector
from amity.aid.services import sectors_load
from amity.audit.models import ObjectChange
from amity.geo.models import AdminUnit
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor, make_item

VIETNAMESE = [
    "Mã số",
    "Tên dự án",
    "Nhà tài trợ",
    "Địa bàn",
    "Lĩnh vực",
    "Giá trị cam kết",
    "Loại tiền",
    "Ngày quyết định",
]


def workbook(header: list, *rows: list) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class VietnameseListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.unit = cls.u["hai_phong"]
        cls.editor = make_user("sheet-editor", unit=cls.unit)
        make_donor(cls.unit, "KOICA")

    def preview(self, content, **kwargs):
        with translation.override("en"):
            return aid_import_preview(user=self.editor, unit=self.unit, content=content, filename="ds.xlsx", **kwargs)

    def test_vietnamese_headings_numbers_and_full_place_names(self):
        content = workbook(
            VIETNAMESE,
            [
                "HP-01",
                "Trường mầm non",
                "KOICA 60%",
                "Thành phố Hải Phòng",
                "11220",
                "1.500.000.000",
                "VND",
                "15/02/2019",
            ],
            ["HP-02", "Giếng nước", "KOICA", "Tỉnh Bắc Giang", "14030", "1,5 tỷ", "VND", "01/03/2019"],
            ["HP-03", "Nhà tình nghĩa", "", "TP Hải Phòng", "", "150.000,50", "usd", "01/03/2019"],
        )
        preview = self.preview(content)
        self.assertTrue(preview.ok, preview.errors)
        aid_import_commit(actor=self.editor, unit=self.unit, content=content, filename="ds.xlsx")
        amounts = dict(AidTransaction.objects.values_list("item__reference", "amount"))
        self.assertEqual(
            amounts,
            {"HP-01": Decimal("1500000000.00"), "HP-02": Decimal("1500000000.00"), "HP-03": Decimal("150000.50")},
        )
        places = {item.reference: item.locations.get() for item in AidItem.objects.all()}
        self.assertEqual(places["HP-01"].full_name, "Thành phố Hải Phòng")
        self.assertEqual(places["HP-03"], places["HP-01"])
        self.assertEqual((places["HP-02"].full_name, places["HP-02"].valid_to is not None), ("Tỉnh Bắc Giang", True))

    def test_sectors_named_by_code_or_by_name_in_any_language(self):
        day = "15/02/2019"
        content = workbook(
            VIETNAMESE,
            ["HP-01", "Trường tiểu học", "KOICA", "", "Giáo dục tiểu học; phong chong sot ret", "1.000", "USD", day],
            ["HP-02", "Giếng nước", "KOICA", "", "14031 Cấp nước sạch cơ bản; Food assistance", "1.000", "USD", day],
            ["HP-03", "Thủy điện nhỏ", "KOICA", "", "Nhà máy thủy điện", "1.000", "USD", day],
            ["HP-04", "Hội thảo", "KOICA", "", "Giáo dục nghệ thuật", "1.000", "USD", day],
        )
        preview = self.preview(content)
        errors = {(row, column): message for row, column, message in preview.errors}
        self.assertEqual(
            errors,
            {
                (4, "sectors"): "Nhà máy thủy điện matches several records.",  # 23065 and 23220
                (5, "sectors"): "Unknown: Giáo dục nghệ thuật.",
            },
        )
        found = {row.row: sorted(s.code for s in row.values["sectors"]) for row in preview.rows if not row.errors}
        self.assertEqual(found, {2: ["11220", "12262"], 3: ["14031", "52010"]})
        # the rows naming the same cell share its records (a file repeats its sectors and places)
        self.assertIs(preview.rows[0].values["donors"], preview.rows[1].values["donors"])

    def test_sectors_named_by_their_codes_leave_the_names_unread(self):
        """The template and the export write a sector's code first: the names of some 1,300 sectors in
        four languages (Chinese and Russian folded letter by letter) are folded only for a cell
        that names a sector without its code."""
        day = "15/02/2019"
        coded = workbook(
            VIETNAMESE,
            ["HP-01", "Trường tiểu học", "KOICA", "", "11220 Giáo dục tiểu học; 12262", "1.000", "USD", day],
            ["HP-02", "Giếng nước", "KOICA", "", "14031", "1.000", "USD", day],
        )
        preview = self.preview(coded)
        self.assertTrue(preview.ok, preview.errors)
        self.assertEqual(
            [sorted(s.code for s in row.values["sectors"]) for row in preview.rows], [["11220", "12262"], ["14031"]]
        )
        self.assertIsNone(preview.lookups._sector_names)
        named = self.preview(
            workbook(VIETNAMESE, ["HP-01", "Trường", "KOICA", "", "Giáo dục tiểu học", "1", "USD", day])
        )
        self.assertEqual([s.code for s in named.rows[0].values["sectors"]], ["11220"])
        self.assertIsNotNone(named.lookups._sector_names)

    def test_an_unknown_heading_goes_to_the_mapping_step_and_the_mapping_is_used(self):
        header = ["Mã số", "Tên công trình", "Ghi chú riêng"]
        content = workbook(header, ["HP-01", "Cầu dân sinh", "x"])
        preview = self.preview(content)
        self.assertTrue(preview.mappable)
        self.assertIn("Missing required columns: Title (Vietnamese)", preview.file_errors[0])
        self.assertEqual(preview.mapping, {"Mã số": "reference", "Tên công trình": "", "Ghi chú riêng": ""})
        mapped = self.preview(content, mapping={"Tên công trình": "title_vi"})
        self.assertTrue(mapped.ok, mapped.file_errors)
        self.assertEqual(mapped.ignored, ["Ghi chú riêng"])

    def test_the_preview_shows_each_error_in_its_row_and_cell(self):
        content = workbook(
            VIETNAMESE,
            ["HP-01", "Trường mầm non", "KOICA", "Hải Phòng", "", "1.000", "VND", "15/02/2019"],
            ["HP-02", "Giếng nước", "", "Không có", "", "mười", "VND", "01/03/2019"],
        )
        preview = self.preview(content)
        with translation.override("en"):
            report = preview.as_report()
        self.assertEqual(
            report["errors"],
            [
                [3, "Địa bàn", "Locations", "Unknown: Không có."],
                [3, "Giá trị cam kết", "Committed amount", "“mười” is not a number."],
            ],
        )
        self.assertEqual([c["heading"] for c in report["columns"]], VIETNAMESE[:2] + VIETNAMESE[2:])
        row = next(r for r in report["table"] if r["row"] == 3)
        cells = dict(zip((c["field"] for c in report["columns"]), row["cells"], strict=True))
        self.assertEqual(
            cells["committed_amount"], {"value": "mười", "errors": ["“mười” is not a number."], "warnings": []}
        )
        self.assertEqual(cells["title_vi"]["errors"], [])


class RoundTripTests(TestCase):
    """The list's XLSX export is the import's format: imported again, it changes nothing."""

    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.unit = cls.u["hai_phong"]
        cls.editor = make_user("trip-editor", unit=cls.unit)
        koica, jica = make_donor(cls.unit, "KOICA"), make_donor(cls.unit, "JICA")
        shared = (
            AdminUnit.objects.exclude(level=AdminUnit.Level.DISTRICT)
            .values("full_name")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .order_by("full_name")
            .first()
        )
        commune = AdminUnit.objects.filter(full_name=shared["full_name"]).order_by("pk").first()
        cls.commune = commune
        first = make_item(
            cls.unit,
            "Trường mầm non",
            donors=[(koica, Decimal("60")), (jica, Decimal("40"))],
            committed=("1500000000", "VND", date(2019, 2, 15)),
            reference="HP-01",
            status="implementation",
            decision_number="12/QĐ-UBND",
            approving_body="UBND TP Hải Phòng",
            start_date=date(2019, 3, 1),
        )
        first.sectors.set(Sector.objects.filter(code__in=["11220", "12220"]))
        first.locations.set([AdminUnit.objects.get(full_name="Thành phố Hải Phòng", valid_to__isnull=True), commune])
        first.beneficiary_groups.set(BeneficiaryGroup.objects.filter(code="children"))
        second = make_item(cls.unit, "Giếng nước", donors=[koica], reference="HP-02", status="proposed")
        for amount in ("100", "200"):  # several disbursements: the row leaves the amount empty and keeps them
            AidTransaction.objects.create(
                item=second, kind="disbursement", amount=Decimal(amount), currency="USD", date=date(2020, 1, 1)
            )

    def export(self, language: str) -> bytes:
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.client.get(reverse("aid:aiditem_list"), {"export": "xlsx", "q": "HP-0"})
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_export_then_import_changes_nothing_in_either_language(self):
        for language in ("vi", "en"):
            with self.subTest(language=language):
                content = self.export(language)
                sheet = openpyxl.load_workbook(io.BytesIO(content)).active
                rows = list(sheet.iter_rows(values_only=True))
                with translation.override(language):
                    self.assertEqual(list(rows[0]), [field_label(name) for name in COLUMNS])
                first = dict(zip(COLUMNS, next(r for r in rows if r[0] == "HP-01"), strict=True))
                self.assertEqual(first["donors"], "KOICA 60%; JICA 40%")
                self.assertIn(f"{self.commune.full_name} ({self.commune.code})", first["locations"])
                changes = ObjectChange.objects.count()
                with translation.override(language):
                    result = aid_import_commit(actor=self.editor, unit=self.unit, content=content, filename="list.xlsx")
                self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 2))
                self.assertEqual(ObjectChange.objects.count(), changes)

    def test_an_edited_cell_is_the_only_change(self):
        content = self.export("vi")
        book = openpyxl.load_workbook(io.BytesIO(content))
        sheet = book.active
        amount_column = COLUMNS.index("committed_amount") + 1
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "HP-01":
                sheet.cell(row=row[0].row, column=amount_column, value="1.600.000.000")
        buffer = io.BytesIO()
        book.save(buffer)
        result = aid_import_commit(actor=self.editor, unit=self.unit, content=buffer.getvalue(), filename="list.xlsx")
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 1, 1))
        item = AidItem.objects.get(reference="HP-01")
        self.assertEqual(
            list(item.transactions.values_list("kind", "amount")), [("commitment", Decimal("1600000000.00"))]
        )
        self.assertEqual(AidDonor.objects.filter(item=item).count(), 2)
        self.assertEqual(AidItem.objects.get(reference="HP-02").transactions.count(), 2)


class TemplateAndMappingScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.editor = make_user("tpl-editor", unit=cls.u["hai_phong"])

    def test_the_template_has_the_headings_and_the_allowed_values(self):
        self.client.force_login(self.editor)
        page = self.client.get(reverse("aid:import"))
        self.assertContains(page, reverse("aid:import_template"))
        response = self.client.get(reverse("aid:import_template"))
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        items, allowed = book.worksheets
        with translation.override("vi"):
            self.assertEqual([c.value for c in items[1]], [field_label(name) for name in COLUMNS])
        columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in allowed.iter_cols()}
        self.assertEqual(columns["Loại hình"], ["Dự án", "Phi dự án"])
        self.assertIn("Đã phê duyệt", columns["Trạng thái"])
        self.assertEqual(columns["Loại tiền cam kết"][:3], ["VND", "USD", "EUR"])
        self.assertIn("12220 Chăm sóc sức khỏe cơ bản", columns["Lĩnh vực"])
        self.assertIn("Thành phố Hải Phòng", columns["Địa bàn"])
        self.assertEqual(len(items.data_validations.dataValidation), 4)  # kind, status, both currencies

    def test_a_job_whose_columns_do_not_map_waits_for_the_mapping_then_checks_again(self):
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        content = workbook(["Mã số", "Tên công trình"], ["HP-01", "Cầu dân sinh"])
        self.client.post(reverse("aid:import"), {"file": SimpleUploadedFile("ds.xlsx", content)})
        job = AidImportJob.objects.latest("pk")
        self.assertEqual(job.status, AidImportJob.Status.MAPPING)
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, 'data-form="mapping"')
        response = self.client.post(job.get_absolute_url(), {"map": "1", "col_0": "reference", "col_1": "title_vi"})
        self.assertEqual(response.status_code, 302)
        job.refresh_from_db()
        self.assertEqual((job.status, job.mapping), ("checked", {"Mã số": "reference", "Tên công trình": "title_vi"}))
