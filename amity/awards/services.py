"""Writes of the awards register. Each takes the acting user; callers have checked the right."""

from django.db import transaction

from amity.audit.services import event_record
from amity.core.services import model_create, model_update

from .choices import NominationStatus
from .models import Award, Decision, Nomination


@transaction.atomic
def award_create(*, actor, data: dict) -> Award:
    """Add a recipient to a decision; a nomination it answers becomes approved."""
    award = model_create(model=Award, data=data, actor=actor)
    nomination = award.nomination
    if nomination is not None and nomination.status != NominationStatus.APPROVED:
        model_update(instance=nomination, data={"status": NominationStatus.APPROVED}, actor=actor)
        event_record(instance=nomination, event="award.nomination_approved", data={"award": award.pk})
    return award


@transaction.atomic
def decision_create(*, actor, data: dict) -> Decision:
    return model_create(model=Decision, data=data, actor=actor)


@transaction.atomic
def nomination_create(*, actor, data: dict) -> Nomination:
    return model_create(model=Nomination, data=data, actor=actor)
