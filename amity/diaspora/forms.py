from django import forms
from django.utils.translation import gettext_lazy as _

from amity.core.forms import AmityModelForm, DateInput
from amity.geo.models import AdminUnit
from amity.units.models import Unit

from .models import Compatriot, Contribution, RemittanceStat


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
        self.fields["home_unit"].queryset = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE)


class ContributionForm(AmityModelForm):
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
        widgets = {"received_on": DateInput()}

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


class ImportForm(forms.Form):
    file = forms.FileField(label=_("file (.xlsx or .csv)"))
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("unit"))
    consent_on = forms.DateField(
        label=_("consent date for rows without one"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=DateInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.restrict(user, "add")
