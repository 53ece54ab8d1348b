import django_filters
import django_tables2 as tables
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from amity.core.filtersets import AmityFilterSet
from amity.core.forms import AmityModelForm
from amity.core.text import fold
from amity.core.views import ObjectDetailView, ObjectEditView, ObjectListView

from . import selectors
from .models import AdminUnit, Country, CountryGroup, Region


class CountryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label=_("Name"))
    sub_region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.filter(parent__isnull=False), label=_("Sub-region")
    )

    class Meta:
        model = Country
        fields = ["q", "sub_region"]

    def filter_name(self, qs, name, value):
        return qs.filter(
            Q(name_vi__icontains=value)
            | Q(name_en__icontains=value)
            | Q(name_zh__icontains=value)
            | Q(name_ru__icontains=value)
            | Q(iso_alpha2__iexact=value)
        )


class CountryTable(tables.Table):
    name = tables.Column(accessor="name", linkify=True, orderable=False, verbose_name=_("name"))

    class Meta:
        model = Country
        fields = ["iso_alpha2", "name", "name_vi", "name_en", "name_zh", "name_ru", "sub_region"]
        attrs = {"class": "table table-sm table-striped"}


class CountryListView(LoginRequiredMixin, SingleTableMixin, FilterView):
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


class AdminUnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="search_name", lookup_expr="contains", method="filter_name", label=_("Name")
    )

    class Meta:
        model = AdminUnit
        fields = ["q", "level"]

    def filter_name(self, qs, name, value):
        return qs.filter(search_name__contains=fold(value))


class AdminUnitTable(tables.Table):
    full_name = tables.Column(linkify=True)

    class Meta:
        model = AdminUnit
        fields = ["code", "full_name", "level", "parent", "valid_from", "valid_to"]
        attrs = {"class": "table table-sm table-striped"}


class AdminUnitListView(LoginRequiredMixin, SingleTableMixin, FilterView):
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


class CountryGroupFilterSet(AmityFilterSet):
    class Meta:
        model = CountryGroup
        fields = ["countries"]


class CountryGroupTable(tables.Table):
    name = tables.Column(linkify=True)
    countries = tables.ManyToManyColumn()

    class Meta:
        model = CountryGroup
        fields = ["name", "countries"]
        attrs = {"class": "table table-sm table-striped"}


class CountryGroupForm(AmityModelForm):
    class Meta:
        model = CountryGroup
        fields = ["name", "description", "countries"]


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
