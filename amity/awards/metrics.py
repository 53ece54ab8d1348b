"""Awards' query for the metric catalogue (``union.metrics``), as the award figures page counts it."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from amity.union.metrics import Computed, computed_metric

from .selectors import award_counts, award_totals_many

#: The queries whose stated figures the award figures page shows beside its own.
FIGURES_PAGE = ("awards_given",)


def _many(*, user, scopes):
    return {s: Computed(Decimal(n), n) for s, n in award_totals_many(user=user, scopes=scopes).items()}


@computed_metric("awards_given", _("Award recipients recorded"), many=_many)
def awards_given(*, user, unit, start, end, currency, day) -> Computed:
    n = award_counts(user=user, unit=unit, start=start, end=end, day=day, breakdowns=())["total"]
    return Computed(Decimal(n), n)
