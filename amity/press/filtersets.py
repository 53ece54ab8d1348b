"""One FilterSet for the article list, shared by the UI and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from amity.core.filtersets import AmityFilterSet

from .models import Article
from .selectors import article_search


class ArticleFilterSet(AmityFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    year = django_filters.NumberFilter(field_name="published_on", lookup_expr="year", label=_("Year"))
    tag = django_filters.CharFilter(field_name="tags", lookup_expr="icontains", label=_("Tag"))
    outlet = django_filters.CharFilter(lookup_expr="icontains", label=_("Outlet"))
    pending = django_filters.BooleanFilter(method="with_proposals", label=_("With facts to confirm"))

    class Meta:
        model = Article
        fields = ["q", "language", "year", "outlet", "tag", "unit", "pending"]

    def search(self, queryset, name, value):
        return article_search(queryset, value)

    def with_proposals(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(facts__status="proposed").distinct()
            if value
            else queryset.exclude(facts__status="proposed")
        )
