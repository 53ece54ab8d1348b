"""Activities dated as sources give them: a month or a year, entered, refused, shown, sorted and counted."""

from datetime import date

from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from amity.activities.choices import ActivityType
from amity.activities.models import Activity
from amity.activities.selectors import activity_figures
from amity.audit.models import ObjectChange
from amity.core.dates import PartialDate, Precision
from amity.units.testing import make_unit_tree, make_user

API = "/api/activities/activities/"


class ActivityPartialDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-dates", unit=cls.u["hai_phong"])

    def setUp(self):
        self.client.force_login(self.editor)

    def post_form(self, start, title="Đoàn Nhật Bản"):
        return self.client.post(
            reverse("activities:activity_add"),
            {"unit": self.u["hai_phong"].pk, "type": ActivityType.DELEGATION_IN, "title": title, "start_date": start},
        )

    def test_a_month_typed_in_the_form_is_kept_as_a_month_and_shown_as_each_language_writes_it(self):
        response = self.post_form("5/2023")
        activity = Activity.objects.get(title="Đoàn Nhật Bản")
        self.assertRedirects(response, activity.get_absolute_url())
        self.assertEqual(
            (activity.start_date, activity.start_date_precision, activity.start_date_inferred),
            (date(2023, 5, 1), Precision.MONTH, False),
        )
        change = ObjectChange.objects.get(
            content_type__model="activity", object_id=str(activity.pk), action="create"
        )  # audited with its precision
        self.assertEqual((change.after["start_date"], change.after["start_date_precision"]), ("2023-05-01", "month"))
        for language, text in (
            ("vi", "tháng 5/2023"),
            ("en", "May 2023"),
            ("zh-hans", "2023年5月"),
            ("ru", "май 2023 г."),
        ):
            with self.subTest(language=language):
                self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                self.assertIn(f"<td>{text}</td>", self.client.get(activity.get_absolute_url()).content.decode())
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
        self.assertIn("<td >tháng 5/2023</td>", self.client.get(reverse("activities:activity_list")).content.decode())
        edit = self.client.get(reverse("activities:activity_edit", args=[activity.pk])).content.decode()
        self.assertIn('value="05/2023"', edit)  # shown back as typed, not as an invented day

    def test_a_year_and_a_day_month_year_are_read_from_the_form(self):
        self.post_form("2019", title="Năm")
        self.post_form("05/01/2022", title="Ngày")
        self.assertEqual(Activity.objects.get(title="Năm").start_date_partial, PartialDate(2019))
        self.assertEqual(Activity.objects.get(title="Ngày").start_date_partial, PartialDate(2022, 1, 5))

    def test_a_date_without_a_year_in_the_form_is_refused_on_its_field_and_nothing_is_written(self):
        response = self.post_form("12/3")
        self.assertEqual(response.status_code, 400)
        self.assertIn("start_date", response.context["form"].errors)
        self.assertFalse(Activity.objects.filter(title="Đoàn Nhật Bản").exists())

    def test_the_api_takes_a_short_month_and_refuses_a_month_with_day_digits(self):
        base = {"unit": self.u["hai_phong"].pk, "type": "other", "title": "API"}
        response = self.client.post(API, {**base, "start_date": "2023-05"}, content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            (body["start_date"], body["start_date_precision"], body["start_date_inferred"]),
            ("2023-05-01", "month", False),
        )
        refused = {**base, "title": "Sai", "start_date": "2023-05-17", "start_date_precision": "month"}
        response = self.client.post(API, refused, content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()), ["start_date"])
        self.assertFalse(Activity.objects.filter(title="Sai").exists())

    def test_records_sort_at_the_start_of_their_span_and_count_in_the_period_holding_it(self):
        make = Activity.objects.create
        unit = self.u["hai_phong"]
        make(unit=unit, type="other", title="year", start_date=date(2023, 1, 1), start_date_precision=Precision.YEAR)
        make(unit=unit, type="other", title="may", start_date=date(2023, 5, 1), start_date_precision=Precision.MONTH)
        make(unit=unit, type="other", title="20 may", start_date=date(2023, 5, 20))
        make(unit=unit, type="other", title="june", start_date=date(2023, 6, 3))
        self.assertEqual(
            list(Activity.objects.filter(unit=unit).values_list("title", flat=True)), ["june", "20 may", "may", "year"]
        )

        def total(start, end):
            return activity_figures(user=self.editor, unit=unit, start=start, end=end)["total"]

        self.assertEqual(total(date(2023, 5, 1), date(2023, 5, 31)), 2)
        self.assertEqual(total(date(2023, 5, 15), date(2023, 6, 14)), 2)  # "may" counts in May, not here
        quarters = [total(date(2023, m, 1), PartialDate(2023, m + 2).end) for m in (1, 4, 7, 10)]
        self.assertEqual(quarters, [1, 3, 0, 0])
        self.assertEqual(sum(quarters), total(date(2023, 1, 1), date(2023, 12, 31)))
