"""Units and memberships for tests."""

import factory
from django.contrib.auth import get_user_model

from amity.core.roles import Role, UnitKind
from amity.units.models import Membership, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    """A member association; give ``parent`` to place it in a tree."""

    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Hội hữu nghị số {n}")
    kind = UnitKind.ASSOCIATION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user-{n}")
    first_name = "Lan"
    last_name = factory.Sequence(lambda n: f"Nguyễn {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.VIEWER
