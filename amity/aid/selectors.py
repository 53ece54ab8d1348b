"""Reads of the aid module; ``aid_figures`` is the one source of every aid figure (dashboard, API, reports)."""

import operator
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from typing import Any

from django.db.models import Case, Count, DateField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Least
from django.shortcuts import get_object_or_404
from django.utils import timezone

from amity.core.access import unit_ids_for_user
from amity.core.money import CENT, RateBook, converted_cents
from amity.core.roles import UnitKind
from amity.geo.models import AdminUnit, Country
from amity.geo.selectors import group_by_units_valid_on
from amity.units.models import Unit
from amity.units.rollup import UnitRollup, unit_rollup

from .choices import APPROVED_STATUSES, AidStatus, TransactionKind
from .models import AidDonor, AidItem, AidTransaction, Workflow

#: Statuses in which an item still has reports and an end date to watch.
OPEN_STATUSES = frozenset(
    {AidStatus.PROPOSED, AidStatus.APPRAISAL, AidStatus.APPROVED, AidStatus.IMPLEMENTATION, AidStatus.SUSPENDED}
)


def aid_item_list(*, user, action: str = "view") -> QuerySet[AidItem]:
    return AidItem.objects.restrict(user, action).select_related("unit")


def access_aid_item(*, user, pk: int, action: str = "view") -> AidItem:
    return get_object_or_404(aid_item_list(user=user, action=action), pk=pk)


def workflow_for(*, item: AidItem, on: date) -> Workflow | None:
    """The workflow that governs ``item`` on a day: the unit's own (or its nearest ancestor's), else the
    national one. Two in force for the same unit are refused when written (``workflow_overlap_check``);
    should older data hold some, the one in force since the latest date (then the newest) governs,
    whatever the list order."""
    candidates = [w for w in Workflow.objects.prefetch_related("units") if w.is_valid_on(on)]
    path = item.unit.path

    def latest(w):
        return (w.valid_from or date.min, w.pk)

    own = [w for w in candidates if any(path.startswith(u.path) for u in w.units.all())]
    if own:
        return max(own, key=lambda w: (max(len(u.path) for u in w.units.all() if path.startswith(u.path)), latest(w)))
    national = [w for w in candidates if not w.units.all()]
    return max(national, key=latest) if national else None


@dataclass
class Breakdown:
    """One row of a breakdown: a label, the number of items, committed and disbursed amounts."""

    key: str
    label: str
    items: int = 0
    committed: Decimal = Decimal("0")
    disbursed: Decimal = Decimal("0")


@dataclass
class AidFigures:
    """Everything a dashboard, the API or a report says about aid for one unit and period.

    Amounts are in ``currency``. A transaction without a rate is listed in ``missing`` and
    left out of the amounts, which are then marked incomplete; nothing is guessed.
    Breakdowns split an item's amount in equal parts over its sectors, provinces and
    beneficiary groups, and by share over its donors, so each breakdown adds up to the total.
    """

    start: date | None
    end: date | None
    currency: str
    #: the day whose units group the rows (by union, by location)
    day: date | None = None
    items: int = 0
    projects: int = 0
    non_projects: int = 0
    donors: int = 0
    donor_countries: int = 0
    committed: Decimal = Decimal("0")
    disbursed: Decimal = Decimal("0")
    complete: bool = True
    missing: list = field(default_factory=list)
    rates_used: list = field(default_factory=list)
    by_sector: list = field(default_factory=list)
    by_donor: list = field(default_factory=list)
    by_country: list = field(default_factory=list)
    by_beneficiary: list = field(default_factory=list)
    by_province: list = field(default_factory=list)
    by_unit: list = field(default_factory=list)
    disbursement_warnings: list = field(default_factory=list)
    #: Items some of whose donors have a share and others none (older data): split equally, and said so.
    mixed_shares: list = field(default_factory=list)

    def as_dict(self) -> dict:
        """Plain data for the API; amounts and rates stay exact as decimal strings, never floats."""
        return _decimals_as_text(asdict(self))


def _decimals_as_text(value):
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dict):
        return {k: _decimals_as_text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_decimals_as_text(v) for v in value]
    return value


def _split(amount: Decimal, weights: list[tuple[Any, Decimal]]) -> list[tuple[Any, Decimal]]:
    """Split ``amount`` by weights to the cent; the last part takes the rounding remainder."""
    total = sum((w for _k, w in weights), Decimal("0"))
    if not weights or total == 0:
        return []
    parts, given = [], Decimal("0")
    for i, (key, weight) in enumerate(weights):
        if i == len(weights) - 1:
            part = amount - given
        else:
            part = (amount * weight / total).quantize(CENT, ROUND_HALF_UP)
            given += part
        parts.append((key, part))
    return parts


def _items_in_scope(
    *, user, unit: Unit | None, start: date | None, end: date | None, rollup: UnitRollup
) -> QuerySet[AidItem]:
    """Approved items of the period that ``unit`` holds (on the roll-up's day) and ``user`` may see.

    When the user reaches every unit ``unit`` holds, the unit filter alone says it, and when
    ``unit`` is the central union, which holds every unit, no filter does: the country's figures
    are read without two lists of every unit's id in each of their queries."""
    qs = AidItem.objects.filter(status__in=APPROVED_STATUSES)
    if unit is None:
        qs = qs.restrict(user, "view")
    else:
        members = rollup.members_of(unit)
        if not (user.is_authenticated and (user.is_superuser or members <= unit_ids_for_user(user, "view"))):
            qs = qs.restrict(user, "view")
        if not (unit.kind == UnitKind.CENTRAL and unit.parent_id is None):  # see members_of
            qs = qs.filter(unit__in=members)
    period = Q()
    if start:
        period &= Q(decision_date__gte=start) | Q(decision_date__isnull=True, start_date__gte=start)
    if end:
        period &= Q(decision_date__lte=end) | Q(decision_date__isnull=True, start_date__lte=end)
    return qs.filter(period)


def _place_of_pair(pair) -> AdminUnit:
    """The place of an (item, place) pair."""
    return pair[1]


def _converted_sums(
    transactions: QuerySet[AidTransaction], currency: str
) -> tuple[dict[tuple[int, str], Decimal], list[dict], list[dict]]:
    """Sums in ``currency`` by (item, kind), each amount converted and rounded in the database as
    ``RateBook`` does it; the transactions left out for want of a rate; the rates used. Three or
    four queries, whatever the number of transactions."""
    book = RateBook.load()
    pairs = list(transactions.order_by().values_list("currency", "date").distinct())
    rows = transactions.order_by().values("item_id", "kind").annotate(cents=Sum(converted_cents(book, pairs, currency)))
    sums = {(r["item_id"], r["kind"]): Decimal(int(r["cents"])).scaleb(-2) for r in rows if r["cents"] is not None}
    unrated = {(c, d) for c, d in pairs if book.convert(Decimal(1), c, d, currency).missing}
    missing = []
    if unrated:
        candidates = transactions.filter(currency__in={c for c, _d in unrated}, date__in={d for _c, d in unrated})
        missing = [
            {"transaction": pk, "item": item, "currency": cur, "date": day, "year": day.year}
            for pk, item, cur, day in candidates.values_list("pk", "item_id", "currency", "date")
            if (cur, day) in unrated
        ]
    return sums, missing, book.rates_used()


def _members_by_item(items: QuerySet, relation: str, *order: str) -> dict[int, list]:
    """Each item's related records through ``relation`` (sectors, groups, places), in ``order``
    (the related model's own), read with the join table in one query."""
    through = getattr(AidItem, relation).through
    related: Any = AidItem._meta.get_field(relation).related_model
    name = related._meta.model_name
    rows = through.objects.filter(aiditem__in=items).select_related(name)
    if hasattr(related, "deleted_at"):  # a deleted group is not listed
        rows = rows.filter(**{f"{name}__deleted_at__isnull": True})
    found: dict[int, list] = defaultdict(list)
    for row in rows.order_by("aiditem_id", *(f"{name}__{o}" for o in order)):
        found[row.aiditem_id].append(getattr(row, name))
    return found


def aid_figures(
    *,
    user,
    unit: Unit | None = None,
    start: date | None = None,
    end: date | None = None,
    currency: str = "USD",
    day: date | None = None,
) -> AidFigures:
    """Counts and money of approved aid whose decision (or, lacking one, start) falls in the period.

    ``day`` (today by default) groups the rows by the units of that day (``units.rollup``): by union
    (``by_unit``), by location (``by_province``), and the scope of ``unit`` itself, so Hải Phòng's
    figures as on 2023-12-31 hold its own items, not those Hải Dương's union recorded before merging.

    Money is converted and summed per item in the database; the items' donors, sectors, groups and
    places are read as plain rows, so the queries do not grow with the items.
    """
    rollup = unit_rollup(day=day)
    figures = AidFigures(start=start, end=end, currency=currency, day=rollup.day)
    scope = _items_in_scope(user=user, unit=unit, start=start, end=end, rollup=rollup)
    items = list(scope.values_list("pk", "kind", "unit_id", "title_vi", "reference"))
    if not items:  # a period without aid (often the previous term): nothing more to read
        return figures
    in_scope = scope.values("pk")
    sums, figures.missing, figures.rates_used = _converted_sums(
        AidTransaction.objects.filter(item__in=in_scope), currency
    )

    links_by_item: dict[int, list] = defaultdict(list)
    links = AidDonor.objects.filter(item__in=in_scope).order_by(
        "item", F("share").desc(nulls_last=True), "organisation__name", "pk"
    )
    for link in links.values_list(
        "item_id", "share", "organisation_id", "organisation__name", "organisation__country_id"
    ):
        links_by_item[link[0]].append(link)
    countries = Country.objects.in_bulk({link[4] for rows in links_by_item.values() for link in rows} - {None})

    sectors = _members_by_item(in_scope, "sectors", "code")
    groups = _members_by_item(in_scope, "beneficiary_groups", "position", "name")
    places = _members_by_item(in_scope, "locations", "pk")

    donors, donor_countries = set(), set()
    rows: dict[str, dict[str, Breakdown]] = defaultdict(dict)

    def add(dimension: str, key: str, label: str, committed: Decimal, disbursed: Decimal):
        row = rows[dimension].setdefault(key, Breakdown(key=key, label=label))
        row.items += 1
        row.committed += committed
        row.disbursed += disbursed

    location_groups = group_by_units_valid_on(
        [(item_id, place) for item_id, item_places in places.items() for place in item_places],
        day=rollup.day,
        unit_of=_place_of_pair,
    )
    provinces_of_item: dict[int, dict[str, str]] = defaultdict(dict)
    for provinces, pairs in location_groups.items():
        key = "+".join(str(p.pk) for p in provinces)
        label = " + ".join(p.name for p in provinces)
        for item_id, _place in pairs:
            provinces_of_item[item_id][key] = label

    zero = Decimal("0")
    for pk, kind, unit_id, title, reference in items:
        figures.items += 1
        figures.projects += kind == "project"
        figures.non_projects += kind != "project"
        committed = sums.get((pk, TransactionKind.COMMITMENT), zero)
        disbursed = sums.get((pk, TransactionKind.DISBURSEMENT), zero)
        figures.committed += committed
        figures.disbursed += disbursed
        if disbursed > committed and committed:
            figures.disbursement_warnings.append(pk)

        item_links = links_by_item.get(pk, [])
        for _item, _share, org_id, _name, country_id in item_links:
            donors.add(org_id)
            if country_id:
                donor_countries.add(country_id)
        has_shares = item_links and all(link[1] is not None for link in item_links)
        if not has_shares and any(link[1] is not None for link in item_links):
            figures.mixed_shares.append({"item": pk, "title": title, "reference": reference})
        weights = [(i, (link[1] or zero) if has_shares else Decimal("1")) for i, link in enumerate(item_links)]
        country_parts: dict[str, list] = defaultdict(lambda: [zero, zero, None])
        for (i, c_part), (_i, d_part) in zip(_split(committed, weights), _split(disbursed, weights), strict=True):
            _item, _share, org_id, org_name, country_id = item_links[i]
            add("donor", str(org_id), org_name, c_part, d_part)
            country = countries.get(country_id)
            ckey = country.iso_alpha2 if country else ""
            country_parts[ckey][0] += c_part
            country_parts[ckey][1] += d_part
            country_parts[ckey][2] = country.name if country else ""
        for ckey, (c_part, d_part, name) in country_parts.items():
            add("country", ckey, name, c_part, d_part)

        for dimension, members in (
            ("sector", [(s.code, str(s)) for s in sectors.get(pk, [])]),
            ("beneficiary", [(g.code, str(g)) for g in groups.get(pk, [])]),
            ("province", sorted(provinces_of_item.get(pk, {}).items())),
        ):
            labels = dict(members)
            keys = [(k, Decimal("1")) for k in labels]
            for (key, c_part), (_k, d_part) in zip(_split(committed, keys), _split(disbursed, keys), strict=True):
                add(dimension, key, labels[key], c_part, d_part)
            if not members:
                add(dimension, "", "", committed, disbursed)

        union = rollup.group_of(unit_id)
        add("unit", union.key, union.label, committed, disbursed)

    figures.donors = len(donors)
    figures.donor_countries = len(donor_countries)
    figures.complete = not figures.missing
    for dimension in ("sector", "donor", "country", "beneficiary", "province", "unit"):
        ordered = sorted(rows[dimension].values(), key=lambda r: (-r.committed, r.label))
        setattr(figures, f"by_{dimension}", ordered)
    return figures


@dataclass(frozen=True)
class AidTotals:
    """The totals of ``aid_figures`` (the same numbers) without its breakdowns."""

    items: int
    projects: int
    donors: int
    committed: Decimal
    complete: bool

    @property
    def non_projects(self) -> int:
        return self.items - self.projects


def aid_totals_many(*, user, scopes, money: bool = False) -> dict:
    """``AidTotals`` of each scope (``union.metrics.Scope``: unit, period, currency, day), as
    ``aid_figures`` counts them, in a fixed number of queries however many scopes: each a filtered
    aggregate of one query. Money (``committed``, ``complete``) only when asked; else zero."""
    scopes = list(scopes)
    if not scopes:
        return {}
    rollups: dict = {}
    for scope in scopes:
        if scope.day not in rollups:
            first = next(iter(rollups.values()), None)
            rollups[scope.day] = first.on(scope.day) if first else unit_rollup(day=scope.day)
    in_scope = [
        _items_in_scope(user=user, unit=s.unit, start=s.start, end=s.end, rollup=rollups[s.day]).values("pk")
        for s in scopes
    ]
    counts = AidItem.objects.aggregate(
        **{f"items_{i}": Count("pk", filter=Q(pk__in=items)) for i, items in enumerate(in_scope)},
        **{f"projects_{i}": Count("pk", filter=Q(pk__in=items, kind="project")) for i, items in enumerate(in_scope)},
    )
    donors = AidDonor.objects.aggregate(
        **{
            f"donors_{i}": Count("organisation", distinct=True, filter=Q(item__in=items))
            for i, items in enumerate(in_scope)
        }
    )
    money_of: dict[int, tuple[Decimal, bool]] = {}
    if money:
        book = RateBook.load()
        for currency in {s.currency for s in scopes}:
            indexes = [i for i, s in enumerate(scopes) if s.currency == currency]
            transactions = AidTransaction.objects.filter(
                reduce(operator.or_, (Q(item__in=in_scope[i]) for i in indexes))
            )
            pairs = list(transactions.order_by().values_list("currency", "date").distinct())
            sums = transactions.annotate(cents=converted_cents(book, pairs, currency)).aggregate(
                **{
                    f"committed_{i}": Sum("cents", filter=Q(item__in=in_scope[i], kind=TransactionKind.COMMITMENT))
                    for i in indexes
                },
                **{f"missing_{i}": Count("pk", filter=Q(item__in=in_scope[i], cents__isnull=True)) for i in indexes},
            )
            for i in indexes:
                cents = sums[f"committed_{i}"]
                committed = Decimal(int(cents)).scaleb(-2) if cents is not None else Decimal("0")
                money_of[i] = (committed, not sums[f"missing_{i}"])
    return {
        scope: AidTotals(
            items=counts[f"items_{i}"],
            projects=counts[f"projects_{i}"],
            donors=donors[f"donors_{i}"],
            committed=money_of.get(i, (Decimal("0"), True))[0],
            complete=money_of.get(i, (Decimal("0"), True))[1],
        )
        for i, scope in enumerate(scopes)
    }


def missing_rates_summary(figures: AidFigures) -> list[tuple[str, int, int]]:
    """(currency, year, number of transactions) that need a rate, for the "incomplete" notice."""
    counts = Counter((m["currency"], m["year"]) for m in figures.missing)
    return [(cur, year, n) for (cur, year), n in sorted(counts.items())]


def aid_deadlines(*, user, within_days: int = 90) -> QuerySet[AidItem]:
    """Items with a lifecycle step, a report or an end due in the coming days, or already overdue,
    soonest first (``next_due``).

    A report stays on the list until the item is closed (a completed item still owes its final
    report); an end date only while the aid is approved, in implementation or suspended.
    """
    today = timezone.localdate()
    horizon = today + timedelta(days=within_days)
    running = {AidStatus.APPROVED, AidStatus.IMPLEMENTATION, AidStatus.SUSPENDED}
    never = Value(date.max, output_field=DateField())
    return (
        aid_item_list(user=user)
        .filter(
            Q(status_deadline__lte=horizon)
            | Q(report_due__lte=horizon, status__in=OPEN_STATUSES | {AidStatus.COMPLETED})
            | Q(end_date__lte=horizon, status__in=running)
        )
        .annotate(
            next_due=Least(
                Coalesce("status_deadline", never),
                Case(
                    When(status__in=OPEN_STATUSES | {AidStatus.COMPLETED}, then=Coalesce("report_due", never)),
                    default=never,
                ),
                Case(When(status__in=running, then=Coalesce("end_date", never)), default=never),
                output_field=DateField(),
            )
        )
        .order_by("next_due", "pk")
    )
