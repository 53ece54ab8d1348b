from amity.audit.services import names_shown_record
from amity.core.views import ObjectDetailView, ObjectEditView, ObjectListView

from . import filtersets, forms, selectors, services, tables
from .models import Agreement, NGORegistration, Organisation, OrganisationMembership, OrganisationRelation, Person


class OrganisationListView(ObjectListView):
    model = Organisation
    filterset_class = filtersets.OrganisationFilterSet
    table_class = tables.OrganisationTable

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)


class OrganisationDetailView(ObjectDetailView):
    model = Organisation

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org, user = self.object, self.request.user
        memberships = list(selectors.membership_list(user=user).filter(organisation=org))
        names_shown_record(
            actor=user, people=[m.person for m in memberships if m.person_visible], query=f"organisation={org.pk}"
        )
        ctx.update(
            memberships=memberships,
            branches=org.branches.restrict(user),
            relations=selectors.relations_of(user=user, organisation=org),
            agreements=org.agreements.restrict(user),
            registrations=org.registrations.restrict(user).prefetch_related("provinces"),
        )
        return ctx


class OrganisationEditView(ObjectEditView):
    model = Organisation
    form_class = forms.OrganisationForm
    create_service = staticmethod(services.organisation_create)
    update_service = staticmethod(services.organisation_update)


class PersonListView(ObjectListView):
    """People are seen only where their personal data may be, so a page of them is a view of
    personal data: logged with the units of the people on it."""

    model = Person
    filterset_class = filtersets.PersonFilterSet
    table_class = tables.PersonTable
    personal_data = True
    names_via = ""

    def get_queryset(self):
        return selectors.person_list_with_organisations(user=self.request.user)


class PersonDetailView(ObjectDetailView):
    model = Person
    names_via = ""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["memberships"] = self.object.memberships.restrict(self.request.user).select_related("organisation")
        return ctx


class PersonEditView(ObjectEditView):
    model = Person
    form_class = forms.PersonForm

    def save(self, form):
        """The person, and the organisation the form names (a membership)."""
        actor, data, organisation = self.request.user, form.service_data(), form.cleaned_data["organisation"]
        if self.object is None:
            return services.person_create(actor=actor, data=data, organisation=organisation)
        return services.person_update(
            actor=actor,
            instance=self.object,
            data=data,
            organisation=organisation,
            replacing=form.membership_shown,
            expected_version=form.cleaned_data.get("version"),
        )


class AgreementListView(ObjectListView):
    model = Agreement
    filterset_class = filtersets.AgreementFilterSet
    table_class = tables.AgreementTable

    def get_queryset(self):
        return selectors.agreement_list(user=self.request.user)


class AgreementDetailView(ObjectDetailView):
    model = Agreement


class AgreementEditView(ObjectEditView):
    model = Agreement
    form_class = forms.AgreementForm


class OrganisationMembershipListView(ObjectListView):
    """Each row names a person: the name only where the user may see it, and logged there."""

    model = OrganisationMembership
    filterset_class = filtersets.OrganisationMembershipFilterSet
    table_class = tables.OrganisationMembershipTable
    personal_data = True
    names_via = "person"

    def get_queryset(self):
        return selectors.membership_list(user=self.request.user)


class OrganisationMembershipDetailView(ObjectDetailView):
    model = OrganisationMembership
    hidden_fields = ("person",)  # shown above the fields, only where the user may see the name
    names_via = "person"

    def get_queryset(self):
        return selectors.membership_list(user=self.request.user)


class OrganisationMembershipEditView(ObjectEditView):
    model = OrganisationMembership
    form_class = forms.OrganisationMembershipForm


class OrganisationRelationListView(ObjectListView):
    model = OrganisationRelation
    filterset_class = filtersets.OrganisationRelationFilterSet
    table_class = tables.OrganisationRelationTable
    base_queryset = OrganisationRelation.objects.select_related("source", "target")


class OrganisationRelationDetailView(ObjectDetailView):
    model = OrganisationRelation


class OrganisationRelationEditView(ObjectEditView):
    model = OrganisationRelation
    form_class = forms.OrganisationRelationForm


class NGORegistrationListView(ObjectListView):
    model = NGORegistration
    filterset_class = filtersets.NGORegistrationFilterSet
    table_class = tables.NGORegistrationTable
    base_queryset = NGORegistration.objects.select_related("organisation")


class NGORegistrationDetailView(ObjectDetailView):
    model = NGORegistration


class NGORegistrationEditView(ObjectEditView):
    model = NGORegistration
    form_class = forms.NGORegistrationForm
