"""Reads of union life: a unit's terms, its congresses and bodies, and stated figures beside the
figures computed from records."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import router
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from amity.core.access import unit_descendant_ids, user_can
from amity.core.compiled import Compiled
from amity.core.matching import match_whole
from amity.core.money import RateBook
from amity.core.once import read_once
from amity.core.personal import people_in_sight
from amity.core.querysets import RestrictedQuerySet
from amity.core.roles import UnitKind
from amity.core.text import vietnamese_order
from amity.registry.models import Person
from amity.units.models import Unit
from amity.units.rollup import kept_units, unit_rollup

from .choices import MetricKind, TermSource
from .metrics import Computed, Scope, compute_many
from .models import Congress, ElectedBody, ElectedRole, Metric, NationalTerm, StatedFigure, term_label
from .roster import RosterLine, read_lines


@dataclass(frozen=True)
class Term:
    """A unit's term on a day: its own congress's, else the nearest unit above's, else the national default."""

    start: date
    end: date
    source: str
    congress: Congress | None = None

    @property
    def label(self) -> str:
        return term_label(self.start, self.end)

    @property
    def source_label(self) -> str:
        return str(TermSource(self.source).label)


def _national_terms() -> list[tuple[date, date]]:
    """(start, end) of the national terms kept as data, read once per request (``core.once``)."""
    return read_once("national-terms", lambda: list(NationalTerm.objects.order_by("start").values_list("start", "end")))


def _national_term(day: date) -> Term:
    rows = _national_terms()
    for start, end in rows:
        if start <= day <= end:
            return Term(start, end, TermSource.NATIONAL)
    if not rows:  # no data at all: the calendar year, rather than no term
        return Term(date(day.year, 1, 1), date(day.year, 12, 31), TermSource.NATIONAL)
    start, end = rows[-1] if day > rows[-1][1] else rows[0]
    years = end.year - start.year + 1
    if day > end:
        while day > end:
            start, end = end + timedelta(days=1), date(end.year + years, end.month, end.day)
    else:
        while day < start:
            start, end = date(start.year - years, start.month, start.day), start - timedelta(days=1)
    return Term(start, end, TermSource.NATIONAL)


def _congresses_above(unit: Unit) -> dict[int, list[Congress]]:
    """The congresses of ``unit`` and of every unit above it, by unit in their order (the latest
    term first), read in one query once per request (``core.once``): the units above are known
    without a query (``kept_units``)."""
    return read_once(f"congresses-above:{unit.pk}", lambda: _read_congresses_above(unit))


def _read_congresses_above(unit: Unit) -> dict[int, list[Congress]]:
    units, chain = kept_units(), []
    current: int | None = unit.pk
    while current is not None and current not in chain:
        chain.append(current)
        current = units[current].parent_id if current in units else None
    found: dict[int, list[Congress]] = {pk: [] for pk in chain}
    for congress in Congress.objects.filter(unit__in=chain).select_related("unit"):
        found[congress.unit_id].append(congress)
    return found


def term_for(unit: Unit | None, day: date | None = None) -> Term:
    """The term ``unit`` is in on ``day`` (today by default): the one opened by its own congress,
    else by the congress of the nearest unit above it, else the national default kept as data."""
    day = day or timezone.localdate()
    if unit is not None:
        for depth, congresses in enumerate(_congresses_above(unit).values()):
            for congress in congresses:
                if congress.term_start <= day <= congress.term_end:
                    return Term(
                        congress.term_start, congress.term_end, TermSource.PARENT if depth else TermSource.OWN, congress
                    )
    return _national_term(day)


def terms_for(unit: Unit | None, day: date | None = None) -> tuple[Term, Term]:
    """(previous term, current term) of ``unit`` on ``day``: the two a dashboard compares."""
    current = term_for(unit, day)
    return term_for(unit, current.start - timedelta(days=1)), current


def congress_list(*, user, action: str = "view") -> QuerySet[Congress]:
    return Congress.objects.restrict(user, action).select_related("unit")


def access_congress(*, user, pk: int, action: str = "view") -> Congress:
    return get_object_or_404(congress_list(user=user, action=action), pk=pk)


def elected_body_list(*, user, action: str = "view") -> QuerySet[ElectedBody]:
    return ElectedBody.objects.restrict(user, action).select_related("congress__unit")


def elected_role_list(*, user, action: str = "view") -> QuerySet[ElectedRole]:
    """Roles with ``person_visible``: a person's name is personal data, shown only where the user may see it."""
    return (
        ElectedRole.objects.restrict(user, action)
        .select_related("body__congress__unit", "person", "replaces__person")
        .annotate(person_visible=Exists(Person.objects.restrict(user).filter(pk=OuterRef("person"))))
    )


def roster_names_in_sight(*, user, body: ElectedBody) -> bool:
    """Whether ``user`` sees the names of the people of ``body``'s union, which a list of its people
    is matched by: to a user who sees none, every line would be a new person, a second record of
    someone the registry holds."""
    return user_can(user, "view_personal", body.congress.unit_id)


def roster_body(*, user, pk: int) -> ElectedBody:
    """A body whose people ``user`` may enter as a list: one they may change, of a union whose
    people's names they see."""
    body = get_object_or_404(elected_body_list(user=user, action="change"), pk=pk)
    if not roster_names_in_sight(user=user, body=body):
        raise Http404
    return body


def roster_read(*, user, body: ElectedBody, text: str, chosen: dict[int, str]) -> list[RosterLine]:
    """The lines of a list of ``body``'s people (``roster.read_lines``), each with the person of the
    union it names, matched as the pickers match (without diacritics, a typo) among those whose names
    the user may see: the one of that very name, else the one close to it; namesakes, or several
    close names, are left to choose (``chosen``: a line's number -> a person's key, or "new")."""
    people = people_in_sight(Person, user=user).filter(unit__path__startswith=body.congress.unit.path)
    lines = read_lines(text)
    for line in lines:
        if line.problem:
            continue
        hits = match_whole(people.select_related("unit"), line.name)
        found: list[Any] = [hit.obj for hit in hits if hit.score == 100] or [hit.obj for hit in hits]
        if len(found) == 1:
            line.person = found[0]
        else:
            line.candidates, line.choice = found, chosen.get(line.number, "")
            line.person = next((person for person in found if str(person.pk) == line.choice), None)
    return lines


def congress_bodies(*, user, congress: Congress) -> list[Any]:
    """The congress's bodies with their roles (``role_rows``, each with ``person_visible`` and
    ``re_elected``: the person held a role under an earlier congress of the same unit)."""
    earlier = ElectedRole.objects.restrict(user).filter(
        person=OuterRef("person"),
        body__congress__unit=congress.unit_id,
        body__congress__term_start__lt=congress.term_start,
    )
    roles = elected_role_list(user=user).filter(body__congress=congress).annotate(re_elected=Exists(earlier))
    return list(congress.bodies.prefetch_related(Prefetch("roles", queryset=roles, to_attr="role_rows")))


def metric_list(*, user, action: str = "view") -> QuerySet[Metric]:
    return Metric.objects.restrict(user, action).select_related("unit")


def metric_choices(*, user) -> QuerySet[Metric]:
    """The national catalogue and the metrics of the user's unions (and the unions above them)."""
    qs = Metric.objects.restrict(user).select_related("unit")
    if user.is_superuser:
        return qs
    paths = Unit.objects.restrict(user).values_list("path", flat=True)
    above = {path[: end + 1] for path in paths for end, char in enumerate(path) if char == "."}
    return qs.filter(Q(unit__isnull=True) | Q(unit__path__in=above))


def stated_figure_list(*, user, action: str = "view") -> RestrictedQuerySet[StatedFigure]:
    return StatedFigure.objects.restrict(user, action).select_related("metric", "unit", "congress")


def access_stated_figure(*, user, pk: int, action: str = "view") -> StatedFigure:
    return get_object_or_404(stated_figure_list(user=user, action=action), pk=pk)


@dataclass
class Comparison:
    """A stated figure beside the value computed from records, and the difference (stated minus
    computed) in the stated figure's currency; never a sum of the two."""

    figure: StatedFigure
    computed: Computed | None
    difference: Decimal | None

    def as_dict(self) -> dict:
        computed = self.computed
        return {
            "computed": None
            if computed is None
            else {
                "value": f"{computed.value:f}",
                "records": computed.records,
                "currency": computed.currency,
                "complete": computed.complete,
            },
            "difference": None if self.difference is None else f"{self.difference:f}",
        }


class ComparisonCache:
    """One computation per (query, unit, period, currency, day), for a page listing many figures;
    ``prepare`` computes those of many figures together (a metric's ``many``), so that a page's
    queries do not grow with its figures."""

    def __init__(self, user):
        self.user = user
        self.values: dict = {}

    @staticmethod
    def _scope(figure: StatedFigure) -> tuple[str, Scope] | None:
        code = figure.metric.computed
        if not code:
            return None
        first, end = figure.span
        start = None if figure.as_of else first  # as of a date: what the records hold up to that day
        day = min(end, timezone.localdate())  # the union as it stood then (before or after a merger)
        return code, Scope(figure.unit, start, end, figure.currency, day)

    @staticmethod
    def _key(code: str, scope: Scope) -> tuple:
        return (code, scope.unit.pk if scope.unit else None, scope.start, scope.end, scope.currency, scope.day)

    def prepare(self, figures) -> None:
        """Compute the values of ``figures`` not computed yet, each metric's together."""
        wanted: dict[str, dict[tuple, Scope]] = {}
        for figure in figures:
            found = self._scope(figure)
            if found is not None and self._key(*found) not in self.values:
                wanted.setdefault(found[0], {})[self._key(*found)] = found[1]
        for code, scopes in wanted.items():
            values = compute_many(code, user=self.user, scopes=list(scopes.values()))
            for key, scope in scopes.items():
                self.values[key] = values[scope]

    def computed(self, figure: StatedFigure) -> Computed | None:
        found = self._scope(figure)
        if found is None:
            return None
        if self._key(*found) not in self.values:
            self.prepare([figure])
        return self.values[self._key(*found)]

    def compare(self, figure: StatedFigure) -> Comparison:
        computed = self.computed(figure)
        difference = figure.value - computed.value if computed is not None and computed.records else None
        return Comparison(figure=figure, computed=computed, difference=difference)


def figure_comparison(*, user, figure: StatedFigure) -> Comparison:
    return ComparisonCache(user).compare(figure)


def stated_beside(
    *,
    user,
    unit: Unit | None,
    start: date | None,
    end: date | None,
    computed=None,
    day: date | None = None,
) -> list[Comparison]:
    """The stated figures of what ``unit`` holds on ``day`` (today by default), counted in the
    period (by the first day of their span), each beside its computed value: what a figures page
    or a report shows under its own; ``computed`` limits them to the metrics computed by those
    queries (a module's ``metrics.FIGURES_PAGE``). When no unit ``unit`` holds states any figure
    (most), the answer comes from ``_units_stating`` without building the figures' query."""
    stating = _units_stating()
    if not stating or (unit is not None and stating.isdisjoint(unit_descendant_ids(unit, day))):
        return []
    qs = figures_in_period(stated_figure_list(user=user).within(unit, day), start, end)
    if computed is not None:  # a module's figures page: the metrics its own queries compute
        qs = qs.filter(metric__computed__in=computed)
    figures = list(qs.order_by("metric__code", "period_start", "as_of", "pk"))
    cache = ComparisonCache(user)
    cache.prepare(figures)
    return [cache.compare(f) for f in figures]


def _units_stating() -> frozenset[int]:
    """The units holding a stated figure, read once a request (``core.once``): a figures page and
    each report section ask for theirs, and most units state none."""
    return read_once(
        "units-stating",
        lambda: frozenset(unit_id for (unit_id,) in _UNITS_STATING.rows(router.db_for_read(StatedFigure))),
    )


def _stating_units() -> QuerySet:
    return StatedFigure.objects.order_by().values_list("unit_id").distinct()


#: Asked by every figures page and report section: compiled once a process (``core.compiled``).
_UNITS_STATING = Compiled(_stating_units)


def figures_in_period(qs: QuerySet[StatedFigure], start: date | None, end: date | None) -> QuerySet[StatedFigure]:
    """Figures whose span starts in [start, end] (the period rule: a record counts in the period
    containing the first day of its span)."""
    if start:
        qs = qs.filter(Q(period_start__gte=start) | Q(as_of__gte=start))
    if end:
        qs = qs.filter(Q(period_start__lte=end) | Q(as_of__lte=end))
    return qs


@dataclass
class RollupRow:
    """One union as it stood at the end of the period, in the row of its union on the roll-up's day
    (``label``: Bắc Giang's union reads "Bắc Ninh" when the day is after the 2025 merger)."""

    unit: Unit
    label: str
    computed: Computed | None
    stated: StatedFigure | None
    stated_value: Decimal | None  # in the roll-up's currency
    used: Decimal | None
    uses_stated: bool
    missing_rate: bool = False


@dataclass
class Rollup:
    metric: Metric
    start: date
    end: date
    currency: str
    day: date
    rows: list[RollupRow] = field(default_factory=list)
    total: Decimal = Decimal(0)


def _stated_for(figures: list[StatedFigure], start: date, end: date) -> StatedFigure | None:
    """The figure a roll-up uses for one union: of those inside the period, the widest span, then
    the latest source."""
    inside = [f for f in figures if start <= f.span[0] and f.span[1] <= end]
    if not inside:
        return None
    return max(inside, key=lambda f: (f.span[1] - f.span[0], f.source_date or date.min, f.pk))


def stated_rollup(
    *, user, metric: Metric, start: date, end: date, currency: str = "USD", day: date | None = None
) -> Rollup:
    """One row per provincial union as it stood at the end of the period (each states its own
    figures): the value from its records where it keeps records for the period, else its stated
    figure, marked as stated. Rows are labelled and ordered by the union that holds them on ``day``
    (today by default), so two unions merged in 2025 are two rows under one name after the merger,
    never one figure standing for both; the total is the sum of the rows. Money is converted into
    ``currency`` through the rate table at the end of the figure's span."""
    today = timezone.localdate()
    period_day = min(end, today)
    then, on_day = unit_rollup(day=period_day), unit_rollup(day=day or today)
    rollup = Rollup(
        metric=metric,
        start=start,
        end=end,
        currency=currency if metric.kind == MetricKind.MONEY else "",
        day=on_day.day,
    )
    figures_of: dict[int, list[StatedFigure]] = {}
    for figure in stated_figure_list(user=user).filter(metric=metric):
        holder = then.group_of(figure.unit_id).unit
        if holder is not None:
            figures_of.setdefault(holder.pk, []).append(figure)
    provincial = Unit.objects.restrict(user).filter(kind=UnitKind.PROVINCIAL)
    # those of the period's end, and any that states a figure for it (a union formed later)
    unions = provincial.valid_on(period_day) | provincial.filter(pk__in=figures_of)
    book = RateBook.load()
    unions = list(unions)
    computed_of = (
        compute_many(
            metric.computed, user=user, scopes=[Scope(unit, start, end, currency, period_day) for unit in unions]
        )
        if metric.computed
        else {}
    )
    for unit in unions:
        computed = computed_of.get(Scope(unit, start, end, currency, period_day))
        stated = _stated_for(figures_of.get(unit.pk, []), start, end)
        stated_value, missing = None, False
        if stated is not None:
            stated_value = stated.value
            if metric.kind == MetricKind.MONEY and stated.currency != currency:
                converted = book.convert(stated.value, stated.currency, stated.span[1], currency)
                stated_value, missing = converted.amount, converted.amount is None
        uses_stated = (computed is None or not computed.records) and stated is not None
        used = stated_value if uses_stated else (computed.value if computed is not None and computed.records else None)
        if used is None and stated is None:  # neither records nor a statement: nothing to show
            continue
        label = on_day.group_of(unit.pk).label
        rollup.rows.append(RollupRow(unit, label, computed, stated, stated_value, used, uses_stated, missing))
        rollup.total += used or Decimal(0)
    rollup.rows.sort(key=lambda row: (vietnamese_order(row.label), row.unit.name))
    return rollup
