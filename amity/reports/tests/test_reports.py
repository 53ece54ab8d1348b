"""Hải Phòng's 2018–2023 term report and Bắc Giang's report on plan 56-KH/TU, end to end:
records → figures → Word/PDF/Excel files, opened again and checked."""

import io
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import docx
import openpyxl
import pypdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from amity.audit.models import ObjectChange
from amity.core.access import unit_descendant_ids
from amity.core.demo import DemoContext
from amity.plans import demo as plans_demo
from amity.plans.models import Plan
from amity.registry import demo as registry_demo
from amity.registry.models import Agreement, Organisation
from amity.reports import services
from amity.reports.choices import JobStatus, ReportKind
from amity.reports.content import build_document
from amity.reports.expiry import render_jobs_expire
from amity.reports.models import RenderJob, Report
from amity.units import demo as units_demo

CLEANED = "Kết quả nổi bật của nhiệm kỳ: hợp tác <hữu nghị> & phát triển"
# one folder a database: the SQLite and PostgreSQL suites run side by side and draw the same pages
ARTEFACTS = Path(settings.BASE_DIR) / "artefacts" / "reports" / connection.vendor
ILLEGAL = "Kết quả\x0b nổi bật\x00 của nhiệm kỳ\x1f: hợp tác <hữu nghị> & phát triển"


def load_demo() -> DemoContext:
    ctx = DemoContext()
    for module in (units_demo, registry_demo, plans_demo):
        module.load(ctx)
    return ctx


def figures_of(document) -> dict[str, object]:
    return {f.label: f.value for s in document.sections for f in s.content.figures}


def pdf_text(payload: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(payload)).pages)


def save_pages(payload: bytes, name: str) -> list[Path]:
    """Keep the PDF and its pages as PNG in artefacts/reports/<database>/ for a person to look at."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTEFACTS / f"{name}.pdf"
    pdf.write_bytes(payload)
    for old in ARTEFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(ARTEFACTS / name)], check=True, timeout=60)
    return sorted(ARTEFACTS.glob(f"{name}-*.png"))


def term_form_data(form, report, **changes) -> dict:
    """What the edit form of the Hải Phòng term report posts back unchanged, plus ``changes``."""
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("unit", "kind", "plan", "rollup_on")}
    data.update({name: field.initial for name, field in form.fields.items() if name.startswith("narrative_")})
    data.update(
        version=report.version, period_start="2018-01-01", period_end="2023-12-31", issued_on="2024-05-27", **changes
    )
    return data


class RenderMixin:
    def render(self, report, fmt, user) -> bytes:
        """Render through the background job, as a user does, in Vietnamese; the file's bytes."""
        with translation.override("vi"):
            job = services.render_job_start(actor=user, report=report, format=fmt)
        self.assertEqual(job.status, JobStatus.DONE, job.error)
        with job.file.open("rb") as f:
            return f.read()


class ReportFixture(RenderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ctx = load_demo()
        cls.units = cls.ctx.units
        cls.hp_editor = cls.ctx.users["haiphong-editor"]
        cls.bn_editor = cls.ctx.users["bacninh-editor"]  # Bắc Giang was merged into Bắc Ninh
        cls.ht_editor = cls.ctx.users["hatinh-editor"]
        hp = cls.units["hai_phong"]
        netherlands = Organisation.objects.get(name="Hội hữu nghị Việt Nam – Hà Lan thành phố Hải Phòng")
        netherlands.member_count = 120
        netherlands.save()
        korea = Organisation.objects.get(name="Hội hữu nghị Việt Nam – Hàn Quốc thành phố Hải Phòng")
        korea.member_count = 80
        korea.save()
        donghae = Organisation.objects.get(name="Thành phố Donghae")
        for title, signed in [
            ("Biên bản ghi nhớ với thành phố Donghae", date(2019, 6, 1)),
            ("Thỏa thuận 2024", date(2024, 3, 1)),
        ]:
            agreement = Agreement.objects.create(unit=hp, kind="mou", title=title, signed_on=signed, status="in_force")
            agreement.parties.set([donghae])
        cls.hp_term = services.report_create(
            actor=cls.hp_editor,
            data={
                "unit": hp,
                "kind": ReportKind.TERM,
                "title": "Báo cáo tổng kết công tác đối ngoại nhân dân nhiệm kỳ 2018–2023",
                "period_start": date(2018, 1, 1),
                "period_end": date(2023, 12, 31),
                "number": "25/BC-LHHN",
                "place": "Hải Phòng",
                "issued_on": date(2024, 5, 27),
                "recipients": "Liên hiệp các tổ chức hữu nghị Việt Nam\nThành ủy Hải Phòng\nLưu: VT",
                "signer_position": "Chủ tịch",
                "signer_name": "Đỗ Văn Bình",
                "narratives": {"overview": ILLEGAL},
            },
        )
        cls.plan_56 = Plan.objects.get(number="56-KH/TU")
        cls.bg_plan = services.report_create(
            actor=cls.bn_editor,
            data={
                "unit": cls.units["bac_giang"],
                "kind": ReportKind.PLAN,
                "plan": cls.plan_56,
                "title": "Báo cáo kết quả thực hiện Kế hoạch số 56-KH/TU",
                "period_start": date(2022, 5, 23),
                "period_end": date(2023, 12, 31),
                "number": "12/BC-LHHN",
                "place": "Bắc Giang",
                "issued_on": date(2024, 1, 5),
                "recipients": "Ban Thường vụ Tỉnh ủy\nLưu: VT",
                "signer_authority": "KT. Chủ tịch",
                "signer_position": "Phó Chủ tịch Thường trực",
                "signer_name": "Nguyễn Đức Trọng",
            },
        )


class HaiPhongTermReportTests(ReportFixture):
    def test_figures_match_the_records(self):
        hp_ids = unit_descendant_ids(self.units["hai_phong"])
        with translation.override("en"):
            figures = figures_of(build_document(report=self.hp_term, user=self.hp_editor, charts=False))
        associations = Organisation.objects.filter(unit_id__in=hp_ids, kind="friendship_association").count()
        self.assertEqual(associations, 3)  # Laos, Netherlands, Korea
        self.assertEqual(figures["Bilateral friendship associations"], associations)
        self.assertEqual(figures["Members"], 200)  # only the associations that recorded a count
        self.assertEqual(figures["Agreements signed in the period"], 1)  # 2019 counts, 2024 does not
        self.assertEqual(
            figures["Organisations in the records"], Organisation.objects.filter(unit_id__in=hp_ids).count()
        )
        self.assertIsNone(figures["Branches"])  # no branch recorded: "no data", not 0
        self.assertIsNone(figures["Plans in force"])

    def test_word_file_has_decree_30_layout_and_figures(self):
        document = docx.Document(io.BytesIO(self.render(self.hp_term, "docx", self.hp_editor)))
        header, *_, footer = document.tables
        self.assertEqual(len(header._tbl.xpath(".//w:tblBorders/*[@w:val='nil']")), 6)  # borderless
        left, right = (c.text for c in header.rows[0].cells)
        self.assertIn("LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ THÀNH PHỐ HẢI PHÒNG", left)
        self.assertIn("Số: 25/BC-LHHN", left)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right)
        self.assertIn("Độc lập - Tự do - Hạnh phúc", right)
        date_par = header.rows[0].cells[1].paragraphs[-1]
        self.assertEqual(date_par.text, "Hải Phòng, ngày 27 tháng 5 năm 2024")
        self.assertTrue(all(r.italic for r in date_par.runs))
        self.assertIn("Nơi nhận:", footer.rows[0].cells[0].text)
        recipients = [p.text for p in footer.rows[0].cells[0].paragraphs]
        self.assertEqual(recipients[-2:], ["- Thành ủy Hải Phòng;", "- Lưu: VT."])  # the last one ends the list
        self.assertIn("ĐỖ VĂN BÌNH".title(), footer.rows[0].cells[1].text)
        text = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("BÁO CÁO", text)
        self.assertIn("- Hội hữu nghị song phương: 3", text)
        self.assertIn("- Chi hội: không có số liệu", text)
        self.assertIn("Kết quả nổi bật của nhiệm kỳ: hợp tác <hữu nghị> & phát triển", text)  # illegal chars gone
        self.assertRegex(text, r"\n\d+\. Đối tác và mạng lưới")  # numbered sections
        section = document.sections[0]
        self.assertEqual(
            [
                round(m.mm)
                for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
            ],
            [20, 20, 30, 15],
        )
        fonts = {r.font.name for p in document.paragraphs for r in p.runs if r.text}
        sizes = {
            r.font.size.pt for p in document.paragraphs for r in p.runs if r.text.strip() and p.style.name == "Normal"
        }
        self.assertEqual(fonts, {"Times New Roman"})
        self.assertTrue(sizes <= {13.0, 14.0}, sizes)
        self.assertTrue(document.inline_shapes, "the chart is embedded as a picture")

    def test_pdf_has_vietnamese_text_and_is_rendered_to_png(self):
        payload = self.render(self.hp_term, "pdf", self.hp_editor)
        text = pdf_text(payload)
        for expected in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 25/BC-LHHN",
            "Nơi nhận:",
            "Hội hữu nghị song phương: 3",
            "không có số liệu",
            "Đỗ Văn Bình",
        ]:
            self.assertIn(expected, text)
        self.assertIn(CLEANED, text)  # the narrative's diacritics extract letter for letter
        self.assertIn("Hải Phòng, ngày 27 tháng 5 năm 2024", text)
        reader = pypdf.PdfReader(io.BytesIO(payload))
        fonts = {
            str(f["/BaseFont"]).split("+")[-1]: f
            for page in reader.pages
            for f in (r.get_object() for r in page["/Resources"]["/Font"].values())
        }
        # only the vendored Times substitute, in the faces the document uses, embedded (no system font),
        # and the vendored CJK face for Donghae's name in Hangul (동해시)
        self.assertIn("Thành phố Donghae (동해시)", " ".join(text.split()))  # a Korean word is not cut
        faces = {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}
        faces.add("DroidSansFallback")
        self.assertEqual(set(fonts), faces)
        for name, font in fonts.items():
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)[
                "/FontDescriptor"
            ]
            self.assertIn("/FontFile2", descriptor, name)
        if shutil.which("pdftoppm"):
            pages = save_pages(payload, "hai-phong-term-2018-2023")
            self.assertTrue(pages and all(p.stat().st_size > 5000 for p in pages))

    def test_date_line_follows_decree_30_in_vietnamese_and_each_language_elsewhere(self):
        lines = {}
        for language in ("vi", "en", "zh-hans", "ru"):
            with translation.override(language):
                lines[language] = build_document(report=self.hp_term, user=self.hp_editor, charts=False).date_line
        self.assertEqual(
            lines,
            {
                "vi": "Hải Phòng, ngày 27 tháng 5 năm 2024",
                "en": "Hải Phòng, May 27, 2024",
                "zh-hans": "Hải Phòng，2024年5月27日",
                "ru": "Hải Phòng, 27 мая 2024 г.",
            },
        )
        Report.objects.filter(pk=self.hp_term.pk).update(issued_on=date(2024, 2, 5), place="")
        self.hp_term.refresh_from_db()
        with translation.override("vi"):  # a zero before a day below 10 and before months 1 and 2
            self.assertEqual(
                build_document(report=self.hp_term, user=self.hp_editor, charts=False).date_line,
                "ngày 05 tháng 02 năm 2024",
            )
        self.client.force_login(self.hp_editor)
        for language, heading in (("en", "REPORT"), ("zh-hans", "报告"), ("ru", "ОТЧЁТ")):
            with self.subTest(language=language):  # the report screen of a report in another language
                Report.objects.filter(pk=self.hp_term.pk).update(language=language)
                response = self.client.get(self.hp_term.get_absolute_url())
                self.assertContains(response, heading)
                self.assertNotContains(response, "ngày 05 tháng")

    def test_excel_has_the_tables_behind_the_figures(self):
        book = openpyxl.load_workbook(io.BytesIO(self.render(self.hp_term, "xlsx", self.hp_editor)))
        summary = book.worksheets[0]
        rows = {r[1]: r[2] for r in summary.iter_rows(min_row=7, values_only=True)}
        self.assertEqual(rows["Hội hữu nghị song phương"], 3)
        self.assertEqual(rows["Chi hội"], "không có số liệu")
        self.assertEqual(rows["Hội viên"], 200)
        agreements = next(s for s in book.worksheets if "Thỏa thuận" in s.title or "thỏa thuận" in s.title)
        titles = [r[0] for r in agreements.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(titles, ["Biên bản ghi nhớ với thành phố Donghae"])


class BacGiangPlanReportTests(ReportFixture):
    def test_plan_report_in_three_formats(self):
        word = docx.Document(io.BytesIO(self.render(self.bg_plan, "docx", self.bn_editor)))
        text = "\n".join(p.text for p in word.paragraphs)
        self.assertIn("Kế hoạch 56-KH/TU ngày 23/05/2022", text)
        self.assertIn("- Nhóm nhiệm vụ: 8", text)
        self.assertIn("- Hoàn thành: 2", text)  # the two yes/no tasks marked done in the demo
        self.assertIn("- Đúng tiến độ: 3", text)  # 2025 deadlines, progress ahead of time used
        self.assertIn("- Chưa triển khai: 1", text)  # the committee proposal: due 31/12/2023, no update yet
        self.assertIn("- Chậm tiến độ: 0", text)  # tasks exist, so zero is a figure here
        tasks = word.tables[1]
        cells = [c.text for row in tasks.rows for c in row.cells]
        self.assertIn(
            "8. Nắm tình hình, giữ liên lạc với người Bắc Giang ở nước ngoài; nghiên cứu thành lập Ban liên lạc "
            "đối ngoại của tỉnh; đẩy mạnh khen thưởng kiều bào có đóng góp cho quê hương",
            cells,
        )
        rows = {row.cells[0].text: [c.text for c in row.cells] for row in tasks.rows}
        committee = rows["Trình đề án thành lập Ban liên lạc đối ngoại của tỉnh"]  # yes/no, no update yet
        self.assertEqual(committee[3:], ["Hoàn thành", "Chưa hoàn thành", "Chưa triển khai"])
        done_yes_no = [r for r in rows.values() if r[3] == "Hoàn thành" and r[4] == "Đã hoàn thành"]
        self.assertEqual(len(done_yes_no), 2)  # target, then what was reached: no "Hoàn thành hoặc chưa"
        self.assertNotIn("Hoàn thành hoặc chưa", "\n".join(cells))
        signature = [p.text for p in word.tables[-1].rows[0].cells[1].paragraphs]
        self.assertEqual(signature, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "Nguyễn Đức Trọng"])  # a deputy signs
        text_pdf = pdf_text(self.render(self.bg_plan, "pdf", self.bn_editor))
        self.assertRegex(text_pdf, r"KT\. CHỦ TỊCH\s+PHÓ CHỦ TỊCH THƯỜNG TRỰC")
        self.assertIn("- Lưu: VT.", text_pdf)
        self.assertIn("Nguyễn Đức Trọng", text_pdf)
        self.assertIn("56-KH/TU", text_pdf)
        if shutil.which("pdftoppm"):
            save_pages(self.render(self.bg_plan, "pdf", self.bn_editor), "bac-giang-plan-56-KH-TU")
        book = openpyxl.load_workbook(io.BytesIO(self.render(self.bg_plan, "xlsx", self.bn_editor)))
        task_sheet = book.worksheets[1]
        groups = [r[0] for r in task_sheet.iter_rows(min_row=2, values_only=True) if r[1] == "" or r[1] is None]
        self.assertEqual(len([g for g in groups if g and g[0].isdigit()]), 8)
        committee = next(
            r
            for r in task_sheet.iter_rows(values_only=True)
            if r[0] == "Trình đề án thành lập Ban liên lạc đối ngoại của tỉnh"
        )
        self.assertEqual(committee[3:5], ("Hoàn thành", "Chưa hoàn thành"))

    def test_linked_records_raise_the_reached_value_and_are_listed(self):
        from amity.activities.models import Activity
        from amity.plans.models import Task

        task = Task.objects.get(title="Thành lập chi hội hữu nghị cấp cơ sở mới")  # target 10, reported 3
        bg = self.units["bac_giang"]
        for n, day in enumerate([date(2022, 7, 1), date(2022, 9, 1), date(2023, 3, 1), date(2023, 6, 1)], start=1):
            task.activities.add(
                Activity.objects.create(unit=bg, type="other", title=f"Ra mắt chi hội số {n}", start_date=day)
            )
        task.activities.add(
            Activity.objects.create(unit=bg, type="other", title="Ra mắt 2024", start_date=date(2024, 2, 1))
        )
        book = openpyxl.load_workbook(io.BytesIO(self.render(self.bg_plan, "xlsx", self.bn_editor)))
        tasks, linked = book.worksheets[1], book.worksheets[2]
        row = next(r for r in tasks.iter_rows(min_row=2, values_only=True) if r[0] == task.title)
        self.assertEqual(row[4], 4)  # four records by the end of 2023 beat the reported 3
        records = [r[2] for r in linked.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(records, [f"Ra mắt chi hội số {n}" for n in range(1, 5)])  # the 2024 one is after the period


class ReportDemoTests(TestCase):
    def test_demo_reports_load_twice_and_render(self):
        from amity.reports import demo

        for _run in range(2):
            ctx = load_demo()
            demo.load(ctx)
        self.assertEqual(Report.objects.count(), 2)
        report = Report.objects.get(kind=ReportKind.PLAN)
        with translation.override("vi"):
            job = services.render_job_start(actor=ctx.users["bacninh-editor"], report=report, format="xlsx")
        self.assertEqual(job.status, JobStatus.DONE, job.error)


class SeedFiguresTests(TestCase):
    """The demo term report of Hải Phòng prints the article's aid figures: 52 items, USD 9.5 million."""

    @classmethod
    def setUpTestData(cls):
        from amity.aid import demo as aid_demo
        from amity.reports import demo

        cls.ctx = load_demo()
        aid_demo.load(cls.ctx)
        demo.load(cls.ctx)
        cls.report = Report.objects.get(kind=ReportKind.TERM, unit=cls.ctx.units["hai_phong"])

    def test_term_report_files_carry_the_seed_aid_figures(self):
        from amity.aid.selectors import aid_figures

        user = self.ctx.users["haiphong-editor"]
        expected = aid_figures(
            user=user, unit=self.report.unit, start=date(2018, 1, 1), end=date(2023, 12, 31), currency="USD"
        )
        self.assertEqual((expected.items, expected.committed), (52, 9_500_000))
        with translation.override("vi"):
            job = services.render_job_start(actor=user, report=self.report, format="docx")
            word = docx.Document(job.file.open("rb"))
            book = openpyxl.load_workbook(
                services.render_job_start(actor=user, report=self.report, format="xlsx").file.open("rb")
            )
        text = "\n".join(p.text for p in word.paragraphs)
        self.assertIn("- Dự án và phi dự án được phê duyệt: 52", text)
        self.assertIn("- Giá trị cam kết: 9.500.000\xa0USD", text)
        signature = [p.text for p in word.tables[-1].rows[0].cells[1].paragraphs]
        self.assertEqual(signature, ["TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", "Đỗ Văn Bình"])
        summary = {r[1]: r[2] for r in book.worksheets[0].iter_rows(min_row=7, values_only=True)}
        self.assertEqual(summary["Dự án và phi dự án được phê duyệt"], 52)
        self.assertEqual(summary["Giá trị cam kết"], 9_500_000)
        donors = next(s for s in book.worksheets if "nhà tài trợ" in s.title)
        rows = list(donors.iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(rows), expected.donors)  # the table behind "Donors: 12"
        self.assertEqual(sum(r[1] for r in rows), 52)
        self.assertAlmostEqual(float(sum(r[2] for r in rows)), 9_500_000, places=2)


class BadInputTests(ReportFixture):
    def test_titles_numbers_and_bodies_never_run_as_formulas_in_any_format(self):
        """The report's own words are the users' text: in Excel they are text (never a live
        formula), in Word and PDF they are written as typed (no markup, no stray control bytes)."""
        hostile = {
            "title": '=HYPERLINK("http://evil.example/","bấm")',
            "number": "+25/BC-LHHN",  # shown after "Số:", so harmless
            "issuing_body": "@SUM(A1:A9)\x01 <b>Hội</b>",
        }
        Report.objects.filter(pk=self.hp_term.pk).update(**hostile)
        self.hp_term.refresh_from_db()
        book = openpyxl.load_workbook(io.BytesIO(self.render(self.hp_term, "xlsx", self.hp_editor)))
        cells = [c for row in book.worksheets[0].iter_rows(max_row=4) for c in row if c.value is not None]
        self.assertEqual([c for c in cells if c.data_type == "f"], [])
        texts = [c.value for c in cells]
        self.assertIn("'" + hostile["title"], texts)
        self.assertIn("Số: +25/BC-LHHN", texts)  # the number is written after "Số:"
        self.assertIn("'@SUM(A1:A9) <B>HỘI</B>", texts)  # the issuing body in capitals, control byte gone
        for fmt in ("docx", "pdf"):
            with self.subTest(fmt=fmt):
                self.assertGreater(len(self.render(self.hp_term, fmt, self.hp_editor)), 1000)

    def test_period_that_ends_before_it_starts_is_refused(self):
        with self.assertRaises(ValidationError) as ctx:  # a term report's period is its congress's term
            services.report_update(
                actor=self.bn_editor,
                instance=self.bg_plan,
                data={"period_start": date(2023, 12, 31), "period_end": date(2018, 1, 1)},
            )
        self.assertIn("period_end", ctx.exception.message_dict)
        self.client.force_login(self.hp_editor)
        with translation.override("vi"):
            response = self.client.post(
                reverse("reports:report_add"),
                {
                    "unit": self.units["hai_phong"].pk,
                    "kind": "annual",
                    "title": "Năm 2023",
                    "status": "draft",
                    "period_start": "2023-12-31",
                    "period_end": "2023-01-01",
                },
            )
        self.assertContains(response, "Kỳ kết thúc trước khi bắt đầu.", status_code=400)
        self.assertFalse(Report.objects.filter(title="Năm 2023").exists())

    def test_unit_the_user_may_not_see_is_404(self):
        self.client.force_login(self.ht_editor)  # Hà Tĩnh
        self.assertEqual(self.client.get(self.hp_term.get_absolute_url()).status_code, 404)
        response = self.client.post(reverse("reports:report_render", args=[self.hp_term.pk]), {"format": "docx"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(RenderJob.objects.exists())
        self.assertEqual(
            self.client.post(f"/api/reports/reports/{self.hp_term.pk}/render/", {"format": "pdf"}).status_code, 404
        )
        job = services.render_job_start(actor=self.hp_editor, report=self.hp_term, format="xlsx")
        self.assertEqual(self.client.get(job.get_download_url()).status_code, 404)
        response = self.client.post(
            reverse("reports:report_add"),
            {
                "unit": self.units["hai_phong"].pk,
                "kind": "annual",
                "title": "Lạ",
                "status": "draft",
                "period_start": "2023-01-01",
                "period_end": "2023-12-31",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Report.objects.filter(title="Lạ").exists())

    def test_xml_breaking_narrative_gives_valid_files(self):
        self.assertEqual(self.hp_term.narratives["overview"], CLEANED)  # stripped when saved
        hostile = 'Đoạn\x01 có\x0c ký tự \ufffe lạ ]]> <w:p/> & "trích"'
        Report.objects.filter(pk=self.hp_term.pk).update(narratives={"directions": hostile})  # e.g. older rows
        self.hp_term.refresh_from_db()
        word = docx.Document(io.BytesIO(self.render(self.hp_term, "docx", self.hp_editor)))
        self.assertIn('Đoạn có ký tự  lạ ]]> <w:p/> & "trích"', [p.text for p in word.paragraphs])
        self.assertIn("]]> <w:p/> &", pdf_text(self.render(self.hp_term, "pdf", self.hp_editor)))
        openpyxl.load_workbook(io.BytesIO(self.render(self.hp_term, "xlsx", self.hp_editor)))

    def test_unknown_narrative_section_is_refused(self):
        with self.assertRaises(ValidationError) as ctx:
            services.report_update(actor=self.hp_editor, instance=self.hp_term, data={"narratives": {"nope": "x"}})
        self.assertIn("narratives", ctx.exception.message_dict)

    def test_failed_rendering_says_why_and_report_stays_editable(self):
        from unittest import mock

        with mock.patch.dict("amity.reports.tasks.RENDERERS", {"pdf": mock.Mock(side_effect=OSError("disk full"))}):
            job = services.render_job_start(actor=self.hp_editor, report=self.hp_term, format="pdf")
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertIn("disk full", job.error)
        self.assertFalse(job.file)
        self.client.force_login(self.hp_editor)
        page = self.client.get(self.hp_term.get_absolute_url())
        self.assertContains(page, "disk full")
        self.assertContains(page, 'data-job="failed"')
        edit = self.client.get(reverse("reports:report_edit", args=[self.hp_term.pk]))
        self.assertEqual(edit.status_code, 200)

    def test_rendering_that_cannot_be_queued_says_why(self):
        from unittest import mock

        with mock.patch(
            "amity.reports.services.render_report",
            mock.Mock(enqueue=mock.Mock(side_effect=ConnectionError("no worker queue"))),
        ):
            job = services.render_job_start(actor=self.hp_editor, report=self.hp_term, format="docx")
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertIn("no worker queue", job.error)
        self.client.force_login(self.hp_editor)
        with mock.patch(
            "amity.reports.services.render_report",
            mock.Mock(enqueue=mock.Mock(side_effect=ConnectionError("no worker queue"))),
        ):
            response = self.client.post(reverse("reports:report_render", args=[self.hp_term.pk]), {"format": "pdf"})
        self.assertEqual(response.status_code, 302)  # back to the report, not a server error
        self.assertContains(self.client.get(self.hp_term.get_absolute_url()), "no worker queue")


class ScreensAndApiTests(ReportFixture):
    def test_a_rendering_queued_for_over_a_minute_says_no_worker_picked_it_up(self):
        self.client.force_login(self.hp_editor)
        job = RenderJob.objects.create(report=self.hp_term, format="docx", requested_by=self.hp_editor)
        url = self.hp_term.get_absolute_url()
        self.assertNotContains(self.client.get(url, headers={"HX-Request": "true"}), "data-no-worker")
        RenderJob.objects.filter(pk=job.pk).update(created=timezone.now() - timedelta(seconds=70))
        poll = self.client.get(url, headers={"HX-Request": "true"})
        self.assertContains(poll, "data-no-worker")
        self.assertContains(poll, "manage.py db_worker")
        RenderJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
        self.assertNotContains(self.client.get(url, headers={"HX-Request": "true"}), "data-no-worker")

    def test_file_list_polls_while_a_rendering_is_pending(self):
        self.client.force_login(self.hp_editor)
        job = RenderJob.objects.create(report=self.hp_term, format="pdf", requested_by=self.hp_editor)  # queued
        url = self.hp_term.get_absolute_url()
        poll = self.client.get(url, headers={"HX-Request": "true"})
        self.assertContains(poll, 'data-job="queued"')
        self.assertContains(poll, 'hx-trigger="every 2s"')
        self.assertNotContains(poll, "<html")  # only the file list, not the page with its figures
        job.status = JobStatus.DONE
        job.save()
        done = self.client.get(url, headers={"HX-Request": "true"})
        self.assertNotContains(done, "hx-trigger")  # polling stops once nothing is pending
        self.client.force_login(self.ht_editor)
        self.assertEqual(self.client.get(url, headers={"HX-Request": "true"}).status_code, 404)

    def test_a_rendering_whose_worker_died_fails_after_the_timeout_and_can_be_redone(self):
        from datetime import timedelta

        from django.test import override_settings
        from django.utils import timezone

        now = timezone.now()

        def job(status, minutes_ago):
            made = RenderJob.objects.create(report=self.hp_term, format="pdf", requested_by=self.hp_editor)
            RenderJob.objects.filter(pk=made.pk).update(
                status=status,
                created=now - timedelta(minutes=minutes_ago),
                started_at=now - timedelta(minutes=minutes_ago) if status == JobStatus.RUNNING else None,
            )
            return made

        dead = job(JobStatus.RUNNING, 16)  # the worker died mid-render 16 minutes ago
        busy = job(JobStatus.RUNNING, 14)  # still within the 15 minutes
        never = job(JobStatus.QUEUED, 20)  # no worker ever took it
        self.client.force_login(self.hp_editor)
        with translation.override("vi"):
            poll = self.client.get(self.hp_term.get_absolute_url(), headers={"HX-Request": "true"})
        self.assertContains(poll, "nền đã dừng")  # the Vietnamese reason, shown with the job
        self.assertEqual(RenderJob.objects.filter(status=JobStatus.FAILED).count(), 0)  # a read writes nothing
        render_jobs_expire()  # what the worker's start and the periodic command run
        statuses = dict(RenderJob.objects.values_list("pk", "status"))
        self.assertEqual(
            (statuses[dead.pk], statuses[busy.pk], statuses[never.pk]),
            (JobStatus.FAILED, JobStatus.RUNNING, JobStatus.FAILED),
        )
        self.assertContains(poll, 'hx-trigger="every 2s"')  # the busy one is still followed
        self.assertIn("15", RenderJob.objects.get(pk=dead.pk).error)
        self.assertTrue(
            ObjectChange.objects.filter(object_id=str(dead.pk), source="system", message__contains="timeout").exists()
        )
        with override_settings(REPORT_RENDER_TIMEOUT_MINUTES=10):  # the limit is a setting
            body = self.client.get(f"/api/reports/jobs/{busy.pk}/").json()
            render_jobs_expire()
        self.assertEqual(body["status"], "failed")
        self.assertIn("10", body["error"])
        poll = self.client.get(self.hp_term.get_absolute_url(), headers={"HX-Request": "true"})
        self.assertNotContains(poll, "hx-trigger")  # nothing left pending: the list stops waiting
        response = self.client.post(reverse("reports:report_render", args=[self.hp_term.pk]), {"format": "pdf"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(RenderJob.objects.filter(status=JobStatus.DONE).count(), 1)  # rendered again

    def test_edit_narratives_then_render_and_download(self):
        self.client.force_login(self.hp_editor)
        url = reverse("reports:report_edit", args=[self.hp_term.pk])
        form = self.client.get(url).context["form"]
        data = term_form_data(form, self.hp_term, narrative_partners="Quan hệ với thành phố Donghae được mở rộng.")
        response = self.client.post(url, data)
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", {}) and response.context["form"].errors
        )
        self.hp_term.refresh_from_db()
        self.assertEqual(self.hp_term.narratives["partners"], "Quan hệ với thành phố Donghae được mở rộng.")
        self.assertEqual(self.hp_term.narratives["overview"], CLEANED)
        response = self.client.post(reverse("reports:report_render", args=[self.hp_term.pk]), {"format": "docx"})
        self.assertEqual(response.status_code, 302)
        job = RenderJob.objects.get()
        page = self.client.get(self.hp_term.get_absolute_url())
        self.assertContains(page, job.get_download_url())
        section = self.client.get(reverse("reports:report_section", args=[self.hp_term.pk, "associations"]))
        self.assertContains(section, 'data-figure="associations">Hội hữu nghị song phương: <strong>3</strong>')
        download = self.client.get(job.get_download_url())
        word = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
        self.assertIn("Quan hệ với thành phố Donghae được mở rộng.", [p.text for p in word.paragraphs])

    def test_api_render_returns_job_with_download_link(self):
        self.client.force_login(self.bn_editor)
        response = self.client.post(f"/api/reports/reports/{self.bg_plan.pk}/render/", {"format": "xlsx"})
        self.assertEqual(response.status_code, 202)
        body = response.json()
        self.assertEqual(body["status"], "done")
        self.assertEqual(self.client.get(body["download_url"]).status_code, 200)
        self.assertEqual(self.client.get(f"/api/reports/jobs/{body['id']}/").json()["status"], "done")
        bad = self.client.post(f"/api/reports/reports/{self.bg_plan.pk}/render/", {"format": "odt"})
        self.assertEqual(bad.status_code, 400)


class RollupTests(ReportFixture):
    def rollup(self, day):
        vufo_admin = self.ctx.users["vufo-admin"]
        report = services.report_create(
            actor=vufo_admin,
            data={
                "unit": self.units["vufo"],
                "kind": ReportKind.ROLLUP,
                "title": "Tổng hợp",
                "rollup_on": day,
                "period_start": date(2018, 1, 1),
                "period_end": date(2023, 12, 31),
            },
        )
        with translation.override("en"):
            document = build_document(report=report, user=vufo_admin, charts=False)
        table = document.sections[1].content.tables[0]
        return document, {row[0]: row for row in table.rows}

    def test_provinces_of_today_merge_bac_giang_into_bac_ninh(self):
        document, rows = self.rollup(date(2026, 1, 1))
        bac_ninh = next(v for k, v in rows.items() if "Bắc Ninh" in k)
        self.assertNotIn("Bắc Giang", " ".join(rows))  # no separate row for the merged province
        self.assertEqual(bac_ninh[3], 9)  # Bắc Giang's nine bilateral associations
        # members: no data. Bắc Giang's ~6,000 is the union's own total (on its own record, and stated
        # as a figure of the union); none of its nine associations records its members
        self.assertIsNone(bac_ninh[4])
        hai_phong = next(v for k, v in rows.items() if "Hải Phòng" in k)
        self.assertEqual((hai_phong[3], hai_phong[5]), (3, 1))
        text = " ".join(str(v) for s in document.sections for t in s.content.tables for r in t.rows for v in r)
        for name in ("Nguyễn Đức Trọng", "Đỗ Văn Bình"):  # no personal data in a roll-up
            self.assertNotIn(name, text)

    def test_provinces_before_the_merger_are_kept_apart(self):
        _document, rows = self.rollup(date(2024, 1, 1))
        bac_giang = next(v for k, v in rows.items() if k.startswith("Bắc Giang") and "Bắc Ninh" not in k)
        self.assertEqual(bac_giang[3], 9)


class ModuleSectionsTests(ReportFixture):
    """Aid, activities, awards and compatriots figures come from those modules' selectors."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from amity.activities.choices import ActivityType
        from amity.activities.models import Activity
        from amity.aid.tests.factories import make_donor, make_item
        from amity.diaspora.tests.factories import compatriot

        hp = cls.units["hai_phong"]
        donor = make_donor(hp, "Tổ chức Đông Tây Hội ngộ")
        make_item(hp, "Nhà tình thương", donors=[donor], committed=("1000000", "USD"), decided=date(2019, 6, 1))
        make_item(hp, "Hỗ trợ nạn nhân da cam", donors=[donor], committed=("500000", "USD"), decided=date(2022, 3, 1))
        make_item(hp, "Dự án 2024", donors=[donor], committed=("700000", "USD"), decided=date(2024, 3, 1))
        Activity.objects.create(
            unit=hp,
            type=ActivityType.DELEGATION_IN,
            title="Đón đoàn Donghae",
            start_date=date(2020, 5, 4),
            participants=9,
        )
        bg = cls.units["bac_giang"]
        for name, code in [("Nguyễn Văn An", "CZ"), ("Trần Thị Bình", "KR"), ("Lê Văn Cường", "KR")]:
            compatriot(bg, name, country=code)

    def test_term_report_counts_aid_and_delegations_of_the_term(self):
        from amity.aid.selectors import aid_figures

        with translation.override("en"):
            figures = figures_of(build_document(report=self.hp_term, user=self.hp_editor, charts=False))
        expected = aid_figures(
            user=self.hp_editor, unit=self.units["hai_phong"], start=date(2018, 1, 1), end=date(2023, 12, 31)
        )
        self.assertEqual(figures["Approved projects and non-project aid"], expected.items)
        self.assertEqual((figures["Approved projects and non-project aid"], figures["Committed"]), (2, 1_500_000))
        self.assertEqual((figures["Activities"], figures["Incoming delegations"]), (1, 1))
        self.assertIsNone(figures["Recipients of awards"])  # Hải Phòng recorded no award: "no data"
        text = "\n".join(
            p.text for p in docx.Document(io.BytesIO(self.render(self.hp_term, "docx", self.hp_editor))).paragraphs
        )
        self.assertIn("1.500.000\xa0USD", text)

    def test_overseas_compatriots_report_has_counts_and_no_names(self):
        report = services.report_create(
            actor=self.bn_editor,
            data={
                "unit": self.units["bac_giang"],
                "kind": ReportKind.DIASPORA,
                "title": "Báo cáo công tác người Việt Nam ở nước ngoài",
                "period_start": date(2022, 1, 1),
                "period_end": date(2022, 12, 31),
            },
        )
        with translation.override("en"):
            document = build_document(report=report, user=self.bn_editor, charts=False)
        self.assertEqual([s.content.key for s in document.sections], ["overview", "diaspora", "stated", "directions"])
        figures = figures_of(document)
        self.assertEqual((figures["Compatriots in the records"], figures["Countries and territories"]), (3, 2))
        self.assertIsNone(figures["Contributions to the homeland"])
        text = pdf_text(self.render(report, "pdf", self.bn_editor))
        self.assertNotIn("Nguyễn Văn An", text)
        self.assertIn("66,7", text)  # Korea's share, Vietnamese decimal comma

    def test_aid_report_of_a_unit_without_aid_says_no_data(self):
        report = services.report_create(
            actor=self.ht_editor,
            data={
                "unit": self.units["ha_tinh"],
                "kind": ReportKind.AID,
                "title": "Viện trợ PCPNN 2023",
                "period_start": date(2023, 1, 1),
                "period_end": date(2023, 12, 31),
            },
        )
        book = openpyxl.load_workbook(io.BytesIO(self.render(report, "xlsx", self.ht_editor)))
        values = [r[2] for r in book.worksheets[0].iter_rows(min_row=7, values_only=True)]
        self.assertTrue(values and all(v == "không có số liệu" for v in values), values)


class AwardsByKindTests(RenderMixin, TestCase):
    """Phú Thọ's 2018 congress in the demo: certificates of merit to 4 collectives and 6
    individuals, "For Peace and Friendship among Nations" badges to 8 people (seed article)."""

    @classmethod
    def setUpTestData(cls):
        from amity.activities import demo as activities_demo
        from amity.awards import demo as awards_demo

        ctx = DemoContext()
        for module in (units_demo, registry_demo, activities_demo, awards_demo):
            module.load(ctx)
        cls.editor = ctx.users["phutho-editor"]
        cls.report = services.report_create(
            actor=cls.editor,
            data={
                "unit": ctx.units["phu_tho"],
                "kind": ReportKind.TERM,
                "title": "Báo cáo tổng kết nhiệm kỳ 2018–2023",
                "period_start": date(2018, 1, 1),
                "period_end": date(2023, 12, 31),
                "place": "Phú Thọ",
                "issued_on": date(2024, 1, 10),
            },
        )

    def test_awards_are_split_into_collectives_and_individuals_in_every_format(self):
        from amity.awards.choices import AwardKind
        from amity.awards.models import AwardType

        certificate = AwardType.objects.get(kind=AwardKind.CERTIFICATE).name
        badge = AwardType.objects.get(kind=AwardKind.MEDAL).name
        with translation.override("vi"):
            document = build_document(report=self.report, user=self.editor, charts=False)
        section = next(s.content for s in document.sections if s.content.key == "awards")
        self.assertEqual(
            [(f.label, f.value) for f in section.figures],
            [("Số lượt được khen thưởng", 18), ("Tập thể được khen thưởng", 4), ("Cá nhân được khen thưởng", 14)],
        )
        table = section.tables[0]
        self.assertEqual(table.columns, ["Hình thức khen thưởng", "Tập thể", "Cá nhân", "Tổng số"])
        self.assertEqual(table.rows, [[certificate, 4, 6, 10], [badge, 0, 8, 8]])
        word = docx.Document(io.BytesIO(self.render(self.report, "docx", self.editor)))
        grid = next(t for t in word.tables if t.rows[0].cells[0].text == "Hình thức khen thưởng")
        self.assertEqual(
            [[c.text for c in row.cells] for row in grid.rows[1:]],
            [[certificate, "4", "6", "10"], [badge, "0", "8", "8"]],
        )
        self.assertIn("- Tập thể được khen thưởng: 4", [p.text for p in word.paragraphs])
        pdf = " ".join(pdf_text(self.render(self.report, "pdf", self.editor)).split())  # cells wrap their lines
        self.assertIn(f"Tập thể Cá nhân Tổng số {certificate} 4 6 10 {badge} 0 8 8", pdf)
        book = openpyxl.load_workbook(io.BytesIO(self.render(self.report, "xlsx", self.editor)))
        rows = [
            list(r)
            for sheet in book.worksheets
            for r in sheet.iter_rows(values_only=True)
            if r and r[0] in (certificate, badge)
        ]
        self.assertEqual([r[:4] for r in rows], [[certificate, 4, 6, 10], [badge, 0, 8, 8]])


class PlanReportOfAnotherUnitTests(ReportFixture):
    """Hải Phòng is responsible for one task of Bắc Giang's plan 56 and coordinates another: its
    report on the plan lists those two tasks and says, in every format, that it covers only them."""

    COVERAGE = (
        "Báo cáo này chỉ gồm các nhiệm vụ của kế hoạch do Liên hiệp các tổ chức hữu nghị thành phố Hải Phòng "
        "chủ trì hoặc phối hợp thực hiện, không phải toàn bộ kế hoạch của Liên hiệp các tổ chức hữu nghị tỉnh "
        "Bắc Giang."
    )

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from amity.plans.models import Task

        hp = cls.units["hai_phong"]
        tasks = list(Task.objects.filter(group__plan=cls.plan_56).order_by("group__number", "pk"))
        cls.responsible, cls.coordinated = tasks[0], tasks[-1]
        Task.objects.filter(pk=cls.responsible.pk).update(responsible_unit=hp)
        cls.coordinated.coordinating_units.add(hp)
        cls.hp_plan = services.report_create(
            actor=cls.hp_editor,
            data={
                "unit": hp,
                "kind": ReportKind.PLAN,
                "plan": cls.plan_56,
                "title": "Báo cáo kết quả tham gia thực hiện Kế hoạch số 56-KH/TU",
                "period_start": date(2022, 5, 23),
                "period_end": date(2023, 12, 31),
            },
        )

    def test_the_report_lists_only_its_units_tasks_and_says_so(self):
        with translation.override("vi"):
            document = build_document(report=self.hp_plan, user=self.hp_editor, charts=False)
        self.assertEqual(document.coverage, self.COVERAGE.replace("  ", " "))
        (tasks, linked) = next(s for s in document.sections if s.content.key == "plan_tasks").content.tables
        titles = [row[0] for i, row in enumerate(tasks.rows) if i not in tasks.heading_rows]
        self.assertEqual(titles, [self.responsible.title, self.coordinated.title])
        figures = figures_of(document)
        self.assertEqual(figures["Nhóm nhiệm vụ"], 2)  # the groups holding its tasks, not the plan's 8
        statuses = [v for k, v in figures.items() if k not in ("Nhóm nhiệm vụ",)]
        self.assertEqual(sum(v for v in statuses if isinstance(v, int)), 2)

        # the same report rendered by the central union, which sees the whole plan, is still Hải Phòng's part
        admin = self.ctx.users["vufo-admin"]
        with translation.override("vi"):
            central = build_document(report=self.hp_plan, user=admin, charts=False)
        self.assertEqual(central.coverage, document.coverage)
        self.assertEqual(figures_of(central)["Nhóm nhiệm vụ"], 2)

        word = docx.Document(io.BytesIO(self.render(self.hp_plan, "docx", self.hp_editor)))
        paragraphs = [p.text for p in word.paragraphs]
        self.assertEqual(
            paragraphs.index(self.COVERAGE) - 1,
            next(i for i, t in enumerate(paragraphs) if t.startswith("Kế hoạch 56-KH/TU")),
        )
        self.assertIn(self.COVERAGE, " ".join(pdf_text(self.render(self.hp_plan, "pdf", self.hp_editor)).split()))
        book = openpyxl.load_workbook(io.BytesIO(self.render(self.hp_plan, "xlsx", self.hp_editor)))
        self.assertEqual(book.worksheets[0].cell(4, 2).value, self.COVERAGE)
        task_titles = [r[0] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True) if r[1]]
        self.assertEqual(task_titles, [self.responsible.title, self.coordinated.title])

        self.client.force_login(self.hp_editor)
        with translation.override("vi"):
            page = self.client.get(self.hp_plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi")
        self.assertContains(page, "data-coverage")
        self.assertContains(page, "chủ trì hoặc phối hợp thực hiện")

    def test_the_plans_own_union_reports_on_the_whole_plan_without_the_note(self):
        with translation.override("vi"):
            document = build_document(report=self.bg_plan, user=self.bn_editor, charts=False)
        self.assertEqual(document.coverage, "")
        self.assertEqual(figures_of(document)["Nhóm nhiệm vụ"], 8)
        (tasks, _linked) = next(s for s in document.sections if s.content.key == "plan_tasks").content.tables
        titles = [row[0] for i, row in enumerate(tasks.rows) if i not in tasks.heading_rows]
        self.assertIn(self.responsible.title, titles)
        self.assertGreater(len(titles), 2)
        word = docx.Document(io.BytesIO(self.render(self.bg_plan, "docx", self.bn_editor)))
        self.assertFalse([p.text for p in word.paragraphs if "chỉ gồm các nhiệm vụ" in p.text])
        book = openpyxl.load_workbook(io.BytesIO(self.render(self.bg_plan, "xlsx", self.bn_editor)))
        self.assertIsNone(book.worksheets[0].cell(4, 2).value)
