"""Template helpers for the generic screens."""

from django import template
from django.urls import reverse

from amity.core.personal import record_label as label

register = template.Library()


@register.filter
def url_for(obj, suffix: str) -> str:
    """The URL of a standard screen of ``obj``: {{ obj|url_for:"edit" }}."""
    return reverse(f"{obj._meta.app_label}:{obj._meta.model_name}_{suffix}", args=[obj.pk])


@register.simple_tag(takes_context=True)
def record_label(context, obj) -> str:
    """``{% record_label object %}``: the record's name, or "<type> #id" where it would name a
    person whose personal data the user may not see."""
    return label(obj, context["request"].user)
