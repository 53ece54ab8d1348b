from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView
from django_filters.views import FilterView

from amity.core.views import ObjectDetailView, ObjectEditView, ObjectListView, PagedTableMixin

from . import selectors
from .filtersets import AdminUnitFilterSet, CountryFilterSet, CountryGroupFilterSet
from .forms import CountryGroupForm
from .models import AdminUnit, Country, CountryGroup
from .tables import AdminUnitTable, CountryGroupTable, CountryTable


class CountryListView(LoginRequiredMixin, PagedTableMixin, FilterView):
    model = Country
    table_class = CountryTable
    filterset_class = CountryFilterSet
    template_name = "geo/country_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.country_list()


class CountryDetailView(LoginRequiredMixin, DetailView):
    model = Country
    template_name = "geo/country_detail.html"


class AdminUnitListView(LoginRequiredMixin, PagedTableMixin, FilterView):
    model = AdminUnit
    table_class = AdminUnitTable
    filterset_class = AdminUnitFilterSet
    template_name = "geo/adminunit_list.html"
    paginate_by = 50

    def get_queryset(self):
        return AdminUnit.objects.select_related("parent")


class AdminUnitDetailView(LoginRequiredMixin, DetailView):
    model = AdminUnit
    template_name = "geo/adminunit_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        try:
            ctx["current_province"] = selectors.current_province_for(self.object)
        except AdminUnit.DoesNotExist:
            ctx["current_province"] = None
        return ctx


class CountryGroupListView(ObjectListView):
    model = CountryGroup
    filterset_class = CountryGroupFilterSet
    table_class = CountryGroupTable
    base_queryset = CountryGroup.objects.prefetch_related("countries")


class CountryGroupDetailView(ObjectDetailView):
    model = CountryGroup


class CountryGroupEditView(ObjectEditView):
    model = CountryGroup
    form_class = CountryGroupForm
    add_action = "manage"
