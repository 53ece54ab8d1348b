"""Dates as sources give them: reading, writing in four languages, validation, and the period rule."""

from datetime import date
from types import SimpleNamespace

import django_filters
from django.core.exceptions import ValidationError
from django.test import RequestFactory, SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import translation
from rest_framework import serializers

from amity.core.dates import (
    PartialDate,
    PartialDateError,
    PartialDateFormField,
    PartialDateSerializerMixin,
    Precision,
    clean_partial_date,
    format_partial_date,
    in_period,
    parse_partial_date,
)
from amity.core.filtersets import AmityFilterSet
from amity.units.models import Unit
from amity.units.testing import make_user

SOURCE_DAY = date(2023, 6, 1)  # the date of the article a fact comes from


class ParseTests(SimpleTestCase):
    def test_each_form_sources_and_users_write_gives_its_span(self):
        cases = {
            "2023": (PartialDate(2023), date(2023, 1, 1), date(2023, 12, 31)),
            "5/2023": (PartialDate(2023, 5), date(2023, 5, 1), date(2023, 5, 31)),
            "2023-05": (PartialDate(2023, 5), date(2023, 5, 1), date(2023, 5, 31)),
            "tháng 5/2023": (PartialDate(2023, 5), date(2023, 5, 1), date(2023, 5, 31)),
            "tháng 2 năm 2024": (PartialDate(2024, 2), date(2024, 2, 1), date(2024, 2, 29)),
            "May 2023": (PartialDate(2023, 5), date(2023, 5, 1), date(2023, 5, 31)),
            "май 2023 г.": (PartialDate(2023, 5), date(2023, 5, 1), date(2023, 5, 31)),
            "2023年5月": (PartialDate(2023, 5), date(2023, 5, 1), date(2023, 5, 31)),
            "05/01/2022": (PartialDate(2022, 1, 5), date(2022, 1, 5), date(2022, 1, 5)),
            "2022-01-05": (PartialDate(2022, 1, 5), date(2022, 1, 5), date(2022, 1, 5)),
            "2023年5月1日": (PartialDate(2023, 5, 1), date(2023, 5, 1), date(2023, 5, 1)),
            "15 марта 2023": (PartialDate(2023, 3, 15), date(2023, 3, 15), date(2023, 3, 15)),
            "May 15, 2023": (PartialDate(2023, 5, 15), date(2023, 5, 15), date(2023, 5, 15)),
        }
        for text, (expected, start, end) in cases.items():
            with self.subTest(text=text):
                value = parse_partial_date(text, reference=SOURCE_DAY)
                self.assertEqual(value, expected)
                self.assertEqual((value.start, value.end), (start, end))
                self.assertFalse(value.inferred)

    def test_day_and_month_without_a_year_take_the_sources_year_and_are_marked_inferred(self):
        for text, expected in {"12/3": (3, 12), "ngày 12/3": (3, 12), "15 марта": (3, 15)}.items():
            with self.subTest(text=text):
                value = parse_partial_date(text, reference=SOURCE_DAY)
                self.assertEqual(value, PartialDate(2023, *expected, inferred=True))
                self.assertEqual(value.precision, Precision.DAY)
                with translation.override("en"), self.assertRaisesMessage(PartialDateError, "has no year"):
                    parse_partial_date(text)

    def test_what_is_not_a_date_is_refused_with_the_text(self):
        for text in ("31/2/2023", "13/2023", "abc", "", "1/2/3/2023"):
            with self.subTest(text=text), self.assertRaises(PartialDateError):
                parse_partial_date(text)

    def test_from_fields_round_trips_the_three_columns(self):
        for value in (PartialDate(2023), PartialDate(2023, 5), PartialDate(2023, 3, 12, inferred=True)):
            columns = value.fields("decided_on")
            self.assertEqual(
                PartialDate.from_fields(
                    columns["decided_on"], columns["decided_on_precision"], columns["decided_on_inferred"]
                ),
                value,
            )
        self.assertIsNone(PartialDate.from_fields(None, Precision.DAY))


class FormatTests(SimpleTestCase):
    def test_each_language_writes_a_day_a_month_and_a_year_its_own_way(self):
        expected = {
            "vi": ("05/01/2022", "tháng 5/2023", "năm 2019"),
            "en": ("January 5, 2022", "May 2023", "2019"),
            "zh-hans": ("2022年1月5日", "2023年5月", "2019年"),
            "ru": ("05.01.2022", "май 2023 г.", "2019 г."),
        }
        for language, (day, month, year) in expected.items():
            with self.subTest(language=language):
                self.assertEqual(format_partial_date(PartialDate(2022, 1, 5), language), day)
                self.assertEqual(format_partial_date(PartialDate(2023, 5), language), month)
                self.assertEqual(format_partial_date(PartialDate(2019), language), year)
        self.assertEqual(format_partial_date(date(2022, 1, 5), "vi"), "05/01/2022")
        self.assertEqual(format_partial_date(None), "")


class CleanTests(SimpleTestCase):
    def record(self, day, precision, inferred=False):
        return SimpleNamespace(decided_on=day, decided_on_precision=precision, decided_on_inferred=inferred)

    def test_a_month_precision_date_with_day_digits_is_refused_on_its_field(self):
        with self.assertRaises(ValidationError) as caught:
            clean_partial_date(self.record(date(2023, 5, 17), Precision.MONTH), "decided_on")
        self.assertEqual(list(caught.exception.message_dict), ["decided_on"])
        self.assertIn("2023-05-17", caught.exception.message_dict["decided_on"][0])

    def test_a_year_precision_date_with_a_month_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            clean_partial_date(self.record(date(2023, 5, 1), Precision.YEAR), "decided_on")
        self.assertEqual(list(caught.exception.message_dict), ["decided_on"])

    def test_spans_starting_on_their_first_day_pass(self):
        for day, precision in ((date(2023, 5, 1), Precision.MONTH), (date(2023, 1, 1), Precision.YEAR)):
            clean_partial_date(self.record(day, precision), "decided_on")
        clean_partial_date(self.record(date(2023, 3, 12), Precision.DAY, inferred=True), "decided_on")
        clean_partial_date(self.record(None, Precision.DAY), "decided_on")


class FormFieldTests(SimpleTestCase):
    def test_the_field_reads_a_day_a_month_and_a_year(self):
        field = PartialDateFormField(required=False)
        self.assertEqual(field.clean("5/2023"), PartialDate(2023, 5))
        self.assertEqual(field.clean("2023"), PartialDate(2023))
        self.assertEqual(field.clean("05/01/2022"), PartialDate(2022, 1, 5))
        self.assertIsNone(field.clean(""))
        with self.assertRaises(ValidationError):
            field.clean("12/3")  # no source date to take the year from
        self.assertEqual(PartialDateFormField(reference=SOURCE_DAY).clean("12/3"), PartialDate(2023, 3, 12, True))

    def test_the_widget_shows_back_what_it_reads(self):
        widget = PartialDateFormField().widget
        for value in (PartialDate(2023, 5), PartialDate(2019), PartialDate(2022, 1, 5)):
            self.assertEqual(parse_partial_date(widget.format_value(value)), value)


class _Serializer(PartialDateSerializerMixin, serializers.Serializer):
    partial_dates = ("decided_on",)
    decided_on = serializers.DateField()
    decided_on_precision = serializers.ChoiceField(choices=Precision.choices, default=Precision.DAY)
    decided_on_inferred = serializers.BooleanField(default=False)


class SerializerTests(SimpleTestCase):
    def test_a_month_or_a_year_is_accepted_as_short_iso_or_as_an_object(self):
        cases = [
            ({"decided_on": "2023-05"}, (date(2023, 5, 1), "month", False)),
            ({"decided_on": "2019"}, (date(2019, 1, 1), "year", False)),
            ({"decided_on": "2022-01-05"}, (date(2022, 1, 5), "day", False)),
            (
                {"decided_on": {"date": "2023-03-12", "precision": "day", "inferred": True}},
                (date(2023, 3, 12), "day", True),
            ),
        ]
        for data, expected in cases:
            with self.subTest(data=data):
                serializer = _Serializer(data=data)
                self.assertTrue(serializer.is_valid(), serializer.errors)
                got = serializer.validated_data
                self.assertEqual((got["decided_on"], got["decided_on_precision"], got["decided_on_inferred"]), expected)

    def test_a_short_date_that_contradicts_the_precision_sent_is_refused_on_the_precision(self):
        serializer = _Serializer(data={"decided_on": "2023-05", "decided_on_precision": "year"})
        self.assertFalse(serializer.is_valid())
        self.assertEqual(list(serializer.errors), ["decided_on_precision"])


class _UnitFilterSet(AmityFilterSet):
    periods = (("valid_after", "valid_before"),)
    valid_after = django_filters.DateFilter(field_name="valid_from", lookup_expr="gte")
    valid_before = django_filters.DateFilter(field_name="valid_from", lookup_expr="lte")

    class Meta:
        model = Unit
        fields: list[str] = []


class PeriodTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user("periods", is_superuser=True)
        # first days of spans: a year (2023), a month (May 2023), days in May and June
        for name, start in (("y", "2023-01-01"), ("m", "2023-05-01"), ("d1", "2023-05-20"), ("d2", "2023-06-03")):
            Unit.objects.create(name=name, kind="central", valid_from=start)

    def names(self, start, end):
        return sorted(in_period(Unit.objects.all(), "valid_from", start, end).values_list("name", flat=True))

    def test_a_record_counts_in_the_period_holding_the_first_day_of_its_span(self):
        self.assertEqual(self.names(date(2023, 5, 1), date(2023, 5, 31)), ["d1", "m"])
        self.assertEqual(self.names(date(2023, 1, 1), date(2023, 12, 31)), ["d1", "d2", "m", "y"])
        self.assertEqual(self.names(date(2023, 5, 15), date(2023, 6, 14)), ["d1", "d2"])  # cuts through May

    def test_consecutive_periods_partition_the_records(self):
        months = [len(self.names(PartialDate(2023, m).start, PartialDate(2023, m).end)) for m in range(1, 13)]
        self.assertEqual(months, [1, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0])
        self.assertEqual(sum(months), len(self.names(date(2023, 1, 1), date(2023, 12, 31))))

    def test_a_period_ending_before_it_starts_is_refused_on_the_end(self):
        with self.assertRaises(ValidationError) as caught:
            in_period(Unit.objects.all(), "valid_from", date(2023, 6, 1), date(2023, 5, 1))
        self.assertEqual(list(caught.exception.message_dict), ["end"])

    def test_the_filter_set_refuses_such_a_period_on_the_end_field(self):
        request = RequestFactory().get("/")
        request.user = self.user
        refused = _UnitFilterSet({"valid_after": "2023-06-01", "valid_before": "2023-05-01"}, request=request)
        self.assertFalse(refused.is_valid())
        self.assertEqual(list(refused.errors), ["valid_before"])
        accepted = _UnitFilterSet({"valid_after": "2023-05-01", "valid_before": "2023-05-31"}, request=request)
        self.assertEqual(sorted(accepted.qs.values_list("name", flat=True)), ["d1", "m"])


def _range_pairs(filterset_class) -> set[tuple[str, str]]:
    """(from, to) filter names of a FilterSet that bound the same date field from both sides."""
    dates = [(n, f) for n, f in filterset_class.base_filters.items() if isinstance(f, django_filters.DateFilter)]
    return {
        (low, high)
        for low, lf in dates
        for high, hf in dates
        if lf.field_name == hf.field_name and lf.lookup_expr == "gte" and hf.lookup_expr == "lte"
    }


class EveryListRefusesABackwardPeriodTests(TestCase):
    """Every list filtered by a period refuses one that ends before it starts, naming the end: the
    API with 400, the screen with the error on the field; none answers with an empty list."""

    LISTS = {  # API list, screen's URL name, (from, to)
        "activities": ("/api/activities/activities/", "activities:activity_list", ("start", "end")),
        "aid items": ("/api/aid/items/", "aid:aiditem_list", ("decided_after", "decided_before")),
        "contributions": ("/api/diaspora/contributions/", "diaspora:contribution_list", ("since", "until")),
        "agreements": ("/api/registry/agreements/", "registry:agreement_list", ("signed_after", "signed_before")),
        "stated figures": ("/api/union/stated-figures/", "union:statedfigure_list", ("start", "end")),
    }

    def test_every_range_filter_pair_is_declared_a_period(self):
        from amity.core.discovery import app_modules

        for label, module in app_modules("filtersets"):
            for name, cls in vars(module).items():
                if isinstance(cls, type) and issubclass(cls, AmityFilterSet) and cls.__module__ == module.__name__:
                    with self.subTest(f"{label}.{name}"):
                        self.assertLessEqual(_range_pairs(cls), set(cls.periods))

    def test_api_and_screen_refuse_a_period_ending_before_it_starts(self):
        from amity.core.testing import APIClient

        user = make_user("central", is_superuser=True)
        api = APIClient()
        api.force_authenticate(user)
        self.client.force_login(user)
        for name, (api_url, screen_url, (low, high)) in self.LISTS.items():
            backwards = {low: "2023-06-01", high: "2023-05-01"}
            with self.subTest(name):
                response = api.get(api_url, backwards)
                self.assertEqual(response.status_code, 400, response.content)
                self.assertEqual(list(response.json()), [high])
                page = self.client.get(reverse(screen_url), backwards)
                self.assertIn(high, page.context["filter"].form.errors)
