"""The figures page names the largest donors (``selectors.DONORS_NAMED``), sums the others in one
row and links to every donor, a page at a time, for the same unit, period and currency."""

from datetime import date
from decimal import Decimal
from unittest import mock

from django.test import TestCase
from django.urls import reverse

from amity.aid import views
from amity.aid.selectors import DONORS_NAMED, aid_figures
from amity.core.roles import Role
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor, make_item

TERM = {"start": "2018-01-01", "end": "2023-12-31", "currency": "USD"}


class FigureDonorsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("donors-hp", unit=cls.u["hai_phong"])
        cls.central = make_user("donors-central", unit=cls.u["vufo"], role=Role.VIEWER)
        for i in range(DONORS_NAMED + 5):  # 1,000, 2,000 … 35,000 USD
            donor = make_donor(cls.u["hai_phong"], f"Donor {i + 1:02}")
            make_item(cls.u["hai_phong"], f"Item {i}", donors=[donor], committed=(str(1000 * (i + 1)), "USD"))
        make_item(cls.u["hai_phong"], "Later", donors=[donor], committed=("5", "USD"), decided=date(2025, 3, 1))

    def test_the_page_names_the_largest_donors_and_sums_the_others(self):
        self.client.force_login(self.central)
        page = self.client.get(reverse("aid:figures"), TERM)
        donors = next(rows for key, _h, rows, _c, _r in page.context["sections"] if key == "donor")
        rest = next(rest for key, _h, _rows, _c, rest in page.context["sections"] if key == "donor")
        self.assertEqual([r.label for r in donors], [f"Donor {n:02}" for n in range(35, 5, -1)])
        self.assertEqual((rest["count"], rest["committed"]), (5, Decimal(1000 + 2000 + 3000 + 4000 + 5000)))
        self.assertEqual(sum(r.committed for r in donors) + rest["committed"], page.context["figures"].committed)
        self.assertContains(page, 'data-row="other-donors"')
        url = f"{reverse('aid:figure_donors')}?start=2018-01-01&amp;end=2023-12-31&amp;currency=USD"
        self.assertContains(page, f'href="{url}" data-link="all-donors">Tất cả nhà tài trợ (35)<')

    def test_every_donor_a_page_at_a_time_with_the_same_figures(self):
        self.client.force_login(self.editor)
        figures = aid_figures(
            user=self.editor, unit=self.u["hai_phong"], start=date(2018, 1, 1), end=date(2023, 12, 31)
        )
        seen = []
        with mock.patch.object(views.AidFigureDonorsView, "paginate_by", 20):
            first = self.client.get(reverse("aid:figure_donors"), TERM)
            self.assertContains(first, 'data-pages="2"')
            self.assertContains(first, "start=2018-01-01&amp;end=2023-12-31&amp;currency=USD&amp;page=2")
            seen += first.context["rows"]
            second = self.client.get(reverse("aid:figure_donors"), {**TERM, "page": 2})
            seen += second.context["rows"]
        self.assertEqual(
            [(r.label, r.items, r.committed) for r in seen], [(r.label, r.items, r.committed) for r in figures.by_donor]
        )
        self.assertEqual(len(seen), 35)
        self.assertContains(
            second, f'href="{reverse("aid:figures")}?start=2018-01-01&amp;end=2023-12-31&amp;currency=USD"'
        )

    def test_a_few_donors_are_all_named_and_linked_to_their_page(self):
        self.client.force_login(self.editor)
        page = self.client.get(reverse("aid:figures"), {"start": "2025-01-01", "end": "2025-12-31"})
        self.assertNotContains(page, 'data-row="other-donors"')
        self.assertContains(page, 'data-link="all-donors">Tất cả nhà tài trợ (1)<')
        self.assertEqual(
            [r.label for key, _h, rows, _c, _r in page.context["sections"] if key == "donor" for r in rows],
            ["Donor 35"],
        )
