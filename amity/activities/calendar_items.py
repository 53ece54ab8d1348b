"""What the calendar shows: the unit's activities and the dates the system computes ahead.

Anniversaries of diplomatic relations, twinning and agreements, national days and public
holidays of partner countries, agreement renewals. Everything here is a plain function of
the period, so the calendar screens, the iCalendar feed, reminders and reports share it.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

import holidays
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Cast, Coalesce, ExtractDay, ExtractMonth, RowNumber
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amity.core.access import reaches_every_unit
from amity.core.formatting import format_day, format_number
from amity.geo.models import Country
from amity.registry.choices import RelationKind
from amity.registry.models import Agreement, Organisation, OrganisationRelation
from amity.units.models import Unit

from .choices import ActivityType, DatePrecision, ItemKind
from .models import Activity, DiplomaticRelation, NationalDay

VIETNAM = "VN"
ROUND_EVERY = 5
#: holidays-library language codes for the interface languages, tried in this order.
HOLIDAY_LANGUAGES = {"vi": ["vi", "en_US"], "en": ["en_US"], "zh": ["zh_CN", "en_US"], "ru": ["ru", "en_US"]}


@dataclass
class CalendarItem:
    """One entry of the calendar; ``date`` is None when only the month or year is known."""

    key: str
    kind: str
    title: str
    date: date | None
    end: date | None = None
    country: Country | None = None
    years: int | None = None
    url: str | Promise = ""
    precision: str = DatePrecision.DAY
    #: what the item is ordered by within its day and kind (an agreement's title), else its title
    subject: str = ""
    extra: dict = field(default_factory=dict)
    #: more values for the activity form of "plan an activity" / "send congratulations"
    #: (the unit, organisers, partners, agreements the item is about)
    prefill: dict = field(default_factory=dict)

    @property
    def is_round(self) -> bool:
        return bool(self.years) and self.years % ROUND_EVERY == 0

    @property
    def computed(self) -> bool:
        return self.kind != ItemKind.ACTIVITY

    @property
    def kind_label(self) -> str:
        return str(ItemKind(self.kind).label)

    def _add_url(self, activity_type: str) -> str:
        """The activity form with this item's key and day, from which the form fills itself
        (``occasion_initial``): a short link, where the titles and parties written out made each
        of a busy day's links about 900 bytes."""
        params = {"type": activity_type, "occasion": self.key}
        if self.date:
            params["start_date"] = self.date.isoformat()
        return reverse("activities:activity_add") + "?" + urlencode(params)

    @property
    def plan_url(self) -> str:
        """The activity form pre-filled to mark this date (a commemoration or exchange)."""
        return self._add_url(ActivityType.COMMEMORATION)

    @property
    def congratulate_url(self) -> str:
        """The activity form pre-filled for a letter or telegram of congratulation."""
        return self._add_url(ActivityType.CONGRATULATION)

    def activity_initial(self, activity_type: str) -> dict:
        """The activity form's values for an activity of ``activity_type`` about this item."""
        title = self.title
        if activity_type == ActivityType.CONGRATULATION:
            title = _("Congratulations: %(occasion)s") % {"occasion": self.title}
        initial = {"type": activity_type, "title": title, "purpose": self.title}
        if self.date:
            initial["start_date"] = self.date.isoformat()
        if self.country:
            initial["countries"] = [self.country.pk]
        return initial | self.prefill


#: A day's items: its activities, then its computed dates kind by kind in this order.
KIND_ORDER = {kind: n for n, kind in enumerate(ItemKind.values)}


def item_order(item: CalendarItem) -> tuple:
    """Where an item stands in the calendar: dated items by day, then the undated; within a day the
    activities first, then each kind of date, each by what it is about. The database picks a busy
    day's first agreements in the same order (``_firsts_by``)."""
    return (item.date is None, item.date or date.max, KIND_ORDER[item.kind], item.subject or item.title)


def anniversary_date(origin: date, year: int) -> date:
    """The anniversary of ``origin`` in ``year``; 29 February falls on 28 February in common years."""
    if origin.month == 2 and origin.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return origin.replace(year=year)


def anniversaries(origin: date, start: date, end: date) -> list[tuple[date, int]]:
    """(date, number of years) of each anniversary (1st onwards) of ``origin`` within [start, end]."""
    found = []
    for year in range(max(start.year, origin.year + 1), end.year + 1):
        day = anniversary_date(origin, year)
        if start <= day <= end:
            found.append((day, year - origin.year))
    return found


def _overlaps_month(origin: date, start: date, end: date) -> int | None:
    """For a date known to the month: the year whose anniversary month overlaps [start, end]."""
    for year in range(max(start.year, origin.year + 1), end.year + 1):
        first = date(year, origin.month, 1)
        last = date(year, origin.month, calendar.monthrange(year, origin.month)[1])
        if first <= end and last >= start:
            return year
    return None


def relation_items(*, countries, start: date, end: date) -> list[CalendarItem]:
    """Anniversaries of diplomatic relations with ``countries`` (Country queryset or list) in the period.

    A date known only to the month or year gives an item without a day; a country with no
    known date gives an item without a date, so the calendar can say it is unknown.
    """
    relations = {r.country_id: r for r in DiplomaticRelation.objects.filter(country__in=countries)}
    items = []
    for country in countries:
        if country.iso_alpha2 == VIETNAM:
            continue
        relation = relations.get(country.pk)
        origin = relation.established_on if relation else None
        precision = relation.precision if relation else DatePrecision.UNKNOWN
        url = relation.get_absolute_url() if relation else ""
        base = _("Diplomatic relations Vietnam – %(country)s") % {"country": country}
        if origin is None or precision == DatePrecision.UNKNOWN:
            items.append(
                CalendarItem(
                    key=f"relation-{country.iso_alpha2}-unknown",
                    kind=ItemKind.RELATION_ANNIVERSARY,
                    title=_("%(base)s: date of establishment unknown") % {"base": base},
                    date=None,
                    country=country,
                    url=url,
                    precision=DatePrecision.UNKNOWN,
                )
            )
            continue
        if precision == DatePrecision.DAY:
            for day, years in anniversaries(origin, start, end):
                items.append(
                    CalendarItem(
                        key=f"relation-{country.iso_alpha2}-{day.year}",
                        kind=ItemKind.RELATION_ANNIVERSARY,
                        title=_("%(years)s years of %(base)s (%(origin)s)")
                        % {"years": years, "base": base, "origin": format_day(origin)},
                        date=day,
                        country=country,
                        years=years,
                        url=url,
                    )
                )
            continue
        if precision == DatePrecision.MONTH:
            year = _overlaps_month(origin, start, end)
        else:
            year = next(iter(range(max(start.year, origin.year + 1), end.year + 1)), None)
        if year is None:
            continue
        known = origin.strftime("%m/%Y") if precision == DatePrecision.MONTH else str(origin.year)
        items.append(
            CalendarItem(
                key=f"relation-{country.iso_alpha2}-{year}",
                kind=ItemKind.RELATION_ANNIVERSARY,
                title=_("%(years)s years of %(base)s (%(origin)s, day not known)")
                % {"years": year - origin.year, "base": base, "origin": known},
                date=None,
                country=country,
                years=year - origin.year,
                url=url,
                precision=precision,
                extra={"year": year, "month": origin.month if precision == DatePrecision.MONTH else None},
            )
        )
    return items


def _holiday_language(supported) -> str | None:
    lang = (translation.get_language() or "vi").split("-")[0]
    for candidate in HOLIDAY_LANGUAGES.get(lang, ["en_US"]):
        if candidate in supported:
            return candidate
    return None


def holiday_items(*, countries, start: date, end: date, public_holidays: bool = True) -> list[CalendarItem]:
    """National days (the editable table) and public holidays (the ``holidays`` library) in the period."""
    items = []
    years = range(start.year, end.year + 1)
    national = {}
    for nd in NationalDay.objects.filter(country__in=countries).select_related("country"):
        national.setdefault(nd.country_id, []).append(nd)
    supported = holidays.list_supported_countries()
    for country in countries:
        if country.iso_alpha2 == VIETNAM:
            continue
        national_dates = set()
        for nd in national.get(country.pk, []):
            for year in years:
                if nd.month == 2 and nd.day == 29 and not calendar.isleap(year):
                    continue
                day = date(year, nd.month, nd.day)
                if start <= day <= end:
                    national_dates.add(day)
                    items.append(
                        CalendarItem(
                            key=f"national-{country.iso_alpha2}-{day.isoformat()}",
                            kind=ItemKind.NATIONAL_DAY,
                            title=_("%(country)s: %(name)s") % {"country": country, "name": nd.display_name},
                            date=day,
                            country=country,
                            url=nd.get_absolute_url(),
                        )
                    )
        if not public_holidays or country.iso_alpha2 not in supported:
            continue
        probe = holidays.country_holidays(country.iso_alpha2)
        language = _holiday_language(probe.supported_languages)
        calendar_of_country = holidays.country_holidays(country.iso_alpha2, years=list(years), language=language)
        # A name the library has only in another language is said to be one ("Bỉ: ngày lễ (Christmas Day)").
        foreign = (language or "").split("_")[0] != (translation.get_language() or "vi").split("-")[0]
        for day, name in sorted(calendar_of_country.items()):
            if start <= day <= end and day not in national_dates:
                title = _("%(country)s: public holiday (%(name)s)") if foreign else _("%(country)s: %(name)s")
                items.append(
                    CalendarItem(
                        key=f"holiday-{country.iso_alpha2}-{day.isoformat()}",
                        kind=ItemKind.HOLIDAY,
                        title=title % {"country": country, "name": name},
                        date=day,
                        country=country,
                    )
                )
    return items


def may_have_anniversary(queryset, field: str, start: date, end: date):
    """``queryset`` narrowed in the database to rows whose ``field`` may have an anniversary within
    [start, end] (by month and day; 29 February kept for the 28th): ``anniversaries`` then finds
    them, without reading every row of twenty years for a month's calendar."""
    rows = queryset.filter(**{f"{field}__lt": end})
    if (end - start).days >= 365:
        return rows
    rows = rows.annotate(month_day=ExtractMonth(field) * 100 + ExtractDay(field))
    first, last = start.month * 100 + start.day, end.month * 100 + end.day
    within = (
        Q(month_day__gte=first, month_day__lte=last)
        if first <= last
        else Q(month_day__gte=first) | Q(month_day__lte=last)
    )
    if (first <= 228 <= last) if first <= last else (first <= 228 or 228 <= last):
        within |= Q(month_day=229)
    return rows.filter(within)


def twinning_items(*, user, start: date, end: date, unit: Unit | None = None) -> list[CalendarItem]:
    """Anniversaries of twinning relations in the period (a union has a few dozen: all are built)."""
    twinnings = may_have_anniversary(
        OrganisationRelation.objects.restrict(user)
        .within(unit)
        .filter(kind=RelationKind.TWINNING, since__isnull=False)
        .select_related("source", "target", "target__country"),
        "since",
        start,
        end,
    )
    return [
        CalendarItem(
            key=f"twinning-{rel.pk}-{day.year}",
            kind=ItemKind.TWINNING_ANNIVERSARY,
            title=_("%(years)s years of twinning: %(a)s – %(b)s") % {"years": years, "a": rel.source, "b": rel.target},
            date=day,
            country=rel.target.country,
            years=years,
            url=rel.get_absolute_url(),
            prefill={"unit": rel.source.unit_id, "organisers": [rel.source_id], "partners": [rel.target_id]},
        )
        for rel in twinnings
        for day, years in anniversaries(rel.since, start, end)
    ]


def _agreement_anniversary(pk: int, title: str, unit_id: int, day: date, years: int) -> CalendarItem:
    return CalendarItem(
        key=f"agreement-{pk}-{day.year}",
        kind=ItemKind.AGREEMENT_ANNIVERSARY,
        title=_("%(years)s years since signing: %(title)s") % {"years": years, "title": title},
        subject=title,
        date=day,
        years=years,
        url=reverse_lazy("registry:agreement_detail", args=[pk]),  # reversed only where it is drawn
        prefill={"unit": unit_id, "agreements": [pk]},
    )


def _agreement_renewal(pk: int, title: str, day: date) -> CalendarItem:
    return CalendarItem(
        key=f"renewal-{pk}-{day.isoformat()}",
        kind=ItemKind.AGREEMENT_RENEWAL,
        title=_("Renewal due: %(title)s") % {"title": title},
        subject=title,
        date=day,
        url=reverse_lazy("registry:agreement_detail", args=[pk]),
    )


def _add_parties(items: list[CalendarItem]) -> None:
    """The "plan an activity" values of agreements' anniversaries completed with the agreements'
    parties (the foreign ones as partners, the others as organisers), read as values in one query."""
    parties: dict[int, list[tuple[int, str | None]]] = {}
    links = Agreement.parties.through.objects.filter(
        agreement__in={item.prefill["agreements"][0] for item in items}, organisation__deleted_at__isnull=True
    ).values_list("agreement_id", "organisation_id", "organisation__country__iso_alpha2")
    for agreement_id, party, iso in links:
        parties.setdefault(agreement_id, []).append((party, iso))
    for item in items:
        own = parties.get(item.prefill["agreements"][0], [])
        foreign = {party for party, iso in own if iso and iso != VIETNAM}
        item.prefill["partners"] = sorted(foreign)
        item.prefill["organisers"] = sorted(party for party, _iso in own if party not in foreign)


def agreement_items(
    *, user, start: date, end: date, unit: Unit | None = None, prefill: bool = False
) -> list[CalendarItem]:
    """Anniversaries of agreements' signing and renewals due in the period, every one; with
    ``prefill``, the anniversaries' parties too (for the activity form that "plan an activity" opens)."""
    agreements = Agreement.objects.restrict(user).within(unit)
    agreements = agreements.filter(
        Q(pk__in=may_have_anniversary(agreements, "signed_on", start, end).values("pk"))
        | Q(renewal_due__range=(start, end))
    )
    items = []
    # as values, not instances (hundreds of agreements a month for the central union)
    for pk, title, signed_on, renewal_due, unit_id in agreements.values_list(
        "pk", "title", "signed_on", "renewal_due", "unit_id"
    ):
        if signed_on:
            for day, years in anniversaries(signed_on, start, end):
                items.append(_agreement_anniversary(pk, title, unit_id, day, years))
        if renewal_due and start <= renewal_due <= end:
            items.append(_agreement_renewal(pk, title, renewal_due))
    if prefill:
        _add_parties([item for item in items if item.kind == ItemKind.AGREEMENT_ANNIVERSARY])
    return items


def _firsts_by(rows, partition: list[str], shown: int | None, *fields: str) -> list[tuple]:
    """``fields`` and ``partition`` of the first ``shown`` (None: all) of ``rows`` (by title, then
    id) of each value of ``partition``, and how many rows share that value: what a day draws and how
    many it has, in one query however many rows there are."""
    over = [F(name) for name in partition]
    ranked = rows.order_by().annotate(
        rank=Window(RowNumber(), partition_by=over, order_by=[F("title").asc(), F("pk").asc()]),
        sharing=Window(Count("pk"), partition_by=over),
    )
    if shown is not None:
        ranked = ranked.filter(rank__lte=shown)
    return list(ranked.values_list(*fields, *partition, "sharing"))


def _agreement_dates_a_day(
    agreements, *, start: date, end: date, shown: int | None, kinds
) -> tuple[dict[date, int], dict[date, list[CalendarItem]]]:
    """How many anniversaries of ``agreements`` and renewals due fall on each day of [start, end] (a
    year at most), and the items of each day's first ``shown`` (None: all) of each kind (by the
    agreement's title): counted in the database, a query for the anniversaries and one for the renewals (the
    central union has about 10,000 anniversaries a year, 27 a day)."""
    counts: dict[tuple[str, date], int] = {}
    firsts: dict[date, list[CalendarItem]] = defaultdict(list)
    if ItemKind.AGREEMENT_ANNIVERSARY in kinds:
        # the period by calendar year (two parts across the new year): a month and day falls in one
        # part, whose year the agreement must have been signed before
        parts = {
            year: (max(start, date(year, 1, 1)), min(end, date(year, 12, 31)))
            for year in range(start.year, end.year + 1)
        }
        month_days = {
            year: (first.month * 100 + first.day, last.month * 100 + last.day) for year, (first, last) in parts.items()
        }
        # 29 February's anniversary falls on the 28th in a common year (``anniversary_date``)
        has_leap_day = any(
            calendar.isleap(year) and first <= date(year, 2, 29) <= last for year, (first, last) in parts.items()
        )
        leap_day = 229 if has_leap_day else 228
        # as an integer: PostgreSQL's EXTRACT gives a numeric, whose sums, comparisons and sort took
        # 70 ms more of the central union's 10,000 agreements a year
        signed = agreements.annotate(
            signed_month_day=Cast(ExtractMonth("signed_on") * 100 + ExtractDay("signed_on"), IntegerField())
        ).annotate(month_day=Case(When(signed_month_day=229, then=Value(leap_day)), default=F("signed_month_day")))
        within = Q()
        for year, (first, last) in month_days.items():
            part = Q(signed_on__lt=date(year, 1, 1))
            within |= part if (first, last) == (101, 1231) else part & Q(month_day__gte=first, month_day__lte=last)
        for pk, title, unit_id, signed_on, month_day, sharing in _firsts_by(
            signed.filter(within), ["month_day"], shown, "pk", "title", "unit_id", "signed_on"
        ):
            year = next(y for y, (first, last) in month_days.items() if first <= month_day <= last)
            day = date(year, month_day // 100, month_day % 100)
            counts[(ItemKind.AGREEMENT_ANNIVERSARY, day)] = sharing
            firsts[day].append(_agreement_anniversary(pk, title, unit_id, day, year - signed_on.year))
    if ItemKind.AGREEMENT_RENEWAL in kinds:
        due = agreements.filter(renewal_due__range=(start, end))
        for pk, title, day, sharing in _firsts_by(due, ["renewal_due"], shown, "pk", "title"):
            counts[(ItemKind.AGREEMENT_RENEWAL, day)] = sharing
            firsts[day].append(_agreement_renewal(pk, title, day))
    by_day: dict[date, int] = defaultdict(int)
    for (_kind, day), sharing in counts.items():
        by_day[day] += sharing
    return by_day, firsts


def _activities_during(*, user, start: date, end: date, unit: Unit | None = None):
    """The user's activities begun in [start, end], or before it and still going on: each part read
    from an index (on the start date, on the end date), not a scan of every activity for want of a
    first bound on the start."""
    return (
        Activity.objects.restrict(user)
        .within(unit)
        .filter(Q(start_date__gte=start, start_date__lte=end) | Q(start_date__lt=start, end_date__gte=start))
    )


#: An activity as the calendar reads it: (id, title, start date, end date, type).
ActivityRow = tuple[int, str, date, date | None, str]


def _activity_item(row: ActivityRow, types: dict[str, str]) -> CalendarItem:
    pk, title, start_date, end_date, activity_type = row
    return CalendarItem(
        key=f"activity-{pk}",
        kind=ItemKind.ACTIVITY,
        title=title,
        date=start_date,
        end=end_date,
        url=reverse_lazy("activities:activity_detail", args=[pk]),
        extra={"type": types.get(activity_type, activity_type)},
    )


def _activity_rows(activities) -> list[ActivityRow]:
    """The activities' rows in the calendar's order (the day begun, then the title): values, not
    instances with their texts (hundreds a month for the central union)."""
    rows = activities.order_by("start_date", "pk").values_list("pk", "title", "start_date", "end_date", "type")
    return sorted(rows, key=lambda row: (row[2], row[1]))


def _type_labels() -> dict[str, str]:
    return {value: str(label) for value, label in ActivityType.choices}  # not each label hashed per row


def activity_items(
    *, user, start: date, end: date, unit: Unit | None = None, until: date | None = None
) -> list[CalendarItem]:
    """The activities' items; with ``until``, only those begun by that day."""
    activities = _activities_during(user=user, start=start, end=end, unit=unit)
    if until is not None:
        activities = activities.filter(start_date__lte=until)
    types = _type_labels()
    return [_activity_item(row, types) for row in _activity_rows(activities)]


def partner_countries(*, user, unit: Unit | None = None) -> list[Country]:
    """Countries the user's units work with: of their organisations, associations and activities.
    One query: the database looks the countries up in the records (a semi-join each), rather than
    every record's country read out. Where the user sees every unit's activities, the activities'
    part is asked country by country instead (the first live activity naming it, from the index on
    (country, activity) of migration 0006): a semi-join would read all of them (200,000 at national
    scale, 0.3-0.6 s), a province's few thousand cost less that way than 250 probes."""
    orgs = Organisation.objects.restrict(user).within(unit).order_by()
    units = Unit.objects.restrict(user).within(unit).order_by()
    activities = Activity.objects.restrict(user).within(unit).order_by()
    countries = Country.objects.all()
    if unit is None and (user.is_superuser or reaches_every_unit(user, "view")):
        links = Activity.countries.through.objects.filter(activity__in=activities, country=OuterRef("pk"))
        countries = countries.alias(activity=Subquery(links.order_by().values("pk")[:1]))
        in_activities = Q(activity__isnull=False)
    else:
        in_activities = Q(pk__in=activities.values("countries"))
    used = (
        Q(pk__in=orgs.values("country"))
        | Q(pk__in=orgs.values("partner_country"))
        | Q(pk__in=units.values("partner_country"))
        | in_activities
    )
    return list(countries.filter(used).exclude(iso_alpha2=VIETNAM).order_by("name_en"))


def calendar_items(
    *,
    user,
    start: date,
    end: date,
    unit: Unit | None = None,
    kinds=None,
    countries=None,
    prefill: bool = False,
) -> list[CalendarItem]:
    """Everything in [start, end] in ``item_order``: dated items by day, then undated (month/year/unknown);
    ``prefill``: see ``agreement_items``."""
    kinds = set(kinds) if kinds is not None else set(ItemKind.values)
    if countries is None:
        countries = partner_countries(user=user, unit=unit)
    items: list[CalendarItem] = []
    if ItemKind.ACTIVITY in kinds:
        items += activity_items(user=user, start=start, end=end, unit=unit)
    if ItemKind.RELATION_ANNIVERSARY in kinds:
        items += relation_items(countries=countries, start=start, end=end)
    if kinds & {ItemKind.NATIONAL_DAY, ItemKind.HOLIDAY}:
        items += [
            i
            for i in holiday_items(countries=countries, start=start, end=end, public_holidays=ItemKind.HOLIDAY in kinds)
            if i.kind in kinds
        ]
    if ItemKind.TWINNING_ANNIVERSARY in kinds:
        items += twinning_items(user=user, start=start, end=end, unit=unit)
    if kinds & {ItemKind.AGREEMENT_ANNIVERSARY, ItemKind.AGREEMENT_RENEWAL}:
        items += [
            i for i in agreement_items(user=user, start=start, end=end, unit=unit, prefill=prefill) if i.kind in kinds
        ]
    return sorted(items, key=item_order)


def upcoming_items(*, user, start: date, end: date, kinds, first: int) -> tuple[list[CalendarItem], int]:
    """The first ``first`` dated items of [start, end] in ``calendar_items``' order, and how many
    dated items there are in all. Only the activities that can be among them are read and built (a
    national union has hundreds a fortnight, the dashboard shows fifteen); the others are counted."""
    kinds = set(kinds)
    others = calendar_items(user=user, start=start, end=end, kinds=kinds - {ItemKind.ACTIVITY})
    items, total = [], 0
    if ItemKind.ACTIVITY in kinds:
        # the days the activities begin (a date each): those begun by the ``first``-th's day hold the
        # ``first`` that come first (a date, then a title)
        days = sorted(_activities_during(user=user, start=start, end=end).values_list("start_date", flat=True))
        if days and first > 0:
            items = activity_items(user=user, start=start, end=end, until=days[min(first, len(days)) - 1])
        total = len(days)
    dated = [i for i in others if i.date is not None]
    items = sorted(items + dated, key=item_order)
    return items[:first], total + len(dated)


#: The kinds of item an activity can be planned for, by the first word of their keys.
OCCASION_KINDS = {
    "relation": ItemKind.RELATION_ANNIVERSARY,
    "national": ItemKind.NATIONAL_DAY,
    "holiday": ItemKind.HOLIDAY,
    "twinning": ItemKind.TWINNING_ANNIVERSARY,
    "agreement": ItemKind.AGREEMENT_ANNIVERSARY,
}


def occasion_initial(*, user, key: str, day: date, activity_type: str) -> dict:
    """The activity form's values for the calendar's item ``key`` on ``day`` (its "plan an
    activity" and "send congratulations" links), the item built again as the user sees it; empty
    when there is no such item or the user does not see it."""
    prefix, _sep, rest = key.partition("-")
    kind = OCCASION_KINDS.get(prefix)
    if kind is None:
        return {}
    countries: list[Country] = []  # the partner countries are not read: the key names the country
    if kind in (ItemKind.RELATION_ANNIVERSARY, ItemKind.NATIONAL_DAY, ItemKind.HOLIDAY):
        countries = list(Country.objects.filter(iso_alpha2=rest.split("-")[0]))
    items = calendar_items(user=user, start=day, end=day, kinds=[kind], countries=countries, prefill=True)
    item = next((item for item in items if item.key == key), None)
    return item.activity_initial(activity_type) if item else {}


@dataclass
class CalendarDay:
    """A day of the month or week grid: its first activities and computed dates (``calendar_items``'
    order), and how many it has of each; the others are reached through the day's activity list
    and the day's page of the calendar."""

    day: date
    activities: list[CalendarItem] = field(default_factory=list)
    activity_count: int = 0
    dates: list[CalendarItem] = field(default_factory=list)
    date_count: int = 0

    @property
    def more_activities(self) -> int:
        return self.activity_count - len(self.activities)

    @property
    def more_dates(self) -> int:
        return self.date_count - len(self.dates)

    @property
    def summary(self) -> str:
        """The names drawn and how many more of each, in a line: the year view's tooltip of the day,
        written here rather than by the template's loops and plural tags 365 times a year."""
        activities, dates = "; ".join(i.title for i in self.activities), "; ".join(i.title for i in self.dates)
        if self.more_activities:
            n = self.more_activities
            activities += " (%s)" % (
                ngettext("%(activities)s more activity", "%(activities)s more activities", n)
                % {"activities": format_number(n)}
            )
        if self.more_dates:
            n = self.more_dates
            dates += " (%s)" % (
                ngettext("%(dates)s more date", "%(dates)s more dates", n) % {"dates": format_number(n)}
            )
        return "; ".join(part for part in (activities, dates) if part)


def calendar_days(
    *,
    user,
    start: date,
    end: date,
    shown: int,
    unit: Unit | None = None,
    kinds=None,
    countries=None,
    every_date: bool = False,
) -> tuple[dict[date, CalendarDay], list[CalendarItem]]:
    """Each day of [start, end] (a year at most) with at most ``shown`` activities and ``shown``
    computed dates (``item_order``; ``every_date``: all of them, for the day's page, where the
    others have no other page), how many it has of each, and the items without a known day.

    The database counts the activities and the agreements' anniversaries and renewals of each day
    and returns the first ``shown`` of each: the central union has about fifty activities and
    twenty-seven anniversaries a day, which no grid or list can draw; only the items drawn are built.
    The countries' dates and the twinnings, a few a day, are built and counted in Python."""
    kinds = set(kinds) if kinds is not None else set(ItemKind.values)
    dates_shown = None if every_date else shown
    days = {start + timedelta(days=n): CalendarDay(start + timedelta(days=n)) for n in range((end - start).days + 1)}
    agreement_kinds = {ItemKind.AGREEMENT_ANNIVERSARY, ItemKind.AGREEMENT_RENEWAL}
    computed = calendar_items(
        user=user,
        start=start,
        end=end,
        unit=unit,
        kinds=kinds - {ItemKind.ACTIVITY} - agreement_kinds,
        countries=countries,
    )
    dates: dict[date, list[CalendarItem]] = defaultdict(list)
    for item in computed:
        for day in days_of(item, start, end):
            days[day].date_count += 1
            dates[day].append(item)
    if kinds & agreement_kinds:
        agreements = Agreement.objects.restrict(user).within(unit)
        counts, firsts = _agreement_dates_a_day(agreements, start=start, end=end, shown=dates_shown, kinds=kinds)
        for day, count in counts.items():
            days[day].date_count += count
        for day, items in firsts.items():
            dates[day] += items
    for day, items in dates.items():
        days[day].dates = sorted(items, key=item_order)[:dates_shown]
    if ItemKind.ACTIVITY in kinds:
        _draw_activities(days, _activities_during(user=user, start=start, end=end, unit=unit), shown=shown)
    return days, [i for i in computed if i.date is None]


def _draw_activities(days: dict[date, CalendarDay], activities, *, shown: int) -> None:
    """Each day's activity count and first ``shown`` activities (begun first, then by title). The
    database returns the first ``shown`` of the activities that begin and end on the same days, and
    how many do: a day's first ones are among those of the groups covering it."""
    start, end = min(days), max(days)
    types = _type_labels()
    candidates: dict[date, list[ActivityRow]] = defaultdict(list)
    counted: set[tuple[date, date]] = set()
    spans = activities.annotate(last_day=Coalesce("end_date", "start_date"))
    for pk, title, end_date, activity_type, start_date, last_day, sharing in _firsts_by(
        spans, ["start_date", "last_day"], shown, "pk", "title", "end_date", "type"
    ):
        first, last = max(start_date, start), min(last_day, end)
        group_first_seen = (start_date, last_day) not in counted
        counted.add((start_date, last_day))
        for n in range((last - first).days + 1):
            day = first + timedelta(days=n)
            if group_first_seen:
                days[day].activity_count += sharing
            candidates[day].append((pk, title, start_date, end_date, activity_type))
    built: dict[int, CalendarItem] = {}
    for day, rows in candidates.items():
        for row in sorted(rows, key=lambda row: (row[2], row[1], row[0]))[:shown]:
            if row[0] not in built:
                built[row[0]] = _activity_item(row, types)
            days[day].activities.append(built[row[0]])


def days_of(item: CalendarItem, start: date, end: date) -> list[date]:
    """The days of the period an item covers (several for a multi-day activity)."""
    if item.date is None:
        return []
    last = min(item.end or item.date, end)
    first = max(item.date, start)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
