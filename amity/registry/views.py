from amity.audit.services import personal_access_record
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
    template_name = "registry/organisation_detail.html"

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = self.object
        ctx.update(
            memberships=org.memberships.select_related("person"),
            branches=org.branches.restrict(self.request.user),
            relations=OrganisationRelation.objects.filter(source=org).select_related("target")
            | OrganisationRelation.objects.filter(target=org).select_related("source"),
            agreements=org.agreements.all(),
            registrations=org.registrations.prefetch_related("provinces"),
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

    def get_queryset(self):
        return selectors.person_list(user=self.request.user)

    def render_to_response(self, context, **kwargs):
        table = context.get("table")
        if table is not None and self.request.GET.get("export") not in self.export_formats:
            people = [row.record for row in table.paginated_rows]
            if people:
                personal_access_record(
                    actor=self.request.user,
                    model=Person,
                    kind="list",
                    records=people,
                    query=self.request.GET.urlencode(),
                )
        return super().render_to_response(context, **kwargs)


class PersonDetailView(ObjectDetailView):
    model = Person
    template_name = "registry/person_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        personal_access_record(
            actor=self.request.user, model=Person, kind="detail", records=[self.object], query=f"pk={self.object.pk}"
        )
        return ctx


class PersonEditView(ObjectEditView):
    model = Person
    form_class = forms.PersonForm
    create_service = staticmethod(services.person_create)


class AgreementListView(ObjectListView):
    model = Agreement
    filterset_class = filtersets.AgreementFilterSet
    table_class = tables.AgreementTable

    def get_queryset(self):
        return selectors.agreement_list(user=self.request.user)


class AgreementDetailView(ObjectDetailView):
    model = Agreement
    template_name = "core/object_detail.html"


class AgreementEditView(ObjectEditView):
    model = Agreement
    form_class = forms.AgreementForm


class OrganisationMembershipListView(ObjectListView):
    model = OrganisationMembership
    filterset_class = filtersets.OrganisationMembershipFilterSet
    table_class = tables.OrganisationMembershipTable
    base_queryset = OrganisationMembership.objects.select_related("person", "organisation")


class OrganisationMembershipDetailView(ObjectDetailView):
    model = OrganisationMembership
    template_name = "core/object_detail.html"


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
    template_name = "core/object_detail.html"


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
    template_name = "core/object_detail.html"


class NGORegistrationEditView(ObjectEditView):
    model = NGORegistration
    form_class = forms.NGORegistrationForm
