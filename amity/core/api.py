"""API base: restricted viewsets that write through services, ETag/If-Match conflicts, JSON errors."""

import copy
import datetime
import functools
import json
import operator
import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections, models, transaction
from django.db.models import F, Lookup, Window
from django.db.models.functions import RowNumber
from django.http import Http404, JsonResponse
from django.views.defaults import page_not_found
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import ISO_8601, exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from amity.core.compiled import prepared_cursor
from amity.core.filtersets import ExchangeRateFilterSet
from amity.core.forms import national_unit_check
from amity.core.models import ExchangeRate
from amity.core.querysets import may_act, owner_field, required_action
from amity.core.services import ConflictError, model_create, model_delete, model_restore, model_update
from amity.core.uploads import UploadRefused, document_check, document_url

ACTION_BY_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it."
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = 'Send If-Match: "<version>" (the ETag of your last read) to change or delete this record.'
    default_code = "precondition_required"


#: Actions that change or delete one versioned record: they need ``If-Match``.
VERSIONED_WRITES = {"update", "partial_update", "destroy"}
#: An ETag as the API sends it (``"3"``), weak or bare forms accepted.
IF_MATCH_PATTERN = r'^(W/)?"?[0-9]+"?$'


def expected_version(request) -> int | None:
    """The version the client read, from ``If-Match``; 400 when it is not a version."""
    value = request.headers.get("If-Match", "").strip()
    if not value:
        return None
    digits = value.removeprefix("W/").strip('"')
    if not digits.isdigit():
        raise exceptions.ValidationError({"If-Match": ["Send the ETag of the record, a version number."]})
    return int(digits)


def not_found(request, exception=None):
    """404 for a URL no route matches: JSON under /api/ (as the API's own 404s), the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)

    return page_not_found(request, exception)


def exception_handler(exc, context):
    """Turn Django validation errors into 400 ``{field: [messages]}``; conflicts into 412; a body over
    the upload limit into 413."""
    if isinstance(exc, ConflictError):
        exc = PreconditionFailed(detail={"non_field_errors": exc.messages})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):  # Django's own answer would be an HTML page
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20
        exc = BodyTooLarge(detail=f"The request body is larger than the {limit:g} MB this server accepts.")
    return drf_exception_handler(exc, context)


class DocumentSerializerField(serializers.FileField):
    """An uploaded document: checked by content and size (``core.uploads.document_check``) before it
    is stored, and shown as its download behind the record's rights, never as a media address."""

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        upload.seek(0)
        try:
            upload.content_type = document_check(upload.read(), upload.name)
        except UploadRefused as exc:
            raise serializers.ValidationError(exc.messages) from None
        upload.seek(0)
        return upload

    def to_representation(self, value):
        if not value:
            return None
        url = document_url(value.instance, value.field.name)
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


#: Where ``AmityViewSet`` puts a many-to-many field's prefetched records (a plain list: Django's own
#: prefetch cache builds a related manager and a queryset per row and field, most of a list's time).
PREFETCHED = "_api_prefetched_{}"


class PrefetchedManyRelatedField(serializers.ManyRelatedField):
    """A many-to-many list read from what the viewset prefetched, when it did."""

    def get_attribute(self, instance):
        if len(self.source_attrs) == 1:
            prefetched = getattr(instance, PREFETCHED.format(self.source_attrs[0]), None)
            if prefetched is not None:
                return prefetched
        return super().get_attribute(instance)


class PrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    @classmethod
    def many_init(cls, *args, **kwargs):
        field = super().many_init(*args, **kwargs)
        field.__class__ = PrefetchedManyRelatedField
        return field


class AmitySerializer(serializers.ModelSerializer):
    """Restricts related-record choices to the user's units, like the forms do; documents go
    through ``DocumentSerializerField``; many-to-many lists come from the viewset's prefetch.
    A serializer that changes a record's representation does it in ``shown``, which the lists'
    rows (``RowPlan``) pass through too."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.FileField: DocumentSerializerField,
    }
    serializer_related_field = PrimaryKeyRelatedField
    version = serializers.IntegerField(read_only=True)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or request.method in ("GET", "HEAD"):  # choices only check what is written
            return fields
        model = self.Meta.model
        owner, add = owner_field(model), required_action(model, "add")
        for name, field in fields.items():
            target = getattr(field, "child_relation", field)
            queryset = getattr(target, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                target.queryset = queryset.restrict(request.user, add if name == owner else "view")
        return fields

    def to_representation(self, instance):
        return self.shown(super().to_representation(instance))

    def shown(self, data: dict) -> dict:
        """A record's representation as the API shows it to this request's user (the last step for
        a record and for a list's row alike: a serializer that hides fields does it here)."""
        return data


#: DRF fields that represent a value of these model fields as it is (a number, a text, a choice, a flag).
_AS_IS = {
    serializers.IntegerField: (models.IntegerField,),
    serializers.CharField: (models.CharField, models.TextField),
    serializers.ChoiceField: (models.CharField, models.IntegerField),
    serializers.BooleanField: (models.BooleanField,),
}
#: DRF fields whose representation depends on the value alone (not on the record or the request).
_BY_VALUE = {
    serializers.BigIntegerField,  # an id, or its digits as text where the settings say so
    serializers.DateTimeField,
    serializers.DateField,
    serializers.TimeField,
    serializers.DurationField,
    serializers.DecimalField,
    serializers.FloatField,
    serializers.EmailField,
    serializers.URLField,
    serializers.SlugField,
    serializers.UUIDField,
    serializers.JSONField,
}


class RowPlan:
    """How a list reads its records as rows of column values (``QuerySet.values``) and builds the
    serializer's representation of each from them, without a model instance and DRF's field-by-field
    walk per row (most of a list's time). Made once per serializer class (``row_plan``); each field
    is a column shown as it is or through its DRF field's ``to_representation``, a foreign key its
    id, a many-to-many its ids (one query a field, in the related model's order, as the prefetch reads them)."""

    def __init__(self, model, fields: list[tuple[str, str, object]], many: list[tuple[str, object]]):
        self.model = model
        self.fields = fields  # (name, column, to_representation or None), in the serializer's order
        self.many = many  # (name, model field)
        self.columns = sorted({column for _name, column, _f in fields if column} | {model._meta.pk.attname})

    def rows(self, queryset):
        """``queryset`` reading the plan's columns (its prefetches, which need instances, dropped)."""
        return queryset.prefetch_related(None).values(*self.columns)

    def represent(self, rows: list[dict], serializer: AmitySerializer) -> list[dict]:
        """The representation of each row, as ``serializer`` gives its record's."""
        pk = self.model._meta.pk.attname
        ids = [row[pk] for row in rows]
        related = self._related(ids)
        shown = serializer.shown
        fields = [(name, column, self._for_this_request(convert)) for name, column, convert in self.fields]
        out = []
        for row in rows:
            data = {}
            for name, column, convert in fields:
                if column is None:
                    data[name] = related[name].get(row[pk], [])
                    continue
                value = row[column]
                data[name] = value if value is None or convert is None else convert(value)
            out.append(shown(data))
        return out

    @staticmethod
    def _for_this_request(convert):
        """``convert``, a DRF field's ``to_representation``, or what gives the same text at less
        cost: a date in ISO format is its ``isoformat()``; a date-time in ISO format is converted
        to the request's time zone looked up once, not once a value (most of DRF's time)."""
        field = getattr(convert, "__self__", None)
        if type(field) is serializers.DateField and _iso(field, api_settings.DATE_FORMAT):
            return datetime.date.isoformat
        if not isinstance(field, serializers.DateTimeField):
            return convert
        field = copy.copy(field)  # the plan's field serves every request and thread
        if not hasattr(field, "timezone"):
            field.timezone = field.default_timezone()
        if type(field) is serializers.DateTimeField and _iso(field, api_settings.DATETIME_FORMAT) and field.timezone:
            return functools.partial(_aware_iso, zone=field.timezone, convert=field.to_representation)
        return field.to_representation

    def _related(self, ids: list) -> dict[str, dict]:
        """{many-to-many field: {record id: [related ids]}} for these records: one query for every
        field where their SQL compiles to one (``_related_ids_union_sql``), else one a field."""
        sql = _related_ids_union_sql(tuple(field for _name, field in self.many)) if ids else None
        if sql is None:
            return {name: self._related_ids(field, ids) for name, field in self.many}
        alias = self.model._default_manager.db
        with prepared_cursor(alias) as cursor:
            cursor.execute(sql, {"ids": ids_parameter(alias, ids)})
            rows = cursor.fetchall()
        rows.sort(key=operator.itemgetter(0, 3))  # by field, then in the field's order
        related: list[dict] = [{} for _field in self.many]
        for field, record, other, _order in rows:
            related[field].setdefault(record, []).append(other)
        return {name: grouped for (name, _field), grouped in zip(self.many, related, strict=True)}

    @staticmethod
    def _related_ids(field, ids: list) -> dict:
        """{record id: [related ids]} of a many-to-many field for these records: what the list's
        prefetch reads (the related model's default manager, in its order)."""
        grouped: dict = {}
        if not ids:
            return grouped
        sql = _related_ids_sql(field)
        if sql is None:
            through = field.related_query_name()
            pairs = field.related_model._default_manager.filter(**{f"{through}__in": ids}).values_list(through, "pk")
        else:
            alias = field.related_model._default_manager.db
            with prepared_cursor(alias) as cursor:
                cursor.execute(sql, [ids_parameter(alias, ids)])
                pairs = cursor.fetchall()
        for record, other in pairs:
            grouped.setdefault(record, []).append(other)
        return grouped


def _iso(field, default: str | None) -> bool:
    """Whether a DRF date or date-time ``field`` shows its values in ISO 8601."""
    output_format = getattr(field, "format", default)
    return isinstance(output_format, str) and output_format.lower() == ISO_8601


def _aware_iso(value, *, zone, convert) -> str:
    """What DRF's ``DateTimeField.to_representation`` (``convert``) gives an aware date-time in
    ``zone`` in ISO 8601, without its checks; other values go to ``convert``."""
    if isinstance(value, str) or value.utcoffset() is None:
        return convert(value)
    try:
        text = value.astimezone(zone).isoformat()
    except OverflowError:
        return convert(value)
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class AnyOf(Lookup):
    """``lhs`` is one of a list of ids given as one parameter (``ids_parameter``): an array on
    PostgreSQL (``= ANY``), JSON text on SQLite. The query's text is then the same for any number
    of ids: psycopg converts it once, and PostgreSQL may keep its plan (``core.compiled.prepared_cursor``)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, self.rhs)

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", (*lhs_params, self.rhs)


def ids_parameter(alias: str, ids: list):
    """``ids`` as ``AnyOf`` takes them on database ``alias``."""
    return ids if connections[alias].vendor == "postgresql" else json.dumps(ids)


#: Stands for the list of ids while a query is compiled.
_IDS = object()


def _compiled(queryset) -> str | None:
    """The SQL of ``queryset`` on its database, when its only parameter is ``_IDS``."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql if len(params) == 1 and params[0] is _IDS else None


@functools.lru_cache(maxsize=512)
def _related_ids_sql(field) -> str | None:
    """The SQL of ``RowPlan._related_ids``, compiled once (building the query costs more than
    running it), whose only parameter is the records' ids (``ids_parameter``); None where the
    manager's query has other parameters, or the ids are not numbers."""
    pks = (field.model._meta.pk, field.related_model._meta.pk)
    if not all(isinstance(pk, models.IntegerField) for pk in pks):  # automatic keys are integer fields too
        return None
    through = field.related_query_name()
    # the ORM joins the link table LEFT OUTER for a condition given as an expression; the condition
    # on its column makes the join an inner one, and the databases plan it as such
    queryset = field.related_model._default_manager.filter(AnyOf(F(through), _IDS)).values_list(through, "pk")
    return _compiled(queryset)


@functools.lru_cache(maxsize=512)
def _related_ids_union_sql(fields: tuple) -> str | None:
    """The SQL of the ids of several many-to-many fields for a page's records in one query,
    compiled once: for each field, what ``_related_ids_sql`` reads, numbered in the related
    model's order (its default manager's, the id breaking ties) and tagged with the field's
    place, all of them after one another; every part takes the records' ids as the one parameter
    ``ids`` (sent and converted once, not once a field). None where a field's query has other parameters than the ids, its model is in no
    order (the numbering would then differ from its own reading) or the fields live in different
    databases."""
    if len(fields) < 2 or len({field.related_model._default_manager.db for field in fields}) != 1:
        return None
    branches = []
    for place, field in enumerate(fields):
        if _related_ids_sql(field) is None:
            return None
        through = field.related_query_name()
        queryset = field.related_model._default_manager.filter(AnyOf(F(through), _IDS))
        query = queryset.query
        ordering = query.order_by or (query.default_ordering and field.related_model._meta.ordering) or ()
        if not ordering or "?" in ordering:
            return None
        order_by = [
            (F(o[1:]).desc() if o.startswith("-") else F(o).asc()) if isinstance(o, str) else o for o in ordering
        ]
        numbered = queryset.annotate(row_order=Window(RowNumber(), order_by=[*order_by, F("pk").asc()]))
        sql = _compiled(numbered.order_by().values_list(through, "pk", "row_order"))
        if sql is None:
            return None
        branches.append(f"SELECT {place} AS place, numbered.* FROM ({_named_ids(sql)}) numbered")
    return " UNION ALL ".join(branches)


def _named_ids(sql: str) -> str:
    """``sql``, whose one parameter is the ids (``_compiled``), taking it by the name ``ids``."""
    return re.sub(r"%%|%s", lambda found: "%(ids)s" if found.group() == "%s" else "%%", sql)


@functools.cache
def row_plan(serializer_class) -> RowPlan | None:
    """The ``RowPlan`` of ``serializer_class``'s lists, or None when a field needs the record itself
    (a method, a document's address, a value from elsewhere): those lists are serialized by DRF."""
    if not issubclass(serializer_class, AmitySerializer) or (
        serializer_class.to_representation is not AmitySerializer.to_representation
    ):
        return None
    model = serializer_class.Meta.model
    fields, many = [], []
    for name, field in serializer_class().fields.items():
        if field.write_only:
            continue
        if len(field.source_attrs) != 1:
            return None
        try:
            model_field = model._meta.get_field(field.source_attrs[0])
        except FieldDoesNotExist:
            return None
        if isinstance(field, serializers.ManyRelatedField):
            child = field.child_relation
            if not (isinstance(child, serializers.PrimaryKeyRelatedField) and child.pk_field is None):
                return None
            if not model_field.many_to_many or not model_field.concrete:
                return None
            fields.append((name, None, None))
            many.append((name, model_field))
        elif not model_field.concrete or model_field.many_to_many:
            return None
        elif isinstance(field, serializers.PrimaryKeyRelatedField):
            if field.pk_field is not None or not model_field.is_relation:
                return None
            fields.append((name, model_field.attname, None))  # the foreign key's id
        elif model_field.is_relation:
            return None
        elif isinstance(model_field, _AS_IS.get(type(field), ())):
            fields.append((name, model_field.attname, None))
        elif type(field) in _AS_IS or type(field) in _BY_VALUE:  # a text shown from a number, say
            fields.append((name, model_field.attname, field.to_representation))
        else:
            return None
    return RowPlan(model, fields, many)


class NationalOrUnitSerializerMixin:
    """For an ``AmitySerializer`` of a national-or-unit record: a null or missing ``unit`` on
    create, or a null one on update (national), is refused (400 on ``unit``) unless the user is a central administrator.
    Subclasses set ``national_refused`` (the form's message)."""

    national_refused = None

    def validate_unit(self, unit):
        try:
            national_unit_check(user=self.context["request"].user, unit=unit, message=self.national_refused)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return unit

    def validate(self, attrs):
        if self.instance is None and "unit" not in attrs:  # left out: national, checked like null
            try:
                self.validate_unit(None)
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"unit": exc.detail}) from exc
        return super().validate(attrs)


class AmityAutoSchema(AutoSchema):
    """Documents the ``If-Match`` header that changing or deleting a record requires, and the
    412 (stale version) and 428 (no version sent) answers."""

    def _versioned_write(self) -> bool:
        return self.method in {"PUT", "PATCH", "DELETE"} and getattr(self.view, "action", None) in VERSIONED_WRITES

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if not self._versioned_write():
            return parameters
        if_match = OpenApiParameter(
            "If-Match",
            {"type": "string", "pattern": IF_MATCH_PATTERN},
            OpenApiParameter.HEADER,
            required=True,
            description='The ETag of the record as last read, e.g. "3". Required: without it the answer is 428.',
        )
        return [*parameters, if_match]

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        error = {"application/json": {"schema": {"type": "object", "additionalProperties": {}}}}
        if operation is not None and getattr(self.view, "action", None) == "restore":
            operation["responses"]["400"] = {
                "content": error,
                "description": "The record is not deleted, or "
                "it was deleted with a parent that is still deleted (restore the parent: it comes back with it).",
            }
            operation["responses"]["403"] = {
                "content": error,
                "description": "You may see the record but not restore it.",
            }
            operation["responses"]["404"] = {
                "content": error,
                "description": "No record with this id that you may see.",
            }
        if operation is not None and self._versioned_write():
            operation["responses"]["412"] = {
                "content": error,
                "description": "The record changed since the version in If-Match was read; nothing was written.",
            }
            operation["responses"]["428"] = {"content": error, "description": "If-Match is missing."}
        return operation


class AmityViewSet(viewsets.ModelViewSet):
    """CRUD on a restricted queryset; writes go through the app's services.

    A PUT, PATCH or DELETE of a record must send ``If-Match: "<version>"`` (the ETag of the last
    read): without it the answer is 428, and if someone saved in between it is 412; either way
    nothing is written (lost updates between clients are refused, not silent).
    """

    create_service = None
    update_service = None
    delete_service = None
    schema = AmityAutoSchema()

    def initial(self, request, *args, **kwargs):
        """A record id that is not a number is not found (custom actions fetch by ``pk`` themselves)."""
        super().initial(request, *args, **kwargs)
        pk = kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        if pk is not None and not str(pk).isdigit():
            raise exceptions.NotFound()

    def check_object_permissions(self, request, obj):
        """After the record is found (404 first), a versioned write needs If-Match."""
        super().check_object_permissions(request, obj)
        if self.action in VERSIONED_WRITES and hasattr(obj, "version") and "If-Match" not in request.headers:
            raise PreconditionRequired()

    #: Set while a list is read as rows (``list``): its ``RowPlan`` reads the many-to-many ids itself.
    reads_rows = False

    def get_queryset(self):
        """Restricted, with every many-to-many field fetched in one query per field, not per row,
        and only the related ids (the serializers show them as id lists) unless the viewset
        prefetches the records itself or a list reads them as rows."""
        model = self.queryset.model
        action = required_action(model, ACTION_BY_METHOD.get(self.request.method, "view"))
        queryset = self.queryset.all()
        if self.reads_rows:
            return queryset.restrict(self.request.user, action)
        declared = {getattr(lookup, "prefetch_to", lookup) for lookup in queryset._prefetch_related_lookups}
        fetched = [  # the ones the viewset prefetches itself are kept whole (its code reads them)
            models.Prefetch(
                f.name, queryset=f.related_model._default_manager.only("pk"), to_attr=PREFETCHED.format(f.name)
            )
            for f in model._meta.many_to_many
            if f.name not in declared
        ]
        return queryset.prefetch_related(*fetched).restrict(self.request.user, action)

    def list(self, request, *args, **kwargs):
        """A page of records read as rows of values and shown through the serializer's ``RowPlan``
        (the same JSON as DRF's serialization of instances, a tenth of its time), its count and page
        by statements kept per shape of the list's query (``core.pagination.in_page_order``); a serializer
        the plan cannot follow, or a viewset that prefetches records itself, lists the DRF way."""
        plan = row_plan(self.get_serializer_class())
        if plan is None or self.queryset._prefetch_related_lookups:
            return super().list(request, *args, **kwargs)
        self.reads_rows = True
        rows = plan.rows(self.filter_queryset(self.get_queryset()))
        if self.paginator is None:
            return Response(plan.represent(list(rows), self.get_serializer()))
        page = self.paginate_queryset(rows)  # in a total order, its SQL compiled once per shape
        return self.get_paginated_response(plan.represent(page, self.get_serializer()))

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data.get("version")}"'
        return response

    def create(self, request, *args, **kwargs):
        model = self.queryset.model
        if model.unit_path is None and not may_act(request.user, model, "add"):
            # shared reference data has no owning unit whose choices would refuse the write
            raise exceptions.PermissionDenied()
        response = super().create(request, *args, **kwargs)
        if response.status_code == status.HTTP_201_CREATED and response.data.get("version") is not None:
            response["ETag"] = f'"{response.data["version"]}"'  # the version a next change must send
        return response

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if self.create_service:
            serializer.instance = self.create_service(actor=self.request.user, data=data)
        else:
            serializer.instance = model_create(model=self.queryset.model, data=data, actor=self.request.user)

    def perform_update(self, serializer):
        service = self.update_service or model_update
        serializer.instance = service(
            actor=self.request.user,
            instance=serializer.instance,
            data=dict(serializer.validated_data),
            expected_version=expected_version(self.request),
        )

    def perform_destroy(self, instance):
        expected = expected_version(self.request)
        with transaction.atomic():
            if expected is not None and hasattr(instance, "version"):
                rows = type(instance).all_objects.select_for_update().filter(pk=instance.pk)
                if rows.values_list("version", flat=True).first() != expected:
                    raise PreconditionFailed(detail={"non_field_errors": [str(PreconditionFailed.default_detail)]})
            (self.delete_service or model_delete)(actor=self.request.user, instance=instance)

    @extend_schema(
        request=None,
        description="Bring back a deleted record, with the records deleted with it (an aid item's "
        "transactions and donors, a plan's tasks). Needs the right to delete the record. The change log "
        "records the restore of each.",
    )
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        model = self.queryset.model
        record = model.all_objects.restrict(request.user, "view").filter(pk=pk).first()
        if record is None:
            raise exceptions.NotFound()
        if not model.all_objects.restrict(request.user, required_action(model, "delete")).filter(pk=pk).exists():
            raise exceptions.PermissionDenied()
        model_restore(actor=request.user, instance=record)
        record = self.queryset.restrict(request.user, "view").get(pk=pk)
        response = Response(self.get_serializer(record).data)
        response["ETag"] = f'"{record.version}"'
        return response

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        if response.status_code == status.HTTP_200_OK:
            response["ETag"] = f'"{response.data.get("version")}"'
        return response


class ExchangeRateSerializer(AmitySerializer):
    class Meta:
        model = ExchangeRate
        exclude = ["deleted_at"]


class ExchangeRateViewSet(AmityViewSet):
    queryset = ExchangeRate.objects.all()
    serializer_class = ExchangeRateSerializer
    filterset_class = ExchangeRateFilterSet
    ordering_fields = ["currency", "date", "year"]
