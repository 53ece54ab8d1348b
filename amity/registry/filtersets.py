"""One FilterSet per list, shared by the UI and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from amity.core.filtersets import AmityFilterSet
from amity.core.text import fold
from amity.geo.models import Country

from .models import Agreement, NGORegistration, Organisation, OrganisationMembership, OrganisationRelation, Person


class NameSearchFilter(django_filters.CharFilter):
    """Matches every word of the value against the folded name, ignoring diacritics and case."""

    def filter(self, qs, value):
        for word in fold(value).split():
            qs = qs.filter(search_name__contains=word)
        return qs


class OrganisationFilterSet(AmityFilterSet):
    q = NameSearchFilter(label=_("Name"))
    country = django_filters.ModelChoiceFilter(queryset=Country.objects.all(), label=_("Country"))

    class Meta:
        model = Organisation
        fields = ["q", "kind", "country", "partner_country", "province", "unit"]


class PersonFilterSet(AmityFilterSet):
    q = NameSearchFilter(label=_("Name"))

    class Meta:
        model = Person
        fields = ["q", "kind", "sex", "country", "unit"]


class AgreementFilterSet(AmityFilterSet):
    periods = (("signed_after", "signed_before"),)
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title"))
    signed_after = django_filters.DateFilter(field_name="signed_on", lookup_expr="gte", label=_("Signed from"))
    signed_before = django_filters.DateFilter(field_name="signed_on", lookup_expr="lte", label=_("Signed until"))

    class Meta:
        model = Agreement
        fields = ["q", "kind", "status", "unit", "signed_after", "signed_before"]


class OrganisationMembershipFilterSet(AmityFilterSet):
    class Meta:
        model = OrganisationMembership
        fields = ["organisation", "person"]


class OrganisationRelationFilterSet(AmityFilterSet):
    class Meta:
        model = OrganisationRelation
        fields = ["kind", "source", "target"]


class NGORegistrationFilterSet(AmityFilterSet):
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("Valid on"))

    class Meta:
        model = NGORegistration
        fields = ["kind", "organisation", "valid_on"]

    def filter_valid_on(self, qs, name, value):
        return qs.filter(valid_from__lte=value, valid_until__gte=value)
