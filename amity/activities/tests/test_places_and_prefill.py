"""Places carry the 2025 history; computed items pre-fill the activity form with what they are about;
reminder failures are shown to their user; figures refuse a reversed period; a ceremony lists its awards."""

import smtplib
from datetime import date
from unittest import mock

from django.conf import settings
from django.test import TestCase, override_settings
from django.urls import reverse

from amity.activities import calendar_items as items_module
from amity.activities import services
from amity.activities.calendar_items import calendar_items
from amity.activities.choices import ActivityType, ItemKind
from amity.activities.models import Activity, NationalDay, ReminderDelivery
from amity.awards.models import AwardType, Decision
from amity.geo.models import Country
from amity.geo.services import current_province_by_name, province_by_name
from amity.registry.models import Agreement, Organisation, OrganisationRelation
from amity.units.testing import make_unit_tree, make_user


def country(code: str) -> Country:
    return Country.objects.get(iso_alpha2=code)


class PlacesWithHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.bn_editor = make_user("bn", unit=cls.u["bac_ninh"])
        cls.hp_editor = make_user("hp", unit=cls.u["hai_phong"])
        cls.bac_giang_old = province_by_name("Bắc Giang", on=date(2023, 1, 1))
        cls.bac_ninh_new = current_province_by_name("Bắc Ninh")
        cls.old_visit = services.activity_create(
            actor=cls.bn_editor,
            data={
                "unit": cls.u["bac_giang"],
                "type": ActivityType.DELEGATION_IN,
                "title": "Đón đoàn Nhật Bản tại Bắc Giang",
                "start_date": date(2023, 3, 1),
                "places": [cls.bac_giang_old],
            },
        )
        cls.new_visit = services.activity_create(
            actor=cls.bn_editor,
            data={
                "unit": cls.u["bac_ninh"],
                "type": ActivityType.DELEGATION_IN,
                "title": "Đón đoàn Hàn Quốc tại Bắc Ninh",
                "start_date": date(2026, 3, 1),
                "places": [cls.bac_ninh_new],
            },
        )
        services.activity_create(
            actor=cls.hp_editor,
            data={
                "unit": cls.u["hai_phong"],
                "type": ActivityType.MEETING,
                "title": "Làm việc tại Hải Phòng",
                "start_date": date(2023, 3, 1),
                "places": [province_by_name("Hải Phòng", on=date(2023, 3, 1))],
            },
        )

    def test_a_unit_that_did_not_exist_on_the_date_is_refused_naming_the_right_one(self):
        self.client.force_login(self.bn_editor)
        response = self.client.post(
            reverse("activities:activity_add"),
            {
                "unit": self.u["bac_ninh"].pk,
                "type": ActivityType.MEETING,
                "title": "Gặp mặt năm 2026",
                "start_date": "2026-02-01",
                "places": [self.bac_giang_old.pk],
            },
        )
        self.assertEqual(response.status_code, 400)
        error = " ".join(response.context["form"].errors["places"])
        self.assertIn(self.bac_ninh_new.full_name, error)
        self.assertFalse(Activity.objects.filter(title="Gặp mặt năm 2026").exists())

    def test_moving_the_date_across_the_merger_is_checked_in_the_api(self):
        self.client.force_login(self.bn_editor)
        url = f"/api/activities/activities/{self.old_visit.pk}/"
        etag = self.client.get(url)["ETag"]
        response = self.client.patch(
            url, {"start_date": "2025-09-01"}, content_type="application/json", headers={"if-match": etag}
        )
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("places", response.json())
        self.old_visit.refresh_from_db()
        self.assertEqual(self.old_visit.start_date, date(2023, 3, 1))

    def test_filter_by_todays_province_finds_records_made_under_the_merged_one(self):
        self.client.force_login(self.bn_editor)
        response = self.client.get(reverse("activities:activity_list"), {"place": self.bac_ninh_new.pk})
        self.assertContains(response, "Đón đoàn Nhật Bản tại Bắc Giang")
        self.assertContains(response, "Đón đoàn Hàn Quốc tại Bắc Ninh")
        api = self.client.get("/api/activities/activities/", {"place": self.bac_giang_old.pk}).json()
        self.assertEqual([a["title"] for a in api["results"]], ["Đón đoàn Nhật Bản tại Bắc Giang"])
        self.client.force_login(self.hp_editor)  # another province's records stay out whatever the filter
        response = self.client.get(reverse("activities:activity_list"), {"place": self.bac_ninh_new.pk})
        self.assertNotContains(response, "Đón đoàn Nhật Bản tại Bắc Giang")
        self.assertNotContains(response, "Làm việc tại Hải Phòng")


class PrefillTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"])
        cls.union = Organisation.objects.create(
            unit=cls.u["hai_phong"],
            kind="friendship_association",
            name="Hội hữu nghị Việt Nam – Lào",
            country=country("VN"),
        )
        cls.province = Organisation.objects.create(
            unit=cls.u["hai_phong"], kind="foreign_locality", name="Tỉnh Savannakhet", country=country("LA")
        )
        # twinned on a leap day: the anniversary falls on 28 February in common years
        OrganisationRelation.objects.create(
            source=cls.union, target=cls.province, kind="twinning", since=date(2000, 2, 29)
        )
        cls.agreement = Agreement.objects.create(
            unit=cls.u["hai_phong"], kind="mou", title="Biên bản ghi nhớ hợp tác", signed_on=date(2015, 3, 10)
        )
        cls.agreement.parties.set([cls.union, cls.province])

    def test_twinning_on_29_february_is_marked_on_28_february_in_a_common_year(self):
        items = calendar_items(
            user=self.editor, start=date(2025, 2, 1), end=date(2025, 3, 31), kinds=[ItemKind.TWINNING_ANNIVERSARY]
        )
        self.assertEqual([(i.date, i.years, i.is_round) for i in items], [(date(2025, 2, 28), 25, True)])
        leap = calendar_items(
            user=self.editor, start=date(2028, 2, 1), end=date(2028, 3, 31), kinds=[ItemKind.TWINNING_ANNIVERSARY]
        )
        self.assertEqual([(i.date, i.years, i.is_round) for i in leap], [(date(2028, 2, 29), 28, False)])

    def test_plan_an_activity_from_a_twinning_fills_unit_organiser_and_partner(self):
        item = calendar_items(
            user=self.editor, start=date(2025, 2, 1), end=date(2025, 3, 31), kinds=[ItemKind.TWINNING_ANNIVERSARY]
        )[0]
        self.client.force_login(self.editor)
        form = self.client.get(item.plan_url).context["form"]
        self.assertEqual(str(form["unit"].value()), str(self.u["hai_phong"].pk))
        self.assertEqual([str(v) for v in form["organisers"].value()], [str(self.union.pk)])
        self.assertEqual([str(v) for v in form["partners"].value()], [str(self.province.pk)])
        self.assertEqual(form["start_date"].value(), "2025-02-28")

    def test_congratulations_on_an_agreement_anniversary_link_the_agreement(self):
        item = calendar_items(
            user=self.editor, start=date(2025, 3, 1), end=date(2025, 3, 31), kinds=[ItemKind.AGREEMENT_ANNIVERSARY]
        )[0]
        self.assertEqual((item.years, item.is_round), (10, True))
        self.client.force_login(self.editor)
        response = self.client.get(item.congratulate_url)
        form = response.context["form"]
        self.assertEqual(form["type"].value(), ActivityType.CONGRATULATION)
        self.assertEqual([str(v) for v in form["agreements"].value()], [str(self.agreement.pk)])
        self.assertEqual([str(v) for v in form["partners"].value()], [str(self.province.pk)])

    def test_the_links_carry_the_items_key_and_day_and_the_form_is_filled_as_the_user_sees_it(self):
        [item] = calendar_items(
            user=self.editor, start=date(2025, 3, 1), end=date(2025, 3, 31), kinds=[ItemKind.AGREEMENT_ANNIVERSARY]
        )
        self.assertEqual(
            item.plan_url,
            reverse("activities:activity_add")
            + f"?type=commemoration&occasion=agreement-{self.agreement.pk}-2025&start_date=2025-03-10",
        )
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        form = self.client.get(item.congratulate_url).context["form"]
        self.assertEqual(form["title"].value(), "Congratulations: 10 years since signing: Biên bản ghi nhớ hợp tác")
        self.assertEqual(form["purpose"].value(), "10 years since signing: Biên bản ghi nhớ hợp tác")
        self.assertEqual(str(form["unit"].value()), str(self.u["hai_phong"].pk))
        self.assertEqual([str(v) for v in form["organisers"].value()], [str(self.union.pk)])
        # another province's editor following the same link gets an empty form: nothing of the agreement
        self.client.force_login(make_user("bn", unit=self.u["bac_ninh"]))
        form = self.client.get(item.congratulate_url).context["form"]
        self.assertEqual(
            (form["title"].value(), form["agreements"].value(), form["partners"].value()), (None, None, None)
        )
        self.assertEqual(form["start_date"].value(), "2025-03-10")

    def test_the_add_form_starts_with_the_users_own_unit(self):
        self.client.force_login(self.editor)
        form = self.client.get(reverse("activities:activity_add")).context["form"]
        self.assertEqual(form["unit"].value(), self.u["hai_phong"].pk)

    def test_national_day_on_29_february_appears_only_in_leap_years(self):
        NationalDay.objects.create(country=country("LA"), name="Ngày giả định", month=2, day=29)
        kinds = [ItemKind.NATIONAL_DAY]
        common = calendar_items(user=self.editor, start=date(2025, 2, 1), end=date(2025, 3, 1), kinds=kinds)
        leap = calendar_items(user=self.editor, start=date(2028, 2, 1), end=date(2028, 3, 1), kinds=kinds)
        self.assertEqual([i.date for i in common], [])
        self.assertEqual([i.date for i in leap], [date(2028, 2, 29)])


class FiguresAndCeremonyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"])
        cls.bn_user = make_user("bn", unit=cls.u["bac_ninh"])
        cls.congress = Activity.objects.create(
            unit=cls.u["hai_phong"], type=ActivityType.CONFERENCE, title="Đại hội", start_date=date(2023, 10, 5)
        )
        Decision.objects.create(
            unit=cls.u["hai_phong"],
            award_type=AwardType.objects.get(kind="certificate"),
            number="45/QĐ-LHHN",
            decided_on=date(2023, 10, 1),
            issuing_body="LHHN Việt Nam",
            ceremony=cls.congress,
        )

    def test_reversed_period_is_refused_with_a_message(self):
        self.client.force_login(self.editor)
        api = self.client.get("/api/activities/figures/", {"start": "2024-12-31", "end": "2024-01-01"})
        self.assertEqual(api.status_code, 400)
        self.assertIn("end", api.json())
        cal = self.client.get("/api/activities/calendar/", {"start": "2024-12-31", "end": "2024-01-01"})
        self.assertEqual(cal.status_code, 400)
        page = self.client.get(reverse("activities:figures"), {"start": "2024-12-31", "end": "2024-01-01"})
        self.assertContains(page, 'class="alert alert-warning"')

    def test_the_ceremony_lists_the_decisions_conferred_at_it(self):
        self.client.force_login(self.editor)
        response = self.client.get(self.congress.get_absolute_url())
        self.assertContains(response, "45/QĐ-LHHN")


class BrokenCalendar(Exception):
    pass


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class ReminderFailureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("hp", unit=cls.u["hai_phong"], email="hp@example.org")
        cls.other = make_user("bn", unit=cls.u["bac_ninh"], email="bn@example.org")
        for unit, title in ((cls.u["hai_phong"], "Gặp mặt Hải Phòng"), (cls.u["bac_ninh"], "Gặp mặt Bắc Ninh")):
            Activity.objects.create(unit=unit, type="meeting", title=title, start_date=date(2024, 5, 3))
        for user in (cls.user, cls.other):
            services.reminder_preference_update(user=user, data={"kinds": [ItemKind.ACTIVITY], "days_ahead": 7})

    def test_refused_address_is_shown_to_its_user_and_given_up_after_the_last_attempt(self):
        refused = smtplib.SMTPRecipientsRefused({"hp@example.org": (550, b"Mailbox unavailable")})
        original = services._send_one

        def send(*, pref, deliveries):
            if pref.user == self.user:
                raise refused
            return original(pref=pref, deliveries=deliveries)

        with mock.patch.object(services, "_send_one", side_effect=send), self.assertLogs(services.logger) as logs:
            for _run in range(services.MAX_ATTEMPTS + 1):
                result = services.reminders_send(today=date(2024, 5, 1))
        self.assertEqual(result["failed"], 0)  # the last run no longer tries: given up
        self.assertTrue(any("given up" in line for line in logs.output))
        delivery = ReminderDelivery.objects.get(user=self.user)
        self.assertEqual((delivery.attempts, delivery.sent_at), (services.MAX_ATTEMPTS, None))
        self.assertIsNotNone(ReminderDelivery.objects.get(user=self.other).sent_at)
        self.client.force_login(self.user)
        page = self.client.get(reverse("activities:subscription"))
        self.assertContains(page, "data-reminder-failures")
        self.assertContains(page, "Mailbox unavailable")
        self.client.force_login(self.other)
        self.assertNotContains(self.client.get(reverse("activities:subscription")), "data-reminder-failures")

    def test_a_user_whose_calendar_fails_does_not_stop_the_others(self):
        original = items_module.calendar_items

        def items(*, user, **kwargs):
            if user == self.user:
                raise BrokenCalendar("holiday data unreadable")
            return original(user=user, **kwargs)

        with mock.patch.object(services, "calendar_items", side_effect=items), self.assertLogs(services.logger):
            result = services.reminders_send(today=date(2024, 5, 1))
        self.assertEqual((result["errors"], result["sent"]), (1, 1))
        self.assertTrue(ReminderDelivery.objects.filter(user=self.other, sent_at__isnull=False).exists())


class FormerProvinceFilterTests(TestCase):
    """A former province finds its own records; with "successor", also the merged province's after the merger."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.bn_editor = make_user("bn", unit=cls.u["bac_ninh"])
        cls.bac_giang_old = province_by_name("Bắc Giang", on=date(2023, 1, 1))
        cls.bac_ninh_old = province_by_name("Bắc Ninh", on=date(2023, 1, 1))
        cls.bac_ninh_new = current_province_by_name("Bắc Ninh")
        for unit, title, day, place in (
            ("bac_giang", "BG 2023 tại Bắc Giang", date(2023, 3, 1), cls.bac_giang_old),
            ("bac_giang", "BG 30/6/2025 tại Bắc Giang", date(2025, 6, 30), cls.bac_giang_old),
            ("bac_ninh", "BN cũ 2024 tại Bắc Ninh cũ", date(2024, 5, 1), cls.bac_ninh_old),
            ("bac_ninh", "BN mới 1/7/2025", date(2025, 7, 1), cls.bac_ninh_new),
            ("bac_ninh", "BN mới 2026", date(2026, 3, 1), cls.bac_ninh_new),
        ):
            services.activity_create(
                actor=cls.bn_editor,
                data={
                    "unit": cls.u[unit],
                    "type": ActivityType.MEETING,
                    "title": title,
                    "start_date": day,
                    "places": [place],
                },
            )

    def titles(self, **params):
        self.client.force_login(self.bn_editor)
        response = self.client.get("/api/activities/activities/", {"page_size": 100, **params})
        self.assertEqual(response.status_code, 200, response.content)
        return sorted(a["title"] for a in response.json()["results"])

    def test_former_province_alone_finds_its_own_territory_before_the_merger(self):
        self.assertEqual(
            self.titles(place=self.bac_giang_old.pk), ["BG 2023 tại Bắc Giang", "BG 30/6/2025 tại Bắc Giang"]
        )

    def test_with_successor_it_also_finds_the_merged_province_from_the_merger_on_only(self):
        self.assertEqual(
            self.titles(place=self.bac_giang_old.pk, successor="true"),
            ["BG 2023 tại Bắc Giang", "BG 30/6/2025 tại Bắc Giang", "BN mới 1/7/2025", "BN mới 2026"],
        )
        # the old Bắc Ninh's own 2024 record was another province's: never found from Bắc Giang
        self.assertNotIn("BN cũ 2024 tại Bắc Ninh cũ", self.titles(place=self.bac_giang_old.pk, successor="true"))

    def test_todays_province_finds_everything_merged_into_it_whatever_the_option(self):
        everything = sorted(
            [
                "BG 2023 tại Bắc Giang",
                "BG 30/6/2025 tại Bắc Giang",
                "BN cũ 2024 tại Bắc Ninh cũ",
                "BN mới 1/7/2025",
                "BN mới 2026",
            ]
        )
        self.assertEqual(self.titles(place=self.bac_ninh_new.pk), everything)
        self.assertEqual(self.titles(place=self.bac_ninh_new.pk, successor="true"), everything)

    def test_the_screen_explains_the_option_and_applies_it(self):
        self.client.force_login(self.bn_editor)
        url = reverse("activities:activity_list")
        response = self.client.get(url, {"place": self.bac_giang_old.pk, "successor": "on"})
        self.assertContains(response, "BN mới 2026")
        self.assertNotContains(response, "BN cũ 2024")
        self.assertContains(response, 'name="successor"')
        self.assertContains(response, 'class="form-text small"')
        self.assertNotContains(self.client.get(url, {"place": self.bac_giang_old.pk}), "BN mới 2026")


class AnniversaryWindowTests(TestCase):
    """The calendar reads from the database only the agreements that may have an anniversary in its
    window; none that has one is left out (across the new year, on 29 February in a common year)."""

    def test_no_anniversary_is_left_out(self):
        from datetime import timedelta

        from amity.activities.calendar_items import anniversaries, may_have_anniversary
        from amity.registry.models import Agreement
        from amity.registry.tests.factories import AgreementFactory
        from amity.units.tests.factories import UnitFactory

        unit = UnitFactory()
        origins = [date(2019, 1, 1) + timedelta(days=n) for n in range(0, 730, 3)] + [date(2020, 2, 29)]
        for day in origins:
            AgreementFactory(unit=unit, signed_on=day, parties=[])
        windows = [
            (date(2024, 1, 1), date(2024, 1, 31)),
            (date(2025, 12, 15), date(2026, 1, 20)),  # across the new year
            (date(2025, 2, 20), date(2025, 3, 5)),  # 29 February falls on the 28th
            (date(2026, 2, 28), date(2026, 2, 28)),
            (date(2024, 2, 29), date(2024, 2, 29)),
            (date(2024, 6, 1), date(2025, 6, 30)),  # over a year: every agreement
            (date(2020, 3, 1), date(2020, 3, 31)),  # some signed after it: no anniversary yet
        ]
        for start, end in windows:
            with self.subTest(start=start, end=end):
                rows = Agreement.objects.all()
                expected = {a.pk for a in rows if anniversaries(a.signed_on, start, end)}
                narrowed = set(may_have_anniversary(rows, "signed_on", start, end).values_list("pk", flat=True))
                self.assertTrue(expected, "the window holds anniversaries")
                self.assertLessEqual(expected, narrowed)
                if (end - start).days < 365:
                    self.assertLess(len(narrowed), len(origins) // 4)  # the others are not read
