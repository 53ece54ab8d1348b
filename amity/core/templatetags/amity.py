"""Template helpers for the generic screens."""

from urllib.parse import urlencode

from django import template
from django.apps import apps
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from amity.core import formatting
from amity.core.dates import PartialDate, format_partial_date
from amity.core.personal import record_label as label
from amity.core.querysets import may_act
from amity.core.uploads import document_url as url

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


@register.filter
def partial_date(obj, name: str) -> str:
    """``{{ activity|partial_date:"start_date" }}``: a date kept as a day, month or year, written as
    the active language writes it ("tháng 5/2023", "May 2023"); an inferred year is marked."""
    value = PartialDate.of(obj, name)
    if value is None:
        return ""
    text = format_partial_date(value)
    if not value.inferred:
        return text
    return format_html('<span title="{}">{}*</span>', _("The year is taken from the source's date."), text)


@register.simple_tag
def document_url(record, field: str = "file") -> str:
    """``{% document_url record "file" %}``: the download of a record's document, behind its rights."""
    return url(record, field)


@register.simple_tag(takes_context=True)
def add_url(context, url_name: str, **initial) -> str:
    """``{% add_url "registry:ngoregistration_add" organisation=object.pk %}``: the form adding a
    child record with its parent filled in, which returns to this page once saved."""
    return reverse(url_name) + "?" + urlencode({**initial, "next": context["request"].get_full_path()})


@register.simple_tag(takes_context=True)
def may_add(context, label: str) -> bool:
    """``{% may_add "registry.ngoregistration" as can %}``: whether the user may add such records."""
    return may_act(context["request"].user, apps.get_model(label), "add")


@register.filter
def verbose_name(obj) -> str:
    """``{{ record|verbose_name }}``: what kind of record it is ("aid item"), in the user's language."""
    return obj._meta.verbose_name


# --- figures as the reader's language writes them (amity.core.formatting) -----------------------


@register.filter
def number(value, places: int = 2) -> str:
    """``{{ task.target|number }}``: 4, 1.234.567, 9,5 (at most ``places`` decimals)."""
    return formatting.format_number(value, places=int(places))


@register.filter
def money(value, currency: str = "") -> str:
    """``{{ t.amount|money:t.currency }}``: 150.000.000 VND, USD 232,034.72."""
    return formatting.format_money(value, currency)


@register.filter
def quantity(value, unit: str = "") -> str:
    """``{{ c.quantity|quantity:c.unit }}``: 10 tấn."""
    return formatting.format_quantity(value, unit)


@register.filter
def day(value) -> str:
    """``{{ object.signed_on|day }}``: 05/01/2026 in Vietnamese, each language's short date elsewhere."""
    return formatting.format_day(value)


@register.filter
def moment(value) -> str:
    """``{{ job.created|moment }}``: the day and the local time, 05/01/2026 14:30."""
    return formatting.format_moment(value)
