"""The change log and export log screens, for administrators and auditors of a unit."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView
from django_filters.views import FilterView

from amity.core.access import unit_ids_for_user
from amity.core.personal import personal_unit_ids
from amity.core.views import PagedTableMixin

from .filtersets import ExportLogFilterSet, ObjectChangeFilterSet
from .selectors import export_log_list, object_change_list, redact, shows_personal
from .services import personal_access_record
from .tables import ExportLogTable, ObjectChangeTable


class ObjectChangeListView(LoginRequiredMixin, PagedTableMixin, FilterView):
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


class ExportLogListView(LoginRequiredMixin, PagedTableMixin, FilterView):
    template_name = "audit/exportlog_list.html"
    table_class = ExportLogTable
    filterset_class = ExportLogFilterSet
    paginate_by = 100

    def get_queryset(self):
        return export_log_list(user=self.request.user).prefetch_related("units")

    def get_table_kwargs(self):
        user = self.request.user
        return {"viewable_unit_ids": None if user.is_superuser else unit_ids_for_user(user, "view")}
