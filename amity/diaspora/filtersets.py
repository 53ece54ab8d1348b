"""One FilterSet per list, shared by the UI and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amity.core.filtersets import AmityFilterSet
from amity.core.personal import personal_unit_ids
from amity.geo.models import Country

from .models import Compatriot, Contribution, RemittanceStat
from .selectors import name_search


class FuzzyNameFilter(django_filters.CharFilter):
    """Diacritic-free, typo-tolerant name search (see ``selectors.name_search``).

    Names are personal data: the search only looks at units whose personal data the user may
    see, otherwise a masked list would still answer "is there a Nguyễn Văn An?".
    """

    def filter(self, qs, value):
        if not value:
            return qs
        visible = personal_unit_ids(getattr(self.parent.request, "user", None))
        if visible is not None:
            qs = qs.filter(unit_id__in=visible)
        return qs.filter(pk__in=[c.pk for c in name_search(qs, value, limit=500)])


class CompatriotFilterSet(AmityFilterSet):
    q = FuzzyNameFilter(label=_("Name"))
    country = django_filters.ModelChoiceFilter(queryset=Country.objects.all(), label=_("Country"))
    retention_passed = django_filters.BooleanFilter(
        method="filter_retention_passed", label=_("Keep-until date passed (to erase or renew consent)")
    )

    class Meta:
        model = Compatriot
        fields = ["q", "country", "sex", "home_unit", "organisation", "unit", "retention_passed"]

    def filter_retention_passed(self, qs, name, value):
        passed = Q(retain_until__lt=timezone.localdate(), erased_at__isnull=True)
        return qs.filter(passed) if value else qs.exclude(passed)


class ContributionFilterSet(AmityFilterSet):
    periods = (("since", "until"),)
    since = django_filters.DateFilter(field_name="received_on", lookup_expr="gte", label=_("From"))
    until = django_filters.DateFilter(field_name="received_on", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = Contribution
        fields = ["purpose", "kind", "currency", "organisation", "unit", "since", "until"]


class RemittanceStatFilterSet(AmityFilterSet):
    class Meta:
        model = RemittanceStat
        fields = ["unit", "currency"]
