"""The change log as a reader reads it: each field by its label, each value as the record's own
page shows it (a choice's label, a related record's name, a date as the language writes it),
instead of the stored codes and ids ("approving_body", "sectors [] [51]")."""

import datetime
import json
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from amity.core.formatting import format_field_number
from amity.core.personal import HIDDEN_VALUE, hidden_label, label_is_hidden
from amity.core.querysets import owning_unit_id

EMPTY = (None, "", [])


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed: its stored name is all there is
        return None


def _related_ids(field, value) -> list:
    if field is None or not field.is_relation or value in (None, "", HIDDEN_VALUE):
        return []
    return list(value) if field.many_to_many and isinstance(value, list) else [value]


def related_names(changes, visible: set[int] | None) -> dict:
    """{(model, pk): name} of every record the changes' relations point to, one query per related
    model, deleted ones included; "<type> #id" where the name is a person the viewer may not see."""
    wanted: dict = defaultdict(set)
    for change in changes:
        model = change.content_type.model_class()
        for name, before, after in change.shown_diff:
            field = _field(model, name)
            for value in (before, after):
                for pk in _related_ids(field, value):
                    wanted[field.related_model].add(pk)
    names = {}
    for model, pks in wanted.items():
        for record in model._base_manager.filter(pk__in=pks):
            hidden = label_is_hidden(model, owning_unit_id(record), visible)
            names[(model, record.pk)] = hidden_label(model, record.pk) if hidden else str(record)
    return names


def shown_value(field, value, names: dict):
    """``value`` as stored in the change log, written as the record's page writes it."""
    if field is None or value is None or value == "" or value == HIDDEN_VALUE:
        return value
    if field.is_relation:
        ids = _related_ids(field, value)
        return ", ".join(names.get((field.related_model, pk), f"#{pk}") for pk in ids)
    if field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        return labels.get(str(value), value)
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else value
    if isinstance(field, models.DateField):
        day = parse_date(str(value))
        return date_format(day, "SHORT_DATE_FORMAT") if isinstance(day, datetime.date) else value
    if isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
        try:
            return format_field_number(field.name, Decimal(str(value)))
        except InvalidOperation:
            return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def describe(changes, visible: set[int] | None) -> None:
    """Replace each change's ``shown_diff`` (already masked) by (label, before, after) in the
    order of the model's fields, values written for the reader; a new record's blank fields and
    its id are left out."""
    names = related_names(changes, visible)
    for change in changes:
        model = change.content_type.model_class()
        order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model is not None else {}
        rows = sorted(change.shown_diff, key=lambda row: (order.get(row[0], len(order)), row[0]))
        described = []
        for name, before, after in rows:
            if name == "id" or (before in EMPTY and after in EMPTY):  # a new record's blank fields
                continue
            field = _field(model, name)
            label = capfirst(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name
            described.append((label, shown_value(field, before, names), shown_value(field, after, names)))
        change.shown_diff = described
