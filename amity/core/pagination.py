"""Pages of long lists whose count does not read every row.

Counting a million compatriots to print "1,000,000 records" scans them all on every page. A list
the user has not filtered, read by a user who reaches every unit (the central union: the list is
then the whole table, less its few deleted rows), counts its rows from PostgreSQL's statistics of
the table (``pg_class.reltuples``, kept by ANALYZE) when they are large (``ESTIMATE_FROM``), and
says it is an estimate ("about 1,000,000"); a filtered list, a province's, a small one, and any
list on SQLite are counted exactly.

Every page is read in a total order (``in_total_order``): the list's order, then the key. Where
records tie on the order (a thousand compatriots born the same year, the day's activities),
PostgreSQL returns the tied rows in whatever order its plan meets them, which an update between two
pages, a parallel or an incremental sort changes: paging by OFFSET would then show some of them twice
and others never.
"""

from functools import cached_property

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, OrderBy, QuerySet
from rest_framework.pagination import PageNumberPagination

from .access import is_central
from .compiled import list_rows, prepared_cursor

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


def _column(key, model) -> str | None:
    """The name of the model's own column that the order's ``key`` sorts by (a field's name, or its
    ``F``), or None: a related model's field, a transform, an expression."""
    if isinstance(key, OrderBy):
        key = key.expression
    name = key.name if isinstance(key, F) else key.lstrip("-") if isinstance(key, str) else None
    if name in ("pk", model._meta.pk.name):
        return model._meta.pk.attname
    try:
        field = model._meta.get_field(name) if name and "__" not in name else None
    except FieldDoesNotExist:
        return None
    # a foreign key named by its field sorts by the related model's order, by its column only as ``<name>_id``
    if field is None or not field.concrete or (field.is_relation and name != field.attname):
        return None
    return field.attname


def is_total(order, model) -> bool:
    """Whether ``order`` (a list of ``order_by`` keys) tells every two records of ``model`` apart:
    its columns hold the key, a unique field that is never null, or all the fields of a unique
    constraint without a condition (each never null)."""
    columns = {_column(key, model) for key in order} - {None}
    meta = model._meta
    if meta.pk.attname in columns:
        return True
    unique_sets = [
        *([field.name] for field in meta.concrete_fields if field.unique),
        *meta.unique_together,
        *(constraint.fields for constraint in meta.total_unique_constraints),
    ]
    for names in unique_sets:
        fields = [meta.get_field(name) for name in names]
        if not any(field.null for field in fields) and {field.attname for field in fields} <= columns:
            return True
    return False


def in_total_order(queryset: QuerySet) -> QuerySet:
    """``queryset`` in its order (its own, else its model's), then by its key in the direction of
    the order's last key (the index that serves the order serves it backwards too) where the order
    does not already tell every two records apart (``is_total``). A combined query, values grouped
    or distinct without the key, and a random order are left as they are: a key added to their
    order would change their rows."""
    query = queryset.query
    without_key = query.values_select and not {"pk", query.get_meta().pk.name} & {*query.values_select}
    if query.combinator or (without_key and (query.group_by is not None or query.distinct)):
        return queryset
    order = list(query.order_by or (query.default_ordering and query.get_meta().ordering) or ())
    if "?" in order or is_total(order, queryset.model):
        return queryset
    last = order[-1] if order else None
    descending = last.startswith("-") if isinstance(last, str) else bool(getattr(last, "descending", False))
    return queryset.order_by(*order, "-pk" if descending else "pk")


def in_page_order(object_list):
    """A list as a paginator reads it a page at a time: a queryset in its total order
    (``in_total_order``) and read by statements kept per shape (``core.compiled.list_rows``);
    django-tables2's rows with the queryset they hold, after the user's sort, in its total order."""
    table_data = getattr(object_list, "data", None)  # django-tables2's rows hold the table's data
    if isinstance(getattr(table_data, "data", None), QuerySet):
        table_data.data = in_total_order(table_data.data)
        return object_list
    if isinstance(object_list, QuerySet):
        return list_rows(in_total_order(object_list))
    return object_list


class EstimatingPaginator(Paginator):
    """The paginator of every list, screen and API: its pages read in a total order
    (``in_page_order``), and its ``count`` the table's estimate (``count_estimated``) when it may
    estimate (``may_estimate``) and the estimate is large; otherwise Django's exact count."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, estimate=False):
        super().__init__(in_page_order(object_list), per_page, orphans, allow_empty_first_page)
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
