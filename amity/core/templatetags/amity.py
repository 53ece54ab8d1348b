"""Template helpers for the generic screens."""

from django import template
from django.db import models

register = template.Library()

HIDDEN = {"id", "created", "updated", "version", "deleted_at", "search_name"}


@register.simple_tag
def field_rows(obj):
    """(label, value, link) for each field of a record, with choices and relations displayed."""
    rows = []
    for f in obj._meta.fields + obj._meta.many_to_many:
        if f.name in HIDDEN:
            continue
        if f.many_to_many:
            values = list(getattr(obj, f.name).all())
            rows.append((f.verbose_name, ", ".join(str(v) for v in values), None))
            continue
        value = getattr(obj, f.name)
        if f.choices:
            value = getattr(obj, f"get_{f.name}_display")()
        link = (
            value.get_absolute_url() if isinstance(value, models.Model) and hasattr(value, "get_absolute_url") else None
        )
        if isinstance(f, models.FileField):
            link = value.url if value else None
            value = value.name.rsplit("/", 1)[-1] if value else ""
        rows.append((f.verbose_name, value, link))
    return rows


@register.filter
def url_for(obj, suffix: str) -> str:
    """The URL of a standard screen of ``obj``: {{ obj|url_for:"edit" }}."""
    from django.urls import reverse

    return reverse(f"{obj._meta.app_label}:{obj._meta.model_name}_{suffix}", args=[obj.pk])
