"""Activities' queries for the metric catalogue (``union.metrics``), as the figures page counts them."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from amity.union.metrics import Computed, computed_metric

from .selectors import activity_counts_many, activity_figures

#: The queries whose stated figures the activity figures page shows beside its own.
FIGURES_PAGE = ("activities", "delegations_in", "delegations_out")


def _many(position: int):
    """A metric's ``many``: the count at ``position`` of ``activity_counts_many``."""

    def many(*, user, scopes):
        counts = activity_counts_many(user=user, scopes=scopes)
        return {s: Computed(Decimal(n[position]), n[position]) for s, n in counts.items()}

    return many


@computed_metric("activities", _("Activities recorded"), many=_many(0))
def activities(*, user, unit, start, end, currency, day) -> Computed:
    figures = activity_figures(user=user, unit=unit, start=start, end=end, day=day, breakdowns=())
    return Computed(Decimal(figures["total"]), figures["total"])


@computed_metric("delegations_in", _("Incoming delegations recorded"), many=_many(1))
def delegations_in(*, user, unit, start, end, currency, day) -> Computed:
    n = activity_figures(user=user, unit=unit, start=start, end=end, day=day, breakdowns=())["delegations"]["in"][
        "count"
    ]
    return Computed(Decimal(n), n)


@computed_metric("delegations_out", _("Outgoing delegations recorded"), many=_many(2))
def delegations_out(*, user, unit, start, end, currency, day) -> Computed:
    n = activity_figures(user=user, unit=unit, start=start, end=end, day=day, breakdowns=())["delegations"]["out"][
        "count"
    ]
    return Computed(Decimal(n), n)
