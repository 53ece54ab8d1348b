"""Building union-life records for tests, through the services the screens and the API use."""

from datetime import date
from decimal import Decimal

from amity.union.models import Congress, Metric, StatedFigure


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
