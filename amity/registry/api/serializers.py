from amity.core.api import AmitySerializer
from amity.core.dates import PartialDateSerializerMixin

from ..models import Agreement, NGORegistration, Organisation, OrganisationMembership, OrganisationRelation, Person


class OrganisationSerializer(AmitySerializer):
    class Meta:
        model = Organisation
        exclude = ["deleted_at", "search_name"]


class PersonSerializer(AmitySerializer):
    class Meta:
        model = Person
        exclude = ["deleted_at", "search_name"]


class AgreementSerializer(PartialDateSerializerMixin, AmitySerializer):
    partial_dates = ("signed_on",)

    class Meta:
        model = Agreement
        exclude = ["deleted_at", "search_name"]


class OrganisationMembershipSerializer(AmitySerializer):
    class Meta:
        model = OrganisationMembership
        exclude = ["deleted_at"]


class OrganisationRelationSerializer(AmitySerializer):
    class Meta:
        model = OrganisationRelation
        exclude = ["deleted_at"]


class NGORegistrationSerializer(AmitySerializer):
    class Meta:
        model = NGORegistration
        exclude = ["deleted_at"]
