"""Reads of the aid module; ``aid_figures`` is the one source of every aid figure (dashboard, API, reports)."""

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Case, Count, DateField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Least
from django.shortcuts import get_object_or_404
from django.utils import timezone

from amity.core.access import unit_ids_for_user
from amity.core.models import ExchangeRate
from amity.core.money import RateBook, RatePeriod, period_cents, rates_listed
from amity.core.once import read_once
from amity.core.querysets import LiveManager
from amity.core.roles import UnitKind
from amity.geo.models import AdminUnit, Country
from amity.geo.selectors import group_by_units_valid_on
from amity.registry.models import Organisation
from amity.units.models import Unit
from amity.units.rollup import UnitRollup, unit_rollup

from .choices import APPROVED_STATUSES, AidStatus
from .models import AidDonor, AidItem, AidTransaction, BeneficiaryGroup, Sector, Workflow
from .sums import TARGETS, aid_sums_queue_refresh, item_sums_sql, stale_units_sql

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
class OtherDonors:
    """The donors a figure does not name (``aid_figures(donors_named=...)``): how many, and their money."""

    donors: int
    committed: Decimal
    disbursed: Decimal


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
    #: None when not counted (``aid_figures(count_donors=False)``)
    donors: int | None = 0
    donor_countries: int | None = 0
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
    #: The donors beyond the largest ``by_donor`` holds, when ``aid_figures(donors_named=...)`` names some only.
    other_donors: OtherDonors | None = None

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
    # the day that places an item in a period (``AidItem.reference_date``), read from its index
    qs = qs.alias(placed=Coalesce("decision_date", "start_date"))
    if start:
        qs = qs.filter(placed__gte=start)
    if end:
        qs = qs.filter(placed__lte=end)
    return qs


def _missing_rates(scope: QuerySet[AidItem], cents) -> list[dict]:
    """The transactions of the items of ``scope`` that ``cents`` (``period_cents``) cannot convert
    for want of a rate; asked only when the figures' query met one."""
    unrated = (
        AidTransaction.objects.filter(item__in=scope.values("pk")).annotate(cents=cents).filter(cents__isnull=True)
    )
    return [
        {"transaction": pk, "item": item, "currency": cur, "date": day, "year": day.year}
        for pk, item, cur, day in unrated.values_list("pk", "item_id", "currency", "date")
    ]


def _half_up(numerator: str, denominator: str) -> str:
    """SQL: the integer ``numerator / denominator`` rounded half away from zero (``ROUND_HALF_UP``),
    in integer arithmetic, so PostgreSQL and SQLite give the same cents."""
    return (
        f"(CASE WHEN {numerator} >= 0 THEN (2 * {numerator} + {denominator}) / (2 * {denominator}) "
        f"ELSE -((2 * -({numerator}) + {denominator}) / (2 * {denominator})) END)"
    )


def _split_sql(links: str, order: str, *, shares: bool = False, carry: str = "") -> str:
    """SQL: each item's cents (``sums``) split over its ``links`` (``item_id, key``, ``share`` when
    ``shares``) to the cent: in ``order``, by share when every link has one, else in
    equal parts; each part rounded half up to the cent and the last taking the remainder. Rows
    ``(item_id, key, pc, pd)`` and the ``carry`` column of the link; an item whose shares add up
    to nothing has none.

    An item of one link (most items: one donor, one sector) takes its cents as they are, without
    the ranking and the remainder, which are computed for the items of several links only."""
    weight = "CAST(ROUND(l.share * 100) AS BIGINT)" if shares else "1"
    within = "PARTITION BY l.item_id"
    carried = f", l.{carry}" if carry else ""
    several = f"SELECT item_id FROM {links} GROUP BY item_id HAVING COUNT(*) > 1"
    single = (
        f"SELECT l.item_id, l.key{carried}, s.c AS pc, s.d AS pd FROM {links} l JOIN sums s ON s.item_id = l.item_id "
        f"WHERE l.item_id NOT IN ({several})" + (f" AND (l.share IS NULL OR {weight} <> 0)" if shares else "")
    )
    ranked = (
        f"SELECT l.item_id, l.key{carried}, s.c, s.d, {weight} AS w, "
        f"ROW_NUMBER() OVER ({within} ORDER BY {order}) AS rn, COUNT(*) OVER ({within}) AS n"
        + (
            f", COUNT(l.share) OVER ({within}) AS given, CAST(SUM({weight}) OVER ({within}) AS BIGINT) AS t"
            if shares
            else ""
        )
        + f" FROM {links} l JOIN sums s ON s.item_id = l.item_id WHERE l.item_id IN ({several})"
    )
    w, t = (
        ("CASE WHEN r.given = r.n THEN r.w ELSE 1 END", "CASE WHEN r.given = r.n THEN r.t ELSE r.n END")
        if shares
        else ("1", "r.n")
    )
    carried = f", r.{carry}" if carry else ""
    parts = (
        f"SELECT r.item_id, r.key{carried}, r.rn, r.n, r.c, r.d, "
        f"CASE WHEN r.rn < r.n THEN {_half_up(f'r.c * {w}', t)} END AS pc, "
        f"CASE WHEN r.rn < r.n THEN {_half_up(f'r.d * {w}', t)} END AS pd "
        f"FROM ({ranked}) r WHERE {t} <> 0"
    )
    carried = f", p.{carry}" if carry else ""
    return (
        f"{single} UNION ALL "
        f"SELECT p.item_id, p.key{carried}, "
        "CASE WHEN p.rn = p.n THEN p.c - COALESCE(SUM(p.pc) OVER (PARTITION BY p.item_id), 0) ELSE p.pc END AS pc, "
        "CASE WHEN p.rn = p.n THEN p.d - COALESCE(SUM(p.pd) OVER (PARTITION BY p.item_id), 0) ELSE p.pd END AS pd "
        f"FROM ({parts}) p"
    )


#: The breakdowns ``aid_figures`` can give (``by_<name>``), each a part of its one query.
BREAKDOWNS = ("sector", "donor", "country", "beneficiary", "province", "unit")


def _breakdown_rows(
    scope: QuerySet[AidItem],
    periods: list[RatePeriod] | None,
    currency: str,
    *,
    place_ranks: dict[int, int],
    breakdowns: Collection[str] = BREAKDOWNS,
    count_donors: bool = True,
    donors_named: int | None = None,
    totals_of: Sequence[QuerySet[AidItem]] = (),
) -> list[tuple]:
    """The totals and the ``breakdowns``' rows of the items of ``scope`` in one query, as rows
    ``(dimension, key, label, note, items, committed cents, disbursed cents)``: each item's
    transactions converted into ``currency`` through the rate ``periods`` and summed, then split
    over its donors (by share), donor countries, sectors, beneficiary groups and provinces
    (``place_ranks``: a place's id → the rank of its provinces' key) and summed by key, all in the
    database; with ``donors_named``, the donors' rows are those of the largest donors only (one more
    than named, in case it is the only other) and a row ``("other_donors", ...)`` counts and sums
    the donors beyond them (ranked by committed cents, then name, as ``aid_figures`` orders them);
    rows ``("rate", id, "", "", transactions without a rate, ...)`` name the rates the
    transactions used, and ``("live", ...)`` counts the items read from their transactions. An item
    without sectors (groups, places) counts under the key "" of that breakdown.

    Each item's converted sums come from the roll-up (``sums.item_sums_sql``), or for the items of
    units whose roll-up is stale from their transactions, each converted once through the book's
    rate ``periods`` and grouped by item and rate before they meet the items' rows (``periods``
    None: the roll-up's rows alone; the "live" row then counts the items left out).

    ``totals_of``: other scopes (the previous term beside the current one) read in the same
    statement, their totals only: the rows "total", "rate", "live" and "warning" of the ``k``-th
    are named "total:k" (k from 1) and so on."""
    items_sql, items_params = scope.order_by().values("pk", "unit_id", "kind").query.sql_with_params()
    sums_sql, sums_params = item_sums_sql("items", periods, currency)
    others_sql, others_params = [], []
    for k, other in enumerate(totals_of, start=1):
        other_items, other_items_params = other.order_by().values("pk", "unit_id", "kind").query.sql_with_params()
        other_sums, other_sums_params = item_sums_sql(f"items_{k}", periods, currency)
        others_sql.append(
            f""", items_{k} (item_id, unit_id, kind) AS ({other_items}),
            tx_{k} (item_id, rate_id, unrated, c, d) AS ({other_sums}),
            sums_{k} AS ({_item_sums("items_" + str(k), "tx_" + str(k))})"""
        )
        others_params += [*other_items_params, *other_sums_params]
    donors_sql, donors_params = (
        AidDonor.objects.filter(item_id__in=RawSQL("SELECT item_id FROM items", ()))
        .order_by()
        .values("item_id", "share", "pk", "organisation_id")
        .query.sql_with_params()
    )
    organisations = Organisation._meta.db_table
    sectors, groups, places = (
        getattr(AidItem, name).through._meta.db_table for name in ("sectors", "beneficiary_groups", "locations")
    )
    rank = "CASE " + " ".join(f"WHEN l.adminunit_id = {int(p)} THEN {int(r)}" for p, r in place_ranks.items()) + " END"
    ctes = {
        "sector": f"""sector_links AS (
            SELECT l.aiditem_id AS item_id, l.sector_id AS key, x.code
            FROM {sectors} l JOIN sums s ON s.item_id = l.aiditem_id JOIN {Sector._meta.db_table} x ON x.id = l.sector_id
        )""",
        "beneficiary": f"""group_links AS (
            SELECT l.aiditem_id AS item_id, l.beneficiarygroup_id AS key, x.position, x.name
            FROM {groups} l JOIN sums s ON s.item_id = l.aiditem_id
            JOIN {BeneficiaryGroup._meta.db_table} x ON x.id = l.beneficiarygroup_id
            WHERE x.deleted_at IS NULL
        )""",
        "province": f"""place_links AS (
            SELECT DISTINCT l.aiditem_id AS item_id, {rank if place_ranks else "0"} AS key
            FROM {places} l JOIN sums s ON s.item_id = l.aiditem_id
        )""",
    }
    # each donor's name and country read once, not once for each of its items
    donor_labelled = """donor_labelled AS (
        SELECT l.item_id, l.share, l.pk, l.key, o.label, o.country FROM donor_links l JOIN donor_orgs o ON o.key = l.key
    )"""
    donor_split = f"donor_split AS ({_split_sql('donor_labelled', 'l.share IS NULL, l.share DESC, l.label, l.pk', shares=True, carry='country')})"
    # each donor's row ranked, so that only the largest come back when only they are named
    donor_rows = """donor_rows AS (
        SELECT CAST(d.key AS TEXT) AS key, MAX(l.label) AS label, COUNT(*) AS n, SUM(d.pc) AS pc, SUM(d.pd) AS pd,
            ROW_NUMBER() OVER (ORDER BY SUM(d.pc) DESC, MAX(l.label), d.key) AS place
        FROM donor_split d JOIN donor_orgs l ON l.key = d.key GROUP BY d.key
    )"""
    parts = {
        "unit": "SELECT 'unit', CAST(unit_id AS TEXT), '', '', COUNT(*), SUM(c), SUM(d) FROM sums GROUP BY unit_id",
        "donor": """SELECT 'donor', CAST(d.key AS TEXT), MAX(l.label), '', COUNT(*), SUM(d.pc), SUM(d.pd)
            FROM donor_split d JOIN donor_orgs l ON l.key = d.key GROUP BY d.key"""
        if donors_named is None
        else f"""SELECT 'donor', key, label, '', n, pc, pd FROM donor_rows WHERE place <= {int(donors_named) + 1}
        UNION ALL
        SELECT 'other_donors', '', '', '', COUNT(*), SUM(pc), SUM(pd) FROM donor_rows
            WHERE place > {int(donors_named)} HAVING COUNT(*) > 0""",
        "country": """SELECT 'country', COALESCE(CAST(country AS TEXT), ''), '', '', COUNT(*), SUM(pc), SUM(pd) FROM (
            SELECT item_id, country, SUM(pc) AS pc, SUM(pd) AS pd FROM donor_split GROUP BY item_id, country
        ) by_item GROUP BY country""",
        "sector": f"""SELECT 'sector', CAST(key AS TEXT), '', '', COUNT(*), SUM(pc), SUM(pd)
            FROM ({_split_sql("sector_links", "l.code")}) x GROUP BY key
        UNION ALL
        SELECT 'sector', '', '', '', COUNT(*), SUM(c), SUM(d) FROM sums
            WHERE NOT EXISTS (SELECT 1 FROM sector_links l WHERE l.item_id = sums.item_id) HAVING COUNT(*) > 0""",
        "beneficiary": f"""SELECT 'beneficiary', CAST(key AS TEXT), '', '', COUNT(*), SUM(pc), SUM(pd)
            FROM ({_split_sql("group_links", "l.position, l.name, l.key")}) x GROUP BY key
        UNION ALL
        SELECT 'beneficiary', '', '', '', COUNT(*), SUM(c), SUM(d) FROM sums
            WHERE NOT EXISTS (SELECT 1 FROM group_links l WHERE l.item_id = sums.item_id) HAVING COUNT(*) > 0""",
        "province": f"""SELECT 'province', CAST(key AS TEXT), '', '', COUNT(*), SUM(pc), SUM(pd)
            FROM ({_split_sql("place_links", "l.key")}) x GROUP BY key
        UNION ALL
        SELECT 'province', '', '', '', COUNT(*), SUM(c), SUM(d) FROM sums
            WHERE NOT EXISTS (SELECT 1 FROM place_links l WHERE l.item_id = sums.item_id) HAVING COUNT(*) > 0""",
    }
    asked = [b for b in BREAKDOWNS if b in breakdowns]
    donor_counts = f"""UNION ALL
        SELECT 'donors', '', '', '', COUNT(*), COUNT(DISTINCT country), 0 FROM donor_orgs
        UNION ALL
        SELECT 'mixed', CAST(id AS TEXT), title_vi, reference, 1, 0, 0 FROM {AidItem._meta.db_table} WHERE id IN (
            SELECT item_id FROM donor_links GROUP BY item_id HAVING COUNT(share) > 0 AND COUNT(share) < COUNT(*))"""
    splits_donors = {"donor", "country"} & set(asked)
    sql = f"""
        WITH items (item_id, unit_id, kind) AS ({items_sql}),
        tx (item_id, rate_id, unrated, c, d) AS ({sums_sql}),
        sums AS ({_item_sums("items", "tx")}){"".join(others_sql)},
        donor_links (item_id, share, pk, key) AS ({donors_sql}),
        donor_orgs (key, label, country) AS (
            SELECT o.id, o.name, o.country_id FROM {organisations} o WHERE o.id IN (SELECT key FROM donor_links)
        )
        {"".join(f", {ctes[b]}" for b in asked if b in ctes)}{f", {donor_labelled}, {donor_split}" if splits_donors else ""}
        {f", {donor_rows}" if donors_named is not None and "donor" in asked else ""}
        {_totals_sql("", "")}
        {"".join(f" UNION ALL {_totals_sql(f':{k}', f'_{k}')}" for k in range(1, len(totals_of) + 1))}
        {donor_counts if count_donors else ""}
        {"".join(f" UNION ALL {parts[b]}" for b in asked)}
    """
    return _rows_without_jit(sql, [*items_params, *sums_params, *others_params, *donors_params])


def _item_sums(items: str, tx: str) -> str:
    """SQL: each item of the CTE ``items`` with its cents summed from the CTE ``tx`` (0 without any)."""
    return f"""SELECT i.item_id, i.unit_id, i.kind,
            CAST(COALESCE(t.c, 0) AS BIGINT) AS c, CAST(COALESCE(t.d, 0) AS BIGINT) AS d
        FROM {items} i LEFT JOIN (SELECT item_id, SUM(c) AS c, SUM(d) AS d FROM {tx} GROUP BY item_id) t
        ON t.item_id = i.item_id"""


def _totals_sql(dimension: str, cte: str) -> str:
    """SQL: the rows "total", "rate", "live" and "warning" (each followed by ``dimension``) of the
    CTEs ``items``, ``tx`` and ``sums`` (each followed by ``cte``)."""
    return f"""SELECT 'total{dimension}', kind, '', '', COUNT(*), SUM(c), SUM(d) FROM sums{cte} GROUP BY kind
        UNION ALL
        SELECT 'rate{dimension}', COALESCE(CAST(rate_id AS TEXT), ''), '', '', CAST(SUM(unrated) AS BIGINT), 0, 0
            FROM tx{cte} GROUP BY rate_id
        UNION ALL
        SELECT 'live{dimension}', '', '', '', COUNT(*), 0, 0 FROM items{cte} WHERE unit_id IN ({stale_units_sql()})
        UNION ALL
        SELECT 'warning{dimension}', CAST(item_id AS TEXT), '', '', 1, c, d FROM sums{cte} WHERE d > c AND c <> 0"""


def _rows_without_jit(sql: str, params: list) -> list[tuple]:
    """The rows of an aid figures' statement, read where aid is read (``router``), on PostgreSQL
    without compiling it first (JIT): the planner cannot see into the statement's CTEs and
    overestimates its cost, which at a million records meant 0.5-0.8 s of compiling a statement
    that runs in 0.3 s.

    ``SET LOCAL`` lasts to the end of its transaction; sent with the statement in one message
    (Django's cursors bind on the client, so psycopg sends them by the simple protocol), both run
    as one implicit transaction: one round trip, where a transaction of their own took four
    (begin, set, statement, commit). Inside a transaction of the caller's (an atomic block: a task,
    a command, ``ATOMIC_REQUESTS``) it would last to that transaction's end: there the setting is
    made in a savepoint rolled back after the statement (which writes nothing), in the same message."""
    database = connections[router.db_for_read(AidItem) or DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        if database.vendor != "postgresql":
            cursor.execute(sql, params)
        elif not database.in_atomic_block:
            cursor.execute(f"SET LOCAL jit = off; {sql}", params)
            cursor.nextset()  # the statement's rows, after the setting's result
        else:
            cursor.execute(
                f"SAVEPOINT aid_without_jit; SET LOCAL jit = off; {sql}; "
                "ROLLBACK TO SAVEPOINT aid_without_jit; RELEASE SAVEPOINT aid_without_jit",
                params,
            )
            cursor.nextset()
            cursor.nextset()  # the statement's rows, after the savepoint's and the setting's results
        return cursor.fetchall()


def _province_ranks(scope: QuerySet[AidItem], day: date) -> tuple[dict[int, int], list[tuple[str, str]]]:
    """The provinces of ``day`` that hold each place of the items of ``scope``: a place's id → the
    rank of its key ("+"-joined province ids, as ``group_by_units_valid_on`` groups them) among the
    (key, label) pairs returned, in the order of the keys."""
    keys: dict[int, tuple[str, str]] = {}
    for provinces, members in group_by_units_valid_on(_places_of(scope), day=day, unit_of=lambda place: place).items():
        key = ("+".join(str(p.pk) for p in provinces), " + ".join(p.name for p in provinces))
        keys.update(dict.fromkeys((place.pk for place in members), key))
    ordered = sorted(set(keys.values()))
    rank = {key: i for i, key in enumerate(ordered)}
    return {pk: rank[key] for pk, key in keys.items()}, ordered


def _places_of(scope: QuerySet[AidItem]) -> list[AdminUnit]:
    """The places of the items of ``scope``, by the items' statement as the ORM writes it alone,
    inside SQL written here: nesting it in two subqueries of the ORM's took it four times as long
    to write as the statement itself (~1.5 ms of CPU of a province's figures page). The places are
    those of items ``scope`` restricts (their ids are what a figure's rows are keyed by)."""
    items, params = scope.values("pk").query.sql_with_params()
    locations = AidItem.locations.field
    place, item = locations.m2m_reverse_name(), locations.m2m_column_name()
    fields = AdminUnit._meta.concrete_fields
    sql = (
        f"SELECT {', '.join(f.column for f in fields)} FROM {AdminUnit._meta.db_table} "
        f"WHERE {AdminUnit._meta.pk.column} IN (SELECT {place} FROM {locations.m2m_db_table()} WHERE {item} IN ({items}))"
    )
    with connections[scope.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [AdminUnit.from_db(scope.db, [f.attname for f in fields], row) for row in rows]


def _rate_periods(currency: str) -> list[RatePeriod]:
    """The rate book's periods into ``currency``, read once a request (a widget asks for two terms)."""
    return read_once(f"aid.rate_periods.{currency}", lambda: RateBook.load().periods(currency))


def aid_figures(
    *,
    user,
    unit: Unit | None = None,
    start: date | None = None,
    end: date | None = None,
    currency: str = "USD",
    day: date | None = None,
    breakdowns: Collection[str] = BREAKDOWNS,
    count_donors: bool = True,
    donors_named: int | None = None,
) -> AidFigures:
    """Counts and money of approved aid whose decision (or, lacking one, start) falls in the period.

    ``day`` (today by default) groups the rows by the units of that day (``units.rollup``): by union
    (``by_unit``), by location (``by_province``), and the scope of ``unit`` itself, so Hải Phòng's
    figures as on 2023-12-31 hold its own items, not those Hải Dương's union recorded before merging.

    Money is converted, summed per item, split over donors, sectors, groups and places and summed by
    key in the database (``_breakdown_rows``), so neither the queries nor the Python work grow with
    the items: only the breakdowns' rows come back. ``breakdowns`` names those wanted (``BREAKDOWNS``
    by default); the others stay empty and cost nothing. ``count_donors=False`` leaves out the count
    of donors and their countries (None) and the items with mixed shares (empty), unless a donor
    breakdown is asked: a figure that shows none of them (the dashboard's previous term) does not
    read the donors of every item. ``donors_named`` (a page or a national report naming the largest
    donors, ``DONORS_NAMED``): ``by_donor`` holds only the largest (all of them when the others would
    be a single donor: it is named instead) and ``other_donors`` the others' number and money, so
    thousands of donors' rows are not read to print thirty.
    """
    figures, _totals = aid_figures_beside(
        user=user,
        unit=unit,
        start=start,
        end=end,
        currency=currency,
        day=day,
        breakdowns=breakdowns,
        count_donors=count_donors,
        donors_named=donors_named,
    )
    return figures


def aid_figures_beside(
    *,
    user,
    unit: Unit | None = None,
    start: date | None = None,
    end: date | None = None,
    currency: str = "USD",
    day: date | None = None,
    breakdowns: Collection[str] = BREAKDOWNS,
    count_donors: bool = True,
    donors_named: int | None = None,
    totals_of: Sequence[tuple[date | None, date | None]] = (),
    list_rates: bool = True,
) -> tuple[AidFigures, list[AidFigures]]:
    """``aid_figures`` of the period, and beside it the totals of each of the periods ``totals_of``
    ((start, end): the dashboard's previous term) as ``aid_figures(breakdowns=(), count_donors=False)``
    gives them, read in the same statement and with the same rates: one query where each period
    took its own. ``list_rates=False`` leaves ``rates_used`` empty: a figure that does not list the
    rates (the dashboard's) does not read them."""
    rollup = unit_rollup(day=day)
    figures = AidFigures(start=start, end=end, currency=currency, day=rollup.day)
    beside = [AidFigures(start=s, end=e, currency=currency, day=rollup.day) for s, e in totals_of]
    for other in beside:
        other.donors = other.donor_countries = None
    scope = _items_in_scope(user=user, unit=unit, start=start, end=end, rollup=rollup)
    scopes = [_items_in_scope(user=user, unit=unit, start=s, end=e, rollup=rollup) for s, e in totals_of]
    place_ranks, province_keys = _province_ranks(scope, rollup.day) if "province" in breakdowns else ({}, [])
    count_donors = count_donors or bool({"donor", "country"} & set(breakdowns))
    if not count_donors:
        figures.donors = figures.donor_countries = None

    def read(periods: list[RatePeriod] | None) -> dict[str, list[tuple]]:
        found: dict[str, list[tuple]] = defaultdict(list)
        rows = _breakdown_rows(
            scope,
            periods,
            currency,
            place_ranks=place_ranks,
            breakdowns=breakdowns,
            count_donors=count_donors,
            donors_named=donors_named,
            totals_of=scopes,
        )
        for dimension, *row in rows:
            found[dimension].append(tuple(row))
        return found

    # The roll-up's sums name the rates that converted them: the rate book (every rate) is read, and
    # its conversion built, only when some unit's roll-up is stale or the currency is not one it keeps.
    periods = None if currency in TARGETS else _rate_periods(currency)
    found = read(periods)
    suffixes = ["", *(f":{k}" for k in range(1, len(scopes) + 1))]
    live = any(items for suffix in suffixes for *_key, items, _c, _d in found["live" + suffix])
    if live and periods is None:  # the same figures again, the stale units' transactions converted
        periods = _rate_periods(currency)
        found = read(periods)
    rates: dict[int, ExchangeRate] = {}
    if list_rates:
        rates = {p.rate.pk: p.rate for p in periods or () if p.rate is not None}
        used = {int(key) for suffix in suffixes for key, *_rest in found["rate" + suffix] if key}
        rates.update(ExchangeRate.objects.in_bulk(used - rates.keys()))
    for each, each_scope, suffix in zip([figures, *beside], [scope, *scopes], suffixes, strict=True):
        _add_totals(each, found, suffix, rates=rates, scope=each_scope, periods=periods)
    if live and currency in TARGETS:
        aid_sums_queue_refresh()
    if found["total"]:  # else a period without aid (often the previous term)
        _add_breakdowns(figures, found, rollup=rollup, province_keys=province_keys, donors_named=donors_named)
    return figures, beside


def _money(cents) -> Decimal:
    return Decimal(int(cents or 0)).scaleb(-2)


def _add_totals(
    figures: AidFigures,
    found: dict[str, list[tuple]],
    suffix: str,
    *,
    rates: dict[int, ExchangeRate],
    scope: QuerySet[AidItem],
    periods: list[RatePeriod] | None,
) -> None:
    """``figures``' totals, rates and warnings from the statement's rows "total", "rate" and
    "warning" (each followed by ``suffix``); the transactions without a rate read from ``scope``
    when there are some."""
    used = {int(key) for key, *_rest in found["rate" + suffix] if key}
    figures.rates_used = rates_listed(rates[pk] for pk in used if pk in rates)
    if any(unrated for _key, _label, _note, unrated, *_rest in found["rate" + suffix]):
        currency = figures.currency
        figures.missing = _missing_rates(scope, period_cents(periods or _rate_periods(currency), currency))
    for kind, _label, _note, items, committed, disbursed in found["total" + suffix]:
        figures.items += items
        figures.projects += items if kind == "project" else 0
        figures.committed += _money(committed)
        figures.disbursed += _money(disbursed)
    figures.non_projects = figures.items - figures.projects
    figures.complete = not figures.missing
    figures.disbursement_warnings = sorted(int(key) for key, *_rest in found["warning" + suffix])


#: The records the breakdowns' keys name, and the columns a row's label is written from.
_NAMED: dict[str, tuple[Any, tuple[str, ...]]] = {
    "country": (Country, ("iso_alpha2", "name_vi", "name_en", "name_zh", "name_ru")),
    "sector": (Sector, ("code", "name", "category_code")),
    "beneficiary": (BeneficiaryGroup, ("code", "name", "name_en", "name_zh", "name_ru")),
}


def _named(wanted: dict[str, set[int]]) -> dict[str, dict]:
    """The countries, sectors and beneficiary groups of ``wanted`` (a dimension of ``_NAMED`` → ids)
    by id, read in one query (each model's label columns, padded to the widest), where each took its
    own. The statement is written here: the ORM took ~1.5 ms of CPU of a figures page to build and
    write the union of three querysets; the rows are those the models' managers read (the live ones
    of a model deleted softly)."""
    width = max(len(columns) for _model, columns in _NAMED.values())
    database = connections[router.db_for_read(Sector) or DEFAULT_DB_ALIAS]
    quote = database.ops.quote_name
    reads: list[str] = []
    params: list[str | int] = []
    for dimension, (model, columns) in _NAMED.items():
        ids = sorted(wanted.get(dimension) or ())
        if not ids:
            continue
        meta, key = model._meta, quote(model._meta.pk.column)
        labels = [quote(meta.get_field(column).column) for column in columns] + ["''"] * (width - len(columns))
        live = f" AND {quote('deleted_at')} IS NULL" if isinstance(model._default_manager, LiveManager) else ""
        reads.append(
            f"SELECT %s, {key}, {', '.join(labels)} FROM {quote(meta.db_table)} "
            f"WHERE {key} IN ({', '.join(['%s'] * len(ids))}){live}"
        )
        params += [dimension, *ids]
    named: dict[str, dict] = {dimension: {} for dimension in _NAMED}
    if not reads:
        return named
    with database.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(reads), params)
        rows = cursor.fetchall()
    for dimension, pk, *values in rows:
        model, columns = _NAMED[dimension]
        named[dimension][pk] = model(pk=pk, **dict(zip(columns, values, strict=False)))
    return named


def _add_breakdowns(
    figures: AidFigures,
    found: dict[str, list[tuple]],
    *,
    rollup: UnitRollup,
    province_keys: list[tuple[str, str]],
    donors_named: int | None,
) -> None:
    """``figures``' donors counted, items with mixed shares and breakdowns, from the statement's rows."""
    figures.mixed_shares = [
        {"item": int(key), "title": title, "reference": reference}
        for key, title, reference, *_rest in sorted(found["mixed"], key=lambda r: (r[1], int(r[0])))
    ]
    for _key, _label, _note, donors, countries, _zero in found["donors"]:
        figures.donors, figures.donor_countries = int(donors), int(countries)

    named = _named({dimension: {int(row[0]) for row in found[dimension] if row[0]} for dimension in _NAMED})
    countries, sectors, groups = named["country"], named["sector"], named["beneficiary"]

    def country_of(key: str) -> tuple[str, str]:
        country = countries.get(int(key)) if key else None
        return (country.iso_alpha2, country.name) if country else ("", "")

    def labelled(dimension: str, key: str, label: str) -> tuple[str, str]:
        if not key:
            return "", ""
        if dimension == "country":
            return country_of(key)
        if dimension == "sector":
            return sectors[int(key)].code, str(sectors[int(key)])
        if dimension == "beneficiary":
            return groups[int(key)].code, str(groups[int(key)])
        if dimension == "province":
            return province_keys[int(key)]
        if dimension == "unit":
            union = rollup.group_of(int(key))
            return union.key, union.label
        return key, label  # donor: the organisation's id and name

    for dimension in ("sector", "donor", "country", "beneficiary", "province", "unit"):
        rows: dict[str, Breakdown] = {}
        for key, label, _note, items, committed, disbursed in found[dimension]:
            key, label = labelled(dimension, key, label)
            breakdown = rows.setdefault(key, Breakdown(key=key, label=label))
            breakdown.items += items
            breakdown.committed += _money(committed)
            breakdown.disbursed += _money(disbursed)
        ordered = sorted(rows.values(), key=lambda r: (-r.committed, r.label, r.key))  # the key parts namesakes
        setattr(figures, f"by_{dimension}", ordered)
    for _key, _label, _note, donors, committed, disbursed in found["other_donors"]:
        if donors > 1:  # else the one other donor is named
            figures.by_donor = figures.by_donor[:donors_named]
            figures.other_donors = OtherDonors(donors=donors, committed=_money(committed), disbursed=_money(disbursed))


#: Donors a figures page or a national report names, largest committed first; the others share one row
#: (``aid_figures(donors_named=DONORS_NAMED)``).
DONORS_NAMED = 30


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
        found = _committed_many([(in_scope[i], s.currency) for i, s in enumerate(scopes)])
        for i, (cents, unrated) in enumerate(found):
            money_of[i] = (Decimal(int(cents or 0)).scaleb(-2), not unrated)
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


def _committed_many(scopes: list[tuple[QuerySet, str]]) -> list[tuple]:
    """(committed cents, transactions without a rate) of the items of each scope (a queryset of item
    ids, and the currency it is converted into), in one statement whatever the scopes and
    currencies: each item's sums from the roll-up, or converted from its transactions where its
    unit's roll-up is stale (``sums.item_sums_sql``)."""
    book = RateBook.load()
    compiled = [(scope.query.sql_with_params(), currency) for scope, currency in scopes]
    currencies = sorted({currency for _query, currency in compiled})
    items_sql = " OR ".join(f"id IN ({sql})" for (sql, _params), _currency in compiled)
    params = [p for (_sql, scope_params), _currency in compiled for p in scope_params]
    ctes = []
    for k, currency in enumerate(currencies):
        sums_sql, sums_params = item_sums_sql("items", book.periods(currency), currency)
        ctes.append(f"tx_{k} (item_id, rate_id, unrated, committed, disbursed) AS ({sums_sql})")
        params += sums_params
    selects = []
    for i, ((sql, scope_params), currency) in enumerate(compiled):
        selects.append(
            f"SELECT {i}, SUM(committed), CAST(SUM(unrated) AS BIGINT) "
            f"FROM tx_{currencies.index(currency)} WHERE item_id IN ({sql})"
        )
        params += scope_params
    rows = _rows_without_jit(
        f"""WITH items (item_id, unit_id) AS (SELECT id, unit_id FROM {AidItem._meta.db_table} WHERE {items_sql}),
        {", ".join(ctes)}
        {" UNION ALL ".join(selects)}""",
        params,
    )
    found = {int(i): (cents, unrated) for i, cents, unrated in rows}
    return [found[i] for i in range(len(scopes))]


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
