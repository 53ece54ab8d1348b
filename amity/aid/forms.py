from django import forms
from django.utils.translation import gettext_lazy as _

from amity.core.forms import AmityModelForm, DateInput
from amity.geo.models import AdminUnit
from amity.units.selectors import unit_list

from .choices import AidStatus, ReportingCurrency
from .models import AidDocument, AidDonor, AidItem, AidTransaction, ExchangeRate


class AidItemForm(AmityModelForm):
    class Meta:
        model = AidItem
        fields = [
            "unit",
            "reference",
            "kind",
            "title_vi",
            "title_original",
            "description",
            "implementing_body",
            "receiving_body",
            "sectors",
            "locations",
            "beneficiary_groups",
            "start_date",
            "end_date",
            "report_due",
            "iati_identifier",
            "notes",
        ]
        widgets = {f: DateInput() for f in ["start_date", "end_date", "report_due"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = AdminUnit.objects.exclude(level=AdminUnit.Level.DISTRICT)
        self.fields["sectors"].widget.attrs["size"] = 8


class AidDonorForm(AmityModelForm):
    class Meta:
        model = AidDonor
        fields = ["item", "organisation", "share"]


class AidTransactionForm(AmityModelForm):
    class Meta:
        model = AidTransaction
        fields = ["item", "kind", "date", "amount", "currency", "donor", "description"]
        widgets = {"date": DateInput()}


class AidDocumentForm(AmityModelForm):
    class Meta:
        model = AidDocument
        fields = ["item", "title", "date", "file", "url"]
        widgets = {"date": DateInput()}


class ExchangeRateForm(AmityModelForm):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "target", "rate", "date", "year", "source"]
        widgets = {"date": DateInput()}


class TransitionForm(forms.Form):
    """The data a lifecycle move may ask for; which of it is required is the workflow's business."""

    to_status = forms.ChoiceField(label=_("New status"), choices=AidStatus.choices)
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DateInput())
    approving_body = forms.CharField(label=_("Approving body"), required=False, max_length=255)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, transitions, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(AidStatus.choices)
        self.fields["to_status"].choices = [(t.to_status, labels[t.to_status]) for t in transitions]
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )


class PeriodForm(forms.Form):
    """A reporting period and currency for the figures pages; with ``user``, also one of the units
    the user sees (the central union picks a province)."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    currency = forms.ChoiceField(label=_("Currency"), choices=ReportingCurrency.choices, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["unit"] = forms.ModelChoiceField(
                label=_("Unit"), queryset=unit_list(user=user), required=False, widget=forms.Select
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel (.xlsx) or CSV file"))
