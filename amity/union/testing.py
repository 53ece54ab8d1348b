"""The checks every figures page passes (``union.figures``), for each app's test of its page."""

from datetime import date
from unittest import mock

from django.conf import settings

from amity.units.selectors import primary_unit

from .selectors import terms_for


class FiguresQueryChecks:
    """Mixed into a ``TestCase`` whose ``setUpTestData`` makes ``user`` and records of its unit in
    the previous term of ``TODAY`` only; the class names the page (``url``, its ``period_params``),
    ``counted(response)`` (what the page counts of them), ``opened`` and ``previous`` (that count
    as the page opens and in the previous term) and ``empty_tables`` (the tables of an empty period)."""

    TODAY = date(2025, 3, 1)
    #: the roll-up day asked for: the term links keep it
    DAY = "2025-01-01"
    period_params = ("start", "end")

    def figures_page(self, query: str = "", language: str = "en"):
        self.client.force_login(self.user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        with mock.patch("django.utils.timezone.localdate", return_value=self.TODAY):
            response = self.client.get(self.url + query)
        self.assertEqual(response.status_code, 200)
        return response

    def test_the_term_links_keep_the_query_and_give_each_terms_figures(self):
        previous, current = terms_for(primary_unit(self.user), self.TODAY)
        opened = self.figures_page(f"?day={self.DAY}")
        self.assertEqual(self.counted(opened), self.opened)
        links = opened.context["asked"].term_links
        self.assertTrue(all(f"day={self.DAY}" in link["url"] for link in links), links)
        this_term, earlier = self.figures_page(links[0]["url"]), self.figures_page(links[1]["url"])
        self.assertEqual((self.counted(this_term), self.counted(earlier)), (0, self.previous))
        self.assertContains(this_term, f'data-term="shown">This term {current.start.year}–{current.end.year}<')
        self.assertContains(earlier, f'data-term="shown">Previous term {previous.start.year}–{previous.end.year}<')
        self.assertContains(this_term, 'data-row="none"', count=self.empty_tables)
        self.assertEqual(earlier.context["asked"].day, date.fromisoformat(self.DAY))

    def test_a_bad_date_a_reversed_period_and_a_bad_day_are_reported_in_the_language(self):
        start, end = self.period_params
        for language, bad_start, reversed_end, bad_day in (
            ("en", "From: Enter a valid date.", "Until: The end of the period is before its start.", "Units as on:"),
            (
                "vi",
                "Từ ngày: Nhập một ngày hợp lệ.",
                "Đến ngày: Ngày kết thúc của kỳ trước ngày bắt đầu.",
                "Đơn vị tại",
            ),
        ):
            with self.subTest(language):
                page = self.figures_page(f"?{start}=2024-13-01", language)
                self.assertContains(page, f'data-error="{start}">{bad_start}<')
                self.assertEqual(self.counted(page), self.opened)  # the default period, not a guess
                page = self.figures_page(f"?{start}=2024-12-31&{end}=2024-01-01", language)
                self.assertContains(page, f'data-error="{end}">{reversed_end}<')
                self.assertEqual(self.counted(page), self.opened)
                self.assertContains(self.figures_page("?day=31/02/2025", language), f'data-error="day">{bad_day}')
