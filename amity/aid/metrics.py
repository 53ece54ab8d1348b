"""Aid's queries for the metric catalogue (``union.metrics``): approved aid as the figures page counts it."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from amity.union.choices import MetricKind
from amity.union.metrics import Computed, computed_metric

from .selectors import aid_figures, aid_totals_many

#: The queries whose stated figures the aid figures page shows beside its own.
FIGURES_PAGE = ("aid_mobilised", "aid_items", "aid_projects", "aid_non_projects", "aid_donors")


def _many(value, *, money: bool = False):
    """A metric's ``many``: ``value(totals)`` of each scope from ``aid_totals_many``."""

    def many(*, user, scopes):
        return {s: value(t, s) for s, t in aid_totals_many(user=user, scopes=scopes, money=money).items()}

    return many


def _count(number: int, items: int) -> Computed:
    return Computed(Decimal(number), items)


@computed_metric(
    "aid_mobilised",
    _("Aid committed (approved items)"),
    MetricKind.MONEY,
    many=_many(lambda t, s: Computed(t.committed, t.items, s.currency, t.complete), money=True),
)
def aid_mobilised(*, user, unit, start, end, currency, day) -> Computed:
    figures = aid_figures(user=user, unit=unit, start=start, end=end, currency=currency, day=day, breakdowns=())
    return Computed(figures.committed, figures.items, currency, figures.complete)


@computed_metric(
    "aid_items",
    _("Aid items approved (projects and non-project aid)"),
    many=_many(lambda t, s: _count(t.items, t.items)),
)
def aid_items(*, user, unit, start, end, currency, day) -> Computed:
    figures = aid_figures(user=user, unit=unit, start=start, end=end, currency=currency, day=day, breakdowns=())
    return _count(figures.items, figures.items)


@computed_metric("aid_projects", _("Aid projects approved"), many=_many(lambda t, s: _count(t.projects, t.items)))
def aid_projects(*, user, unit, start, end, currency, day) -> Computed:
    figures = aid_figures(user=user, unit=unit, start=start, end=end, currency=currency, day=day, breakdowns=())
    return _count(figures.projects, figures.items)


@computed_metric(
    "aid_non_projects", _("Non-project aid approved"), many=_many(lambda t, s: _count(t.non_projects, t.items))
)
def aid_non_projects(*, user, unit, start, end, currency, day) -> Computed:
    figures = aid_figures(user=user, unit=unit, start=start, end=end, currency=currency, day=day, breakdowns=())
    return _count(figures.non_projects, figures.items)


@computed_metric("aid_donors", _("Donors of approved aid"), many=_many(lambda t, s: _count(t.donors, t.items)))
def aid_donors(*, user, unit, start, end, currency, day) -> Computed:
    figures = aid_figures(user=user, unit=unit, start=start, end=end, currency=currency, day=day, breakdowns=())
    return _count(figures.donors, figures.items)
