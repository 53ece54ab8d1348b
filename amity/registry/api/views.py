from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from amity.core.api import AmityViewSet
from amity.core.replica import reads_from_replica
from amity.units.forms import FIGURES_PARAMETERS, figures_query

from .. import filtersets, selectors, services
from ..models import Agreement, NGORegistration, Organisation, OrganisationMembership, OrganisationRelation, Person
from . import serializers


class OrganisationViewSet(AmityViewSet):
    queryset = Organisation.objects.select_related("country", "partner_country", "province")
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filtersets.OrganisationFilterSet
    ordering_fields = ["name", "kind", "created", "updated"]
    create_service = staticmethod(services.organisation_create)
    update_service = staticmethod(services.organisation_update)


class PersonViewSet(AmityViewSet):
    queryset = Person.objects.select_related("country")
    serializer_class = serializers.PersonSerializer
    filterset_class = filtersets.PersonFilterSet
    ordering_fields = ["full_name", "created", "updated"]
    create_service = staticmethod(services.person_create)


class AgreementViewSet(AmityViewSet):
    queryset = Agreement.objects.all()
    serializer_class = serializers.AgreementSerializer
    filterset_class = filtersets.AgreementFilterSet
    ordering_fields = ["signed_on", "title", "renewal_due"]


class OrganisationMembershipViewSet(AmityViewSet):
    queryset = OrganisationMembership.objects.all()
    serializer_class = serializers.OrganisationMembershipSerializer
    filterset_class = filtersets.OrganisationMembershipFilterSet
    ordering_fields = ["start", "end"]


class OrganisationRelationViewSet(AmityViewSet):
    queryset = OrganisationRelation.objects.all()
    serializer_class = serializers.OrganisationRelationSerializer
    filterset_class = filtersets.OrganisationRelationFilterSet
    ordering_fields = ["since", "kind"]


class NGORegistrationViewSet(AmityViewSet):
    queryset = NGORegistration.objects.all()
    serializer_class = serializers.NGORegistrationSerializer
    filterset_class = filtersets.NGORegistrationFilterSet
    ordering_fields = ["valid_until", "number"]


@reads_from_replica
@extend_schema(parameters=FIGURES_PARAMETERS, responses=dict)
@api_view(["GET"])
def figures(request):
    """Organisations, friendship associations, members and agreements signed, by union of ``day``."""
    return Response(selectors.registry_figures(user=request.user, **figures_query(request)))
