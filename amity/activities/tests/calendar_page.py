"""The calendar's page as its query-count tests open it: Hải Phòng's editor, in English, on one day."""

from datetime import date

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amity.units.testing import make_unit_tree, make_user

DAY = date(2024, 12, 10)


class CalendarPageTestCase(TestCase):
    """The unit tree and Hải Phòng's editor (``cls.u``, ``cls.editor``), signed in with English as
    the language; ``calendar(**params)`` opens the calendar on ``DAY``, ``measured(**params)`` says
    how many queries it read and how many bytes it drew."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"])

    def setUp(self):
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def calendar(self, **params):
        response = self.client.get(reverse("activities:calendar"), {"date": DAY.isoformat(), **params})
        self.assertEqual(response.status_code, 200)
        return response

    def measured(self, **params) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = self.calendar(**params)
        return len(captured.captured_queries), len(response.content)
