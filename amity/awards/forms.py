from amity.core.forms import AmityModelForm, DateInput

from .models import Award, AwardType, Decision, Nomination


class AwardTypeForm(AmityModelForm):
    class Meta:
        model = AwardType
        fields = ["name", "kind", "conferred_by", "description"]


class NominationForm(AmityModelForm):
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
            "status",
        ]
        widgets = {"proposed_on": DateInput()}


class DecisionForm(AmityModelForm):
    class Meta:
        model = Decision
        fields = ["unit", "award_type", "number", "decided_on", "issuing_body", "ceremony", "notes"]
        widgets = {"decided_on": DateInput()}


class AwardForm(AmityModelForm):
    class Meta:
        model = Award
        fields = ["decision", "person", "organisation", "origin", "nomination", "citation"]
