"""The unit a figures page or the calendar reads is found by typing: the page carries the unit
chosen and no other, however many units the user sees (the central union sees some 700), and the
box offers a user only the units within reach."""

import re

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from amity.core.roles import Role
from amity.units.forms import UnitScopeForm
from amity.units.testing import make_unit_tree, make_user

PAGES = ("activities:calendar", "activities:figures", "awards:counts", "aid:figures", "diaspora:statistics")


def unit_box(html: str) -> tuple[str, list[str]]:
    """The page's ``unit`` select and the values of the options it carries."""
    box = re.search(r'<select name="unit".*?</select>', html, re.DOTALL)
    assert box, "no unit box on the page"
    return box.group(0), re.findall(r'<option value="([^"]*)"', box.group(0))


class UnitScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()

    def test_the_central_union_types_a_unit_instead_of_scrolling_every_one(self):
        self.client.force_login(make_user("vufo", unit=self.u["vufo"], role=Role.ADMIN))
        chosen = self.u["bac_ninh"]
        for name in PAGES:
            with self.subTest(name):
                box, values = unit_box(self.client.get(reverse(name)).content.decode())
                self.assertIn('data-autocomplete="/autocomplete/units.unit/"', box)
                own = str(self.u["vufo"].pk)
                self.assertIn(values, ([""], ["", own]))  # nothing chosen, or the user's own (aid figures)
                response = self.client.get(reverse(name), {"unit": chosen.pk})
                self.assertEqual(response.status_code, 200)
                box, values = unit_box(response.content.decode())
                self.assertEqual(values, ["", str(chosen.pk)])
                self.assertIn(chosen.name, box)

    def test_the_unit_the_page_reads_is_named_without_reading_it_again(self):
        user = make_user("vufo", unit=self.u["vufo"], role=Role.ADMIN)
        chosen = self.u["bac_ninh"]
        # the page's own unit, held already: no query; a unit typed in the box: checked, then read for it
        for form, queries in (
            (UnitScopeForm(user=user, unit=chosen), 0),
            (UnitScopeForm({"unit": chosen.pk}, user=user), 2),
        ):
            with self.subTest(queries=queries), self.assertNumQueries(queries):
                box, values = unit_box(str(form["unit"]))
            self.assertEqual(values, ["", str(chosen.pk)])
            self.assertIn(chosen.name, box)

    def test_an_unbound_box_does_not_read_the_users_reach(self):
        """A page naming the unit it read (or none) builds its box without restricting the units."""
        make_user("vufo", unit=self.u["vufo"], role=Role.ADMIN)
        for chosen in (self.u["bac_ninh"], None):
            user = get_user_model().objects.get(username="vufo")  # nothing of its reach read yet
            with self.subTest(chosen=chosen), self.assertNumQueries(0):
                box, values = unit_box(str(UnitScopeForm(user=user, unit=chosen)["unit"]))
            self.assertEqual(values, ["", str(chosen.pk)] if chosen else [""])

    def test_the_box_offers_only_the_units_within_reach(self):
        unions = "lien hiep cac to chuc huu nghi"
        cases = (
            ("vufo", "vufo", {"vufo", "hai_phong", "bac_ninh", "bac_giang"}),
            ("hp", "hai_phong", {"hai_phong"}),
            ("bn", "bac_ninh", {"bac_ninh", "bac_giang"}),
        )
        for username, home, expected in cases:
            with self.subTest(username):
                self.client.force_login(make_user(username, unit=self.u[home]))
                answer = self.client.get(reverse("autocomplete", args=["units.unit"]), {"q": unions}).json()
                self.assertEqual({row["id"] for row in answer["results"]}, {self.u[key].pk for key in expected})
