"""Building union-life records for tests, through the services the screens and the API use."""

from datetime import date, timedelta
from decimal import Decimal

import factory

from amity.registry.tests.factories import PersonFactory
from amity.union.models import Congress, ElectedBody, ElectedRole, Metric, NationalTerm, StatedFigure
from amity.units.tests.factories import UnitFactory


def make_congress(unit, ordinal: int, start: date, end: date, *, held_on: date | None = None, **extra) -> Congress:
    return Congress.objects.create(
        unit=unit, ordinal=ordinal, held_on=held_on or start, term_start=start, term_end=end, **extra
    )


def metric(code: str) -> Metric:
    return Metric.objects.get(code=code)


def make_figure(unit, code: str, value, **extra) -> StatedFigure:
    extra.setdefault("period_start", date(2018, 1, 1))
    extra.setdefault("period_end", date(2023, 12, 31))
    if extra.get("as_of"):
        extra.pop("period_start"), extra.pop("period_end")
    figure = StatedFigure(unit=unit, metric=metric(code), value=Decimal(value), **extra)
    figure.full_clean()
    figure.save()
    return figure


class CongressFactory(factory.django.DjangoModelFactory):
    """A union's congress and the term it opened, a term of five years from 2020 on."""

    class Meta:
        model = Congress

    unit = factory.SubFactory(UnitFactory)
    ordinal = factory.Sequence(lambda n: n + 1)
    held_on = factory.Sequence(lambda n: date(2020 + 5 * n, 10, 1))
    term_start = factory.SelfAttribute("held_on")
    term_end = factory.LazyAttribute(lambda o: date(o.held_on.year + 5, 9, 30))
    place = "Hải Phòng"


class ElectedBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectedBody

    congress = factory.SubFactory(CongressFactory)
    kind = factory.Sequence(lambda n: ["executive", "standing", "inspection"][n % 3])
    size = 15


class ElectedRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectedRole

    body = factory.SubFactory(ElectedBodyFactory)
    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..body.congress.unit"))
    position = "vice_chair"
    start = factory.SelfAttribute("body.congress.term_start")


class MetricFactory(factory.django.DjangoModelFactory):
    """A union's own metric (the national catalogue has no unit)."""

    class Meta:
        model = Metric

    unit = factory.SubFactory(UnitFactory)
    code = factory.Sequence(lambda n: f"own-metric-{n}")
    name_vi = factory.Sequence(lambda n: f"Số hội viên danh dự {n}")


class StatedFigureFactory(factory.django.DjangoModelFactory):
    """Aid items a union says it had on a day of 2024 (a metric computed from records too)."""

    class Meta:
        model = StatedFigure

    unit = factory.SubFactory(UnitFactory)
    metric = factory.LazyFunction(lambda: metric("aid_items"))
    value = Decimal(12)
    as_of = factory.Sequence(lambda n: date(2024, 1, 1) + timedelta(days=n % 366))
    congress = factory.SubFactory(CongressFactory, unit=factory.SelfAttribute("..unit"))


class NationalTermFactory(factory.django.DjangoModelFactory):
    """Consecutive five-year terms from 1900, far from the national terms the tests load."""

    class Meta:
        model = NationalTerm

    start = factory.Sequence(lambda n: date(1900 + 5 * n, 1, 1))
    end = factory.Sequence(lambda n: date(1904 + 5 * n, 12, 31))
