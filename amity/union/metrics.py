"""The queries that give a catalogue metric from Amity's records, registered by code.

A metric of the catalogue (``models.Metric.computed``) names one of these; every page, API and
report that shows a stated figure shows the computed value beside it. Each module registers its
queries in its own ``metrics`` module (aid, activities, awards, compatriots) through its figure
selectors, so a computed value is the one its pages show; the unit tree's counts are here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amity.core.discovery import app_modules
from amity.core.querysets import valid_on_q, within_q
from amity.core.roles import UnitKind
from amity.registry.models import Organisation
from amity.registry.querysets import MEMBERS_COUNTED, member_association_figures
from amity.units.models import Unit

from .choices import MetricKind


@dataclass(frozen=True)
class Computed:
    """A value from records; ``records`` 0 means the unit keeps no records for it in that period
    (the roll-up then uses the stated figure); ``complete`` False: money left out for want of a rate."""

    value: Decimal
    records: int
    currency: str = ""
    complete: bool = True


@dataclass(frozen=True)
class Scope:
    """What a computed value is computed over: a unit (as it held units on ``day``), a period and
    a currency."""

    unit: Unit | None
    start: date | None
    end: date | None
    currency: str
    day: date | None


@dataclass(frozen=True)
class ComputedMetric:
    code: str
    label: object
    kind: str
    function: Callable[..., Computed]
    #: ``many(*, user, scopes) -> {scope: Computed}``: the values of many scopes in a fixed number
    #: of queries, for pages listing many stated figures; without it, one computation a scope.
    many: Callable[..., dict[Scope, Computed]] | None = None


_REGISTERED: dict[str, ComputedMetric] = {}


def computed_metrics() -> dict[str, ComputedMetric]:
    """Every module's queries by code: each app registers its own in its ``metrics`` module (so
    this app names none of theirs, and a module's figures stay its own)."""
    app_modules("metrics")
    return _REGISTERED


def computed_metric(code: str, label, kind: str = MetricKind.COUNT, *, many=None):
    """Register ``function(*, user, unit, start, end, currency, day) -> Computed`` under ``code``;
    ``day`` is the day whose unions say what ``unit`` holds (``units.rollup``). ``many`` computes
    the same for many scopes at once (``ComputedMetric.many``)."""

    def register(function):
        _REGISTERED[code] = ComputedMetric(code=code, label=label, kind=kind, function=function, many=many)
        return function

    return register


def computed_choices() -> list[tuple[str, str]]:
    return [("", "---------")] + [(c.code, str(c.label)) for c in computed_metrics().values()]


def compute(
    code: str,
    *,
    user,
    unit: Unit | None,
    start: date | None,
    end: date | None,
    currency: str = "",
    day: date | None = None,
) -> Computed:
    return computed_metrics()[code].function(
        user=user, unit=unit, start=start, end=end, currency=currency or "USD", day=day
    )


def compute_many(code: str, *, user, scopes: list[Scope]) -> dict[Scope, Computed]:
    """``compute`` for each of ``scopes``: through the metric's ``many`` when it has one."""
    metric = computed_metrics()[code]
    asked = {s: Scope(s.unit, s.start, s.end, s.currency or "USD", s.day) for s in scopes}
    if metric.many is not None:
        found = metric.many(user=user, scopes=list(set(asked.values())))
        return {s: found[normal] for s, normal in asked.items()}
    return {
        s: metric.function(user=user, unit=n.unit, start=n.start, end=n.end, currency=n.currency, day=n.day)
        for s, n in asked.items()
    }


def _units_of_kind(*, user, unit, end, kind, day) -> Computed:
    """Units of ``kind`` standing at the period's end, within what ``unit`` held on ``day``."""
    standing = end or timezone.localdate()
    n = Unit.objects.restrict(user).filter(kind=kind).within(unit, day).valid_on(standing).count()
    return Computed(Decimal(n), n)


def _units_of_kind_many(kind: str):
    """``_units_of_kind`` of many scopes in one query: a filtered count each."""

    def many(*, user, scopes: list[Scope]) -> dict[Scope, Computed]:
        if not scopes:
            return {}
        counts = Unit.objects.restrict(user).aggregate(
            **{
                f"n_{i}": Count(
                    "pk",
                    filter=Q(kind=kind) & within_q(Unit, s.unit, s.day) & valid_on_q(s.end or timezone.localdate()),
                )
                for i, s in enumerate(scopes)
            }
        )
        return {s: Computed(Decimal(counts[f"n_{i}"]), counts[f"n_{i}"]) for i, s in enumerate(scopes)}

    return many


@computed_metric("branches", _("Branches in the unit tree"), many=_units_of_kind_many(UnitKind.BRANCH))
def branches(*, user, unit, start, end, currency, day) -> Computed:
    return _units_of_kind(user=user, unit=unit, end=end, kind=UnitKind.BRANCH, day=day)


@computed_metric(
    "associations", _("Member associations in the unit tree"), many=_units_of_kind_many(UnitKind.ASSOCIATION)
)
def associations(*, user, unit, start, end, currency, day) -> Computed:
    return _units_of_kind(user=user, unit=unit, end=end, kind=UnitKind.ASSOCIATION, day=day)


def _members_many(*, user, scopes: list[Scope]) -> dict[Scope, Computed]:
    """The members of the unions' member associations (``registry.querysets``, the rule of the
    registry's figures and the reports) within what each scope's unit held on its ``day``, in one
    query; ``records`` the organisations whose count is summed. A member count is kept as of
    today, with no history: the period does not change it."""
    if not scopes:
        return {}
    figures = {}
    for i, scope in enumerate(scopes):
        where = within_q(Organisation, scope.unit, scope.day)
        figures[f"members_{i}"] = member_association_figures(where)["members"]
        figures[f"records_{i}"] = Count("pk", filter=MEMBERS_COUNTED & Q(member_count__isnull=False) & where)
    found = Organisation.objects.restrict(user).aggregate(**figures)
    return {s: Computed(Decimal(found[f"members_{i}"] or 0), found[f"records_{i}"]) for i, s in enumerate(scopes)}


@computed_metric("members", _("Members of the member associations in the registry"), many=_members_many)
def members(*, user, unit, start, end, currency, day) -> Computed:
    scope = Scope(unit, start, end, currency, day)
    return _members_many(user=user, scopes=[scope])[scope]
