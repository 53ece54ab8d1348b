"""One FilterSet per list, shared by the UI and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from amity.core.filtersets import AmityFilterSet
from amity.core.text import fold
from amity.geo.models import AdminUnit, Country
from amity.registry.models import Organisation

from .models import Activity, ActivityAttachment, DiplomaticRelation, NationalDay
from .selectors import place_lineage_ids


class ActivityFilterSet(AmityFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Title"))
    start = django_filters.DateFilter(field_name="start_date", lookup_expr="gte", label=_("From"))
    end = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("Until"))
    country = django_filters.ModelChoiceFilter(
        field_name="countries", queryset=Country.objects.all(), label=_("Country"), distinct=True
    )
    partner = django_filters.ModelChoiceFilter(
        field_name="partners", queryset=Organisation.objects.all(), label=_("Partner"), distinct=True
    )

    place = django_filters.ModelChoiceFilter(
        queryset=AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE),
        method="filter_place",
        label=_("Province (with the provinces merged into it)"),
    )

    class Meta:
        model = Activity
        fields = ["q", "type", "unit", "country", "partner", "place", "start", "end"]

    def filter_place(self, qs, name, value):
        return qs.filter(places__in=place_lineage_ids(value)).distinct()

    def filter_q(self, qs, name, value):
        for word in fold(value).split():
            qs = qs.filter(search_name__contains=word)
        return qs


class ActivityAttachmentFilterSet(AmityFilterSet):
    class Meta:
        model = ActivityAttachment
        fields = ["activity", "kind"]


class DiplomaticRelationFilterSet(AmityFilterSet):
    q = django_filters.CharFilter(field_name="country__name_en", lookup_expr="icontains", label=_("Country"))
    established_after = django_filters.DateFilter(
        field_name="established_on", lookup_expr="gte", label=_("Established from")
    )

    class Meta:
        model = DiplomaticRelation
        fields = ["q", "precision", "established_after"]


class NationalDayFilterSet(AmityFilterSet):
    class Meta:
        model = NationalDay
        fields = ["country", "month"]
