"""The queries that give a catalogue metric from Amity's records, registered by code.

A metric of the catalogue (``models.Metric.computed``) names one of these; every page, API and
report that shows a stated figure shows the computed value beside it. Each query reads through the
modules' own figure selectors, so a computed value here is the one their pages show.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amity.core.access import unit_descendant_ids
from amity.core.roles import UnitKind
from amity.units.models import Unit

from .choices import MetricKind


@dataclass(frozen=True)
class Computed:
    """A value from records; ``records`` 0 means the unit keeps no records for it in that period
    (the roll-up then uses the stated figure); ``complete`` False: money left out for want of a rate."""

    value: Decimal
    records: int
    currency: str = ""
    complete: bool = True


@dataclass(frozen=True)
class ComputedMetric:
    code: str
    label: object
    kind: str
    function: Callable[..., Computed]


COMPUTED: dict[str, ComputedMetric] = {}


#: The queries each module's figures page shows stated figures for, beside its own.
AID_QUERIES = ("aid_mobilised", "aid_items", "aid_projects", "aid_non_projects", "aid_donors")
DIASPORA_QUERIES = ("compatriots", "compatriot_countries", "contributions", "remittances")


def computed_metric(code: str, label, kind: str = MetricKind.COUNT):
    """Register ``function(*, user, unit, start, end, currency) -> Computed`` under ``code``."""

    def register(function):
        COMPUTED[code] = ComputedMetric(code=code, label=label, kind=kind, function=function)
        return function

    return register


def computed_choices() -> list[tuple[str, str]]:
    return [("", "---------")] + [(c.code, str(c.label)) for c in COMPUTED.values()]


def compute(
    code: str, *, user, unit: Unit | None, start: date | None, end: date | None, currency: str = ""
) -> Computed:
    return COMPUTED[code].function(user=user, unit=unit, start=start, end=end, currency=currency or "USD")


def _aid(**kwargs):
    from amity.aid.selectors import aid_figures

    return aid_figures(**kwargs)


@computed_metric("aid_mobilised", _("Aid committed (approved items)"), MetricKind.MONEY)
def aid_mobilised(*, user, unit, start, end, currency) -> Computed:
    figures = _aid(user=user, unit=unit, start=start, end=end, currency=currency)
    return Computed(figures.committed, figures.items, currency, figures.complete)


@computed_metric("aid_items", _("Aid items approved (projects and non-project aid)"))
def aid_items(*, user, unit, start, end, currency) -> Computed:
    figures = _aid(user=user, unit=unit, start=start, end=end, currency=currency)
    return Computed(Decimal(figures.items), figures.items)


@computed_metric("aid_projects", _("Aid projects approved"))
def aid_projects(*, user, unit, start, end, currency) -> Computed:
    figures = _aid(user=user, unit=unit, start=start, end=end, currency=currency)
    return Computed(Decimal(figures.projects), figures.items)


@computed_metric("aid_non_projects", _("Non-project aid approved"))
def aid_non_projects(*, user, unit, start, end, currency) -> Computed:
    figures = _aid(user=user, unit=unit, start=start, end=end, currency=currency)
    return Computed(Decimal(figures.non_projects), figures.items)


@computed_metric("aid_donors", _("Donors of approved aid"))
def aid_donors(*, user, unit, start, end, currency) -> Computed:
    figures = _aid(user=user, unit=unit, start=start, end=end, currency=currency)
    return Computed(Decimal(figures.donors), figures.items)


def _activities(**kwargs) -> dict:
    from amity.activities.selectors import activity_figures

    return activity_figures(**kwargs)


@computed_metric("activities", _("Activities recorded"))
def activities(*, user, unit, start, end, currency) -> Computed:
    figures = _activities(user=user, unit=unit, start=start, end=end)
    return Computed(Decimal(figures["total"]), figures["total"])


@computed_metric("delegations_in", _("Incoming delegations recorded"))
def delegations_in(*, user, unit, start, end, currency) -> Computed:
    n = _activities(user=user, unit=unit, start=start, end=end)["delegations"]["in"]["count"]
    return Computed(Decimal(n), n)


@computed_metric("delegations_out", _("Outgoing delegations recorded"))
def delegations_out(*, user, unit, start, end, currency) -> Computed:
    n = _activities(user=user, unit=unit, start=start, end=end)["delegations"]["out"]["count"]
    return Computed(Decimal(n), n)


@computed_metric("awards_given", _("Award recipients recorded"))
def awards_given(*, user, unit, start, end, currency) -> Computed:
    from amity.awards.selectors import award_counts

    n = award_counts(user=user, unit=unit, start=start, end=end)["total"]
    return Computed(Decimal(n), n)


def _diaspora(**kwargs):
    from amity.diaspora.selectors import diaspora_figures

    return diaspora_figures(**kwargs)


@computed_metric("compatriots", _("Compatriots abroad recorded"))
def compatriots(*, user, unit, start, end, currency) -> Computed:
    n = _diaspora(user=user, unit=unit).total
    return Computed(Decimal(n), n)


@computed_metric("compatriot_countries", _("Countries of the compatriots recorded"))
def compatriot_countries(*, user, unit, start, end, currency) -> Computed:
    figures = _diaspora(user=user, unit=unit)
    return Computed(Decimal(figures.countries), figures.total)


@computed_metric("contributions", _("Contributions of compatriots recorded"), MetricKind.MONEY)
def contributions(*, user, unit, start, end, currency) -> Computed:
    figures = _diaspora(user=user, unit=unit, since=start, until=end, currency=currency)
    records = sum(c["count"] for c in figures.contributions) + sum(m["count"] for m in figures.missing_rates)
    return Computed(figures.contributions_total, records, currency, not figures.missing_rates)


@computed_metric("remittances", _("Remittance statistics recorded"), MetricKind.MONEY)
def remittances(*, user, unit, start, end, currency) -> Computed:
    """Remittance rows lying inside the period, converted at the rate of their last year."""
    from amity.aid.rates import RateBook
    from amity.diaspora.models import RemittanceStat

    rows = RemittanceStat.objects.restrict(user)
    if unit is not None:
        rows = rows.filter(unit__in=unit_descendant_ids(unit))
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


def _units_of_kind(*, user, unit, end, kind) -> Computed:
    day = end or timezone.localdate()
    units = Unit.objects.restrict(user).filter(kind=kind)
    if unit is not None:
        units = units.filter(pk__in=unit_descendant_ids(unit))
    units = units.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    n = units.count()
    return Computed(Decimal(n), n)


@computed_metric("branches", _("Branches in the unit tree"))
def branches(*, user, unit, start, end, currency) -> Computed:
    return _units_of_kind(user=user, unit=unit, end=end, kind=UnitKind.BRANCH)


@computed_metric("associations", _("Member associations in the unit tree"))
def associations(*, user, unit, start, end, currency) -> Computed:
    return _units_of_kind(user=user, unit=unit, end=end, kind=UnitKind.ASSOCIATION)
