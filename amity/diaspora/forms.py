from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from amity.core.dates import PartialDateFormMixin
from amity.core.forms import AmityModelForm, DateInput, styled
from amity.core.pickers import narrow, use_autocomplete
from amity.core.uploads import TableUploadField
from amity.geo.models import AdminUnit
from amity.units.forms import RollupDayField, pick_unit_by_typing
from amity.units.models import Unit
from amity.units.selectors import primary_unit

from .models import Compatriot, Contribution, RemittanceStat
from .selectors import REPORTING_CURRENCIES


class CompatriotForm(AmityModelForm):
    class Meta:
        model = Compatriot
        fields = [
            "unit",
            "full_name",
            "name_original",
            "sex",
            "birth_year",
            "birth_date",
            "home_unit",
            "country",
            "city",
            "resident_since",
            "occupation",
            "organisation",
            "email",
            "phone",
            "other_contacts",
            "languages",
            "notes",
            "purpose",
            "legal_basis",
            "consent_on",
            "retain_until",
        ]
        widgets = {"birth_date": DateInput(), "consent_on": DateInput(), "retain_until": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        narrow(self.fields["home_unit"], level=AdminUnit.Level.PROVINCE)


class ContributionForm(PartialDateFormMixin, AmityModelForm):
    partial_dates = ("received_on",)

    class Meta:
        model = Contribution
        fields = [
            "unit",
            "compatriot",
            "organisation",
            "kind",
            "item",
            "quantity",
            "quantity_unit",
            "amount",
            "currency",
            "purpose",
            "campaign",
            "received_on",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the choices show names: only persons whose personal data the user may see
        self.fields["compatriot"].queryset = Compatriot.objects.restrict(self.user, "view_personal")


class RemittanceStatForm(AmityModelForm):
    class Meta:
        model = RemittanceStat
        fields = ["unit", "year_from", "year_to", "source", "amount", "currency", "notes"]


class EraseForm(forms.Form):
    requested_on = forms.DateField(
        label=_("request received on"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=DateInput(attrs={"class": "form-control"}),
    )
    reason = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class UploadForm(forms.Form):
    """A list to import and the unit that records its rows (one where the user may add records)."""

    file = TableUploadField()
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("unit"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.restrict(user, "add")
        self.fields["unit"].initial = primary_unit(user)
        use_autocomplete(self.fields)  # typed: the central union records for any of some 700 units
        for field in self.fields.values():
            field.label = capfirst(field.label)  # labelled as the site's other forms
        styled(self.fields)


class ImportForm(UploadForm):
    consent_on = forms.DateField(
        label=_("consent date for rows without one"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=DateInput(attrs={"class": "form-control"}),
    )
    skip_existing = forms.BooleanField(
        label=_("leave out rows already in the registry"),
        required=False,
        help_text=_("Same name (ignoring diacritics), year of birth and country. Otherwise such rows are errors."),
    )


class FiguresForm(forms.Form):
    """The choices behind the statistics, read the same way by the screen and the API."""

    GROUPINGS = [
        ("group", _("by country group")),
        ("country", _("by country")),
        ("sub_region", _("by sub-region")),
        ("region", _("by continent")),
        ("province", _("by home province")),
    ]
    by = forms.ChoiceField(label=_("grouping"), choices=GROUPINGS, required=False)
    day = RollupDayField(
        label=_("provinces as on"),
        help_text=_("Home provinces are grouped by the units of this date (e.g. 01/01/2022 for before the merger)."),
    )
    since = forms.DateField(label=_("from"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"], widget=DateInput())
    until = forms.DateField(
        label=_("until"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"], widget=DateInput()
    )
    currency = forms.ChoiceField(label=_("currency"), choices=[(c, c) for c in REPORTING_CURRENCIES], required=False)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("unit"), required=False)

    #: the currency of the money when none is asked, shown chosen in the box above the figures
    DEFAULT_CURRENCY = "VND"

    def __init__(self, *args, user, default_by: str = "group", **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.data.get("currency"):
            self.data = self.data.copy()
            self.data["currency"] = self.DEFAULT_CURRENCY
        self.default_by = default_by
        self.fields["unit"].queryset = Unit.objects.restrict(user, "view")
        pick_unit_by_typing(self.fields)
        for field in self.fields.values():
            css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise forms.ValidationError({"until": _("The end of the period is before its start.")})
        return data

    def figure_kwargs(self) -> dict:
        """Keyword arguments for ``selectors.diaspora_figures``; fields with errors are left out."""
        data = self.cleaned_data
        return {
            "group_by": data.get("by") or self.default_by,
            "day": data.get("day"),
            "since": data.get("since"),
            "until": data.get("until"),
            "currency": data.get("currency") or self.DEFAULT_CURRENCY,
            "unit": data.get("unit"),
        }
