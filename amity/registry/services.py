"""Writes of the partners registry. Each takes the acting user; callers have checked the right."""

from django.db import transaction

from amity.core.services import model_create, model_update

from .models import Organisation, OrganisationMembership, Person


@transaction.atomic
def organisation_create(*, actor, data: dict) -> Organisation:
    return model_create(model=Organisation, data=data, actor=actor)


@transaction.atomic
def organisation_update(
    *, actor, instance: Organisation, data: dict, expected_version: int | None = None
) -> Organisation:
    return model_update(instance=instance, data=data, actor=actor, expected_version=expected_version)


@transaction.atomic
def person_create(*, actor, data: dict) -> Person:
    return model_create(model=Person, data=data, actor=actor)


@transaction.atomic
def membership_add(*, actor, person: Person, organisation: Organisation, role: str = "", start=None, end=None):
    return model_create(
        model=OrganisationMembership,
        data={"person": person, "organisation": organisation, "role": role, "start": start, "end": end},
        actor=actor,
    )
