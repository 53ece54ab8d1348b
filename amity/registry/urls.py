from amity.core.urls import object_urls

from . import views
from .models import Agreement, NGORegistration, Organisation, OrganisationMembership, OrganisationRelation, Person

app_name = "registry"

urlpatterns = [
    *object_urls(
        Organisation,
        prefix="organisations",
        list_view=views.OrganisationListView,
        detail_view=views.OrganisationDetailView,
        edit_view=views.OrganisationEditView,
    ),
    *object_urls(
        Person,
        prefix="people",
        list_view=views.PersonListView,
        detail_view=views.PersonDetailView,
        edit_view=views.PersonEditView,
    ),
    *object_urls(
        Agreement,
        prefix="agreements",
        list_view=views.AgreementListView,
        detail_view=views.AgreementDetailView,
        edit_view=views.AgreementEditView,
    ),
    *object_urls(
        OrganisationMembership,
        prefix="memberships",
        list_view=views.OrganisationMembershipListView,
        detail_view=views.OrganisationMembershipDetailView,
        edit_view=views.OrganisationMembershipEditView,
    ),
    *object_urls(
        OrganisationRelation,
        prefix="relations",
        list_view=views.OrganisationRelationListView,
        detail_view=views.OrganisationRelationDetailView,
        edit_view=views.OrganisationRelationEditView,
    ),
    *object_urls(
        NGORegistration,
        prefix="ngo-registrations",
        list_view=views.NGORegistrationListView,
        detail_view=views.NGORegistrationDetailView,
        edit_view=views.NGORegistrationEditView,
    ),
]
