"""JSON snapshots of records for the change log."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

SKIPPED_FIELDS = {"created", "updated", "version", "search_name"}


def snapshot(instance: models.Model) -> dict:
    """Field values of ``instance`` (foreign keys as ids, many-to-many as sorted id lists)."""
    data = {}
    for f in instance._meta.concrete_fields:
        if f.name in SKIPPED_FIELDS:
            continue
        value = getattr(instance, f.attname)
        if isinstance(f, models.FileField):
            value = value.name if value else ""
        data[f.name] = value
    if instance.pk is not None:
        for f in instance._meta.many_to_many:
            data[f.name] = sorted(getattr(instance, f.name).values_list("pk", flat=True))
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
