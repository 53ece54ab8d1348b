"""JSON snapshots of records for the change log."""

import functools
import hashlib
import json
import operator
from datetime import date
from decimal import Decimal
from json.encoder import encode_basestring_ascii

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
    the ids of its many-to-many relations by name (none where left out).

    An import writes one per record, so the text is filled into the model's template (the keys
    written once) with each value as the JSON encoder writes it: text, whole numbers, booleans,
    nulls, dates and decimals straight, anything else through the encoder itself. The text is
    the encoder's, character for character (``audit.tests``)."""
    values_of, template, relations = _bulk_fields(model)
    related = related or {}
    if template is None:
        data = _fields_data(model, values.__getitem__)
        for name in relations:
            data[name] = sorted(related.get(name, ()))
        return _ENCODER.encode(data)
    written = [_WRITERS.get(type(value), _ENCODER.encode)(value) for value in values_of(values)]
    written.extend(_ids_json(related.get(name, ())) for name in relations)
    return template % tuple(written)


def _ids_json(ids) -> str:
    """A sorted list of ids as the encoder writes it: whole numbers joined at C speed, anything
    else through the encoder (an item's five lists took a third of its snapshot)."""
    ids = sorted(ids)
    if all(type(pk) is int for pk in ids):
        return f"[{', '.join(map(str, ids))}]"
    return _ENCODER.encode(ids)


_ENCODER = DjangoJSONEncoder()
#: Values of these exact types as the encoder writes them (a subclass, such as a choice, goes
#: through the encoder): dates as ``isoformat()`` and decimals as ``str()`` in quotes.
_WRITERS = {
    str: encode_basestring_ascii,
    int: int.__repr__,
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
    date: lambda value: f'"{value.isoformat()}"',
    Decimal: lambda value: f'"{value}"',
}


@functools.cache
def _bulk_fields(model) -> tuple:
    """A getter of the snapshot's values from a record's values, the JSON text of a snapshot with
    a ``%s`` for each value, its fields then its many-to-many relations (None when a field is a
    file or a secret, which the snapshot writes otherwise), and the names of those relations."""
    fields = _snapshot_fields(model)
    getter = operator.itemgetter(*(attname for _name, attname, _kind in fields))  # records have an id and more
    relations = tuple(f.name for f in model._meta.many_to_many)
    keys = [*(name for name, _attname, _kind in fields), *relations]
    template = "{" + ", ".join(encode_basestring_ascii(key).replace("%", "%%") + ": %s" for key in keys) + "}"
    return getter, None if any(kind for _n, _a, kind in fields) else template, relations
