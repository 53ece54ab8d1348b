from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from amity.core.currencies import ReportingCurrency
from amity.core.forms import AmityModelForm, DateInput, currency_field
from amity.core.pickers import narrow
from amity.core.querysets import may_write_for_units
from amity.core.roles import Role
from amity.core.uploads import TableUploadField
from amity.geo.models import AdminUnit
from amity.units.forms import RollupDayField, pick_unit_by_typing
from amity.units.models import Unit
from amity.units.selectors import unit_list

from .choices import HISTORIC_STATUSES, TRANSITION_FIELDS, AidStatus
from .models import (
    AidDocument,
    AidDonor,
    AidItem,
    AidTransaction,
    Workflow,
    WorkflowStep,
    WorkflowTransition,
    workflow_overlap_check,
)
from .querysets import WORKFLOW_UNITS_MESSAGE


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
        narrow(self.fields["locations"], level__in=[AdminUnit.Level.PROVINCE, AdminUnit.Level.COMMUNE])


class AidRecordedAfterwardsForm(AidItemForm):
    """Aid decided before today's workflow existed, entered with the status and decision it has had
    since (``services.aid_item_record_afterwards``)."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[(s.value, s.label) for s in AidStatus if s in HISTORIC_STATUSES]
    )

    class Meta(AidItemForm.Meta):
        fields = [*AidItemForm.Meta.fields[:3], "decision_number", "decision_date", *AidItemForm.Meta.fields[3:]]
        widgets = {**AidItemForm.Meta.widgets, "decision_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].required = True

    def service_data(self) -> dict:
        return {**super().service_data(), "status": self.cleaned_data["status"]}


class AidDonorForm(AmityModelForm):
    class Meta:
        model = AidDonor
        fields = ["item", "organisation", "share"]


class AidTransactionForm(AmityModelForm):
    currency = currency_field()

    class Meta:
        model = AidTransaction
        fields = ["item", "kind", "date", "amount", "currency", "donor", "description"]
        widgets = {"date": DateInput()}


class DonorSharesForm(forms.Form):
    """The shares of all an item's donors at once, one field a donor (empty: equal shares)."""

    def __init__(self, *args, links, **kwargs):
        super().__init__(*args, **kwargs)
        self.links = list(links)
        for link in self.links:
            self.fields[f"share_{link.pk}"] = forms.DecimalField(
                label=str(link.organisation),
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=2,
                max_digits=5,
                initial=link.share,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
            )

    def shares(self) -> dict:
        return {link.pk: self.cleaned_data.get(f"share_{link.pk}") for link in self.links}


class AidDocumentForm(AmityModelForm):
    class Meta:
        model = AidDocument
        fields = ["item", "title", "date", "file", "url"]
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
    the user sees (the central union picks a province), ``unit`` the one the page shows."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    currency = forms.ChoiceField(label=_("Currency"), choices=ReportingCurrency.choices, required=False)
    day = RollupDayField()

    def __init__(self, *args, user=None, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["unit"] = forms.ModelChoiceField(
                label=_("Unit"), queryset=unit_list(user=user), required=False, widget=forms.Select
            )
            pick_unit_by_typing(self.fields, unit=unit)
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
    file = TableUploadField()


def workflow_units_check(*, user, units) -> None:
    """Refuse a workflow for units ``user`` does not administer, or a national one (no units) from
    anyone but the central union; the form, the copy action and the API serializer all call it."""
    if not may_write_for_units(user, [unit.pk for unit in units]):
        raise ValidationError(WORKFLOW_UNITS_MESSAGE, code="units")


class WorkflowForm(AmityModelForm):
    """The units offered are those the user administers; none (national) only for the central union."""

    class Meta:
        model = Workflow
        fields = ["name", "legal_basis", "valid_from", "valid_to", "units", "notes"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["units"]
        field.queryset = unit_list(user=user, action="manage")
        if not may_write_for_units(user, ()):
            field.required = True
            field.help_text = _("The units this workflow applies to, with their subtrees.")

    def clean_units(self):
        units = list(self.cleaned_data.get("units") or [])
        workflow_units_check(user=self.user, units=units)
        return units

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                workflow_overlap_check(
                    valid_from=data.get("valid_from"),
                    valid_to=data.get("valid_to"),
                    units=data.get("units") or [],
                    exclude_pk=self.instance.pk,
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


class _WorkflowPartForm(AmityModelForm):
    """A step or transition goes only into a workflow the user may write, and stays in it."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["workflow"]
        field.queryset = Workflow.objects.restrict(user, "change")
        if self.instance.pk:
            field.disabled = True


class WorkflowStepForm(_WorkflowPartForm):
    class Meta:
        model = WorkflowStep
        fields = ["workflow", "status", "body", "deadline_days"]


class WorkflowTransitionForm(_WorkflowPartForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles allowed"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    required_fields = forms.MultipleChoiceField(
        label=_("Required data"),
        choices=list(TRANSITION_FIELDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WorkflowTransition
        fields = ["workflow", "from_status", "to_status", "roles", "required_fields"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in ("roles", "required_fields"):
            self.fields[name].widget.attrs.pop("class", None)


class WorkflowCopyForm(forms.Form):
    """The unit a copy of a workflow is made for: one the user administers."""

    unit = forms.ModelChoiceField(label=_("For"), queryset=Unit.objects.none(), empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = workflow_copy_units(user)
        self.fields["unit"].widget.attrs["class"] = "form-select form-select-sm"

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        workflow_units_check(user=self.user, units=[unit])
        return unit


def workflow_copy_units(user):
    """The units a user may copy a workflow for: those where they hold the administrator role."""
    return Unit.objects.filter(
        memberships__user=user,
        memberships__role=Role.ADMIN,
        memberships__deleted_at__isnull=True,
        deleted_at__isnull=True,
    ).distinct()
