"""One FilterSet per list, shared by the UI and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from amity.core.filtersets import AmityFilterSet
from amity.core.text import fold
from amity.geo.models import AdminUnit
from amity.geo.selectors import place_lineage_ids
from amity.registry.models import Organisation
from amity.units.models import Unit

from .models import (
    AidDocument,
    AidDonor,
    AidItem,
    AidTransaction,
    BeneficiaryGroup,
    Sector,
    Workflow,
    WorkflowStep,
    WorkflowTransition,
)


class AidItemFilterSet(AmityFilterSet):
    periods = (("decided_after", "decided_before"),)
    q = django_filters.CharFilter(method="filter_q", label=_("Title or reference"))
    donor = django_filters.ModelChoiceFilter(field_name="donors", queryset=Organisation.objects.all(), label=_("Donor"))
    sector = django_filters.ModelChoiceFilter(field_name="sectors", queryset=Sector.objects.all(), label=_("Sector"))
    beneficiary = django_filters.ModelChoiceFilter(
        field_name="beneficiary_groups", queryset=BeneficiaryGroup.objects.all(), label=_("Beneficiary group")
    )
    province = extend_schema_field(OpenApiTypes.INT)(  # the province's id
        django_filters.ModelChoiceFilter(
            queryset=AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE),
            method="filter_province",
            label=_("Location (province, with the provinces merged into it)"),
            help_text=_(
                "Today's province also finds aid located in the provinces merged into it, and in their communes."
            ),
        )
    )
    decided_after = django_filters.DateFilter(field_name="decision_date", lookup_expr="gte", label=_("Decided from"))
    decided_before = django_filters.DateFilter(field_name="decision_date", lookup_expr="lte", label=_("Decided until"))

    class Meta:
        model = AidItem
        fields = [
            "q",
            "kind",
            "status",
            "donor",
            "sector",
            "beneficiary",
            "province",
            "unit",
            "decided_after",
            "decided_before",
        ]

    def filter_q(self, qs, name, value):
        for word in fold(value).split():
            qs = qs.filter(search_name__contains=word)
        return qs

    def filter_province(self, qs, name, value):
        ids = place_lineage_ids(value)  # communes hang under a province, or (before 2025) under a district
        return qs.filter(Q(locations__in=ids) | Q(locations__parent__in=ids) | Q(locations__parent__parent__in=ids))

    #: the filters that join many rows of an item (its donors, sectors, groups, places): an item
    #: matching twice is listed once. Without them no DISTINCT, whose count read every item's
    #: columns (163 ms of the central union's list at scale 1)
    MANY_VALUED = ("donor", "sector", "beneficiary", "province")

    @property
    def qs(self):
        qs = super().qs
        chosen = getattr(self.form, "cleaned_data", {})
        return qs.distinct() if any(chosen.get(name) for name in self.MANY_VALUED) else qs


class AidTransactionFilterSet(AmityFilterSet):
    class Meta:
        model = AidTransaction
        fields = ["item", "kind", "currency"]


class AidDonorFilterSet(AmityFilterSet):
    class Meta:
        model = AidDonor
        fields = ["item", "organisation"]


class AidDocumentFilterSet(AmityFilterSet):
    class Meta:
        model = AidDocument
        fields = ["item"]


class WorkflowFilterSet(AmityFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name or legal basis"))
    unit = django_filters.ModelChoiceFilter(
        field_name="units", queryset=Unit.objects.all(), label=_("Unit"), null_label=_("Every unit (national)")
    )
    in_force_on = django_filters.DateFilter(method="filter_in_force", label=_("In force on"))

    class Meta:
        model = Workflow
        fields = ["q", "unit", "in_force_on"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(legal_basis__icontains=value))

    def filter_in_force(self, qs, name, value):
        return qs.valid_on(value)

    @property
    def qs(self):
        return super().qs.distinct()


class WorkflowStepFilterSet(AmityFilterSet):
    class Meta:
        model = WorkflowStep
        fields = ["workflow", "status"]


class WorkflowTransitionFilterSet(AmityFilterSet):
    class Meta:
        model = WorkflowTransition
        fields = ["workflow", "from_status", "to_status"]
