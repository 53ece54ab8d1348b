"""Money in the aid screens: always grouped by thousands, in the active language's separators."""

from decimal import Decimal

from django import template
from django.utils.formats import get_format

register = template.Library()


@register.filter
def money(value, places: int = 2) -> str:
    if value is None or value == "":
        return ""
    text = f"{Decimal(value):,.{int(places)}f}"
    decimal_sep, thousand_sep = get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")
    return text.replace(",", "\0").replace(".", decimal_sep).replace("\0", thousand_sep)


@register.filter
def rate(value) -> str:
    """An exchange rate without trailing zeros or exponent (23000, 0.00004)."""
    return f"{Decimal(value).normalize():f}"
