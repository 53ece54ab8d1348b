"""The activity form offers the provinces of its start date: the date field asks (htmx) for the place
select of that date; without a date, today's provinces; the service still refuses a place of
another date, naming the right one."""

import re
from datetime import date
from unittest import mock

from django.test import TestCase
from django.urls import reverse

from amity.activities.models import Activity
from amity.geo.services import current_province_by_name, province_by_name
from amity.units.testing import make_unit_tree, make_user


class PlaceChoicesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("places-bn", unit=cls.u["bac_ninh"])
        cls.bac_giang = province_by_name("Bắc Giang", on=date(2022, 5, 1))
        cls.bac_ninh_2022 = province_by_name("Bắc Ninh", on=date(2022, 5, 1))
        cls.bac_ninh_now = current_province_by_name("Bắc Ninh")
        cls.hanoi = current_province_by_name("Hà Nội")  # unchanged in 2025: one unit for both dates

    def setUp(self):
        self.client.force_login(self.editor)

    def offered(self, **params) -> tuple[set[int], set[int], str]:
        response = self.client.get(reverse("activities:activity_places"), params)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertTrue(html.startswith("<select") and 'id="id_places"' in html and "<html" not in html, html[:200])
        values = {int(v) for v in re.findall(r'<option value="(\d+)"', html)}
        selected = {int(v) for v in re.findall(r'<option value="(\d+)"[^>]*\bselected\b', html)}
        return values, selected, html

    def test_a_2022_date_offers_the_provinces_of_2022(self):
        values, _selected, html = self.offered(start_date="2022-05-01")
        self.assertIn(self.bac_giang.pk, values)
        self.assertIn(self.bac_ninh_2022.pk, values)
        self.assertNotIn(self.bac_ninh_now.pk, values)
        self.assertIn(self.hanoi.pk, values)
        self.assertEqual(len(values), 63)
        self.assertIn(f'value="{self.bac_giang.pk}"', html)
        self.assertNotIn(f'value="{self.bac_ninh_now.pk}"', html)

    def test_a_2026_date_offers_the_34_merged_provinces(self):
        values, _selected, html = self.offered(start_date="2026-03-01")
        self.assertEqual(len(values), 34)
        self.assertIn(self.bac_ninh_now.pk, values)
        self.assertNotIn(self.bac_giang.pk, values)
        self.assertNotIn(self.bac_ninh_2022.pk, values)
        self.assertNotIn(f'value="{self.bac_giang.pk}"', html)

    def test_places_already_chosen_stay_chosen_when_valid_on_the_new_date(self):
        _values, selected, _html = self.offered(
            start_date="2022-05-01", places=[self.bac_giang.pk, self.hanoi.pk, self.bac_ninh_now.pk]
        )
        self.assertEqual(selected, {self.bac_giang.pk, self.hanoi.pk})

    def test_without_a_date_or_with_a_bad_one_todays_provinces(self):
        with mock.patch("django.utils.timezone.localdate", return_value=date(2022, 5, 1)):
            values, _s, _h = self.offered()
            self.assertIn(self.bac_giang.pk, values)
        for params in ({}, {"start_date": ""}, {"start_date": "31/02/2023"}):
            with self.subTest(params=params):
                values, _s, _h = self.offered(**params)
                self.assertEqual(len(values), 34)

    def test_the_form_page_wires_the_date_to_the_partial_and_offers_the_records_date(self):
        page = self.client.get(reverse("activities:activity_add"))
        html = page.content.decode()
        self.assertIn(f'hx-get="{reverse("activities:activity_places")}"', html)
        self.assertEqual(len(page.context["form"].fields["places"].widget.choices), 34)
        old = Activity.objects.create(
            unit=self.u["bac_ninh"], type="meeting", title="Làm việc 2022", start_date=date(2022, 5, 1)
        )
        form = self.client.get(reverse("activities:activity_edit", args=[old.pk])).context["form"]
        self.assertIn(self.bac_giang.pk, {int(v) for v, _label in form.fields["places"].widget.choices})

    def test_a_place_of_another_date_is_still_refused_naming_the_right_one(self):
        data = {
            "unit": self.u["bac_ninh"].pk,
            "type": "meeting",
            "title": "Làm việc",
            "start_date": "2022-05-01",
            "places": [self.bac_ninh_now.pk],  # the merged province did not exist in 2022
        }
        response = self.client.post(reverse("activities:activity_add"), data)
        self.assertEqual(response.status_code, 400)
        errors = " ".join(response.context["form"].errors["places"])
        self.assertIn(self.bac_ninh_2022.full_name, errors)
        self.assertIn(self.bac_giang.full_name, errors)
        self.assertFalse(Activity.objects.filter(title="Làm việc").exists())

    def test_anonymous_users_get_no_places(self):
        self.client.logout()
        response = self.client.get(reverse("activities:activity_places"), {"start_date": "2022-05-01"})
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("<option", response.content.decode())
