"""Form pieces of the unit tree that other apps' figures forms share."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from amity.core.forms import DateInput


class RollupDayField(forms.DateField):
    """``day``: the day whose units group a figures page's rows (``units.rollup``); today when empty.
    Every figures screen and endpoint reads it under that name, as compatriot statistics first did."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("units as on"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Rows are grouped by the unions of this date (e.g. 01/01/2024 for before the merger).")
        )
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)


#: The same parameter in the API schema.
ROLLUP_DAY_DESCRIPTION = "Group the rows by the units (unions, provinces) of this day; today by default."


def rollup_day_from(params) -> date | None:
    """The ``day`` of a figures request's query string (``None``: today); a bad one is refused on
    ``day`` (400 in the API through the Django validation error)."""
    try:
        return RollupDayField().clean(params.get("day") or None)
    except ValidationError as error:
        raise ValidationError({"day": error.messages}) from None
