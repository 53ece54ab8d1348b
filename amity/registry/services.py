"""Writes of the partners registry. Each takes the acting user; callers have checked the right."""

from django.db import transaction
from django.utils import timezone

from amity.core.services import model_create, model_update

from .models import Organisation, OrganisationMembership, Person
from .querysets import current_membership


@transaction.atomic
def organisation_create(*, actor, data: dict) -> Organisation:
    return model_create(model=Organisation, data=data, actor=actor)


@transaction.atomic
def organisation_update(
    *, actor, instance: Organisation, data: dict, expected_version: int | None = None
) -> Organisation:
    return model_update(instance=instance, data=data, actor=actor, expected_version=expected_version)


@transaction.atomic
def person_create(*, actor, data: dict, organisation: Organisation | None = None) -> Person:
    """A person, and where they work or are a member when ``organisation`` is given (a membership
    from today)."""
    person = model_create(model=Person, data=data, actor=actor)
    person_organisation_change(actor=actor, person=person, organisation=organisation, replacing=None)
    return person


@transaction.atomic
def person_update(
    *,
    actor,
    instance: Person,
    data: dict,
    organisation: Organisation | None,
    replacing: OrganisationMembership | None,
    expected_version: int | None = None,
) -> Person:
    """A person's edit from the person form, with the organisation it names (see
    ``person_organisation_change``)."""
    person = model_update(instance=instance, data=data, actor=actor, expected_version=expected_version)
    person_organisation_change(actor=actor, person=person, organisation=organisation, replacing=replacing)
    return person


@transaction.atomic
def person_organisation_change(
    *, actor, person: Person, organisation: Organisation | None, replacing: OrganisationMembership | None
) -> None:
    """Where a person works, as the person form says it: ``replacing`` is the membership the form
    showed (``selectors.person_current_membership``). Another organisation ends it today and adds a
    membership from today (unless the person is a member there already); none ends it; the same
    changes nothing. The person's other memberships stay as they are: they end on their own page."""
    if organisation is not None and replacing is not None and replacing.organisation_id == organisation.pk:
        return
    today = timezone.localdate()
    if replacing is not None:
        model_update(instance=replacing, data={"end": today}, actor=actor)
    if organisation is None or person.memberships.filter(current_membership(), organisation=organisation).exists():
        return
    membership_add(actor=actor, person=person, organisation=organisation, start=today)


@transaction.atomic
def membership_add(*, actor, person: Person, organisation: Organisation, role: str = "", start=None, end=None):
    return model_create(
        model=OrganisationMembership,
        data={"person": person, "organisation": organisation, "role": role, "start": start, "end": end},
        actor=actor,
    )
