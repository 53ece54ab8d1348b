from datetime import date

from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amity.core.dates import PartialDate, PartialDateError, PartialDateFormMixin, parse_partial_date
from amity.core.forms import AmityModelForm, DateInput
from amity.geo.selectors import province_choices

from .choices import ItemKind
from .models import Activity, ActivityAttachment, DiplomaticRelation, NationalDay, ReminderPreference
from .services import interface_language


class ActivityForm(PartialDateFormMixin, AmityModelForm):
    partial_dates = ("start_date",)
    plain_choices = ("places",)  # the provinces of the start date, re-rendered when it changes

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
        widgets = {
            # a new date re-renders the place choices with the provinces of that date (ActivityPlacesView)
            "start_date": forms.TextInput(
                attrs={
                    "hx-get": reverse_lazy("activities:activity_places"),
                    "hx-trigger": "change",
                    "hx-target": "#id_places",
                    "hx-swap": "outerHTML",
                    "hx-include": "#id_places",
                }
            ),
            "end_date": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("places", "agreements"):
            self.fields[name].widget.attrs["size"] = 6
        places = self.fields["places"]
        # any province is accepted, so that one of another date is refused by the service naming the
        # right unit; the choices offered are those of the start date (today's without one)
        places.queryset = places.queryset.filter(level="province")
        places.widget.choices = [(p.pk, places.label_from_instance(p)) for p in province_choices(day=self.places_day())]

    def places_day(self) -> date:
        """The day whose provinces are offered: the start date typed, or the record's, else today."""
        value = self.data.get(self.add_prefix("start_date")) if self.is_bound else self.initial.get("start_date")
        if isinstance(value, PartialDate | date):
            return value.start if isinstance(value, PartialDate) else value
        try:
            return parse_partial_date(value).start if value else timezone.localdate()
        except PartialDateError:
            return timezone.localdate()


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
