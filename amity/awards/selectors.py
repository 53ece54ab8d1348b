"""Reads of the awards register; counts as plain data for the dashboard, the API and reports."""

from collections import Counter
from collections.abc import Collection
from datetime import date
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.db.models.expressions import Combinable
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import timezone

from amity.core.access import user_can
from amity.core.compiled import kept_statement, prepared_cursor
from amity.core.models import in_language
from amity.core.personal import with_names_visible
from amity.core.querysets import count_of
from amity.units.models import Unit
from amity.units.rollup import UnitRollup, rows_data, unit_rollup

from .choices import NOMINATION_MOVES, NominationStatus, RecipientKind, RecipientOrigin
from .models import Award, AwardType, Decision, Nomination, ancestor_paths, award_type_label, type_owner_ids


def award_list(*, user, action: str = "view") -> QuerySet[Award]:
    qs = Award.objects.restrict(user, action).select_related(
        "decision__award_type__unit", "decision__unit", "person", "organisation"
    )
    return with_names_visible(qs, user=user)


def decision_list(*, user, action: str = "view") -> QuerySet[Decision]:
    """Decisions with their live recipients counted each by a subquery: a page of the latest reads
    its rows from the index on the day decided, not all decisions joined to their recipients and
    grouped (5,000 and 20,000 at national scale) before the first is known."""
    return (
        Decision.objects.restrict(user, action)
        .select_related("award_type__unit", "unit", "ceremony")
        .annotate(recipients=count_of(Award.objects.all(), "decision"))
        .order_by("-decided_on", "number", "pk")
    )


def nomination_list(*, user, action: str = "view") -> QuerySet[Nomination]:
    qs = Nomination.objects.restrict(user, action).select_related("award_type__unit", "person", "organisation", "unit")
    return with_names_visible(qs, user=user)


def nomination_moves(*, user, nomination: Nomination) -> list[str]:
    """The moves (approve, reject, withdraw) ``user``'s role allows on ``nomination`` as it stands."""
    if nomination.status != NominationStatus.PROPOSED:
        return []
    return [move for move, (_s, action) in NOMINATION_MOVES.items() if user_can(user, action, nomination.unit_id)]


def access_nomination(*, user, pk, move: str | None = None) -> Nomination:
    """The nomination if ``user`` may see it (404 otherwise); with ``move``, 403 unless the user's
    role over the nomination's unit allows that move (see ``choices.NOMINATION_MOVES``)."""
    nomination = get_object_or_404(nomination_list(user=user), pk=pk)
    if move is not None and not user_can(user, NOMINATION_MOVES[move][1], nomination.unit_id):
        raise PermissionDenied
    return nomination


def awards_in(
    *, user, unit: Unit | None = None, start: date | None = None, end: date | None = None, day: date | None = None
):
    """Recipients of decisions of ``unit`` (with its subtree and what was merged into it by ``day``)."""
    return Award.objects.restrict(user).filter(_in_scope(unit=unit, start=start, end=end, day=day))


def _in_scope(
    *, unit: Unit | None, start: date | None, end: date | None, day: date | None, rollup: UnitRollup | None = None
) -> Q:
    """``awards_in``'s condition on a recipient (after the user's restriction); ``rollup``: the
    roll-up of ``day`` the caller holds already."""
    scope = Q()
    if unit is not None:
        scope &= Q(decision__unit__in=(rollup or unit_rollup(day=day)).members_of(unit))
    if start:
        scope &= Q(decision__decided_on__gte=start)
    if end:
        scope &= Q(decision__decided_on__lte=end)
    return scope


def award_totals_many(*, user, scopes) -> dict:
    """Recipients of each scope (``union.metrics.Scope``: unit, period, day), as ``award_counts``
    counts its total, in one query however many scopes."""
    counts = {
        f"n_{i}": Count("pk", filter=_in_scope(unit=s.unit, start=s.start, end=s.end, day=s.day))
        for i, s in enumerate(scopes)
    }
    found = Award.objects.restrict(user).aggregate(**counts) if scopes else {}
    return {s: found[f"n_{i}"] for i, s in enumerate(scopes)}


def award_type_list(*, user, action: str = "view") -> QuerySet[AwardType]:
    """Award types with their owning union, read in the same query as the list (one per page)."""
    return AwardType.objects.restrict(user, action).select_related("unit")


def award_type_choices(*, user) -> QuerySet[AwardType]:
    """Award types ``user`` may confer or propose: the national ones and those of the unions above
    or within the units where the user adds records, or merged into those
    (``models.check_award_type_for_unit``)."""
    qs = AwardType.objects.restrict(user).select_related("unit")
    if user.is_superuser:
        return qs
    paths = Unit.objects.restrict(user, "add").values_list("path", flat=True)
    return qs.filter(Q(unit__isnull=True) | Q(unit__in=type_owner_ids(ancestor_paths(paths))))


#: The breakdowns ``award_counts`` gives beyond its types and kinds, each a grouping of its one query.
COUNT_BREAKDOWNS = ("year", "unit")


def _count_rows(qs: QuerySet[Award], breakdowns: Collection[str]) -> list[tuple]:
    """The recipients of ``qs`` counted in one statement, as rows ``(grouping, key, kind or origin,
    n, type's name, its English, Chinese and Russian names, its union's name)``: by award type and
    recipient kind, with each type's names (the types' rows joined after the grouping: grouped by
    their names too, it took twice as long at national scale); ``"year"`` in ``breakdowns``, by
    year and origin; ``"unit"``, by the deciding unit. The recipients are read once (a common
    table that the groupings share). The statement is written once per shape of ``qs``
    (``core.compiled``) and run on the server-binding cursor, so PostgreSQL parses it once a
    connection."""
    grouped = tuple(breakdowns)
    sql, params = kept_statement(f"award counts by {grouped}", qs, lambda qs: _count_statement(qs, grouped))
    with prepared_cursor(qs.db) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _count_statement(qs: QuerySet[Award], breakdowns: tuple[str, ...]) -> tuple[str, tuple]:
    """``_count_rows``' statement for ``qs`` and its parameters, as the ORM writes the recipients."""
    columns: dict[str, Combinable] = {"award_type": F("decision__award_type"), "kind": F("recipient_kind")}
    if "year" in breakdowns:
        columns |= {"year": ExtractYear("decision__decided_on"), "recipient_origin": F("origin")}
    if "unit" in breakdowns:
        columns["deciding_unit"] = F("decision__unit")
    recipients, params = qs.order_by().values(**columns).query.sql_with_params()
    types, units = AwardType._meta.db_table, Unit._meta.db_table
    groupings = [
        f"""SELECT 'type', g.award_type, g.kind, g.n, t.name, t.name_en, t.name_zh, t.name_ru, u.name
        FROM (SELECT award_type, kind, COUNT(*) AS n FROM recipients GROUP BY award_type, kind) g
        JOIN {types} t ON t.id = g.award_type LEFT JOIN {units} u ON u.id = t.unit_id"""
    ]
    if "year" in breakdowns:
        groupings.append(
            "SELECT 'year', CAST(year AS INTEGER), recipient_origin, COUNT(*), '', '', '', '', '' "
            "FROM recipients GROUP BY year, recipient_origin"
        )
    if "unit" in breakdowns:
        groupings.append(
            "SELECT 'unit', deciding_unit, '', COUNT(*), '', '', '', '', '' FROM recipients GROUP BY deciding_unit"
        )
    return f"WITH recipients ({', '.join(columns)}) AS ({recipients}) {' UNION ALL '.join(groupings)}", tuple(params)


def award_counts(
    *,
    user,
    unit: Unit | None = None,
    start: date | None = None,
    end: date | None = None,
    day: date | None = None,
    breakdowns: Collection[str] = COUNT_BREAKDOWNS,
) -> dict:
    """Recipients counted by award type, year of decision, recipient kind and origin, and by the union
    of ``day`` that decided (``by_unit``, ``units.rollup``; today by default).

    ``by_type_and_kind``: [(award type, {kind: n}, total)], the cross-table a report quotes
    ("certificates of merit to 4 collectives and 6 individuals, badges to 8 people"). ``by_year``
    and ``by_origin`` (``"year"`` in ``breakdowns``) and ``by_unit`` (``"unit"``) are counted only
    when asked for (else empty): the dashboard and a report's section show the types and kinds.
    Every figure comes from one query (``_count_rows``); the units of ``day`` are read only to
    find ``unit``'s members or to group by union.
    """
    rollup = unit_rollup(day=day) if unit is not None or "unit" in breakdowns else None
    day = rollup.day if rollup else day or timezone.localdate()
    qs = Award.objects.restrict(user).filter(_in_scope(unit=unit, start=start, end=end, day=day, rollup=rollup))
    found: dict[str, list[tuple]] = {"type": [], "year": [], "unit": []}
    for grouping, *row in _count_rows(qs, breakdowns):
        found[grouping].append(tuple(row))
    labels: dict[int, str] = {}
    rank: dict[int, tuple] = {}
    type_totals: Counter = Counter()
    cells: dict[int, dict[str, int]] = {}
    kinds: Counter = Counter()
    for type_id, kind, n, name, name_en, name_zh, name_ru, unit_name in found["type"]:
        names = SimpleNamespace(name=name, name_en=name_en, name_zh=name_zh, name_ru=name_ru)
        labels[type_id] = award_type_label(in_language(names, "name"), unit_name)
        # most recipients first, then by name, the union's name (national types last) and id
        rank[type_id] = (name, unit_name is None, unit_name or "", type_id)
        type_totals[type_id] += n
        cells.setdefault(type_id, dict.fromkeys(RecipientKind.values, 0))[kind] += n
        kinds[kind] += n
    order = sorted(type_totals, key=lambda type_id: (-type_totals[type_id], *rank[type_id]))
    by_year: Counter = Counter()
    origins: Counter = Counter()
    for year, origin, n, *_names in found["year"]:
        by_year[int(year)] += n
        origins[origin] += n
    return {
        "total": sum(type_totals.values()),
        "by_type": [(labels[t], type_totals[t]) for t in order],
        "by_type_and_kind": [(labels[t], cells[t], type_totals[t]) for t in order],
        "by_year": sorted(by_year.items()),
        "by_kind": [(k.value, str(k.label), kinds.get(k.value, 0)) for k in RecipientKind],
        "by_origin": [(o.value, str(o.label), origins[o.value]) for o in RecipientOrigin]
        if "year" in breakdowns
        else [],
        "by_unit": rows_data(
            rollup.rows(found["unit"], unit_of=lambda row: row[0], values=lambda row: {"count": row[2]})
        )
        if rollup and "unit" in breakdowns
        else [],
        "day": day,
    }
