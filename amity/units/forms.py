"""Forms of the unit tree and its memberships, and the pieces other apps' figures forms share."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from amity.core.dates import period_check
from amity.core.forms import AmityModelForm, DateInput, styled
from amity.core.pickers import use_autocomplete
from amity.core.roles import Role

from .models import Membership, Unit
from .selectors import access_unit, unit_list, user_account_list


class RollupDayField(forms.DateField):
    """``day``: the day whose units group a figures page's rows (``units.rollup``); today when empty.
    Every figures screen and endpoint reads it under that name, as compatriot statistics first did."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Units as on"))
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


class FiguresQueryForm(forms.Form):
    """The query of a figures endpoint: the period (``start``, ``end``), one ``unit``'s subtree and the
    rollup ``day``; a period ending before it starts is refused on ``end``."""

    start = forms.DateField(required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    end = forms.DateField(required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    unit = forms.IntegerField(required=False, min_value=1)
    day = RollupDayField()

    def clean(self):
        data = super().clean()
        period_check(data.get("start"), data.get("end"))
        return data


def figures_query(request) -> dict:
    """``start``, ``end``, ``unit`` (one the user sees, else 404) and ``day`` of a figures request;
    bad values are a 400 naming their parameters."""
    form = FiguresQueryForm(request.query_params)
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    data = dict(form.cleaned_data)
    data["unit"] = access_unit(user=request.user, pk=data["unit"]) if data.get("unit") else None
    return data


class UnitScopeForm(forms.Form):
    """The unit a figures page or the calendar reads: one the user sees, found by typing (the
    central union sees some 700 units; a list of them all weighed on every such page). Unbound (a
    page showing the unit it read, or none), the box reads no unit, so the user's units are not
    even restricted for it; bound, the unit typed is checked against them."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, user, unit: Unit | None = None, **kwargs):
        super().__init__(*args, initial={"unit": unit.pk if unit else None}, **kwargs)
        if self.is_bound:
            self.fields["unit"].queryset = unit_list(user=user)
        pick_unit_by_typing(self.fields, unit=unit)


def pick_unit_by_typing(form_fields, *, unit: Unit | None = None) -> None:
    """A figures form's ``unit`` as a box the user types in, left empty for all the user's units;
    ``unit``, the one the page shows (read already, and one the user sees), named in it without
    reading it again."""
    use_autocomplete(form_fields)
    widget = form_fields["unit"].widget
    widget.attrs.update({"placeholder": _("All my units"), "aria-label": _("Unit")})
    if unit is not None:
        widget.shown = {str(unit.pk): unit}


#: The parameters of ``FiguresQueryForm`` in the API schema.
FIGURES_PARAMETERS = [
    OpenApiParameter("start", OpenApiTypes.DATE),
    OpenApiParameter("end", OpenApiTypes.DATE),
    OpenApiParameter("unit", int, description="one unit's subtree"),
    OpenApiParameter(
        "day", OpenApiTypes.DATE, description="Group the rows by the units of this day; today by default."
    ),
]


class UnitForm(AmityModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "province",
            "partner_country",
            "valid_from",
            "valid_to",
            "successor",
        ]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}
        help_texts = {"parent": _("Where the unit sits in the tree; it cannot be moved later.")}


class MembershipForm(AmityModelForm):
    """A role for an account the administrator administers (``user_account_list``): a province's
    administrator is offered their own staff, not every account of the country."""

    class Meta:
        model = Membership
        fields = ["user", "unit", "role"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["user"].queryset = user_account_list(user=user)


class UserAccountForm(forms.Form):
    """A new staff member's account: who they are, the unit they work in (one the administrator
    administers, typed: the central union administers some 700) with their role, and the password
    they sign in with first."""

    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; they change it from the menu under their name."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_list(user=user, action="manage")
        use_autocomplete(self.fields)
        styled(self.fields)


class UserPasswordForm(forms.Form):
    """A new password for someone who forgot theirs."""

    password = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; tell it to them in person, and they change it from the menu."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self.fields)


class ConfirmForm(forms.Form):
    """An action with nothing to type: the button confirms it."""
