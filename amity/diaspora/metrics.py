"""Compatriots' queries for the metric catalogue (``union.metrics``), as the statistics page counts them."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from amity.core.access import unit_descendant_ids
from amity.core.money import RateBook
from amity.union.choices import MetricKind
from amity.union.metrics import Computed, computed_metric

from .models import RemittanceStat
from .selectors import compatriot_counts_many, contribution_totals_many, diaspora_figures

#: The queries whose stated figures the compatriot statistics page shows beside its own.
FIGURES_PAGE = ("compatriots", "compatriot_countries", "contributions", "remittances")


def _people_many(*, user, scopes):
    counts = compatriot_counts_many(user=user, scopes=scopes)
    return {s: Computed(Decimal(total), total) for s, (total, _countries) in counts.items()}


def _countries_many(*, user, scopes):
    counts = compatriot_counts_many(user=user, scopes=scopes)
    return {s: Computed(Decimal(countries), total) for s, (total, countries) in counts.items()}


def _contributions_many(*, user, scopes):
    totals = contribution_totals_many(user=user, scopes=scopes)
    return {s: Computed(total, records, s.currency, complete) for s, (total, records, complete) in totals.items()}


@computed_metric("compatriots", _("Compatriots abroad recorded"), many=_people_many)
def compatriots(*, user, unit, start, end, currency, day) -> Computed:
    n = diaspora_figures(user=user, unit=unit, day=day).total
    return Computed(Decimal(n), n)


@computed_metric("compatriot_countries", _("Countries of the compatriots recorded"), many=_countries_many)
def compatriot_countries(*, user, unit, start, end, currency, day) -> Computed:
    figures = diaspora_figures(user=user, unit=unit, day=day)
    return Computed(Decimal(figures.countries), figures.total)


@computed_metric(
    "contributions", _("Contributions of compatriots recorded"), MetricKind.MONEY, many=_contributions_many
)
def contributions(*, user, unit, start, end, currency, day) -> Computed:
    figures = diaspora_figures(user=user, unit=unit, since=start, until=end, currency=currency, day=day)
    records = sum(c["count"] for c in figures.contributions) + sum(m["count"] for m in figures.missing_rates)
    return Computed(figures.contributions_total, records, currency, not figures.missing_rates)


def _remittances_many(*, user, scopes):
    """``remittances`` of many scopes: the rows by unit, currency and years read once, each scope's
    summed from those of its units and converted as there (by currency and last year)."""
    if not scopes:
        return {}
    rows = list(
        RemittanceStat.objects.restrict(user)
        .values_list("unit_id", "currency", "year_from", "year_to")
        .annotate(n=Count("pk"), s=Sum("amount"))
        .order_by()
    )
    book, found = RateBook.load(), {}
    for scope in scopes:
        members = unit_descendant_ids(scope.unit, scope.day) if scope.unit is not None else None
        sums: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        records = 0
        for unit_id, currency, year_from, year_to, n, amount in rows:
            if members is not None and unit_id not in members:
                continue
            if (scope.start and year_from < scope.start.year) or (scope.end and year_to > scope.end.year):
                continue
            sums[(currency, year_to)] += amount
            records += n
        total, complete = Decimal(0), True
        for (currency, year_to), amount in sums.items():
            converted = book.convert(amount, currency, date(year_to, 12, 31), scope.currency)
            if converted.amount is None:
                complete = False
            else:
                total += converted.amount
        found[scope] = Computed(total, records, scope.currency, complete)
    return found


@computed_metric("remittances", _("Remittance statistics recorded"), MetricKind.MONEY, many=_remittances_many)
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
