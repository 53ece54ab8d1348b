"""Aid's queries for the metric catalogue (``union.metrics``): approved aid as the figures page counts it."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from amity.union.choices import MetricKind
from amity.union.metrics import Computed, computed_metric

from .selectors import aid_figures

#: The queries whose stated figures the aid figures page shows beside its own.
FIGURES_PAGE = ("aid_mobilised", "aid_items", "aid_projects", "aid_non_projects", "aid_donors")


@computed_metric("aid_mobilised", _("Aid committed (approved items)"), MetricKind.MONEY)
def aid_mobilised(*, user, unit, start, end, currency, day) -> Computed:
    figures = aid_figures(user=user, unit=unit, start=start, end=end, currency=currency, day=day)
    return Computed(figures.committed, figures.items, currency, figures.complete)


@computed_metric("aid_items", _("Aid items approved (projects and non-project aid)"))
def aid_items(*, user, unit, start, end, currency, day) -> Computed:
    figures = aid_figures(user=user, unit=unit, start=start, end=end, currency=currency, day=day)
    return Computed(Decimal(figures.items), figures.items)


@computed_metric("aid_projects", _("Aid projects approved"))
def aid_projects(*, user, unit, start, end, currency, day) -> Computed:
    figures = aid_figures(user=user, unit=unit, start=start, end=end, currency=currency, day=day)
    return Computed(Decimal(figures.projects), figures.items)


@computed_metric("aid_non_projects", _("Non-project aid approved"))
def aid_non_projects(*, user, unit, start, end, currency, day) -> Computed:
    figures = aid_figures(user=user, unit=unit, start=start, end=end, currency=currency, day=day)
    return Computed(Decimal(figures.non_projects), figures.items)


@computed_metric("aid_donors", _("Donors of approved aid"))
def aid_donors(*, user, unit, start, end, currency, day) -> Computed:
    figures = aid_figures(user=user, unit=unit, start=start, end=end, currency=currency, day=day)
    return Computed(Decimal(figures.donors), figures.items)
