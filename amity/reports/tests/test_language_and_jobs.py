"""The document's language is the report's, not the requester's interface language; CJK text in
the PDF is set in a face that has its glyphs; lost renderings are failed by every worker and by
a command, and a late worker does not turn a failed rendering into done."""

import io
import shutil
import zipfile
from datetime import date, timedelta
from unittest import mock

import docx
import openpyxl
import pypdf
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from docx.oxml.ns import qn

from amity.audit.models import ExportLog, ObjectChange
from amity.core.roles import Role
from amity.registry.models import Agreement, Organisation
from amity.reports import services
from amity.reports.choices import JobStatus
from amity.reports.expiry import render_jobs_expire
from amity.reports.models import RenderJob, Report
from amity.reports.renderers import pdf_markup
from amity.reports.tasks import render_report
from amity.units.models import Membership

from .test_reports import ReportFixture, pdf_text, save_pages, term_form_data

CHINESE = "中国人民对外友好协会"
JAPANESE = "日本ベトナム友好協会"
RUSSIAN = "Общество российско-вьетнамской дружбы"


def file_of(job) -> bytes:
    with job.file.open("rb") as f:
        return f.read()


def pdf_fonts(payload: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(payload))
    return {
        str(r.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for r in page["/Resources"]["/Font"].values()
    }


class DocumentLanguageTests(ReportFixture):
    def start(self, report, fmt, *, interface):
        with translation.override(interface):
            job = services.render_job_start(actor=self.hp_editor, report=report, format=fmt)
        self.assertEqual(job.status, JobStatus.DONE, job.error)
        return job

    def test_a_chinese_interface_user_gets_the_report_in_vietnamese_unless_the_report_says_otherwise(self):
        self.assertEqual(self.hp_term.language, "vi")  # the default: a Decree 30 document
        job = self.start(self.hp_term, "docx", interface="zh-hans")
        self.assertEqual(job.language, "vi")
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(file_of(job))).paragraphs)
        self.assertIn("BÁO CÁO", text)
        self.assertIn("- Hội hữu nghị song phương: 3", text)
        self.assertIn("- Chi hội: không có số liệu", text)
        self.assertNotIn("报告", text)
        book = openpyxl.load_workbook(io.BytesIO(file_of(self.start(self.hp_term, "xlsx", interface="zh-hans"))))
        rows = {r[1]: r[2] for r in book.worksheets[0].iter_rows(min_row=7, values_only=True)}
        self.assertEqual((rows["Hội hữu nghị song phương"], rows["Chi hội"]), (3, "không có số liệu"))

        services.report_update(actor=self.hp_editor, instance=self.hp_term, data={"language": "zh-hans"})
        job = self.start(self.hp_term, "docx", interface="vi")  # now a Vietnamese user gets Chinese
        self.assertEqual(job.language, "zh-hans")
        word = docx.Document(io.BytesIO(file_of(job)))
        text = "\n".join(p.text for p in word.paragraphs)
        self.assertIn("报告", text)
        self.assertIn("- 双边友好协会: 3", text)
        self.assertNotIn("BÁO CÁO", text)
        footer = word.tables[-1].rows[0].cells[0].text
        self.assertIn("收件单位", footer)
        header = word.tables[0].rows[0].cells[1].text
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", header)  # the national title is never translated
        self.assertIn("2024年5月27日", header)

    def test_language_is_chosen_on_the_form_and_in_the_api_and_an_unknown_one_is_refused(self):
        self.client.force_login(self.hp_editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        url = reverse("reports:report_edit", args=[self.hp_term.pk])
        form = self.client.get(url).context["form"]
        self.assertEqual(form.initial["language"], "vi")
        self.assertEqual([code for code, _label in form.fields["language"].choices], ["vi", "en", "zh-hans", "ru"])
        response = self.client.post(url, term_form_data(form, self.hp_term, language="ru"))
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        self.hp_term.refresh_from_db()
        self.assertEqual(self.hp_term.language, "ru")
        # the preview is the document: in Russian, inside a page in the Chinese interface
        page = self.client.get(self.hp_term.get_absolute_url())
        self.assertContains(page, 'data-document-language="ru"')
        self.assertContains(page, "ОТЧЁТ")
        self.assertContains(page, "文件")  # the interface around it stays Chinese ("Files")

        api = f"/api/reports/reports/{self.bg_plan.pk}/"
        self.client.force_login(self.bn_editor)
        read = self.client.get(api)
        self.assertEqual(read.json()["language"], "vi")
        response = self.client.patch(
            api, {"language": "en"}, content_type="application/json", HTTP_IF_MATCH=read["ETag"]
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.bg_plan.refresh_from_db()
        self.assertEqual(self.bg_plan.language, "en")
        bad = self.client.patch(
            api, {"language": "fr"}, content_type="application/json", HTTP_IF_MATCH=response["ETag"]
        )
        self.assertEqual(bad.status_code, 400)
        self.assertIn("language", bad.json())
        self.bg_plan.refresh_from_db()
        self.assertEqual(self.bg_plan.language, "en")
        rendered = self.client.post(f"{api}render/", {"format": "docx"})
        self.assertEqual(rendered.status_code, 202)
        word = docx.Document(io.BytesIO(file_of(RenderJob.objects.get(pk=rendered.json()["id"]))))
        self.assertIn("REPORT", [p.text for p in word.paragraphs])

    def test_report_screen_shows_the_document_in_its_language_in_any_interface(self):
        self.client.force_login(self.hp_editor)
        for interface in ("en", "zh-hans", "ru"):
            with self.subTest(interface=interface):
                self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = interface
                page = self.client.get(self.hp_term.get_absolute_url())
                self.assertContains(page, "BÁO CÁO")
                section = reverse("reports:report_section", args=[self.hp_term.pk, "associations"])
                self.assertContains(page, f'hx-get="{section}"')  # the figures load into the page
                self.assertContains(self.client.get(section), "Hội hữu nghị song phương: <strong>3</strong>")
        for language, heading in (("en", "REPORT"), ("zh-hans", "报告"), ("ru", "ОТЧЁТ")):
            with self.subTest(language=language):
                Report.objects.filter(pk=self.hp_term.pk).update(language=language)
                self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
                page = self.client.get(self.hp_term.get_absolute_url())
                self.assertContains(page, heading)
                self.assertNotContains(page, "BÁO CÁO")


class CjkInPdfTests(ReportFixture):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        hp = cls.units["hai_phong"]
        for name, original in [
            (CHINESE, ""),  # entered in its own script only
            ("Hội hữu nghị Nhật Bản – Việt Nam", JAPANESE),
            ("Hội hữu nghị Nga – Việt", RUSSIAN),
        ]:
            partner = Organisation.objects.create(unit=hp, kind="foreign_ngo", name=name, name_original=original)
            agreement = Agreement.objects.create(
                unit=hp, kind="mou", title=f"Thỏa thuận với {name}", signed_on=date(2020, 3, 1), status="in_force"
            )
            agreement.parties.set([partner])

    def test_markup_wraps_only_cjk_runs_and_escapes(self):
        self.assertEqual(
            pdf_markup("Hội <A&B> 中国 và 동해시, ニホン; Москва"),
            'Hội &lt;A&amp;B&gt; <font name="AmityCJK">中国</font> và <font name="AmityCJK">동해시</font>, '
            '<font name="AmityCJK">ニホン</font>; Москва',
        )

    def test_partner_names_in_chinese_japanese_korean_and_russian_keep_their_glyphs(self):
        payload = self.render(self.hp_term, "pdf", self.hp_editor)
        text = "".join(pdf_text(payload).split())  # table cells wrap names over lines
        for name in (CHINESE, JAPANESE, "동해시", RUSSIAN, "Thành phố Donghae (동해시)"):
            self.assertIn("".join(name.split()), text)
        self.assertIn("Hộihữunghịsongphương:3", text)
        # Liberation for Vietnamese and Cyrillic, the CJK face for the rest, all embedded
        self.assertEqual(
            pdf_fonts(payload),
            {
                "LiberationSerif",
                "LiberationSerif-Bold",
                "LiberationSerif-Italic",
                "LiberationSerif-BoldItalic",
                "DroidSansFallback",
            },
        )
        if shutil.which("pdftoppm"):
            self.assertTrue(save_pages(payload, "hai-phong-term-cjk-partners"))

    def test_chinese_language_report_is_set_in_chinese_glyphs(self):
        Report.objects.filter(pk=self.hp_term.pk).update(language="zh-hans")
        self.hp_term.refresh_from_db()
        with translation.override("vi"):  # a Vietnamese interface: the report's language decides
            job = services.render_job_start(actor=self.hp_editor, report=self.hp_term, format="pdf")
        self.assertEqual(job.status, JobStatus.DONE, job.error)
        payload = file_of(job)
        text = pdf_text(payload).replace("\n", "")
        for expected in (
            "报告",
            "双边友好协会",
            "收件单位",
            "2024年5月27日",
            CHINESE,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ):
            self.assertIn(expected, text)
        self.assertIn("DroidSansFallback", pdf_fonts(payload))
        if shutil.which("pdftoppm"):
            self.assertTrue(save_pages(payload, "hai-phong-term-zh-hans"))


class CjkInWordTests(ReportFixture):
    """Word sets CJK runs in the face its eastAsia slot names: a Chinese face, not Times New Roman."""

    def fonts_and_lang(self, language):
        Report.objects.filter(pk=self.hp_term.pk).update(language=language)
        self.hp_term.refresh_from_db()
        with translation.override("vi" if language != "vi" else "en"):  # the report's language decides
            job = services.render_job_start(actor=self.hp_editor, report=self.hp_term, format="docx")
        self.assertEqual(job.status, JobStatus.DONE, job.error)
        payload = file_of(job)
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            self.assertFalse(
                [n for n in archive.namelist() if n.startswith("word/fonts/") or n.endswith((".odttf", ".ttf"))]
            )
        word = docx.Document(io.BytesIO(payload))
        styles = word.styles.element
        defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = [defaults.find(qn("w:rFonts"))] + styles.findall(f".//{qn('w:style')}//{qn('w:rFonts')}")
        fonts += word.element.body.findall(f".//{qn('w:r')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        lang = defaults.find(qn("w:lang"))
        return word, fonts, (lang.get(qn("w:val")), lang.get(qn("w:eastAsia")))

    def test_defaults_styles_and_runs_name_simsun_for_east_asian_text_and_times_for_the_rest(self):
        word, fonts, lang = self.fonts_and_lang("zh-hans")
        self.assertEqual(lang, ("zh-CN", "zh-CN"))
        self.assertGreater(len(fonts), 40)  # the defaults, the template's styles and every run of the text
        self.assertEqual({f.get(qn("w:eastAsia")) for f in fonts}, {"SimSun"})
        self.assertFalse([f for f in fonts if any(k.endswith("Theme") or k.endswith("theme") for k in f.attrib)])
        defaults = fonts[0]
        self.assertEqual([defaults.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "cs")], ["Times New Roman"] * 3)
        normal = word.styles["Normal"].element.rPr.rFonts
        self.assertEqual(
            [normal.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "cs", "eastAsia")],
            ["Times New Roman"] * 3 + ["SimSun"],
        )
        runs = word.element.body.findall(f".//{qn('w:r')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        self.assertEqual({r.get(qn("w:ascii")) for r in runs}, {"Times New Roman"})
        self.assertIn("报告", "\n".join(p.text for p in word.paragraphs))

    def test_a_vietnamese_or_russian_report_keeps_the_cjk_face_with_its_own_language(self):
        for language, expected in (("vi", ("vi-VN", "vi-VN")), ("ru", ("ru-RU", "vi-VN")), ("en", ("en-US", "vi-VN"))):
            with self.subTest(language=language):
                _word, fonts, lang = self.fonts_and_lang(language)
                self.assertEqual(lang, expected)
                self.assertEqual({f.get(qn("w:eastAsia")) for f in fonts}, {"SimSun"})


class DecreeThirtyLayoutTests(ReportFixture):
    def test_word_pages_are_numbered_from_the_second_and_body_paragraphs_spaced_six_points(self):
        job = services.render_job_start(actor=self.hp_editor, report=self.hp_term, format="docx")
        word = docx.Document(io.BytesIO(file_of(job)))
        section = word.sections[0]
        self.assertTrue(section.different_first_page_header_footer)  # no number on the first page
        header = section.header._element
        self.assertEqual([t.text.strip() for t in header.iter(qn("w:instrText"))], ["PAGE"])
        self.assertEqual(section.header.paragraphs[0].alignment, 1)  # centred
        body = [p for p in word.paragraphs if p.paragraph_format.first_line_indent and p.alignment == 3]  # justified
        self.assertTrue(body)
        self.assertEqual({p.paragraph_format.space_after.pt for p in body}, {6.0})


class LostRenderingTests(ReportFixture):
    def make_job(self, status, minutes_ago, report=None):
        job = RenderJob.objects.create(report=report or self.hp_term, format="pdf", requested_by=self.hp_editor)
        then = timezone.now() - timedelta(minutes=minutes_ago)
        RenderJob.objects.filter(pk=job.pk).update(
            status=status, created=then, started_at=then if status == JobStatus.RUNNING else None
        )
        return job

    def test_a_worker_that_starts_fails_the_renderings_lost_before_it(self):
        lost = self.make_job(JobStatus.RUNNING, 40, report=self.bg_plan)  # another report, nobody looks at it
        waiting = self.make_job(JobStatus.QUEUED, 5)
        render_report.call(job_id=waiting.pk)
        lost.refresh_from_db()
        waiting.refresh_from_db()
        self.assertEqual(lost.status, JobStatus.FAILED)
        self.assertIn("15", lost.error)
        self.assertEqual(waiting.status, JobStatus.DONE)
        done = ObjectChange.objects.filter(object_id=str(waiting.pk), content_type__model="renderjob").latest("pk")
        self.assertEqual((done.source, done.actor), ("task", self.hp_editor))  # the task channel, its requester
        self.assertTrue(waiting.file)

    def test_a_job_failed_before_a_worker_took_it_is_not_rendered(self):
        stale = self.make_job(JobStatus.QUEUED, 20)
        with mock.patch.dict("amity.reports.tasks.RENDERERS", {"pdf": mock.Mock(return_value=b"%PDF")}) as renderers:
            self.assertEqual(render_report.call(job_id=stale.pk), JobStatus.FAILED)
            renderers["pdf"].assert_not_called()
        stale.refresh_from_db()
        self.assertEqual(stale.status, JobStatus.FAILED)
        self.assertIn("Không có tiến trình chạy nền nào bắt đầu", stale.error)  # in the report's language
        self.assertFalse(stale.file)

    def test_a_late_result_leaves_the_failed_job_failed_with_an_audit_note(self):
        job = self.make_job(JobStatus.QUEUED, 0)

        def slow_renderer(document):
            # while this worker renders, the timeout passes and someone opens the report
            render_jobs_expire(now=timezone.now() + timedelta(minutes=16))
            return b"%PDF-1.4 late"

        with mock.patch.dict("amity.reports.tasks.RENDERERS", {"pdf": slow_renderer}):
            self.assertEqual(render_report.call(job_id=job.pk), JobStatus.FAILED)
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertIn("15", job.error)  # what the user was told still stands
        self.assertFalse(job.file)
        note = ObjectChange.objects.get(object_id=str(job.pk), event="report.render_discarded")
        self.assertEqual(note.after["status"], JobStatus.FAILED)
        self.client.force_login(self.hp_editor)
        page = self.client.get(self.hp_term.get_absolute_url(), headers={"HX-Request": "true"})
        self.assertContains(page, 'data-job="failed"')
        self.assertNotContains(page, job.get_download_url())

    def test_command_fails_lost_renderings_for_cron(self):
        dead = self.make_job(JobStatus.RUNNING, 16)
        busy = self.make_job(JobStatus.RUNNING, 14)
        never = self.make_job(JobStatus.QUEUED, 30)
        out = io.StringIO()
        call_command("reports_expire_jobs", stdout=out)
        self.assertIn("2", out.getvalue())
        statuses = dict(RenderJob.objects.values_list("pk", "status"))
        self.assertEqual(
            [statuses[j.pk] for j in (dead, busy, never)], [JobStatus.FAILED, JobStatus.RUNNING, JobStatus.FAILED]
        )
        self.assertEqual(
            ObjectChange.objects.filter(
                object_id__in=[str(dead.pk), str(never.pk)], message__contains="timeout"
            ).count(),
            2,
        )
        with override_settings(REPORT_RENDER_TIMEOUT_MINUTES=10):
            call_command("reports_expire_jobs", stdout=io.StringIO())
        busy.refresh_from_db()
        self.assertEqual(busy.status, JobStatus.FAILED)

    def test_a_file_written_by_a_worker_killed_before_its_commit_is_removed_by_the_command(self):
        """The worker wrote the file, then died before its transaction recorded it: no job names the
        file, no page links to it. The periodic command removes it once the render timeout has
        passed (a younger one may be about to be recorded); recorded files stay."""
        import os
        import tempfile
        import time
        from pathlib import Path

        media = Path(tempfile.mkdtemp(prefix="amity-media-"))
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        with override_settings(MEDIA_ROOT=media):
            done = self.make_job(JobStatus.QUEUED, 0)
            render_report.call(job_id=done.pk)
            done.refresh_from_db()
            folder = media / Path(done.file.name).parent
            orphan, fresh = folder / "lost-before-commit.pdf", folder / "being-recorded.pdf"
            for path in (orphan, fresh):
                path.write_bytes(b"%PDF-1.4 unrecorded")
            old = time.time() - 20 * 60  # past the 15 minutes' timeout
            for path in (orphan, media / done.file.name):
                os.utime(path, (old, old))
            out = io.StringIO()
            call_command("reports_expire_jobs", stdout=out)
            self.assertIn("1 unrecorded file(s) removed", out.getvalue())
            self.assertEqual(sorted(p.name for p in folder.iterdir()), sorted([Path(done.file.name).name, fresh.name]))
            self.assertEqual(self.client_download(done), b"%PDF"[:4])

    def client_download(self, job) -> bytes:
        self.client.force_login(self.hp_editor)
        return b"".join(self.client.get(job.get_download_url()).streaming_content)[:4]


class DownloadLogTests(ReportFixture):
    def test_a_download_is_logged_for_the_reports_unit_only(self):
        """A user with roles in two provinces downloads Hải Phòng's report: the export log names
        Hải Phòng alone, so Bắc Ninh's auditors do not see it."""
        hp, bn = self.units["hai_phong"], self.units["bac_ninh"]
        Membership.objects.create(user=self.hp_editor, unit=bn, role=Role.EDITOR)
        self.render(self.hp_term, "docx", self.hp_editor)
        job = RenderJob.objects.get(report=self.hp_term, format="docx")
        self.client.force_login(self.hp_editor)
        response = self.client.get(job.get_download_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "filename*=utf-8''25-BC-LHHN%20B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20k%E1%BA%BFt",  # "25-BC-LHHN Báo cáo tổng kết"
            response["Content-Disposition"],
        )
        self.assertTrue(response["Content-Disposition"].endswith(".docx"))
        log = ExportLog.objects.get(content_type__model="renderjob")
        self.assertEqual((log.actor, log.format, log.query), (self.hp_editor, "docx", f"report={self.hp_term.pk}"))
        self.assertEqual(list(log.units.all()), [hp])
