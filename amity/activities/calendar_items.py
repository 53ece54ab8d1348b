"""What the calendar shows: the unit's activities and the dates the system computes ahead.

Anniversaries of diplomatic relations, twinning and agreements, national days and public
holidays of partner countries, agreement renewals. Everything here is a plain function of
the period, so the calendar screens, the iCalendar feed, reminders and reports share it.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

import holidays
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import ExtractDay, ExtractMonth
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from amity.core.access import reaches_every_unit
from amity.core.formatting import format_day
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

    def _add_url(self, activity_type: str, title: str) -> str:
        params = {"type": activity_type, "title": title}
        if self.date:
            params["start_date"] = self.date.isoformat()
        if self.country:
            params["countries"] = self.country.pk
        params["purpose"] = self.title
        params.update(self.prefill)
        return reverse("activities:activity_add") + "?" + urlencode(params, doseq=True)

    @property
    def plan_url(self) -> str:
        """The activity form pre-filled to mark this date (a commemoration or exchange)."""
        return self._add_url(ActivityType.COMMEMORATION, self.title)

    @property
    def congratulate_url(self) -> str:
        """The activity form pre-filled for a letter or telegram of congratulation."""
        return self._add_url(ActivityType.CONGRATULATION, _("Congratulations: %(occasion)s") % {"occasion": self.title})


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


def twinning_and_agreement_items(
    *, user, start: date, end: date, unit: Unit | None = None, prefill: bool = True
) -> list[CalendarItem]:
    """Anniversaries of twinning relations and of agreements' signing, and renewals due; without
    ``prefill``, the agreements' parties (for the "plan an activity" links) are not read."""
    items = []
    twinnings = may_have_anniversary(
        OrganisationRelation.objects.restrict(user)
        .within(unit)
        .filter(kind=RelationKind.TWINNING, since__isnull=False)
        .select_related("source", "target", "target__country"),
        "since",
        start,
        end,
    )
    for rel in twinnings:
        for day, years in anniversaries(rel.since, start, end):
            items.append(
                CalendarItem(
                    key=f"twinning-{rel.pk}-{day.year}",
                    kind=ItemKind.TWINNING_ANNIVERSARY,
                    title=_("%(years)s years of twinning: %(a)s – %(b)s")
                    % {"years": years, "a": rel.source, "b": rel.target},
                    date=day,
                    country=rel.target.country,
                    years=years,
                    url=rel.get_absolute_url(),
                    prefill={"unit": rel.source.unit_id, "organisers": [rel.source_id], "partners": [rel.target_id]},
                )
            )
    agreements = Agreement.objects.restrict(user).within(unit)
    agreements = agreements.filter(
        Q(pk__in=may_have_anniversary(agreements, "signed_on", start, end).values("pk"))
        | Q(renewal_due__range=(start, end))
    )
    # as values, not instances (hundreds of agreements a month for the central union)
    agreements = list(agreements.values_list("pk", "title", "signed_on", "renewal_due", "unit_id"))
    # each agreement's parties and their countries as plain values, in one query
    parties: dict[int, list[tuple[int, str | None]]] = {}
    links = Agreement.parties.through.objects.filter(
        agreement__in=[row[0] for row in agreements], organisation__deleted_at__isnull=True
    ).values_list("agreement_id", "organisation_id", "organisation__country__iso_alpha2")
    for agreement_id, party, iso in links if prefill else ():
        parties.setdefault(agreement_id, []).append((party, iso))
    for pk, title, signed_on, renewal_due, unit_id in agreements:
        url = reverse_lazy("registry:agreement_detail", args=[pk])  # built only where an item is drawn
        foreign = {party for party, iso in parties.get(pk, []) if iso and iso != VIETNAM}
        prefill = {
            "unit": unit_id,
            "agreements": [pk],
            "partners": sorted(foreign),
            "organisers": sorted(party for party, _iso in parties.get(pk, []) if party not in foreign),
        }
        if signed_on:
            for day, years in anniversaries(signed_on, start, end):
                items.append(
                    CalendarItem(
                        key=f"agreement-{pk}-{day.year}",
                        kind=ItemKind.AGREEMENT_ANNIVERSARY,
                        title=_("%(years)s years since signing: %(title)s") % {"years": years, "title": title},
                        date=day,
                        years=years,
                        url=url,
                        prefill=prefill,
                    )
                )
        if renewal_due and start <= renewal_due <= end:
            items.append(
                CalendarItem(
                    key=f"renewal-{pk}-{renewal_due.isoformat()}",
                    kind=ItemKind.AGREEMENT_RENEWAL,
                    title=_("Renewal due: %(title)s") % {"title": title},
                    date=renewal_due,
                    url=url,
                )
            )
    return items


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
    prefill: bool = True,
) -> list[CalendarItem]:
    """Everything in [start, end], dated items first by date, then undated (month/year/unknown);
    ``prefill``: see ``twinning_and_agreement_items``."""
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
    if kinds & {ItemKind.TWINNING_ANNIVERSARY, ItemKind.AGREEMENT_ANNIVERSARY, ItemKind.AGREEMENT_RENEWAL}:
        items += [
            i
            for i in twinning_and_agreement_items(user=user, start=start, end=end, unit=unit, prefill=prefill)
            if i.kind in kinds
        ]
    return sorted(items, key=lambda i: (i.date is None, i.date or date.max, i.kind != ItemKind.ACTIVITY, i.title))


def upcoming_items(*, user, start: date, end: date, kinds, first: int) -> tuple[list[CalendarItem], int]:
    """The first ``first`` dated items of [start, end] in ``calendar_items``' order, and how many
    dated items there are in all. Only the activities that can be among them are read and built (a
    national union has hundreds a fortnight, the dashboard shows fifteen); the others are counted.
    The agreements' parties are not read: the dashboard draws no "plan an activity" link."""
    kinds = set(kinds)
    others = calendar_items(user=user, start=start, end=end, kinds=kinds - {ItemKind.ACTIVITY}, prefill=False)
    items, total = [], 0
    if ItemKind.ACTIVITY in kinds:
        # the days the activities begin (a date each): those begun by the ``first``-th's day hold the
        # ``first`` that come first (a date, then a title)
        days = sorted(_activities_during(user=user, start=start, end=end).values_list("start_date", flat=True))
        if days and first > 0:
            items = activity_items(user=user, start=start, end=end, until=days[min(first, len(days)) - 1])
        total = len(days)
    dated = [i for i in others if i.date is not None]
    items = sorted(items + dated, key=lambda i: (i.date, i.kind != ItemKind.ACTIVITY, i.title))
    return items[:first], total + len(dated)


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


def calendar_days(
    *, user, start: date, end: date, shown: int, unit: Unit | None = None, kinds=None, countries=None
) -> tuple[dict[date, CalendarDay], list[CalendarItem]]:
    """Each day of [start, end] with at most ``shown`` activities and ``shown`` computed dates, and
    the items without a known day. The period's activities are read as rows and only those shown
    are built: the central union has about fifty a day, which a grid cannot draw."""
    kinds = set(kinds) if kinds is not None else set(ItemKind.values)
    days = {start + timedelta(days=n): CalendarDay(start + timedelta(days=n)) for n in range((end - start).days + 1)}
    computed = calendar_items(
        user=user, start=start, end=end, unit=unit, kinds=kinds - {ItemKind.ACTIVITY}, countries=countries
    )
    for item in computed:
        for day in days_of(item, start, end):
            cell = days[day]
            cell.date_count += 1
            if len(cell.dates) < shown:
                cell.dates.append(item)
    if ItemKind.ACTIVITY in kinds:
        types = _type_labels()
        built: dict[int, CalendarItem] = {}
        for row in _activity_rows(_activities_during(user=user, start=start, end=end, unit=unit)):
            first, last = max(row[2], start), min(row[3] or row[2], end)
            for n in range((last - first).days + 1):
                cell = days[first + timedelta(days=n)]
                cell.activity_count += 1
                if len(cell.activities) < shown:
                    if row[0] not in built:
                        built[row[0]] = _activity_item(row, types)
                    cell.activities.append(built[row[0]])
    return days, [i for i in computed if i.date is None]


def days_of(item: CalendarItem, start: date, end: date) -> list[date]:
    """The days of the period an item covers (several for a multi-day activity)."""
    if item.date is None:
        return []
    last = min(item.end or item.date, end)
    first = max(item.date, start)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
