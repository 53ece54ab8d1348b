"""Compatriots' queries for the metric catalogue (``union.metrics``), as the statistics page counts them."""

from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from amity.core.money import RateBook
from amity.union.choices import MetricKind
from amity.union.metrics import Computed, computed_metric

from .models import RemittanceStat
from .selectors import diaspora_figures

#: The queries whose stated figures the compatriot statistics page shows beside its own.
FIGURES_PAGE = ("compatriots", "compatriot_countries", "contributions", "remittances")


@computed_metric("compatriots", _("Compatriots abroad recorded"))
def compatriots(*, user, unit, start, end, currency, day) -> Computed:
    n = diaspora_figures(user=user, unit=unit, day=day).total
    return Computed(Decimal(n), n)


@computed_metric("compatriot_countries", _("Countries of the compatriots recorded"))
def compatriot_countries(*, user, unit, start, end, currency, day) -> Computed:
    figures = diaspora_figures(user=user, unit=unit, day=day)
    return Computed(Decimal(figures.countries), figures.total)


@computed_metric("contributions", _("Contributions of compatriots recorded"), MetricKind.MONEY)
def contributions(*, user, unit, start, end, currency, day) -> Computed:
    figures = diaspora_figures(user=user, unit=unit, since=start, until=end, currency=currency, day=day)
    records = sum(c["count"] for c in figures.contributions) + sum(m["count"] for m in figures.missing_rates)
    return Computed(figures.contributions_total, records, currency, not figures.missing_rates)


@computed_metric("remittances", _("Remittance statistics recorded"), MetricKind.MONEY)
def remittances(*, user, unit, start, end, currency, day) -> Computed:
    """Remittance rows lying inside the period, converted at the rate of their last year."""
    rows = RemittanceStat.objects.restrict(user).within(unit, day)
    if start:
        rows = rows.filter(year_from__gte=start.year)
    if end:
        rows = rows.filter(year_to__lte=end.year)
    book, total, complete = RateBook.load(), Decimal(0), True
    for row in rows.values("currency", "year_to").annotate(amount=Sum("amount")).order_by():
        converted = book.convert(row["amount"], row["currency"], date(row["year_to"], 12, 31), currency)
        if converted.amount is None:
            complete = False
            continue
        total += converted.amount
    return Computed(total, rows.count(), currency, complete)
