"""One FilterSet per list, shared by the UI and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from amity.core.filtersets import AmityFilterSet
from amity.core.forms import DateInput

from .models import Congress, ElectedBody, ElectedRole, Metric, NationalTerm, StatedFigure
from .selectors import figures_in_period


class CongressFilterSet(AmityFilterSet):
    term_on = django_filters.DateFilter(method="filter_term_on", label=_("Term in force on"), widget=DateInput())

    class Meta:
        model = Congress
        fields = ["unit", "ordinal", "term_on"]

    def filter_term_on(self, queryset, name, value):
        return queryset.filter(term_start__lte=value, term_end__gte=value)


class ElectedBodyFilterSet(AmityFilterSet):
    class Meta:
        model = ElectedBody
        fields = ["congress", "kind"]


class ElectedRoleFilterSet(AmityFilterSet):
    class Meta:
        model = ElectedRole
        fields = ["body", "position"]


class MetricFilterSet(AmityFilterSet):
    national = django_filters.BooleanFilter(field_name="unit", lookup_expr="isnull", label=_("National"))

    class Meta:
        model = Metric
        fields = ["kind", "measure", "unit", "national"]


class StatedFigureFilterSet(AmityFilterSet):
    """``start``/``end``: figures whose span starts in the period (a month-precision figure of May
    2023 is in any period holding 1 May 2023)."""

    periods = (("start", "end"),)
    start = django_filters.DateFilter(method="filter_period", label=_("Period from"), widget=DateInput())
    end = django_filters.DateFilter(method="filter_period", label=_("Period to"), widget=DateInput())

    class Meta:
        model = StatedFigure
        fields = ["metric", "unit", "qualifier", "source_kind", "congress", "start", "end"]

    def filter_period(self, queryset, name, value):
        return figures_in_period(queryset, value if name == "start" else None, value if name == "end" else None)


class NationalTermFilterSet(AmityFilterSet):
    class Meta:
        model = NationalTerm
        fields = ["start"]
