"""The change log and export log screens, for administrators and auditors of a unit."""

import django_filters
import django_tables2 as tables
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from amity.core.access import unit_descendant_ids, unit_ids_for_user
from amity.core.context import Source
from amity.core.personal import personal_unit_ids

from .models import ExportLog, ObjectChange
from .selectors import export_log_list, object_change_list, redact, shown_repr, shows_personal
from .services import personal_access_record


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


class ObjectChangeTable(tables.Table):
    time = tables.DateTimeColumn(format="d/m/Y H:i:s", linkify=True)

    class Meta:
        model = ObjectChange
        fields = ["time", "actor_name", "unit", "source", "action", "event", "content_type", "object_repr"]
        attrs = {"class": "table table-sm table-striped"}

    def __init__(self, *args, personal_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.personal_ids = personal_ids

    def render_object_repr(self, record):
        return shown_repr(record, self.personal_ids)


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


class ExportLogTable(tables.Table):
    time = tables.DateTimeColumn(format="d/m/Y H:i:s")
    units = tables.Column(orderable=False, empty_values=())

    class Meta:
        model = ExportLog
        fields = ["time", "actor_name", "content_type", "format", "row_count", "personal", "units", "query"]
        attrs = {"class": "table table-sm table-striped"}

    def __init__(self, *args, viewable_unit_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewable_unit_ids = viewable_unit_ids  # None: every unit may be opened

    def render_units(self, record):
        """The units' names, each a link where the viewer may open the unit."""
        links = [
            format_html('<a href="{}">{}</a>', unit.get_absolute_url(), unit)
            if self.viewable_unit_ids is None or unit.pk in self.viewable_unit_ids
            else unit.name
            for unit in record.units.all()
        ]
        return format_html_join(", ", "{}", ((link,) for link in links)) or "—"


class ObjectChangeListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    template_name = "audit/objectchange_list.html"
    table_class = ObjectChangeTable
    filterset_class = ObjectChangeFilterSet
    paginate_by = 100

    def get_queryset(self):
        return object_change_list(user=self.request.user)

    def get_table_kwargs(self):
        return {"personal_ids": personal_unit_ids(self.request.user)}


class ObjectChangeDetailView(LoginRequiredMixin, TemplateView):
    template_name = "audit/objectchange_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        change = get_object_or_404(object_change_list(user=self.request.user), pk=kwargs["pk"])
        visible = personal_unit_ids(self.request.user)
        ctx["change"] = redact([change], visible)[0]
        model = change.content_type.model_class()
        if model is not None and shows_personal(change, visible):
            personal_access_record(
                actor=self.request.user,
                model=model,
                kind="change",
                records=[change],  # the unit the record belonged to when changed
                query=f"pk={change.object_id}&change={change.pk}",
            )
        return ctx


class ExportLogListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    template_name = "audit/exportlog_list.html"
    table_class = ExportLogTable
    filterset_class = ExportLogFilterSet
    paginate_by = 100

    def get_queryset(self):
        return export_log_list(user=self.request.user).prefetch_related("units")

    def get_table_kwargs(self):
        user = self.request.user
        return {"viewable_unit_ids": None if user.is_superuser else unit_ids_for_user(user, "view")}
