from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from amity.aid.forms import AidItemForm
from amity.awards.forms import AwardForm
from amity.core.forms import AmityModelForm, DateInput
from amity.plans.forms import PlanForm

from . import services
from .choices import Target
from .intake import from_paste, from_upload
from .models import Article


class ArticleForm(AmityModelForm):
    """An article pasted or uploaded (.txt, .html, .docx, .pdf); the language may be left empty
    to be detected."""

    file = forms.FileField(
        label=_("or upload a file"), required=False, help_text=_(".txt, .html, .docx or a PDF with text; up to 5 MB.")
    )

    class Meta:
        model = Article
        fields = [
            "unit",
            "title",
            "outlet",
            "url",
            "published_on",
            "author",
            "language",
            "tags",
            "text",
            "partners",
            "activities",
            "aid_items",
            "awards",
            "plans",
        ]
        widgets = {"published_on": DateInput(), "text": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["language"].required = False
        self.intake = None

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text") or ""
        try:
            if upload:
                self.intake = from_upload(upload)
            elif text.strip() or not self.instance.pk:
                self.intake = from_paste(text)
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned

    def service_data(self) -> dict:
        data = super().service_data()
        if self.intake is not None:
            data["text"] = self.intake.text
            data["source_format"] = self.intake.source_format
            data["source_name"] = self.intake.source_name
        else:
            data.pop("text", None)
        return data


class FactDecisionForm(forms.Form):
    """Accept (into a new record or one chosen by its number) or reject one fact."""

    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("reject", _("Reject"))])
    target = forms.ChoiceField(choices=Target.choices, required=False)
    record = forms.IntegerField(required=False, label=_("existing record number"))
    metric = forms.IntegerField(required=False, label=_("metric"))
    corrected = forms.JSONField(required=False, label=_("corrected value"))


class AidItemFromFactForm(AidItemForm):
    """A new aid item from a money fact: the aid module's own form, plus the date of the
    commitment the amount becomes."""

    committed_on = forms.DateField(label=_("committed on"), widget=DateInput())

    def service_data(self) -> dict:
        return {**super().service_data(), "committed_on": self.cleaned_data["committed_on"]}


#: The form that asks what a fact does not say, for each record a fact may become.
RECORD_FORMS = {Target.AID_ITEM: AidItemFromFactForm, Target.PLAN: PlanForm, Target.AWARD: AwardForm}


def record_form(*, fact, target: str, user, data=None, fill: bool = False):
    """The form of a new ``target`` record from ``fact``, prefilled with what the fact and its
    article say. ``fill``: what ``data`` leaves out is taken from them (the API sends only what
    it changes; a screen sends the whole form)."""
    initial = services.fact_record_initial(fact, target)
    if data is not None and fill:
        given = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in initial.items() if v is not None}
        data = {**given, **data}
    return RECORD_FORMS[target](data, user=user, initial=initial)
