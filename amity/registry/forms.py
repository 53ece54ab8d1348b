from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from amity.core.dates import PartialDateFormMixin
from amity.core.forms import AmityModelForm, DateInput

from .models import Agreement, NGORegistration, Organisation, OrganisationMembership, OrganisationRelation, Person
from .selectors import person_current_membership


class OrganisationForm(AmityModelForm):
    class Meta:
        model = Organisation
        fields = [
            "unit",
            "kind",
            "name",
            "name_original",
            "short_name",
            "country",
            "partner_country",
            "province",
            "parent",
            "city",
            "address",
            "website",
            "email",
            "phone",
            "founded_on",
            "member_count",
            "notes",
        ]
        widgets = {"founded_on": DateInput()}


class PersonForm(AmityModelForm):
    """A person and where they work or are a member: the organisation is kept as a membership
    (``services.person_organisation_change``); the form shows the person's current one."""

    organisation = forms.ModelChoiceField(
        Organisation.objects.all(),
        required=False,
        label=capfirst(_("organisation")),
        help_text=_(
            "Where the person works or is a member, from today. Another organisation ends the membership "
            "shown here; the person's other memberships stay."
        ),
    )
    field_order = ["unit", "full_name", "name_original", "kind", "sex", "birth_year", "country", "position"]
    field_order += ["organisation"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.membership_shown = person_current_membership(user=user, person=self.instance) if self.instance.pk else None
        if self.membership_shown is not None and not self.is_bound:
            self.initial["organisation"] = self.membership_shown.organisation_id

    def clean_organisation(self):
        """Only an organisation the user may add members to (as the membership form offers)."""
        organisation = self.cleaned_data.get("organisation")
        unchanged = self.membership_shown is not None and organisation == self.membership_shown.organisation
        if organisation is not None and not unchanged:
            if not Organisation.objects.restrict(self.user, "add").filter(pk=organisation.pk).exists():
                raise forms.ValidationError(_("You may not add members to this organisation."))
        return organisation

    class Meta:
        model = Person
        fields = [
            "unit",
            "full_name",
            "name_original",
            "kind",
            "sex",
            "birth_year",
            "country",
            "position",
            "email",
            "phone",
            "notes",
        ]


class OrganisationQuickForm(AmityModelForm):
    """What a new organisation needs when added from another form's picker (a donor, a partner)."""

    typed_field = "name"

    class Meta:
        model = Organisation
        fields = ["unit", "kind", "name", "name_original", "country"]


class PersonQuickForm(AmityModelForm):
    """What a new person needs when added from another form's picker (a delegation's member)."""

    typed_field = "full_name"

    class Meta:
        model = Person
        fields = ["unit", "full_name", "name_original", "kind", "country", "position"]


class AgreementForm(PartialDateFormMixin, AmityModelForm):
    partial_dates = ("signed_on",)

    class Meta:
        model = Agreement
        fields = [
            "unit",
            "kind",
            "title",
            "parties",
            "signed_on",
            "signed_at",
            "term_start",
            "term_end",
            "status",
            "renewal_due",
            "mfa_consulted_on",
            "reported_on",
            "document",
            "notes",
        ]
        widgets = {f: DateInput() for f in ["term_start", "term_end", "renewal_due", "mfa_consulted_on", "reported_on"]}


class OrganisationMembershipForm(AmityModelForm):
    class Meta:
        model = OrganisationMembership
        fields = ["organisation", "person", "role", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}


class OrganisationRelationForm(AmityModelForm):
    class Meta:
        model = OrganisationRelation
        fields = ["source", "kind", "target", "since", "until", "notes"]
        widgets = {"since": DateInput(), "until": DateInput()}


class NGORegistrationForm(AmityModelForm):
    class Meta:
        model = NGORegistration
        fields = [
            "organisation",
            "kind",
            "number",
            "issued_on",
            "valid_from",
            "valid_until",
            "provinces",
            "fields_of_work",
        ]
        widgets = {f: DateInput() for f in ["issued_on", "valid_from", "valid_until"]}
