"""The report's page paints its outline at once and loads each section's figures and tables from a
URL of its own: the same figures the files print, for the same users, in the report's language."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from amity.registry.models import Organisation
from amity.reports.choices import ReportKind
from amity.reports.content import build_document, figure_text, format_value
from amity.reports.models import Report
from amity.reports.sections import sections_for

from .test_reports import ReportFixture


def section_url(report, key: str) -> str:
    return reverse("reports:report_section", args=[report.pk, key])


class SectionPageTests(ReportFixture):
    def test_the_page_shows_the_outline_and_each_section_its_figures_as_the_files_print_them(self):
        self.client.force_login(self.hp_editor)
        page = self.client.get(self.hp_term.get_absolute_url())
        self.assertNotContains(page, "data-figure")  # nothing computed in the page's own request
        computed = [s.key for s in sections_for(ReportKind.TERM)]
        with translation.override("vi"):
            document = build_document(report=self.hp_term, user=self.hp_editor, charts=False)
        self.assertEqual(len(document.sections), len(computed) + 2)  # with the opening and closing narratives
        for rendered in document.sections:
            content = rendered.content
            heading = f"{rendered.number}. {escape(content.heading)}"
            self.assertContains(page, f'<a href="#section-{content.key}">{heading}</a>')  # contents
            self.assertContains(page, f'id="section-{content.key}">{heading}</h2>')
            if content.key not in computed:
                self.assertNotContains(page, f'data-section-figures="{content.key}"')
                continue
            self.assertContains(page, f'hx-get="{section_url(self.hp_term, content.key)}" hx-trigger="load"')
            with self.subTest(section=content.key):
                response = self.client.get(section_url(self.hp_term, content.key))
                self.assertEqual(response.status_code, 200)
                self.assertTrue(content.figures or content.tables)
                for figure in content.figures:
                    with translation.override("vi"):
                        text = f"{escape(figure.label)}: <strong>{escape(figure_text(figure))}</strong>"
                    self.assertContains(response, text)
                for table in content.tables:
                    if table.rows:
                        self.assertContains(response, f"<caption>{escape(table.title)}</caption>")
                    for row in table.rows:
                        with translation.override("vi"):
                            cells = "".join(f"<td>{escape('' if v == '' else format_value(v))}</td>" for v in row)
                        self.assertContains(response, f"<tr>{cells}</tr>")
        self.assertEqual(
            self.client.get(section_url(self.hp_term, "associations")).content.decode().count("data-figure="), 3
        )

    def test_without_javascript_a_link_opens_the_whole_report_computed_at_once(self):
        self.client.force_login(self.hp_editor)
        page = self.client.get(self.hp_term.get_absolute_url())
        self.assertContains(page, '<noscript><a href="?full=1#section-aid">')
        full = self.client.get(self.hp_term.get_absolute_url() + "?full=1")
        self.assertContains(full, 'data-figure="associations">Hội hữu nghị song phương: <strong>3</strong>')
        self.assertContains(full, 'data-figure="aid"')
        self.assertNotContains(full, 'hx-trigger="load"')
        for key in [s.key for s in sections_for(ReportKind.TERM)]:
            self.assertContains(full, f'data-section-figures="{key}" data-loaded')

    def test_a_section_is_in_the_reports_language_in_any_interface(self):
        Report.objects.filter(pk=self.hp_term.pk).update(language="ru")
        self.client.force_login(self.hp_editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        response = self.client.get(section_url(self.hp_term, "associations"))
        self.assertContains(response, "Двусторонние общества дружбы: <strong>3</strong>")

    def test_a_section_of_a_report_the_user_may_not_see_or_of_no_such_kind_is_404(self):
        url = section_url(self.hp_term, "associations")
        self.assertEqual(self.client.get(url).status_code, 302)  # to the sign-in page
        self.client.force_login(self.ht_editor)  # Hà Tĩnh
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.hp_editor)
        self.assertEqual(self.client.get(url).status_code, 200)
        for key in ("rollup", "plan_tasks", "overview", "nothing"):  # another kind's, a narrative, none
            with self.subTest(key=key):
                self.assertEqual(self.client.get(section_url(self.hp_term, key)).status_code, 404)

    def test_each_listed_association_counts_its_own_branches(self):
        netherlands = Organisation.objects.get(name="Hội hữu nghị Việt Nam – Hà Lan thành phố Hải Phòng")
        for name in ("Chi hội Thủy Nguyên", "Chi hội Kiến An", "Chi hội đã giải thể"):
            Organisation.objects.create(unit=netherlands.unit, kind="branch", parent=netherlands, name=name)
        Organisation.objects.get(name="Chi hội đã giải thể").delete()  # a deleted branch is not counted
        with translation.override("en"):
            document = build_document(report=self.hp_term, user=self.hp_editor, charts=False)
        section = next(s.content for s in document.sections if s.content.key == "associations")
        self.assertEqual({f.label: f.value for f in section.figures}["Branches"], 2)
        self.assertEqual(
            [row[0:3] for row in section.tables[-1].rows],
            [
                ["Hội hữu nghị Việt Nam – Hà Lan thành phố Hải Phòng", "Netherlands", 2],
                ["Hội hữu nghị Việt Nam – Hàn Quốc thành phố Hải Phòng", "South Korea", 0],
                ["Hội hữu nghị Việt Nam – Lào thành phố Hải Phòng", "Laos", 0],
            ],
        )
