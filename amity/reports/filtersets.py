import django_filters
from django.utils.translation import gettext_lazy as _

from amity.core.filtersets import AmityFilterSet

from .models import Report


class ReportFilterSet(AmityFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title"))

    class Meta:
        model = Report
        fields = ["q", "kind", "status", "unit"]
