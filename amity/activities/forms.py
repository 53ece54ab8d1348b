from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from amity.core.forms import AmityModelForm, DateInput

from .choices import ItemKind
from .models import Activity, ActivityAttachment, DiplomaticRelation, NationalDay, ReminderPreference
from .services import interface_language


class ActivityForm(AmityModelForm):
    class Meta:
        model = Activity
        fields = [
            "unit",
            "type",
            "title",
            "start_date",
            "end_date",
            "places",
            "venue",
            "countries",
            "foreign_cities",
            "organisers",
            "partners",
            "leader",
            "members",
            "participants",
            "purpose",
            "outcomes",
            "agreements",
            "notes",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("countries", "places", "organisers", "partners", "members", "agreements"):
            self.fields[name].widget.attrs["size"] = 6
        self.fields["places"].queryset = self.fields["places"].queryset.filter(level="province")


class ActivityAttachmentForm(AmityModelForm):
    class Meta:
        model = ActivityAttachment
        fields = ["activity", "kind", "file", "caption"]


class DiplomaticRelationForm(AmityModelForm):
    class Meta:
        model = DiplomaticRelation
        fields = ["country", "established_on", "precision", "source_url", "note"]
        widgets = {"established_on": DateInput()}


class NationalDayForm(AmityModelForm):
    class Meta:
        model = NationalDay
        fields = ["country", "name", "month", "day", "note"]


class ReminderPreferenceForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("remind me of"), choices=ItemKind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = ReminderPreference
        fields = ["enabled", "kinds", "days_ahead", "email", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.required = True
        language.choices = settings.LANGUAGES
        language.help_text = ""
        if not self.instance.language:  # a preference made before languages were kept: offer the current one
            self.initial["language"] = interface_language()
        language.widget.attrs["class"] = "form-select"
        self.fields["days_ahead"].widget.attrs["class"] = "form-control"
        self.fields["email"].widget.attrs["class"] = "form-control"
        self.fields["enabled"].widget.attrs["class"] = "form-check-input"
