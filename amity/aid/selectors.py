"""Reads of the aid module; ``aid_figures`` is the one source of every aid figure (dashboard, API, reports)."""

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, DateField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Least
from django.shortcuts import get_object_or_404
from django.utils import timezone

from amity.core.access import unit_descendant_ids
from amity.geo.models import AdminUnit
from amity.geo.selectors import group_by_units_valid_on
from amity.units.models import Unit
from amity.units.rollup import UnitRollup, unit_rollup

from .choices import APPROVED_STATUSES, AidStatus, TransactionKind
from .models import AidDonor, AidItem, AidTransaction, Workflow
from .rates import CENT, RateBook

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


def _split(amount: Decimal, weights: list[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
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
    *, user, unit: Unit | None, start: date | None, end: date | None, rollup: UnitRollup | None = None
) -> QuerySet[AidItem]:
    qs = AidItem.objects.restrict(user, "view").filter(status__in=APPROVED_STATUSES)
    if unit is not None:
        qs = qs.filter(unit__in=rollup.members_of(unit) if rollup else unit_descendant_ids(unit))
    period = Q()
    if start:
        period &= Q(decision_date__gte=start) | Q(decision_date__isnull=True, start_date__gte=start)
    if end:
        period &= Q(decision_date__lte=end) | Q(decision_date__isnull=True, start_date__lte=end)
    return qs.filter(period)


def _place_of_pair(pair) -> AdminUnit:
    """The place of an (item, place) pair."""
    return pair[1]


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
    """
    rollup = unit_rollup(day=day)
    figures = AidFigures(start=start, end=end, currency=currency, day=rollup.day)
    items = list(
        _items_in_scope(user=user, unit=unit, start=start, end=end, rollup=rollup)
        .select_related("unit")
        .prefetch_related(
            Prefetch("donor_links", queryset=AidDonor.objects.select_related("organisation__country")),
            Prefetch("transactions", queryset=AidTransaction.objects.all()),
            "sectors",
            "locations",
            "beneficiary_groups",
        )
    )
    book = RateBook.load()
    donors, countries = set(), set()
    rows: dict[str, dict[str, Breakdown]] = defaultdict(dict)

    def add(dimension: str, key: str, label: str, committed: Decimal, disbursed: Decimal, count: bool = True):
        row = rows[dimension].setdefault(key, Breakdown(key=key, label=label))
        row.items += 1 if count else 0
        row.committed += committed
        row.disbursed += disbursed

    location_groups = group_by_units_valid_on(
        [(item, loc) for item in items for loc in item.locations.all()], day=rollup.day, unit_of=_place_of_pair
    )
    provinces_of_item: dict[int, dict[str, str]] = defaultdict(dict)
    for provinces, pairs in location_groups.items():
        key = "+".join(str(p.pk) for p in provinces)
        label = " + ".join(p.name for p in provinces)
        for item, _loc in pairs:
            provinces_of_item[item.pk][key] = label

    for item in items:
        figures.items += 1
        figures.projects += item.kind == "project"
        figures.non_projects += item.kind != "project"
        sums: dict[str, Decimal] = {
            TransactionKind.COMMITMENT: Decimal("0"),
            TransactionKind.DISBURSEMENT: Decimal("0"),
        }
        for tx in item.transactions.all():
            result = book.convert(tx.amount, tx.currency, tx.date, currency)
            if result.missing:
                figures.missing.append(
                    {
                        "transaction": tx.pk,
                        "item": item.pk,
                        "currency": tx.currency,
                        "date": tx.date,
                        "year": tx.date.year,
                    }
                )
                continue
            sums[tx.kind] += result.amount or Decimal("0")
        committed, disbursed = sums[TransactionKind.COMMITMENT], sums[TransactionKind.DISBURSEMENT]
        figures.committed += committed
        figures.disbursed += disbursed
        if disbursed > committed and committed:
            figures.disbursement_warnings.append(item.pk)

        links = list(item.donor_links.all())
        for link in links:
            donors.add(link.organisation_id)
            if link.organisation.country_id:
                countries.add(link.organisation.country_id)
        has_shares = links and all(link.share is not None for link in links)
        if not has_shares and any(link.share is not None for link in links):
            figures.mixed_shares.append({"item": item.pk, "title": item.title_vi, "reference": item.reference})
        weights = [(str(link.pk), (link.share or Decimal("0")) if has_shares else Decimal("1")) for link in links]
        by_link = {str(link.pk): link for link in links}
        country_parts: dict[str, list] = defaultdict(lambda: [Decimal("0"), Decimal("0"), None])
        for (key, c_part), (_k, d_part) in zip(_split(committed, weights), _split(disbursed, weights), strict=True):
            org = by_link[key].organisation
            add("donor", str(org.pk), org.name, c_part, d_part)
            country = org.country
            ckey = country.iso_alpha2 if country else ""
            country_parts[ckey][0] += c_part
            country_parts[ckey][1] += d_part
            country_parts[ckey][2] = country.name if country else ""
        for ckey, (c_part, d_part, name) in country_parts.items():
            add("country", ckey, name, c_part, d_part)

        for dimension, members in (
            ("sector", [(s.code, str(s)) for s in item.sectors.all()]),
            ("beneficiary", [(g.code, str(g)) for g in item.beneficiary_groups.all()]),
            ("province", sorted(provinces_of_item.get(item.pk, {}).items())),
        ):
            labels = dict(members)
            keys = [(k, Decimal("1")) for k in labels]
            for (key, c_part), (_k, d_part) in zip(_split(committed, keys), _split(disbursed, keys), strict=True):
                add(dimension, key, labels[key], c_part, d_part)
            if not members:
                add(dimension, "", "", committed, disbursed)

        union = rollup.group_of(item.unit_id)
        add("unit", union.key, union.label, committed, disbursed)

    figures.donors = len(donors)
    figures.donor_countries = len(countries)
    figures.complete = not figures.missing
    figures.rates_used = book.rates_used()
    for dimension in ("sector", "donor", "country", "beneficiary", "province", "unit"):
        ordered = sorted(rows[dimension].values(), key=lambda r: (-r.committed, r.label))
        setattr(figures, f"by_{dimension}", ordered)
    return figures


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
