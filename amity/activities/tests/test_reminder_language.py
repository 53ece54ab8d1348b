"""Each user's reminders are written in that user's language, not the server's."""

from datetime import date

from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from amity.activities import services
from amity.activities.choices import ItemKind
from amity.activities.models import Activity, ReminderPreference
from amity.geo.models import Country
from amity.registry.models import Organisation
from amity.units.testing import make_unit_tree, make_user


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", LANGUAGE_CODE="vi")
class ReminderLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        services.relations_load()
        cls.u = make_unit_tree()
        Organisation.objects.create(
            unit=cls.u["hai_phong"],
            kind="embassy",
            name="Đại sứ quán Nhật Bản",
            country=Country.objects.get(iso_alpha2="JP"),
        )
        Activity.objects.create(
            unit=cls.u["hai_phong"], type="meeting", title="Làm việc với Đại sứ quán", start_date=date(2023, 9, 25)
        )
        cls.ru_user = make_user("ru-user", unit=cls.u["hai_phong"], email="ru@example.org")
        cls.en_user = make_user("en-user", unit=cls.u["hai_phong"], email="en@example.org")
        cls.vi_user = make_user("vi-user", unit=cls.u["hai_phong"], email="vi@example.org")
        data = {"kinds": [ItemKind.RELATION_ANNIVERSARY, ItemKind.ACTIVITY], "days_ahead": 10}
        for user, language in ((cls.ru_user, "ru"), (cls.en_user, "en"), (cls.vi_user, "")):
            services.reminder_preference_update(user=user, data={**data, "language": language})

    def test_each_user_gets_the_reminder_in_their_language(self):
        result = services.reminders_send(today=date(2023, 9, 15))
        self.assertEqual(result["users"], 3)
        by_address = {m.to[0]: m for m in mail.outbox}
        ru, en, vi = by_address["ru@example.org"], by_address["en@example.org"], by_address["vi@example.org"]
        self.assertEqual(ru.subject, "Amity: напоминаний — 2")
        self.assertEqual(en.subject, "Amity: 2 reminders")
        self.assertEqual(vi.subject, "Amity: 2 nhắc việc")  # no language kept: the system's default
        self.assertTrue(ru.body.startswith("Скоро:"))
        self.assertTrue(en.body.startswith("Coming up:"))
        # the computed items too: the country's name and the anniversary's wording
        self.assertIn("Japan", en.body)
        self.assertIn("Япония", ru.body)
        self.assertIn("Nhật Bản", vi.body)
        self.assertNotIn("Japan", ru.body + vi.body)
        self.assertIn("Làm việc với Đại sứ quán", ru.body)  # what users typed stays as typed
        self.assertEqual(translation.get_language(), "vi")  # the run leaves the active language alone

    def test_preference_keeps_the_language_the_user_works_in(self):
        user = make_user("zh-user", unit=self.u["hai_phong"], email="zh@example.org")
        with translation.override("zh-hans"):
            self.assertEqual(services.reminder_preference_for(user).language, "zh-hans")
        self.client.force_login(self.en_user)
        self.client.cookies["django_language"] = "ru"
        form = self.client.get(reverse("activities:subscription")).context["form"]
        self.assertEqual(form["language"].value(), "en")  # the stored choice, not the page's language
        response = self.client.post(
            reverse("activities:subscription"),
            {"action": "preferences", "enabled": "on", "kinds": ["activity"], "days_ahead": 7, "language": "zh-hans"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(ReminderPreference.objects.get(user=self.en_user).language, "zh-hans")
        response = self.client.post(
            reverse("activities:subscription"),
            {"action": "preferences", "enabled": "on", "kinds": ["activity"], "days_ahead": 7, "language": "fr"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(ReminderPreference.objects.get(user=self.en_user).language, "zh-hans")
