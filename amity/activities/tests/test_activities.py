import smtplib
from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from amity.activities import services
from amity.activities.calendar_items import (
    anniversaries,
    anniversary_date,
    calendar_items,
    relation_items,
    upcoming_items,
)
from amity.activities.choices import ActivityType, ItemKind
from amity.activities.models import Activity, DiplomaticRelation, ReminderDelivery
from amity.activities.selectors import activity_figures
from amity.activities.tasks import send_reminders
from amity.core.once import reads_once
from amity.core.testing import dashboard_page
from amity.geo.models import Country
from amity.registry.models import Organisation, OrganisationRelation, Person
from amity.units.testing import make_unit_tree, make_user


def country(code: str) -> Country:
    return Country.objects.get(iso_alpha2=code)


class AnniversaryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        services.relations_load()

    def test_vufo_csv_loads_all_rows_with_precision(self):
        self.assertEqual(DiplomaticRelation.objects.count(), 195)
        japan = DiplomaticRelation.objects.get(country__iso_alpha2="JP")
        self.assertEqual((japan.established_on, japan.precision), (date(1973, 9, 21), "day"))
        self.assertIn("Osaka", japan.note)
        self.assertEqual(services.relations_load(), 0)  # a second load adds nothing

    def test_vietnam_japan_fiftieth_is_round(self):
        items = relation_items(countries=[country("JP")], start=date(2023, 9, 1), end=date(2023, 9, 30))
        self.assertEqual(len(items), 1)
        item = items[0]
        self.assertEqual((item.date, item.years, item.is_round), (date(2023, 9, 21), 50, True))
        next_year = relation_items(countries=[country("JP")], start=date(2024, 9, 1), end=date(2024, 9, 30))[0]
        self.assertEqual((next_year.years, next_year.is_round), (51, False))

    def test_country_without_date_is_unknown_not_guessed(self):
        holy_see = country("VA")  # no diplomatic relations: not in the table
        items = relation_items(countries=[holy_see], start=date(2024, 1, 1), end=date(2024, 12, 31))
        self.assertEqual(len(items), 1)
        self.assertIsNone(items[0].date)
        self.assertEqual(items[0].precision, "unknown")

    def test_date_known_to_the_month_has_no_day(self):
        DiplomaticRelation.objects.filter(country__iso_alpha2="LA").update(
            established_on=date(1962, 9, 1), precision="month"
        )
        items = relation_items(countries=[country("LA")], start=date(2022, 9, 10), end=date(2022, 9, 20))
        self.assertEqual((items[0].date, items[0].years, items[0].is_round), (None, 60, True))
        self.assertEqual(relation_items(countries=[country("LA")], start=date(2022, 10, 1), end=date(2022, 10, 31)), [])

    def test_leap_day_falls_on_28_february_in_common_years(self):
        origin = date(1980, 2, 29)
        self.assertEqual(anniversary_date(origin, 2025), date(2025, 2, 28))
        self.assertEqual(anniversary_date(origin, 2024), date(2024, 2, 29))
        self.assertEqual(anniversaries(origin, date(2025, 2, 1), date(2025, 3, 31)), [(date(2025, 2, 28), 45)])
        self.assertEqual(anniversaries(origin, date(1980, 1, 1), date(1980, 12, 31)), [])  # not its own 0th

    def test_today_is_the_hanoi_date(self):
        # 20 Sep 2023 18:00 UTC is 21 Sep 01:00 in Hanoi: the 50th anniversary is today.
        with mock.patch("django.utils.timezone.now", return_value=datetime(2023, 9, 20, 18, tzinfo=ZoneInfo("UTC"))):
            today = timezone.localdate()
        self.assertEqual(today, date(2023, 9, 21))
        items = relation_items(countries=[country("JP")], start=today, end=today)
        self.assertEqual(items[0].years, 50)


class CalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        services.relations_load()
        services.national_days_load()
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"], email="hp@example.org")
        cls.bn_user = make_user("bn", unit=cls.u["bac_ninh"], email="bn@example.org")
        cls.hp_laos = Organisation.objects.create(
            unit=cls.u["hai_phong"],
            kind="friendship_association",
            name="Hội hữu nghị Việt Nam – Lào TP Hải Phòng",
            country=country("VN"),
            partner_country=country("LA"),
        )
        cls.savannakhet = Organisation.objects.create(
            unit=cls.u["hai_phong"], kind="foreign_locality", name="Tỉnh Savannakhet", country=country("LA")
        )
        OrganisationRelation.objects.create(
            source=cls.hp_laos, target=cls.savannakhet, kind="twinning", since=date(2014, 12, 2)
        )

    def test_partner_national_day_holidays_and_twinning(self):
        items = calendar_items(user=self.editor, start=date(2024, 12, 1), end=date(2024, 12, 31))
        kinds = {(i.kind, i.date) for i in items}
        self.assertIn((ItemKind.NATIONAL_DAY, date(2024, 12, 2)), kinds)  # Lao National Day, from the table
        self.assertIn((ItemKind.TWINNING_ANNIVERSARY, date(2024, 12, 2)), kinds)
        twinning = next(i for i in items if i.kind == ItemKind.TWINNING_ANNIVERSARY)
        self.assertEqual((twinning.years, twinning.is_round), (10, True))
        # the library's holiday on the same day is not listed twice
        self.assertFalse(any(i.kind == ItemKind.HOLIDAY and i.date == date(2024, 12, 2) for i in items))

    def test_public_holidays_come_from_the_holidays_library(self):
        items = calendar_items(
            user=self.editor, start=date(2024, 4, 1), end=date(2024, 4, 30), kinds=[ItemKind.HOLIDAY]
        )
        self.assertIn(date(2024, 4, 14), {i.date for i in items})  # Bunpimay, Lao New Year

    def test_another_province_sees_no_partner_dates(self):
        items = calendar_items(user=self.bn_user, start=date(2024, 12, 1), end=date(2024, 12, 31))
        self.assertEqual(items, [])

    def test_calendar_month_page_offers_pre_filled_activity(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("activities:calendar"), {"date": "2024-12-10"})
        self.assertContains(response, "type=commemoration")
        dates = [i for week in response.context["grid"] for _d, cell, _in in week for i in cell.dates]
        item = next(i for i in dates if i.kind == ItemKind.NATIONAL_DAY and i.country.iso_alpha2 == "LA")
        form = self.client.get(item.congratulate_url).context["form"]
        self.assertEqual(form["type"].value(), ActivityType.CONGRATULATION)
        self.assertEqual(form["start_date"].value(), "2024-12-02")
        self.assertEqual([str(v) for v in form["countries"].value()], [str(country("LA").pk)])
        for mode in ("week", "day", "list"):
            self.assertEqual(self.client.get(reverse("activities:calendar"), {"view": mode}).status_code, 200)

    def test_calendar_of_another_unit_is_404(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("activities:calendar"), {"unit": self.u["bac_ninh"].pk})
        self.assertEqual(response.status_code, 404)


class ActivityScreensTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"])
        cls.bn_user = make_user("bn", unit=cls.u["bac_ninh"])
        cls.leader = Person.objects.create(unit=cls.u["hai_phong"], full_name="Đỗ Văn Bình")
        cls.member = Person.objects.create(unit=cls.u["hai_phong"], full_name="Nguyễn Thị Lan")
        cls.partner = Organisation.objects.create(
            unit=cls.u["hai_phong"], kind="other", name="Hội Hữu nghị Lào – Việt Nam"
        )
        cls.activity = Activity.objects.create(
            unit=cls.u["hai_phong"],
            type=ActivityType.CULTURAL_EXCHANGE,
            title="Gặp mặt sinh viên Lào dịp Tết Bunpimay",
            start_date=date(2024, 4, 12),
        )
        cls.activity.countries.set([country("LA")])

    def setUp(self):
        self.client.force_login(self.editor)

    def test_record_delegation_with_members(self):
        response = self.client.post(
            reverse("activities:activity_add"),
            {
                "unit": self.u["hai_phong"].pk,
                "type": ActivityType.DELEGATION_OUT,
                "title": "Đoàn công tác tại Lào",
                "start_date": "2024-05-01",
                "end_date": "2024-05-05",
                "countries": [country("LA").pk],
                "leader": self.leader.pk,
                "members": [self.member.pk],
                "partners": [self.partner.pk],
            },
        )
        activity = Activity.objects.get(title="Đoàn công tác tại Lào")
        self.assertRedirects(response, activity.get_absolute_url())
        self.assertEqual(list(activity.members.all()), [self.member])
        page = self.client.get(activity.get_absolute_url())  # its partner and country, one click away
        self.assertContains(page, f'<a href="{self.partner.get_absolute_url()}">{self.partner}</a>', html=True)
        self.assertContains(page, f'<a href="{country("LA").get_absolute_url()}">{country("LA")}</a>', html=True)
        figures = activity_figures(user=self.editor, start=date(2024, 1, 1), end=date(2024, 12, 31))
        self.assertEqual(figures["delegations"]["out"], {"count": 1, "people": 2})
        self.assertEqual(figures["by_country"], [(str(country("LA")), 2)])

    def test_end_before_start_is_a_field_error(self):
        response = self.client.post(
            reverse("activities:activity_add"),
            {
                "unit": self.u["hai_phong"].pk,
                "type": "other",
                "title": "Sai",
                "start_date": "2024-05-05",
                "end_date": "2024-05-01",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("end_date", response.context["form"].errors)
        self.assertFalse(Activity.objects.filter(title="Sai").exists())

    def test_api_refuses_end_before_start(self):
        response = self.client.post(
            "/api/activities/activities/",
            {
                "unit": self.u["hai_phong"].pk,
                "type": "other",
                "title": "Sai",
                "start_date": "2024-05-05",
                "end_date": "2024-05-01",
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("end_date", response.json())

    def test_another_province_gets_404_in_ui_and_api(self):
        self.client.force_login(self.bn_user)
        self.assertEqual(self.client.get(self.activity.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(f"/api/activities/activities/{self.activity.pk}/").status_code, 404)
        self.assertNotContains(self.client.get(reverse("activities:activity_list")), "Bunpimay")
        figures = self.client.get("/api/activities/figures/", {"start": "2024-01-01", "end": "2024-12-31"}).json()
        self.assertEqual(figures["total"], 0)
        response = self.client.get(
            "/api/activities/figures/", {"start": "2024-01-01", "end": "2024-12-31", "unit": self.u["hai_phong"].pk}
        )
        self.assertEqual(response.status_code, 404)

    def test_figures_roll_up_the_subtree_unless_asked_not_to(self):
        Activity.objects.create(
            unit=self.u["hp_laos"],
            type=ActivityType.DELEGATION_IN,
            title="Đón đoàn",
            start_date=date(2024, 6, 1),
            participants=9,
        )
        unit = self.u["hai_phong"]
        rolled = activity_figures(user=self.editor, unit=unit, start=date(2024, 1, 1), end=date(2024, 12, 31))
        own = activity_figures(
            user=self.editor, unit=unit, start=date(2024, 1, 1), end=date(2024, 12, 31), subtree=False
        )
        self.assertEqual((rolled["total"], rolled["delegations"]["in"]), (2, {"count": 1, "people": 9}))
        self.assertEqual((own["total"], own["delegations"]["in"]["count"]), (1, 0))
        # without the unions' rows (the dashboard, a report's section): the same figures
        bare = activity_figures(
            user=self.editor, unit=unit, start=date(2024, 1, 1), end=date(2024, 12, 31), breakdowns=()
        )
        self.assertEqual([r["count"] for r in rolled["by_unit"]], [2])
        self.assertEqual(bare["by_unit"], [])
        for key in ("total", "by_type", "delegations"):
            self.assertEqual(bare[key], rolled[key], key)

    def test_figures_count_every_breakdown_in_one_statement(self):
        """The activities are read once for every grouping; only the countries' names are a query more."""
        unit, period = self.u["hai_phong"], {"start": date(2024, 1, 1), "end": date(2024, 12, 31)}
        Activity.objects.create(
            unit=unit, type=ActivityType.DELEGATION_IN, title="Đón đoàn", **{"start_date": period["start"]}
        )

        def queries(breakdowns):
            with reads_once(), CaptureQueriesContext(connection) as captured:
                activity_figures(user=self.editor, unit=unit, breakdowns=breakdowns, **period)
            return len(captured)

        queries(())  # the user's reach, read once
        self.assertEqual(queries(("country", "partner", "unit")), queries(("unit",)) + 1)

    def test_export_and_figures_page(self):
        response = self.client.get(reverse("activities:activity_list") + "?export=csv")
        self.assertContains(response, "Bunpimay")
        response = self.client.get(reverse("activities:figures"), {"start": "2024-01-01", "end": "2024-12-31"})
        self.assertContains(response, 'data-figure="total">1<')

    def test_coming_up_lists_the_first_items_of_the_calendar_and_counts_them_all(self):
        hp = self.u["hai_phong"]
        ongoing = Activity.objects.create(  # begun before the period, still going on: first
            unit=hp, type="other", title="Triển lãm", start_date=date(2024, 3, 28), end_date=date(2024, 4, 3)
        )
        for day, title in ((1, "B"), (1, "A"), (2, "C"), (2, "C"), (5, "D"), (9, "E")):
            Activity.objects.create(unit=hp, type="other", title=title, start_date=date(2024, 4, day))
        Activity.objects.create(
            unit=hp, type="other", title="Ended", start_date=date(2024, 3, 1), end_date=date(2024, 3, 31)
        )
        Activity.objects.create(unit=hp, type="other", title="Later", start_date=date(2024, 4, 30))
        OrganisationRelation.objects.create(  # a twinning anniversary on 2 April, after the activities of that day
            kind="twinning",
            source=Organisation.objects.create(unit=hp, kind="vn_friendship", name="Hội A"),
            target=Organisation.objects.create(unit=hp, kind="foreign_ngo", name="Hội B", country=country("LA")),
            since=date(2010, 4, 2),
        )
        start, end = date(2024, 4, 1), date(2024, 4, 14)
        every = [i for i in calendar_items(user=self.editor, start=start, end=end) if i.date is not None]
        self.assertEqual([i.title for i in every][:4], ["Triển lãm", "A", "B", "C"])
        for first in (0, 1, 3, 4, 5, 7, 20):
            shown, total = upcoming_items(user=self.editor, start=start, end=end, kinds=ItemKind.values, first=first)
            self.assertEqual([i.key for i in shown], [i.key for i in every[:first]], first)
            self.assertEqual(total, len(every))
        self.assertIn(f"activity-{ongoing.pk}", [i.key for i in every])
        without = upcoming_items(user=self.editor, start=start, end=end, kinds=[ItemKind.TWINNING_ANNIVERSARY], first=5)
        self.assertEqual(([i.kind for i in without[0]], without[1]), ([ItemKind.TWINNING_ANNIVERSARY], 1))

    def test_figures_page_names_the_largest_partners_and_sums_the_others(self):
        partners = [
            Organisation.objects.create(unit=self.u["hai_phong"], kind="foreign_ngo", name=f"Quỹ {n}") for n in range(4)
        ]
        for n, times in enumerate((3, 2, 2, 1)):  # Quỹ 0 in 3 activities, Quỹ 1 and 2 in 2, Quỹ 3 in 1
            for _i in range(times):
                a = Activity.objects.create(
                    unit=self.u["hai_phong"], type="other", title="Gặp", start_date=date(2024, 5, 1)
                )
                a.partners.set([partners[n]])
        period = {"start": "2024-01-01", "end": "2024-12-31"}
        with mock.patch("amity.activities.views.PARTNERS_NAMED", 2):
            page = self.client.get(reverse("activities:figures"), period)
            full = self.client.get(reverse("activities:figures"), {**period, "partners": "all"})
        figures = page.context["figures"]
        self.assertEqual(figures["by_partner"], [("Quỹ 0", 3), ("Quỹ 1", 2)])
        self.assertEqual(figures["other_partners"], {"partners": 2, "count": 3})  # Quỹ 2 and Quỹ 3: 2 + 1
        self.assertContains(page, "2 đối tác khác</a></td><td>3<")  # the page is in Vietnamese
        self.assertNotContains(page, "Quỹ 3<")
        self.assertEqual(
            full.context["figures"]["by_partner"], [("Quỹ 0", 3), ("Quỹ 1", 2), ("Quỹ 2", 2), ("Quỹ 3", 1)]
        )
        self.assertEqual(full.context["figures"]["other_partners"], {"partners": 0, "count": 0})
        api = self.client.get("/api/activities/figures/", period).json()  # the API lists them all
        self.assertEqual([p["partner"] for p in api["by_partner"]], ["Quỹ 0", "Quỹ 1", "Quỹ 2", "Quỹ 3"])


class BouncingBackend(EmailBackend):
    """Refuses any address at bounce.example, as an SMTP server would."""

    def send_messages(self, messages):
        for message in messages:
            if any(r.endswith("@bounce.example") for r in message.recipients()):
                raise smtplib.SMTPRecipientsRefused({message.recipients()[0]: (550, b"No such user")})
        return super().send_messages(messages)


@override_settings(EMAIL_BACKEND="amity.activities.tests.test_activities.BouncingBackend")
class ReminderAndFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        services.relations_load()
        cls.u = make_unit_tree()
        cls.good = make_user("good", unit=cls.u["hai_phong"], email="good@example.org")
        cls.bad = make_user("bad", unit=cls.u["hai_phong"], email="bad@bounce.example")
        cls.other = make_user("other", unit=cls.u["bac_ninh"], email="other@example.org")
        Organisation.objects.create(
            unit=cls.u["hai_phong"], kind="embassy", name="Đại sứ quán Nhật Bản", country=country("JP")
        )
        Activity.objects.create(
            unit=cls.u["hai_phong"], type="meeting", title="Làm việc với Đại sứ quán", start_date=date(2023, 9, 25)
        )
        for user in (cls.good, cls.bad):
            services.reminder_preference_update(
                user=user, data={"kinds": [ItemKind.RELATION_ANNIVERSARY, ItemKind.ACTIVITY], "days_ahead": 10}
            )

    def test_bouncing_address_is_logged_and_retried(self):
        with self.assertLogs("amity.activities.services", "WARNING") as logs:
            result = send_reminders.enqueue(today="2023-09-15").return_value
        self.assertEqual(result, {"sent": 2, "failed": 2, "users": 2, "errors": 0})
        self.assertIn("bad@bounce.example", logs.output[0])
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("50", mail.outbox[0].body)
        self.assertIn("Làm việc với Đại sứ quán", mail.outbox[0].body)
        failed = ReminderDelivery.objects.filter(user=self.bad)
        self.assertEqual({(d.attempts, d.sent_at) for d in failed}, {(1, None)})
        self.assertIn("No such user", failed[0].last_error)
        # next run: the good user gets nothing twice; the bouncing one is tried again
        with self.assertLogs("amity.activities.services", "WARNING"):
            result = send_reminders.enqueue(today="2023-09-16").return_value
        self.assertEqual(result["sent"], 0)
        self.assertEqual({d.attempts for d in failed.all()}, {2})
        self.bad.email = "bad@example.org"
        self.bad.save()
        result = send_reminders.enqueue(today="2023-09-17").return_value
        self.assertEqual(result["sent"], 2)
        self.assertEqual(len(mail.outbox), 2)

    def test_feed_validates_and_token_can_be_revoked(self):
        self.client.force_login(self.good)
        self.client.post(reverse("activities:subscription"), {"action": "feed_create"})
        token = self.good.calendar_tokens.get(revoked_at__isnull=True)
        self.client.logout()
        with mock.patch("django.utils.timezone.now", return_value=datetime(2023, 9, 1, 3, tzinfo=ZoneInfo("UTC"))):
            response = self.client.get(token.get_absolute_url())
        self.assertEqual(response["Content-Type"], "text/calendar")
        cal = Calendar.from_ical(response.content)
        summaries = {str(e["summary"]): e.decoded("dtstart") for e in cal.walk("VEVENT")}
        fiftieth = next(s for s in summaries if "50" in s and str(country("JP")) in s)
        self.assertEqual(summaries[fiftieth], date(2023, 9, 21))
        self.assertIn("Làm việc với Đại sứ quán", summaries)
        # the wrong token and the revoked token answer 404 and say nothing
        wrong = self.client.get(reverse("activities:calendar_feed", args=["not-a-token"]))
        self.assertEqual(wrong.status_code, 404)
        self.assertNotIn(b"VCALENDAR", wrong.content)
        self.client.force_login(self.good)
        self.client.post(reverse("activities:subscription"), {"action": "feed_revoke"})
        self.client.logout()
        self.assertEqual(self.client.get(token.get_absolute_url()).status_code, 404)

    def test_feed_of_another_province_user_holds_none_of_ours(self):
        token = services.feed_token_create(user=self.other)
        response = self.client.get(token.get_absolute_url())
        self.assertNotIn("Làm việc với Đại sứ quán", response.content.decode())

    def test_dashboard_shows_reminders(self):
        self.client.force_login(self.good)
        with mock.patch("django.utils.timezone.now", return_value=datetime(2023, 9, 15, 3, tzinfo=ZoneInfo("UTC"))):
            response = dashboard_page(self.client)
        self.assertContains(response, "Làm việc với Đại sứ quán")
        self.assertContains(response, 'data-kind="relation_anniversary"')
