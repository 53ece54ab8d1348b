"""The synthetic country's awards: nominations and decisions conferring the national award types
on people and organisations (5,000 decisions with 20,000 recipients at scale 1)."""

from amity.core.country import CountryContext

from .choices import NominationStatus, RecipientKind, RecipientOrigin
from .models import Award, AwardType, Decision, Nomination

ORDER = 60
DECISIONS = 5_000
AWARDS_PER_DECISION = 4
NOMINATIONS = 5_000


def fill(ctx: CountryContext) -> None:
    rng = ctx.rng
    types = list(AwardType.objects.filter(unit__isnull=True).order_by("pk").values_list("pk", flat=True))
    persons, organisations = ctx.records["persons"], ctx.records["organisations"]
    origins = RecipientOrigin.values

    def decision(i: int) -> Decision:
        unit_id, last = ctx.owner()
        number, issuing_body = f"{i + 1}/QĐ-LHHN", "Liên hiệp các tổ chức hữu nghị"
        return Decision(
            unit_id=unit_id,
            award_type_id=rng.choice(types),
            number=number,
            decided_on=ctx.day(last=last),
            issuing_body=issuing_body,
            search_name=Decision.search_key(number, issuing_body),
        )

    n = ctx.count(DECISIONS)
    ids = ctx.bulk(Decision, (decision(i) for i in range(n)), total=n, ids=True)

    def awards():
        for decision_id in ids:
            for _k in range(AWARDS_PER_DECISION):
                individual = rng.random() < 0.7
                yield Award(
                    decision_id=decision_id,
                    person_id=rng.choice(persons) if individual else None,
                    organisation_id=None if individual else rng.choice(organisations),
                    recipient_kind=RecipientKind.INDIVIDUAL if individual else RecipientKind.COLLECTIVE,
                    origin=rng.choice(origins),
                )

    ctx.bulk(Award, awards(), total=n * AWARDS_PER_DECISION)

    def nomination(_i: int) -> Nomination:
        unit_id, last = ctx.owner()
        proposed = ctx.day(last=last)
        return Nomination(
            unit_id=unit_id,
            award_type_id=rng.choice(types),
            person_id=rng.choice(persons),
            origin=rng.choice(origins),
            proposer="Liên hiệp các tổ chức hữu nghị",
            proposed_on=proposed,
            reason="Có nhiều đóng góp cho tình hữu nghị",
            status=rng.choice(NominationStatus.values),
            status_since=proposed,
        )

    n = ctx.count(NOMINATIONS)
    ctx.bulk(Nomination, (nomination(i) for i in range(n)), total=n)
