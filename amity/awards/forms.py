from django import forms
from django.utils.translation import gettext_lazy as _

from amity.core.dates import PartialDateFormMixin
from amity.core.forms import AmityModelForm, DateInput, NationalOrUnitFormMixin
from amity.core.pickers import use_autocomplete
from amity.registry.models import Organisation, Person

from .choices import RecipientOrigin
from .models import Award, AwardType, Decision, Nomination
from .selectors import award_type_choices, decision_list


class AwardTypeChoiceMixin:
    """The award type offers the national ones and the user's unions' own, not another province's."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["award_type"].queryset = award_type_choices(user=user)


NATIONAL_LABEL = _("National (conferred across the unions)")
NATIONAL_REFUSED = _("Only the central union records a national award type: choose the union whose award it is.")


class AwardTypeForm(NationalOrUnitFormMixin, AmityModelForm):
    """The unit offers the unions the user administers; "national" only to central administrators."""

    national_label = NATIONAL_LABEL
    national_refused = NATIONAL_REFUSED

    class Meta:
        model = AwardType
        fields = ["unit", "name", "kind", "conferred_by", "description"]


class NominationForm(AwardTypeChoiceMixin, AmityModelForm):
    class Meta:
        model = Nomination
        fields = [
            "unit",
            "award_type",
            "person",
            "organisation",
            "origin",
            "proposer",
            "proposed_on",
            "reason",
        ]
        widgets = {"proposed_on": DateInput()}


class DecisionForm(PartialDateFormMixin, AwardTypeChoiceMixin, AmityModelForm):
    partial_dates = ("decided_on",)

    class Meta:
        model = Decision
        fields = ["unit", "award_type", "number", "decided_on", "issuing_body", "ceremony", "notes"]


class AwardForm(AmityModelForm):
    class Meta:
        model = Award
        fields = ["decision", "person", "organisation", "origin", "nomination", "citation"]


class StyledForm(forms.Form):
    """A plain form whose widgets carry the Bootstrap classes the model forms get."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            multiple = isinstance(field.widget, forms.SelectMultiple)
            css = "form-select" if isinstance(field.widget, forms.Select) or multiple else "form-control"
            field.widget.attrs.setdefault("class", css)


class NominationApproveForm(StyledForm):
    """Approve a nomination by placing the nominee in a decision conferring the proposed award."""

    decision = forms.ModelChoiceField(label=_("Decision"), queryset=Decision.objects.none())
    citation = forms.CharField(label=_("Citation"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decision_list(user=user, action="change").filter(
            award_type=nomination.award_type_id
        )
        self.fields["decision"].help_text = _("Decisions conferring %(award)s that you may change.") % {
            "award": nomination.award_type
        }


class NominationReasonForm(StyledForm):
    """The reason for rejecting (required by the service) or withdrawing (optional) a nomination."""

    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, nomination=None, **kwargs):
        super().__init__(*args, **kwargs)


class RecipientsAddForm(StyledForm):
    """Several people and organisations of the registry (in the user's scope) for one decision."""

    people = forms.ModelMultipleChoiceField(label=_("Individuals"), queryset=Person.objects.none(), required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Collectives"), queryset=Organisation.objects.none(), required=False
    )
    origin = forms.ChoiceField(
        label=_("Recipients are"),
        choices=[("", _("As recorded in the registry")), *RecipientOrigin.choices],
        required=False,
    )
    citation = forms.CharField(label=_("Citation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Person.objects.restrict(user).order_by("full_name")
        self.fields["organisations"].queryset = Organisation.objects.restrict(user).order_by("name")
        use_autocomplete(self.fields)

    def rows(self) -> list[dict]:
        """One row per chosen recipient, people first, for ``services.awards_add``."""
        data = self.cleaned_data
        common = {"origin": data["origin"], "citation": data["citation"]}
        return [{"person": p, **common} for p in data["people"]] + [
            {"organisation": o, **common} for o in data["organisations"]
        ]
