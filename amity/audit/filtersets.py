"""Filters of the change log and the export log."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from amity.core.access import unit_descendant_ids
from amity.core.context import Source

from .models import ExportLog, ObjectChange


class ObjectChangeFilterSet(django_filters.FilterSet):
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label=_("From"))
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label=_("Until"))
    actor_name = django_filters.CharFilter(lookup_expr="icontains", label=_("User"))
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("Source"))
    action = django_filters.ChoiceFilter(choices=ObjectChange.Action.choices, label=_("Action"))
    content_type = django_filters.ModelChoiceFilter(
        queryset=ContentType.objects.filter(
            app_label__in=["units", "geo", "registry", "activities", "awards", "aid", "diaspora", "plans", "reports"]
        ),
        label=_("Record type"),
    )

    class Meta:
        model = ObjectChange
        fields = ["since", "until", "actor_name", "source", "action", "content_type"]


class ExportLogFilterSet(django_filters.FilterSet):
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label=_("From"))
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label=_("Until"))
    actor_name = django_filters.CharFilter(lookup_expr="icontains", label=_("User"))
    unit = django_filters.ModelChoiceFilter(
        queryset=lambda request: ExportLog.units.rel.model.objects.restrict(request.user),
        method="filter_unit",
        label=_("Unit of the exported data"),
    )
    personal = django_filters.BooleanFilter()

    class Meta:
        model = ExportLog
        fields = ["since", "until", "actor_name", "unit", "personal"]

    def filter_unit(self, queryset, name, value):
        """Exports that held data of the unit, of a unit below it or of one merged into it."""
        held = ExportLog.units.through.objects.filter(unit_id__in=unit_descendant_ids(value))
        return queryset.filter(pk__in=held.values("exportlog_id"))
