"""The synthetic country's activities over twenty years (200,000 at scale 1), each with its
countries, a partner, an organiser and a leader."""

from datetime import timedelta

from amity.core.country import CountryContext
from amity.core.text import fold
from amity.geo.models import Country

from .choices import ActivityType
from .models import Activity

ORDER = 50
ACTIVITIES = 200_000
TYPES = {
    ActivityType.DELEGATION_IN: 20,
    ActivityType.DELEGATION_OUT: 10,
    ActivityType.RECEPTION: 15,
    ActivityType.MEETING: 20,
    ActivityType.CONFERENCE: 8,
    ActivityType.FRIENDSHIP_EXCHANGE: 10,
    ActivityType.CULTURAL_EXCHANGE: 7,
    ActivityType.COMMEMORATION: 4,
    ActivityType.TRAINING: 2,
    ActivityType.CONGRATULATION: 3,
    ActivityType.OTHER: 1,
}
COUNTRIES = ["LA", "KH", "CN", "JP", "KR", "RU", "US", "FR", "DE", "CU", "AU", "TH", "GB", "IN", "IT", "NL", "CZ"]


def fill(ctx: CountryContext) -> None:
    rng = ctx.rng
    codes = dict(Country.objects.filter(iso_alpha2__in=COUNTRIES).values_list("iso_alpha2", "pk"))
    types, type_weights = list(TYPES), list(TYPES.values())
    country_ids = [codes[c] for c in COUNTRIES if c in codes]
    weights = [1 / (r + 1) for r in range(len(country_ids))]
    organisations, persons = ctx.records["organisations"], ctx.records["persons"]
    chosen: list[tuple[int, int]] = []  # (country, partner) of each activity, in order

    def activity(i: int) -> Activity:
        unit_id, last = ctx.owner()
        kind = rng.choices(types, type_weights)[0]
        start = ctx.day(last=last)
        country = rng.choices(country_ids, weights)[0]
        chosen.append((country, rng.choice(organisations)))
        title = f"{ActivityType(kind).label} {i + 1}"
        days = rng.choice([0, 0, 0, 1, 2, 4])
        return Activity(
            unit_id=unit_id,
            type=kind,
            title=title,
            start_date=start,
            end_date=start + timedelta(days=days) if days else None,
            leader_id=rng.choice(persons) if rng.random() < 0.5 else None,
            participants=rng.randint(2, 30)
            if kind in (ActivityType.DELEGATION_IN, ActivityType.DELEGATION_OUT)
            else None,
            search_name=fold(title),
        )

    n = ctx.count(ACTIVITIES)
    ids = ctx.bulk(Activity, (activity(i) for i in range(n)), total=n, ids=True)
    ctx.bulk(
        Activity.countries.through,
        (Activity.countries.through(activity_id=a, country_id=c) for a, (c, _p) in zip(ids, chosen, strict=True)),
        total=n,
        label="activity countries",
    )
    ctx.bulk(
        Activity.partners.through,
        (Activity.partners.through(activity_id=a, organisation_id=p) for a, (_c, p) in zip(ids, chosen, strict=True)),
        total=n,
        label="activity partners",
    )
    ctx.records["activities"] = ids
