"""The seed articles' events in the demo data, and what the calendar computes from them."""

from datetime import date

from django.contrib.auth import get_user_model
from django.test import TestCase

from amity.activities import demo
from amity.activities.calendar_items import calendar_items
from amity.activities.choices import ActivityType, ItemKind
from amity.activities.models import Activity
from amity.activities.selectors import activity_figures
from amity.audit.models import ObjectChange
from amity.core.demo import DemoContext
from amity.geo.models import Country
from amity.registry import demo as registry_demo
from amity.units import demo as units_demo


class ActivityDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ctx = DemoContext()
        for module in (units_demo, registry_demo, demo):
            module.load(cls.ctx)
        cls.users = {u.username: u for u in get_user_model().objects.all()}

    def test_the_seed_events_are_recorded(self):
        seed = {
            ("vufo", date(2023, 9, 21), ActivityType.COMMEMORATION, "JP"),
            ("vufo", date(2023, 12, 2), ActivityType.MEETING, "US"),
            ("ha_tinh", date(2023, 10, 1), ActivityType.DELEGATION_OUT, "SK"),
            ("hai_phong", date(2024, 4, 12), ActivityType.CULTURAL_EXCHANGE, "LA"),
        }
        found = {
            (key, a.start_date, a.type, c.iso_alpha2)
            for key, unit in self.ctx.units.items()
            for a in Activity.objects.filter(unit=unit).prefetch_related("countries")
            for c in a.countries.all()
        }
        self.assertLessEqual(seed, found)
        vufo = activity_figures(
            user=self.users["vufo-admin"], unit=self.ctx.units["vufo"], start=date(2021, 1, 1), end=date(2023, 12, 31)
        )
        self.assertGreaterEqual(vufo["delegations"]["out"]["count"], 14)  # 14 high-level delegations abroad

    def test_hai_phong_term_2018_2023_has_the_seed_activities_by_type(self):
        """Seed 003: what the union, its peace committee and its associations did in the term."""
        viewer = self.users["haiphong-viewer"]
        term = {"start": date(2018, 1, 1), "end": date(2023, 12, 31)}
        figures = activity_figures(user=viewer, unit=self.ctx.units["hai_phong"], **term)
        self.assertEqual(
            {code: n for code, _label, n in figures["by_type"]},
            {
                ActivityType.COMMEMORATION: 3,  # memorial and prayer ceremonies for the fallen
                ActivityType.CULTURAL_EXCHANGE: 7,  # peace song festivals, golf tournaments, English contest
                ActivityType.CONFERENCE: 5,  # law of the sea talk, WPC assembly, business forums, current affairs
                ActivityType.OTHER: 3,  # nuclear-ban signatures, two university peace clubs
                ActivityType.MEETING: 4,  # CPAPD, Dutch businesses, Korean embassy, Korean community
                ActivityType.TRAINING: 2,
                ActivityType.FRIENDSHIP_EXCHANGE: 6,  # King's Day, Netherlands Day, Hồng Bàng–Donghae
            },
        )
        self.assertEqual(figures["total"], 30)
        by_code = {
            c.iso_alpha2: n
            for c in Country.objects.filter(iso_alpha2__in=["NL", "KR", "JP", "SG", "CN"])
            for name, n in figures["by_country"]
            if name == str(c)
        }
        self.assertEqual(by_code, {"NL": 5, "KR": 7, "JP": 3, "SG": 3, "CN": 1})
        self.assertEqual(dict(figures["by_partner"])["Thành phố Donghae"], 2)
        # the article gives no attendance: no delegation sizes or participant counts are made up
        self.assertEqual(figures["delegations"], {"in": {"count": 0, "people": 0}, "out": {"count": 0, "people": 0}})
        term_records = Activity.objects.filter(
            unit__in=[self.ctx.units[k] for k in ("hai_phong", "hp_nl", "hp_kr")],
            start_date__range=(term["start"], term["end"]),
        )
        self.assertFalse(term_records.filter(participants__isnull=False).exists())
        self.assertFalse(term_records.exclude(notes__contains="illustrative").exists())
        # the associations' records count in the union's figures, and only there
        own = activity_figures(user=viewer, unit=self.ctx.units["hai_phong"], subtree=False, **term)
        self.assertEqual(own["total"], 21)
        outsider = activity_figures(user=self.users["hatinh-editor"], **term)
        self.assertNotIn("Thành phố Donghae", dict(outsider["by_partner"]))

    def test_figures_page_shows_hai_phong_term(self):
        self.client.force_login(self.users["haiphong-viewer"])
        response = self.client.get(
            "/activities/figures/", {"start": "2018-01-01", "end": "2023-12-31", "unit": self.ctx.units["hai_phong"].pk}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["figures"]["total"], 30)
        self.assertContains(response, "Thành phố Donghae")
        self.assertIn("<svg", response.context["chart"])

    def test_places_of_the_demo_are_valid_on_their_dates(self):
        for activity in Activity.objects.prefetch_related("places"):
            for place in activity.places.all():
                with self.subTest(activity=activity.title):
                    self.assertTrue(place.is_valid_on(activity.start_date), place)

    def test_the_calendar_marks_the_fiftieth_of_vietnam_japan_without_it_being_entered(self):
        items = calendar_items(
            user=self.users["vufo-admin"],
            start=date(2023, 9, 1),
            end=date(2023, 9, 30),
            kinds=[ItemKind.RELATION_ANNIVERSARY],
        )
        japan = [i for i in items if i.country and i.country.iso_alpha2 == "JP"]
        self.assertEqual([(i.date, i.years, i.is_round) for i in japan], [(date(2023, 9, 21), 50, True)])
        # Hà Tĩnh's partner, Laos: national day on 2 December, from the table
        ha_tinh = calendar_items(
            user=self.users["hatinh-editor"],
            start=date(2026, 12, 1),
            end=date(2026, 12, 31),
            kinds=[ItemKind.NATIONAL_DAY],
        )
        self.assertIn(("LA", date(2026, 12, 2)), {(i.country.iso_alpha2, i.date) for i in ha_tinh})

    def test_reload_changes_nothing(self):
        before = ObjectChange.objects.count()
        demo.load(self.ctx)
        self.assertEqual(ObjectChange.objects.count(), before)
