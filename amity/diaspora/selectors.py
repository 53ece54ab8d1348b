"""Reads of the overseas-compatriots module: scoped lists, personal-data access, search and figures.

Every figure in the dashboard, the API and the reports module comes from ``diaspora_figures``.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from amity.core.access import user_can
from amity.core.currencies import ReportingCurrency
from amity.core.jobs import job_timeout, worker_missing
from amity.core.matching import match_records
from amity.core.models import LANGUAGE_SUFFIXES, ExchangeRate
from amity.core.money import RateBook, rates_listed
from amity.core.personal import names_all_in_sight, names_hidden, personal_unit_ids
from amity.core.querysets import RestrictedQuerySet
from amity.geo.models import AdminUnit, Country, CountryGroup
from amity.geo.selectors import group_by_units_valid_on
from amity.registry.models import Organisation
from amity.units.rollup import UnitRollup, rows_data, unit_rollup

from .choices import Purpose
from .duplicates import Candidate
from .models import (
    Compatriot,
    CompatriotTally,
    Contribution,
    ContributionTally,
    ContributionTallyRate,
    DuplicateScan,
    ErasureJob,
    MergeRecord,
    RemittanceStat,
    TallyState,
)
from .tallies import COUNTED_BY, day_sums, kept_q, next_month, tallies_queue_refresh, whole_months

#: Currencies figures can be reported in: those the maintained rate table converts into.
REPORTING_CURRENCIES = tuple(ReportingCurrency.values)

MASK = "•••"


def compatriot_list(*, user, action: str = "view") -> QuerySet[Compatriot]:
    return Compatriot.objects.restrict(user, action).select_related("unit", "country", "home_unit", "organisation")


#: The order of a list holding names the user may not see: the order the records were added in.
NEUTRAL_ORDER = ("-created", "-pk")
#: Orderings that would reveal the alphabetical order of personal values.
PERSONAL_ORDERINGS = frozenset({"search_name", *Compatriot.personal_fields})


def hides_names(*, user, queryset: QuerySet[Compatriot]) -> bool:
    """Whether ``queryset`` (a list restricted to what the user may view) holds names the user may
    not see; asked of the database only where the user views more than their reach for personal
    data (a province's staff never do: the query would read all of their compatriots to find none)."""
    return not names_all_in_sight(user=user, model=Compatriot) and names_hidden(user=user, queryset=queryset)


def compatriot_order(*, user, queryset: QuerySet[Compatriot]) -> QuerySet[Compatriot]:
    """``queryset`` (a list restricted to what the user may view) as ordered, except that where it
    holds names the user may not see, orderings by personal values are dropped and the order falls
    back to the order of addition (sorting masked names alphabetically would reveal them, one
    comparison at a time)."""
    if not hides_names(user=user, queryset=queryset):
        return queryset
    kept = [o for o in queryset.query.order_by if str(o).lstrip("-") not in PERSONAL_ORDERINGS]
    return queryset.order_by(*kept, *NEUTRAL_ORDER)


def access_compatriot(*, user, pk: int, action: str = "view") -> Compatriot:
    """The record if the user reaches it for ``action``; 404 outside the user's units."""
    return get_object_or_404(compatriot_list(user=user, action=action), pk=pk)


def access_compatriot_for_erasure(*, user, pk) -> Compatriot:
    """The person if the user may see their personal data and delete in their unit; a deleted
    record too (it can be restored, so it still holds personal data that erasure must reach)."""
    person = get_object_or_404(Compatriot.all_objects.restrict(user, "view_personal"), pk=pk)
    if not user_can(user, "delete", person.unit_id):
        raise PermissionDenied
    return person


def access_erasure(*, user, pk) -> ErasureJob:
    """The user's own erasure ``pk`` (404 for anyone else's) with its person."""
    return get_object_or_404(ErasureJob.objects.restrict(user).select_related("compatriot"), pk=pk)


def erasure_latest(*, user, compatriot: Compatriot) -> ErasureJob | None:
    """The user's last erasure of ``compatriot``, for the person's pages to link to."""
    return ErasureJob.objects.restrict(user).filter(compatriot=compatriot).first()


def access_merge_pair(*, user, kept_pk, duplicate_pk) -> tuple[Compatriot, Compatriot]:
    """The two persons of a merge, both with personal data visible and changeable by the user."""
    kept = access_compatriot(user=user, pk=kept_pk, action="view_personal")
    duplicate = access_compatriot(user=user, pk=duplicate_pk, action="view_personal")
    if not (user_can(user, "change", kept.unit_id) and user_can(user, "change", duplicate.unit_id)):
        raise PermissionDenied
    return kept, duplicate


def access_merge(*, user, pk) -> MergeRecord:
    merge = get_object_or_404(MergeRecord.objects.restrict(user, "change"), pk=pk)
    if not user_can(user, "view_personal", merge.unit_id):
        raise PermissionDenied
    return merge


def duplicate_scan_population(*, user) -> QuerySet[Compatriot]:
    """The persons a duplicate search of ``user`` compares: those whose personal data they see."""
    return Compatriot.objects.restrict(user, "view_personal").filter(erased_at__isnull=True)


def duplicate_scan_allowed(*, user) -> bool:
    """Only someone who sees some unit's personal data has persons to compare."""
    return personal_unit_ids(user) != set()


def duplicate_scan_latest(*, user) -> DuplicateScan | None:
    return DuplicateScan.objects.restrict(user).first()


def duplicate_scan_stalled(scan: DuplicateScan) -> bool:
    """No worker has taken the search (the jobs' ``worker_missing``), or a running one reported
    nothing for the jobs' timeout: the page says so instead of waiting for ever."""
    if scan.status == DuplicateScan.Status.QUEUED:
        return worker_missing(status_waiting=True, since=scan.created)
    if scan.status == DuplicateScan.Status.RUNNING:
        return timezone.now() - scan.updated > job_timeout()
    return False


def duplicate_candidates(*, user, scan: DuplicateScan | None = None, limit: int = 200) -> list[Candidate]:
    """The likely duplicates of the user's last finished search, best first, read again through
    the user's rights: a person merged, erased or out of reach since then drops out."""
    scan = scan or DuplicateScan.objects.restrict(user).filter(status=DuplicateScan.Status.DONE).first()
    if scan is None or scan.status != DuplicateScan.Status.DONE:
        return []
    ids = {pk for first, second, _score, _codes in scan.pairs for pk in (first, second)}
    people = duplicate_scan_population(user=user).in_bulk(ids)
    found = []
    for first, second, score, codes in scan.pairs:
        if first in people and second in people:
            found.append(Candidate(people[first], people[second], score, codes))
            if len(found) == limit:
                break
    return found


def duplicate_persons(pairs) -> QuerySet[Compatriot]:
    """Every person named in ``pairs`` of duplicate candidates, once each."""
    return Compatriot.objects.filter(pk__in={person.pk for pair in pairs for person in (pair.first, pair.second)})


def can_view_personal(user, compatriot: Compatriot) -> bool:
    return user_can(user, "view_personal", compatriot.unit_id)


def mask_value(value) -> str:
    """What a list shows of a personal value until revealed: its first letter of each word."""
    if value in (None, ""):
        return ""
    if isinstance(value, date):
        return f"••/••/{value.year}"
    text = str(value)
    if "@" in text:
        name, _at, domain = text.partition("@")
        return f"{name[:1]}•••@{domain}"
    if sum(c.isdigit() for c in text) >= 6:
        return f"{text[:2]}•••{text[-2:]}"
    return " ".join(f"{w[:1]}." for w in text.split())


def personal_value(compatriot: Compatriot, name: str, *, allowed: bool, reveal: bool):
    """The value of a personal field as this viewer may see it."""
    value = getattr(compatriot, name)
    if not allowed:
        return MASK if value not in (None, "") else ""
    return value if reveal else mask_value(value)


# --- search -------------------------------------------------------------------------------------


def name_search(queryset: QuerySet[Compatriot], query: str, *, limit: int = 50) -> list[Compatriot]:
    """Names matching ``query`` ignoring case and diacritics, tolerating a typo, best first
    (``core.matching``: on PostgreSQL through the trigram index of migration 0002)."""
    return match_records(queryset, query, limit=limit)


# --- figures ------------------------------------------------------------------------------------


@dataclass
class Figures:
    """Counts and shares of compatriots, contributions and remittances, for one scope and period."""

    total: int = 0
    countries: int = 0
    rows: list[dict] = field(default_factory=list)  # key, label, count, share (percent)
    #: the rows of each grouping asked for (``diaspora_figures``' ``group_by``), ``rows`` the first's
    grouped: dict[str, list[dict]] = field(default_factory=dict)
    contributions: list[dict] = field(default_factory=list)  # purpose label, count, amount
    contributions_total: Decimal = Decimal(0)
    contributions_by_year: list[dict] = field(default_factory=list)  # year, count, amount (converted)
    remittances: list[dict] = field(default_factory=list)
    currency: str = "VND"
    #: contributions left out of the totals for want of a rate: currency, year, count, amount
    missing_rates: list[dict] = field(default_factory=list)
    #: the rates the contributions were converted with (``RateBook.rates_used``)
    rates_used: list[dict] = field(default_factory=list)
    by_country_code: dict = field(default_factory=dict)  # ISO numeric -> count, for the map
    associations: list[dict] = field(default_factory=list)  # id, name, members (persons recorded as members)
    #: compatriots by the union of ``day`` that records them (``units.rollup``), summing to ``total``
    by_unit: list[dict] = field(default_factory=list)
    day: date | None = None


def _scope(qs: RestrictedQuerySet, *, user, unit, rollup: UnitRollup) -> QuerySet:
    """What ``user`` may see of what ``unit`` holds on the roll-up's day (its subtree and the unions
    merged into it by then)."""
    qs = qs.restrict(user, "view")
    if unit is not None:
        qs = qs.filter(unit_id__in=rollup.members_of(unit))
    return qs


def _group_rows(
    per_country: dict[int | None, int], per_home: dict[int | None, int] | None, group_by: str, day: date
) -> list[tuple[str, str, int]]:
    """(key, label, count) of the compatriots grouped by ``group_by``, from their counts by country
    (``per_country``); by province, from their counts by home place (``per_home``)."""
    # countries and regions as the reader's language names them (geo's rule: else the English name)
    suffix = LANGUAGE_SUFFIXES.get((translation.get_language() or "vi").split("-")[0], "vi")

    def named(place) -> str:
        return getattr(place, f"name_{suffix}") or place.name_en

    if group_by in ("country", "sub_region", "region"):
        countries = Country.objects.select_related("sub_region__parent").in_bulk(set(per_country) - {None})
        grouped: dict = {}
        for country_id, n in per_country.items():
            country = countries.get(country_id) if country_id is not None else None
            place: Any = country
            if group_by != "country":
                place = country.sub_region if country else None
                place = place.parent if place and group_by == "region" else place
            if group_by == "country":
                key, label = (country.iso_alpha2, named(country)) if country else (None, None)
            else:
                key, label = (place.code or "", named(place) or _("Unknown")) if place else ("", _("Unknown"))
            row = grouped.setdefault(place.pk if place else None, [key, label, 0])
            row[2] += n
        return [tuple(row) for row in grouped.values()]
    if group_by == "group":
        out = []
        covered: set[int] = set()
        for group in CountryGroup.objects.prefetch_related("countries"):
            ids = {c.pk for c in group.countries.all()}
            n = sum(per_country.get(i, 0) for i in ids)
            covered |= ids
            if n:
                out.append((f"group-{group.pk}", group.name, n))
        rest = sum(n for i, n in per_country.items() if i not in covered)
        if rest:
            out.append(("other", _("Other countries"), rest))
        return out
    if group_by == "province" and per_home is not None:
        counts = per_home
        units = AdminUnit.objects.in_bulk([pk for pk in counts if pk])
        items = [(units.get(pk), n) for pk, n in counts.items()]
        by_province = group_by_units_valid_on(items, day=day, unit_of=lambda item: item[0])
        return [
            (
                "-".join(str(p.pk) for p in provinces) or "none",
                " + ".join(p.name for p in provinces) or _("Unknown"),
                sum(n for _u, n in members),
            )
            for provinces, members in by_province.items()
        ]
    raise ValueError(group_by)


@dataclass
class _Fresh:
    """Which units' figures come from the roll-up (``tallies``) and which are counted live, read
    once for a reading so that every query of it splits the units alike."""

    fresh: list[int]
    stale: list[int]

    @classmethod
    def read(cls) -> "_Fresh":
        states = TallyState.objects.order_by().values_list("unit_id", "fresh")
        found = cls([], [])
        for unit_id, fresh in states:
            (found.fresh if fresh else found.stale).append(unit_id)
        return found

    def kept(self, rows: QuerySet) -> QuerySet:
        """The roll-up's ``rows`` of the fresh units (every unit with rows has a state row: the
        stale ones, usually few, are left out)."""
        return rows.exclude(unit_id__in=self.stale) if self.stale else rows


def _counts(people: QuerySet[Compatriot], counted: QuerySet[CompatriotTally], fresh: _Fresh, by: str) -> list:
    """(unit, key, count) of the compatriots in scope by ``by`` (``tallies.COUNTED_BY``): the stale
    units' counted live, the fresh units' read from the roll-up, in one query."""
    field = COUNTED_BY[CompatriotTally.By(by)]
    live = people.filter(unit_id__in=fresh.stale).order_by().values_list("unit_id", field).annotate(n=Count("*"))
    if by == CompatriotTally.By.ORGANISATION:
        live = live.filter(organisation__isnull=False)
    kept = fresh.kept(counted.filter(dimension=by)).order_by().values_list("unit_id", "key", "count")
    return list(live.union(kept, all=True))


def _contribution_sums(
    gifts: QuerySet[Contribution],
    summed: QuerySet[ContributionTally],
    fresh: _Fresh,
    book: RateBook,
    currency: str,
    since: date | None,
    until: date | None,
) -> list[tuple]:
    """The contributions in scope from ``since`` to ``until`` summed by purpose, year, currency and
    whether they had a rate: rows ``(purpose, year, currency, unrated, count, converted cents,
    unconverted cents)``. Each day's sum of a unit's contributions of one purpose and currency is
    converted into ``currency`` and rounded as ``RateBook.convert`` does; the fresh units' whole
    months come so converted from the roll-up, the stale units and the days outside whole months
    are converted in the database (``converted_cents``). Two queries, whatever the number of
    contributions; only the sums come back."""
    first, last, any_month = whole_months(since, until)
    if since:
        gifts = gifts.filter(received_on__gte=since)
    if until:
        gifts = gifts.filter(received_on__lte=until)
    ctes: list[str] = []
    parts: list[str] = []
    params: list = []
    if any_month and fresh.fresh:
        summed = fresh.kept(summed.filter(kept_q(first, last), target=currency))
        # the stale units' days and the days of a month cut by the period (none when the period
        # is of whole months, which then reads no contribution at all)
        edges = Q(unit_id__in=fresh.stale)
        if first and first != since:
            edges |= Q(received_on__lt=first)
        if last and until and next_month(last) <= until:
            edges |= Q(received_on__gte=next_month(last))
        gifts = gifts.filter(edges)
        kept_sql, kept_params = (
            summed.annotate(year=ExtractYear("month"))
            .order_by()
            .values_list("purpose", "year", "currency", "unrated", "count", "cents", "raw_cents")
            .query.sql_with_params()
        )
        parts.append(f"SELECT purpose, year, currency, unrated, count, cents, raw_cents FROM ({kept_sql}) k")
        params.extend(kept_params)
    pairs = list(gifts.order_by().values_list("currency", "received_on").distinct())
    if pairs:
        groups = day_sums(gifts, book, pairs, currency, year=ExtractYear("received_on"))
        live_sql, live_params = groups.query.sql_with_params()
        ctes.append(f"g (unit_id, purpose, currency, received_on, n, s, year, cents, raw) AS ({live_sql})")
        parts.insert(0, "SELECT purpose, year, currency, cents IS NULL, n, COALESCE(cents, 0), raw FROM g")
        params[:0] = live_params
    if not parts:
        return []
    union = " UNION ALL ".join(parts)
    database = connections[router.db_for_read(Contribution) or DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        cursor.execute(
            f"""WITH {", ".join([*ctes, f"u (purpose, year, currency, unrated, n, cents, raw) AS ({union})"])}
            SELECT purpose, year, currency, unrated, SUM(n), SUM(cents), SUM(raw) FROM u
            GROUP BY purpose, year, currency, unrated""",
            params,
        )
        return [
            (purpose, int(year), code, bool(unrated), int(n), int(cents or 0), int(raw or 0))
            for purpose, year, code, unrated, n, cents, raw in cursor.fetchall()
        ]


def _rates_of_sums(
    rates: QuerySet[ContributionTallyRate], fresh: _Fresh, currency: str, since: date | None, until: date | None
) -> list[ExchangeRate]:
    """The rates the fresh units' whole months of ``_contribution_sums`` were converted with."""
    first, last, any_month = whole_months(since, until)
    if not (any_month and fresh.fresh):
        return []
    rates = fresh.kept(rates.filter(kept_q(first, last), target=currency))
    return list(ExchangeRate.objects.filter(pk__in=rates.values("rate_id")))


def diaspora_figures(
    *,
    user,
    unit=None,
    group_by: str | tuple[str, ...] = "country",
    day: date | None = None,
    since: date | None = None,
    until: date | None = None,
    currency: str = "VND",
) -> Figures:
    """The module's figures for ``user`` (restricted), optionally for one unit's subtree.

    ``group_by``: country, sub_region, region (continent), group (CountryGroup such as
    "Northeast Asia") or province (home province as of ``day``, so Bắc Giang's natives count
    under Bắc Ninh today and under Bắc Giang for 2022); several of them (a tuple) fill
    ``grouped`` and ``rows`` holds the first. ``since``/``until`` limit the
    contributions by date and the remittances by year. Erased persons are still counted.
    Contributions are converted into ``currency`` with the maintained rate table at the rate
    of the day they were received (``core.money.RateBook``); those without a rate are left out
    of the totals and listed in ``missing_rates``, never guessed.

    The compatriots are counted once, by unit and country: the total, the countries, the map, the
    rows by union and every grouping but the province are summed from those counts. The units whose
    roll-up is fresh (``tallies``) are read from it, the others counted live in the same query;
    a refresh of those is then queued for the task worker.
    """
    day = day or timezone.localdate()
    rollup = unit_rollup(day=day)
    fresh = _Fresh.read()
    people = _scope(Compatriot.objects.all(), user=user, unit=unit, rollup=rollup)
    counted = _scope(CompatriotTally.objects.all(), user=user, unit=unit, rollup=rollup)
    per_country: dict[int | None, int] = defaultdict(int)
    per_unit: dict[int, int] = defaultdict(int)
    for unit_id, country_id, n in _counts(people, counted, fresh, CompatriotTally.By.COUNTRY):
        per_country[country_id] += n
        per_unit[unit_id] += n
    total = sum(per_country.values())
    codes = dict(Country.objects.filter(pk__in=[pk for pk in per_country if pk]).values_list("pk", "iso_numeric"))
    by_country_code: dict = defaultdict(int)
    for country_id, n in per_country.items():
        if country_id in codes:
            by_country_code[codes[country_id]] += n
    grouped = {}
    for name in (group_by,) if isinstance(group_by, str) else group_by:
        per_home: dict[int | None, int] | None = None
        if name == "province":
            per_home = defaultdict(int)
            for _unit, home_id, n in _counts(people, counted, fresh, CompatriotTally.By.HOME):
                per_home[home_id] += n
        rows = sorted(_group_rows(per_country, per_home, name, day), key=lambda r: (-r[2], str(r[1])))
        grouped[name] = [
            {"key": key, "label": label, "count": n, "share": round(100 * n / total, 1) if total else 0.0}
            for key, label, n in rows
        ]
    members: dict[int, int] = defaultdict(int)
    for _unit, organisation_id, n in _counts(people, counted, fresh, CompatriotTally.By.ORGANISATION):
        members[organisation_id] += n
    names = dict(Organisation.objects.filter(pk__in=members).values_list("pk", "name")) if members else {}
    figures = Figures(
        total=total,
        countries=len(per_country),
        currency=currency,
        rows=next(iter(grouped.values())),
        grouped=grouped,
        by_country_code=dict(by_country_code),
        associations=[
            {"id": pk, "name": names.get(pk, ""), "members": n}
            for pk, n in sorted(members.items(), key=lambda kv: (-kv[1], names.get(kv[0], "")))
        ],
    )
    figures.by_unit = rows_data(
        rollup.rows(per_unit.items(), unit_of=lambda pair: pair[0], values=lambda pair: {"count": pair[1]})
    )
    figures.day = day
    gifts = _scope(Contribution.objects.all(), user=user, unit=unit, rollup=rollup)
    summed = _scope(ContributionTally.objects.all(), user=user, unit=unit, rollup=rollup)
    by_purpose: dict[str, list] = defaultdict(lambda: [0, Decimal(0)])
    by_year: dict[int, list] = defaultdict(lambda: [0, Decimal(0)])
    missing: dict[tuple[str, int], list] = defaultdict(lambda: [0, Decimal(0)])
    labels = dict(Purpose.choices)
    book = RateBook.load()
    for purpose, year, code, unrated, n, cents, raw in _contribution_sums(
        gifts, summed, fresh, book, currency, since, until
    ):
        if unrated:
            entry = missing[(code, year)]
            entry[0] += n
            entry[1] += Decimal(raw).scaleb(-2)
            continue
        for entry in (by_purpose[purpose], by_year[year]):
            entry[0] += n
            entry[1] += Decimal(cents).scaleb(-2)
    figures.contributions = [
        {"purpose": str(labels.get(k, k)), "count": n, "amount": s}
        for k, (n, s) in sorted(by_purpose.items(), key=lambda kv: -kv[1][1])
    ]
    figures.contributions_by_year = [
        {"year": year, "count": n, "amount": s} for year, (n, s) in sorted(by_year.items())
    ]
    kept_rates = _scope(ContributionTallyRate.objects.all(), user=user, unit=unit, rollup=rollup)
    used = {rate.pk: rate for rate in _rates_of_sums(kept_rates, fresh, currency, since, until)}
    figures.rates_used = rates_listed({**used, **book.used}.values())
    figures.missing_rates = [
        {"currency": cur, "year": year, "count": n, "amount": s} for (cur, year), (n, s) in sorted(missing.items())
    ]
    figures.contributions_total = sum((c["amount"] for c in figures.contributions), Decimal(0))
    if fresh.stale:
        tallies_queue_refresh()
    remit = _scope(RemittanceStat.objects.all(), user=user, unit=unit, rollup=rollup)
    if since:
        remit = remit.filter(year_to__gte=since.year)
    if until:
        remit = remit.filter(year_from__lte=until.year)
    figures.remittances = [
        {"period": (r.year_from, r.year_to), "source": r.source, "amount": r.amount, "currency": r.currency}
        for r in remit
    ]
    return figures


def compatriot_counts_many(*, user, scopes) -> dict:
    """(compatriots, countries) of each scope (``union.metrics.Scope``: unit, day) as
    ``diaspora_figures`` counts them: the counts by unit and country read once (the roll-up's
    for fresh units), each scope's summed from those of its units."""
    if not scopes:
        return {}
    fresh = _Fresh.read()
    people = Compatriot.objects.restrict(user, "view")
    counted = CompatriotTally.objects.restrict(user, "view")
    by_unit: dict[int, dict[int, int]] = defaultdict(dict)
    for unit_id, country_id, n in _counts(people, counted, fresh, CompatriotTally.By.COUNTRY):
        by_unit[unit_id][country_id] = by_unit[unit_id].get(country_id, 0) + n
    found = {}
    for scope in scopes:
        members = unit_rollup(day=scope.day or timezone.localdate()).members_of(scope.unit) if scope.unit else None
        total, countries = 0, set[int]()
        for unit_id, per_country in by_unit.items():
            if members is None or unit_id in members:
                total += sum(per_country.values())
                countries.update(country for country, n in per_country.items() if n)
        found[scope] = (total, len(countries))
    if fresh.stale:
        tallies_queue_refresh()
    return found


def contribution_totals_many(*, user, scopes) -> dict:
    """(total, contributions, complete) of each scope (unit, period, currency, day) as
    ``diaspora_figures`` sums them: each day's sum of a unit's contributions of one purpose and
    currency converted (rounded) as there. One query however many scopes: the groups by unit are
    read once and each scope's summed from those of its units."""
    if not scopes:
        return {}
    rows = list(
        Contribution.objects.restrict(user, "view")
        .values_list("unit_id", "purpose", "currency", "received_on")
        .annotate(n=Count("pk"), s=Sum("amount"))
        .order_by()
    )
    book, found = RateBook.load(), {}
    for scope in scopes:
        members = unit_rollup(day=scope.day or timezone.localdate()).members_of(scope.unit) if scope.unit else None
        total, records, complete = Decimal(0), 0, True
        for unit_id, _purpose, currency, day, n, amount in rows:
            if members is not None and unit_id not in members:
                continue
            if (scope.start and day < scope.start) or (scope.end and day > scope.end):
                continue
            records += n
            converted = book.convert(amount, currency, day, scope.currency)
            if converted.amount is None:
                complete = False
            else:
                total += converted.amount
        found[scope] = (total, records, complete)
    return found


def share_of(figures: Figures, label: str) -> float:
    """The share (percent) of one row by its label, 0 when absent."""
    return next((r["share"] for r in figures.rows if r["label"] == label), 0.0)


def contribution_list(*, user, action: str = "view") -> QuerySet[Contribution]:
    return Contribution.objects.restrict(user, action).select_related("unit", "compatriot", "organisation")


def remittance_list(*, user, action: str = "view") -> QuerySet[RemittanceStat]:
    return RemittanceStat.objects.restrict(user, action).select_related("unit")
