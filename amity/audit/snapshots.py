"""JSON snapshots of records for the change log."""

import functools
import hashlib
import json
import operator
from datetime import date
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

SKIPPED_FIELDS = {"created", "updated", "version", "search_name", "last_login"}
#: Secrets: the log shows that they changed, never their value (a user's password hash).
SECRET_FIELDS = {"password"}


@functools.cache
def _snapshot_fields(model) -> tuple:
    """(name, attname, kind) of the fields a snapshot holds; kind is "file", "secret" or ""."""
    return tuple(
        (f.name, f.attname, "file" if isinstance(f, models.FileField) else "secret" if f.name in SECRET_FIELDS else "")
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED_FIELDS
    )


def _fields_data(model, value_of) -> dict:
    data = {}
    for name, attname, kind in _snapshot_fields(model):
        value = value_of(attname)
        if kind == "file":
            value = getattr(value, "name", value) or ""
        elif kind == "secret" and value:
            value = "•••" + hashlib.sha256(value.encode()).hexdigest()[:6]  # differs when it changes
        data[name] = value
    return data


def snapshot(instance: models.Model) -> dict:
    """Field values of ``instance`` (foreign keys as ids, many-to-many as sorted id lists)."""
    data = _fields_data(type(instance), functools.partial(getattr, instance))
    if instance.pk is not None:
        for f in instance._meta.many_to_many:
            data[f.name] = sorted(getattr(instance, f.name).values_list("pk", flat=True))
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def snapshot_json(model, values: dict, related: dict | None = None) -> str:
    """The JSON text of ``snapshot`` for a record of ``model`` written without an instance:
    ``values`` holds every field by attname (as ``core.bulk.Inserter`` returns them), ``related``
    the ids of its many-to-many relations by name (none where left out)."""
    names, values_of, plain, written = _bulk_fields(model)
    if plain:
        data = dict(zip(names, values_of(values), strict=True))
        for name, kind, text in written:  # as the encoder writes them, without its call per value
            if type(data[name]) is kind:
                data[name] = text(data[name])
    else:
        data = _fields_data(model, values.__getitem__)
    for f in model._meta.many_to_many:
        data[f.name] = sorted((related or {}).get(f.name, ()))
    return _ENCODER.encode(data)


_ENCODER = DjangoJSONEncoder()


@functools.cache
def _bulk_fields(model) -> tuple:
    """The snapshot's field names, a getter of their values from a record's values, whether they
    are all plain values (no file, no secret), and (name, type, text) of the dates and decimals,
    which ``DjangoJSONEncoder`` writes as ``isoformat()`` and ``str()``."""
    fields = _snapshot_fields(model)
    getter = operator.itemgetter(*(attname for _name, attname, _kind in fields))  # records have an id and more
    written = []
    for name, _attname, _kind in fields:
        field = model._meta.get_field(name)
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            written.append((name, date, date.isoformat))
        elif isinstance(field, models.DecimalField):
            written.append((name, Decimal, str))
    names = [name for name, _attname, _kind in fields]
    return names, getter, not any(kind for _n, _a, kind in fields), written
