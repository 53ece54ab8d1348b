"""Template helpers for the generic screens."""

from django import template

register = template.Library()


@register.filter
def url_for(obj, suffix: str) -> str:
    """The URL of a standard screen of ``obj``: {{ obj|url_for:"edit" }}."""
    from django.urls import reverse

    return reverse(f"{obj._meta.app_label}:{obj._meta.model_name}_{suffix}", args=[obj.pk])
