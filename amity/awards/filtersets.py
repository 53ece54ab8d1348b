"""One FilterSet per list, shared by the UI and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from amity.core.filtersets import AmityFilterSet, YearFilter

from .models import Award, AwardType, Decision, Nomination


class AwardTypeFilterSet(AmityFilterSet):
    national = django_filters.BooleanFilter(field_name="unit", lookup_expr="isnull", label=_("National"))

    class Meta:
        model = AwardType
        fields = ["kind", "unit", "national"]


class NominationFilterSet(AmityFilterSet):
    class Meta:
        model = Nomination
        fields = ["award_type", "status", "origin", "unit"]


class DecisionFilterSet(AmityFilterSet):
    year = YearFilter(field_name="decided_on", label=_("Year"))

    class Meta:
        model = Decision
        fields = ["award_type", "year", "unit"]


class AwardFilterSet(AmityFilterSet):
    award_type = django_filters.ModelChoiceFilter(
        field_name="decision__award_type", queryset=AwardType.objects.all(), label=_("Award type")
    )
    year = YearFilter(field_name="decision__decided_on", label=_("Year"))

    class Meta:
        model = Award
        fields = ["award_type", "year", "recipient_kind", "origin", "decision"]
