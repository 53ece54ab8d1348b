from django import forms
from django.utils.translation import gettext_lazy as _

from amity.core.dates import PartialDateFormMixin
from amity.core.forms import AmityModelForm, DateInput, NationalOrUnitFormMixin, currency_field
from amity.core.pickers import use_autocomplete
from amity.registry.models import Person

from .metrics import computed_choices
from .models import Congress, ElectedBody, ElectedRole, Metric, NationalTerm, StatedFigure
from .selectors import metric_choices

NATIONAL_LABEL = _("National catalogue")
NATIONAL_REFUSED = _("Only the central union adds to the national catalogue: choose the union whose metric it is.")

SOURCE_INPUTS = ["source_kind", "source_title", "source_number", "source_date", "source_url"]


def date_widgets(*names):
    return {name: DateInput() for name in names}


class CongressForm(PartialDateFormMixin, AmityModelForm):
    partial_dates = ("held_on", "source_date")

    class Meta:
        model = Congress
        fields = [
            "unit",
            "ordinal",
            "held_on",
            "place",
            "delegates",
            "term_start",
            "term_end",
            "resolution",
            "document",
            *SOURCE_INPUTS,
            "notes",
        ]
        widgets = date_widgets("term_start", "term_end")


class ElectedBodyForm(AmityModelForm):
    class Meta:
        model = ElectedBody
        fields = ["congress", "kind", "size", "notes"]


class ElectedRoleForm(AmityModelForm):
    """A person elected to a body; added from the body (``?body=``), the role starts by default on
    the day its congress was held, so a committee of 35 is not 35 dates typed."""

    class Meta:
        model = ElectedRole
        fields = ["body", "person", "position", "start", "end", "replaces", "notes"]
        widgets = date_widgets("start", "end")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.initial_record("body")
        if body is not None and not self.initial.get("start"):
            self.initial["start"] = body.congress.held_on


class ElectedRoleReplaceForm(forms.Form):
    """Who takes over a role during the term, and from which day."""

    person = forms.ModelChoiceField(label=_("New holder"), queryset=Person.objects.none())
    on = forms.DateField(label=_("From"), widget=DateInput())
    notes = forms.CharField(label=_("Notes"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.restrict(user).order_by("full_name")
        use_autocomplete(self.fields)  # typed, not chosen among every person the user sees
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )


class RosterForm(forms.Form):
    """A body's people as the congress announced them, one a line, and the day their roles start
    (the congress's, unless said otherwise)."""

    lines = forms.CharField(
        label=_("People, one a line"),
        widget=forms.Textarea(attrs={"rows": 12, "class": "form-control"}),
        help_text=_(
            "As the congress announced them: “Nguyễn Văn A – Chủ tịch”, “Trần Thị B, Phó Chủ tịch”; "
            "a line with no position is a member."
        ),
    )
    start = forms.DateField(label=_("From"), widget=DateInput(attrs={"class": "form-control"}))


class MetricForm(NationalOrUnitFormMixin, AmityModelForm):
    national_label = NATIONAL_LABEL
    national_refused = NATIONAL_REFUSED
    computed = forms.ChoiceField(label=_("Computed from records by"), choices=computed_choices, required=False)

    class Meta:
        model = Metric
        fields = [
            "unit",
            "code",
            "name_vi",
            "name_en",
            "name_zh",
            "name_ru",
            "kind",
            "measure",
            "allows_approximate",
            "computed",
            "description",
        ]


class StatedFigureForm(PartialDateFormMixin, AmityModelForm):
    """A figure as the union states it; dates as precise as the source (5/2023, 2023)."""

    partial_dates = ("period_start", "period_end", "as_of", "source_date")
    currency = currency_field()

    class Meta:
        model = StatedFigure
        fields = [
            "unit",
            "metric",
            "qualifier",
            "value",
            "currency",
            "congress",
            "period_start",
            "period_end",
            "as_of",
            *SOURCE_INPUTS,
            "notes",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["metric"].queryset = metric_choices(user=user)
        self.fields["currency"].required = False


class NationalTermForm(AmityModelForm):
    class Meta:
        model = NationalTerm
        fields = ["start", "end"]
        widgets = date_widgets("start", "end")


class RollupForm(forms.Form):
    """A metric, a period and the day whose unions group the rows."""

    metric = forms.ModelChoiceField(label=_("Metric"), queryset=Metric.objects.none())
    start = forms.DateField(label=_("Period from"), widget=DateInput())
    end = forms.DateField(label=_("Period to"), widget=DateInput())
    currency = forms.ChoiceField(label=_("Currency"), choices=[("USD", "USD"), ("VND", "VND")], required=False)
    day = forms.DateField(label=_("Unions as on"), widget=DateInput(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].queryset = metric_choices(user=user)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts."))
        return data
