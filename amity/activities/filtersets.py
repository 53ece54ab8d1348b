"""One FilterSet per list, shared by the UI and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from amity.core.filtersets import AmityFilterSet
from amity.core.text import fold
from amity.geo.models import AdminUnit, Country
from amity.geo.selectors import place_lineage_ids
from amity.registry.models import Organisation
from amity.units.models import Unit

from .models import Activity, ActivityAttachment, DiplomaticRelation, NationalDay
from .selectors import place_successors_since


class ActivityFilterSet(AmityFilterSet):
    periods = (("start", "end"),)
    q = django_filters.CharFilter(method="filter_q", label=_("Title"))
    start = django_filters.DateFilter(field_name="start_date", lookup_expr="gte", label=_("From"))
    end = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("Until"))
    on = django_filters.DateFilter(
        method="filter_on", label=_("Taking place on"), help_text=_("Begun that day, or before it and still going on.")
    )
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), method="filter_unit", label=_("Unit"))
    below = django_filters.BooleanFilter(
        method="filter_below",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        label=_("and the units below it"),
        help_text=_("Also the activities of the units below the unit and of the units merged into them."),
    )
    country = django_filters.ModelChoiceFilter(
        field_name="countries", queryset=Country.objects.all(), label=_("Country"), distinct=True
    )
    partner = django_filters.ModelChoiceFilter(
        field_name="partners", queryset=Organisation.objects.all(), label=_("Partner"), distinct=True
    )

    place = extend_schema_field(OpenApiTypes.INT)(  # the province's id
        django_filters.ModelChoiceFilter(
            queryset=AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE),
            method="filter_place",
            label=_("Province (with the provinces merged into it)"),
            help_text=_(
                "A province of today also finds what was recorded in the provinces merged into it on 1 July 2025. "
                "A former province finds what was recorded in it before the merger."
            ),
        )
    )
    successor = django_filters.BooleanFilter(
        method="filter_successor",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        label=_("and, after the merger, the province it became part of"),
        help_text=_(
            "For a former province: also the activities of the merged province from the merger date on. "
            "They cannot be told apart by former territory, so all of them are included."
        ),
    )

    class Meta:
        model = Activity
        fields = ["q", "type", "unit", "below", "country", "partner", "place", "successor", "start", "end", "on"]

    def filter_on(self, qs, name, value):
        """Begun that day, or before it and still going on (a day of the calendar)."""
        return qs.filter(Q(start_date=value) | Q(start_date__lt=value, end_date__gte=value))

    def filter_unit(self, qs, name, value):
        return qs.within(value) if self.form.cleaned_data.get("below") else qs.filter(unit=value)

    def filter_below(self, qs, name, value):
        return qs  # read by filter_unit

    def filter_place(self, qs, name, value):
        reach = Q(places__in=place_lineage_ids(value))
        if self.form.cleaned_data.get("successor"):
            for unit_id, since in place_successors_since(value):
                reach |= Q(places=unit_id, start_date__gte=since) if since else Q(places=unit_id)
        return qs.filter(pk__in=Activity.objects.filter(reach).values("pk"))

    def filter_successor(self, qs, name, value):
        return qs  # read by filter_place

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
