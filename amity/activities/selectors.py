"""Reads of the activities module, restricted to the user's units; figures as plain data."""

from collections import Counter
from collections.abc import Collection
from datetime import date, timedelta

from django.db import connections
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from amity.geo.models import AdminUnit, Country
from amity.registry.models import Organisation, Person
from amity.units.models import Unit
from amity.units.rollup import rows_data, unit_rollup

from .choices import DELEGATION_TYPES, ActivityType
from .models import Activity, CalendarFeedToken, ReminderDelivery


def activity_list(*, user, action: str = "view") -> QuerySet[Activity]:
    return Activity.objects.restrict(user, action).select_related("unit", "leader")


def access_activity(*, user, pk: int, action: str = "view") -> Activity:
    return get_object_or_404(activity_list(user=user, action=action), pk=pk)


def place_successors_since(place: AdminUnit) -> list[tuple[int, date | None]]:
    """The units ``place`` was merged into (and theirs, at any remove), each with the day from which
    it holds the territory: filtering by the old Bắc Giang can then also find what the merged Bắc
    Ninh recorded from 1 July 2025, and nothing it recorded before (that was another province)."""
    found: list[tuple[int, date | None]] = []
    seen, todo = {place.pk}, [place]
    while todo:
        old = todo.pop()
        for new in old.successors.all():
            if new.pk in seen:
                continue
            seen.add(new.pk)
            since = new.valid_from or (old.valid_to + timedelta(days=1) if old.valid_to else None)
            found.append((new.pk, since))
            todo.append(new)
    return found


def activities_in(
    *,
    user,
    unit: Unit | None = None,
    start: date | None = None,
    end: date | None = None,
    subtree: bool = True,
    day: date | None = None,
):
    """The user's activities of ``unit`` starting in the period; with ``subtree``, also of the units
    below it and of those merged into it by ``day`` (today by default; ``units.rollup``)."""
    return Activity.objects.restrict(user).filter(_in_scope(unit=unit, start=start, end=end, subtree=subtree, day=day))


def _in_scope(*, unit: Unit | None, start: date | None, end: date | None, subtree: bool = True, day=None) -> Q:
    """``activities_in``'s condition on an activity (after the user's restriction)."""
    scope = Q()
    if unit is not None:
        scope &= Q(unit__in=unit_rollup(day=day).members_of(unit) if subtree else [unit.pk])
    if start:
        scope &= Q(start_date__gte=start)
    if end:
        scope &= Q(start_date__lte=end)
    return scope


def activity_counts_many(*, user, scopes) -> dict:
    """(activities, incoming delegations, outgoing delegations) of each scope (``union.metrics.Scope``:
    unit, period, day) as ``activity_figures`` counts them, in one query however many scopes."""
    counts: dict = {}
    for i, s in enumerate(scopes):
        scope = _in_scope(unit=s.unit, start=s.start, end=s.end, day=s.day)
        counts[f"all_{i}"] = Count("pk", filter=scope)
        counts[f"in_{i}"] = Count("pk", filter=scope & Q(type=ActivityType.DELEGATION_IN))
        outgoing = Q(type__in=DELEGATION_TYPES) & ~Q(type=ActivityType.DELEGATION_IN)
        counts[f"out_{i}"] = Count("pk", filter=scope & outgoing)
    found = Activity.objects.restrict(user).aggregate(**counts) if scopes else {}
    return {s: (found[f"all_{i}"], found[f"in_{i}"], found[f"out_{i}"]) for i, s in enumerate(scopes)}


def delegation_size(activity: Activity) -> int:
    """People in a delegation: the recorded number, else the leader and members named."""
    if activity.participants is not None:
        return activity.participants
    return len(activity.members.all()) + (1 if activity.leader_id else 0)


def _figure_rows(activities: QuerySet[Activity], breakdowns: Collection[str]) -> list[tuple]:
    """The counts of ``activity_figures`` in one statement (the activities read once, a common
    table the groupings share), as rows ``(grouping, id, text, n, people)``: ``"unit"`` (unit id,
    type; when ``"unit"`` is in ``breakdowns``, else ``"type"``, by type alone), ``"country"``
    (country id; when asked) and ``"partner"`` (the organisation's name, organisations not deleted;
    when asked), each with its activities' links counted, and ``"delegation"`` (type, with the
    people: each delegation's recorded size, else the people named, the leader and the members not
    deleted)."""
    acts, params = (
        activities.order_by().values("pk", "unit_id", "type", "participants", "leader_id").query.sql_with_params()
    )
    countries, partners, members = (
        getattr(Activity, name).through._meta.db_table for name in ("countries", "partners", "members")
    )
    organisations, persons = Organisation._meta.db_table, Person._meta.db_table
    none = "CAST(NULL AS BIGINT)"
    groupings = [
        "SELECT 'unit', unit_id, type, COUNT(*), 0 FROM acts GROUP BY unit_id, type"
        if "unit" in breakdowns
        else f"SELECT 'type', {none}, type, COUNT(*), 0 FROM acts GROUP BY type"
    ]
    if "country" in breakdowns:
        groupings.append(
            f"SELECT 'country', country_id, '', COUNT(*), 0 FROM {countries} "
            "WHERE activity_id IN (SELECT id FROM acts) GROUP BY country_id"
        )
    if "partner" in breakdowns:
        groupings.append(
            f"SELECT 'partner', {none}, o.name, COUNT(*), 0 FROM {partners} l "
            f"JOIN {organisations} o ON o.id = l.organisation_id "
            "WHERE l.activity_id IN (SELECT id FROM acts) AND o.deleted_at IS NULL GROUP BY o.name"
        )
    in_person = (
        f"(SELECT COUNT(*) FROM {members} m JOIN {persons} p ON p.id = m.person_id "
        "WHERE m.activity_id = a.id AND p.deleted_at IS NULL)"
    )
    leader = "CASE WHEN a.leader_id IS NOT NULL THEN 1 ELSE 0 END"
    delegation_types = ", ".join("%s" for _t in DELEGATION_TYPES)
    groupings.append(
        f"SELECT 'delegation', {none}, a.type, COUNT(*), "
        f"CAST(SUM(COALESCE(a.participants, {in_person} + {leader})) AS BIGINT) "
        f"FROM acts a WHERE a.type IN ({delegation_types}) GROUP BY a.type"
    )
    with connections[activities.db].cursor() as cursor:
        cursor.execute(
            f"WITH acts (id, unit_id, type, participants, leader_id) AS ({acts}) {' UNION ALL '.join(groupings)}",
            [*params, *(t.value for t in DELEGATION_TYPES)],
        )
        return cursor.fetchall()


def activity_figures(
    *,
    user,
    unit: Unit | None = None,
    start: date | None = None,
    end: date | None = None,
    subtree: bool = True,
    day: date | None = None,
    breakdowns: Collection[str] = ("country", "partner", "unit"),
    partners_named: int | None = None,
) -> dict:
    """Counts for a unit and period, as plain data for the dashboard, the API and reports.

    ``by_type``: [(code, label, n)] in the order of the types; ``by_country`` and
    ``by_partner``: [(name, n)] most first, each a query of the activities' links, computed when
    named in ``breakdowns`` (else empty), as ``by_unit`` is (``"unit"``: the unions' rows read); with ``partners_named``, ``by_partner`` holds only that
    many and ``other_partners`` {"partners", "count"} the rest, so a national page lists 30
    partners, not thousands, and its column still adds up; ``delegations``: {"in"/"out":
    {"count", "people"}}; ``by_unit``: one row per union of ``day`` (``units.rollup``), summing to
    ``total``.
    """
    activities = activities_in(user=user, unit=unit, start=start, end=end, subtree=subtree, day=day)
    found: dict[str, list[tuple]] = {"unit": [], "type": [], "country": [], "partner": [], "delegation": []}
    for grouping, *row in _figure_rows(activities, breakdowns):
        found[grouping].append(tuple(row))
    by_type: Counter = Counter()
    if "unit" in breakdowns:
        per_unit_type = [(unit_id, kind, n) for unit_id, kind, n, _people in found["unit"]]
        by_unit = unit_rollup(day=day).rows(per_unit_type, unit_of=lambda r: r[0], values=lambda r: {"count": r[2]})
        for _unit, kind, n in per_unit_type:
            by_type[kind] += n
    else:
        by_unit = []
        by_type.update({kind: n for _none, kind, n, _people in found["type"]})
    total = sum(by_type.values())
    by_country: Counter = Counter()
    if "country" in breakdowns:
        country_counts = [(country_id, n) for country_id, _text, n, _people in found["country"]]
        names = {c.pk: str(c) for c in Country.objects.filter(pk__in=[country for country, _n in country_counts])}
        for country_id, n in country_counts:
            by_country[names[country_id]] += n
    by_partner: Counter = Counter()
    for _none, name, n, _people in found["partner"]:
        by_partner[name] += n
    partner_rows = sorted(by_partner.items(), key=lambda kv: (-kv[1], kv[0]))
    named = partner_rows if partners_named is None else partner_rows[:partners_named]
    others = partner_rows[len(named) :]
    delegations = {"in": {"count": 0, "people": 0}, "out": {"count": 0, "people": 0}}
    for _none, kind, count, people in found["delegation"]:
        side = delegations["in" if kind == ActivityType.DELEGATION_IN else "out"]
        side["count"] += count
        side["people"] += int(people or 0)
    return {
        "total": total,
        "by_type": [(t.value, str(t.label), by_type[t.value]) for t in ActivityType if by_type[t.value]],
        "by_country": sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_partner": named,
        "other_partners": {"partners": len(others), "count": sum(n for _name, n in others)},
        "delegations": delegations,
        "by_unit": rows_data(by_unit),
        "day": day or timezone.localdate(),
    }


def ceremony_decisions(*, user, activity: Activity) -> list:
    """The award decisions conferred at this activity (its ceremony), that the user may see."""
    decisions = activity.award_decisions.model.objects.restrict(user).filter(ceremony=activity)
    return list(decisions.select_related("award_type").order_by("decided_on", "number"))


def reminder_failures(*, user) -> QuerySet[ReminderDelivery]:
    """The user's reminders that could not be delivered (address refused, server down), latest first."""
    return ReminderDelivery.objects.restrict(user).filter(sent_at__isnull=True, attempts__gt=0).order_by("-due_on")[:20]


def feed_token_owner(*, token: str):
    """The active user whose live calendar token this is, or None: the feed's secret URL stands
    for a sign-in, so the token is the one read that no signed-in user restricts."""
    feed = (
        CalendarFeedToken.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    return feed.user if feed else None
