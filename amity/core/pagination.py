"""Pages of long lists whose count does not read every row.

Counting a million compatriots to print "1,000,000 records" scans them all on every page. A list
the user has not filtered counts its rows from PostgreSQL's planner estimate when that estimate is
large (``ESTIMATE_FROM``), and says it is an estimate ("about 1,000,000"); a filtered list, a
small one, and any list on SQLite are counted exactly.
"""

import json
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connections
from rest_framework.pagination import PageNumberPagination

#: Below this many rows (as estimated) a list is counted exactly.
ESTIMATE_FROM = 100_000
#: Query parameters that page or sort a list without filtering it.
NOT_FILTERS = frozenset({"page", "per_page", "page_size", "sort", "ordering", "format"})


def planner_estimate(queryset) -> int | None:
    """The number of rows PostgreSQL's planner expects ``queryset`` to return (no row is read);
    None on another database."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def unfiltered(query) -> bool:
    """Whether a request's query string only pages or sorts its list."""
    return not any(value for key, value in query.items() if key not in NOT_FILTERS)


def about(number: int) -> int:
    """``number`` to two significant digits: an estimate says no more than it knows."""
    digits = len(str(number)) - 2
    return round(number, -digits) if digits > 0 else number


class EstimatingPaginator(Paginator):
    """A paginator whose ``count`` is the planner's estimate (``count_estimated``) when it may
    estimate and the estimate is large; otherwise Django's exact count."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, estimate=False):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.estimate = estimate
        self.count_estimated = False

    @cached_property
    def count(self) -> int:
        # django-tables2 pages its rows, which hold the queryset
        queryset = getattr(getattr(self.object_list, "data", None), "data", self.object_list)
        if self.estimate and hasattr(queryset, "query"):
            estimated = planner_estimate(queryset)
            if estimated is not None and estimated >= ESTIMATE_FROM:
                self.count_estimated = True
                return about(estimated)
        return super().count


class EstimatingPagination(PageNumberPagination):
    """The API's pages: ``count`` estimated as ``EstimatingPaginator`` does, and
    ``count_estimated`` saying whether it is."""

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = lambda *args, **kwargs: EstimatingPaginator(
            *args, **kwargs, estimate=unfiltered(request.query_params)
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
