"""Pages of long lists whose count does not read every row.

Counting a million compatriots to print "1,000,000 records" scans them all on every page. A list
the user has not filtered, read by a user who reaches every unit (the central union: the list is
then the whole table, less its few deleted rows), counts its rows from PostgreSQL's statistics of
the table (``pg_class.reltuples``, kept by ANALYZE) when they are large (``ESTIMATE_FROM``), and
says it is an estimate ("about 1,000,000"); a filtered list, a province's, a small one, and any
list on SQLite are counted exactly.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db import connections
from rest_framework.pagination import PageNumberPagination

from .access import is_central
from .compiled import prepared_cursor

#: Below this many rows (as estimated) a list is counted exactly.
ESTIMATE_FROM = 100_000
#: Query parameters that page or sort a list without filtering it.
NOT_FILTERS = frozenset({"page", "per_page", "page_size", "sort", "ordering", "format"})


def table_estimate(queryset) -> int | None:
    """The number of rows PostgreSQL's statistics give ``queryset``'s table (none is read); None
    on another database or before the table was first analysed."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    with prepared_cursor(queryset.db) as cursor:  # one text for every table: PostgreSQL keeps its plan
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table])
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] >= 0 else None


def unfiltered(query) -> bool:
    """Whether a request's query string only pages or sorts its list."""
    return not any(value for key, value in query.items() if key not in NOT_FILTERS)


def may_estimate(request) -> bool:
    """Whether a list's count may be estimated: its request only pages or sorts it, and its user
    reaches every unit, so that the list is the whole table."""
    query = getattr(request, "query_params", request.GET)
    user = request.user
    return unfiltered(query) and (user.is_superuser or is_central(user, "view"))


def about(number: int) -> int:
    """``number`` to two significant digits: an estimate says no more than it knows."""
    digits = len(str(number)) - 2
    return round(number, -digits) if digits > 0 else number


class EstimatingPaginator(Paginator):
    """A paginator whose ``count`` is the table's estimate (``count_estimated``) when it may
    estimate (``may_estimate``) and the estimate is large; otherwise Django's exact count."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, estimate=False):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.estimate = estimate
        self.count_estimated = False

    @cached_property
    def count(self) -> int:
        # django-tables2 pages its rows, which hold the queryset
        queryset = getattr(getattr(self.object_list, "data", None), "data", self.object_list)
        if self.estimate and hasattr(queryset, "query"):
            estimated = table_estimate(queryset)
            if estimated is not None and estimated >= ESTIMATE_FROM:
                self.count_estimated = True
                return about(estimated)
        return super().count


class EstimatingPagination(PageNumberPagination):
    """The API's pages: ``count`` estimated as ``EstimatingPaginator`` does, and
    ``count_estimated`` saying whether it is."""

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = lambda *args, **kwargs: EstimatingPaginator(
            *args, **kwargs, estimate=may_estimate(request)
        )
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_estimated"] = self.page.paginator.count_estimated
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_estimated"] = {"type": "boolean", "example": False}
        return schema
