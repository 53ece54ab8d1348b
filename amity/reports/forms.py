from django import forms
from django.utils.translation import gettext_lazy as _

from amity.core.forms import AmityModelForm, DateInput

from .choices import RenderFormat, ReportKind
from .content import narrative_keys
from .models import Report

NARRATIVE_PREFIX = "narrative_"


class ReportForm(AmityModelForm):
    """The report's header fields, plus one text box per section of its template."""

    class Meta:
        model = Report
        fields = [
            "unit",
            "kind",
            "title",
            "period_start",
            "period_end",
            "plan",
            "rollup_on",
            "status",
            "language",
            "currency",
            "superior_body",
            "issuing_body",
            "number",
            "place",
            "issued_on",
            "recipients",
            "signer_authority",
            "signer_position",
            "signer_name",
        ]
        widgets = {f: DateInput() for f in ["period_start", "period_end", "rollup_on", "issued_on"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].widget.attrs["rows"] = 4
        for name in ("period_start", "period_end"):  # a term report takes its congress's term
            self.fields[name].required = False
        self.fields["period_start"].help_text = _("For a term report: any day of the term; the period is the term's.")
        kind = self.instance.kind if self.instance.pk else None
        if kind:
            self.fields["kind"].disabled = True
            for key, heading in narrative_keys(kind):
                self.fields[NARRATIVE_PREFIX + key] = forms.CharField(
                    label=heading,
                    required=False,
                    initial=(self.instance.narratives or {}).get(key, ""),
                    widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
                )

    def clean(self):
        data = super().clean()
        if data.get("kind", self.instance.kind) != ReportKind.TERM:
            for name in ("period_start", "period_end"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, forms.Field.default_error_messages["required"])
        return data

    def service_data(self) -> dict:
        data = super().service_data()
        narratives = {
            name[len(NARRATIVE_PREFIX) :]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(NARRATIVE_PREFIX)
        }
        if self.instance.pk:
            data["narratives"] = narratives
        return data


class RenderForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=RenderFormat.choices)
