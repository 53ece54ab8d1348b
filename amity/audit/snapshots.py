"""JSON snapshots of records for the change log."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

SKIPPED_FIELDS = {"created", "updated", "version", "search_name", "last_login"}
#: Secrets: the log shows that they changed, never their value (a user's password hash).
SECRET_FIELDS = {"password"}


def snapshot(instance: models.Model) -> dict:
    """Field values of ``instance`` (foreign keys as ids, many-to-many as sorted id lists)."""
    data = {}
    for f in instance._meta.concrete_fields:
        if f.name in SKIPPED_FIELDS:
            continue
        value = getattr(instance, f.attname)
        if isinstance(f, models.FileField):
            value = value.name if value else ""
        elif f.name in SECRET_FIELDS and value:
            value = "•••" + hashlib.sha256(value.encode()).hexdigest()[:6]  # differs when it changes
        data[f.name] = value
    if instance.pk is not None:
        for f in instance._meta.many_to_many:
            data[f.name] = sorted(getattr(instance, f.name).values_list("pk", flat=True))
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
