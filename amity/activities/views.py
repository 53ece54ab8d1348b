import calendar
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from amity.audit.services import names_shown_record
from amity.core.charts import bar_chart_svg
from amity.core.personal import people_in_sight
from amity.core.views import ObjectDetailView, ObjectEditView, ObjectListView
from amity.geo.models import Country
from amity.registry.models import Person
from amity.union.figures import FiguresQueryMixin
from amity.union.selectors import stated_beside
from amity.units.forms import UnitScopeForm
from amity.units.selectors import access_unit

from . import feeds, filtersets, forms, selectors, services, tables
from .calendar_items import calendar_days, occasion_initial, partner_countries
from .choices import ItemKind
from .metrics import FIGURES_PAGE
from .models import Activity, ActivityAttachment, CalendarFeedToken, DiplomaticRelation, NationalDay


class ActivityListView(ObjectListView):
    model = Activity
    filterset_class = filtersets.ActivityFilterSet
    table_class = tables.ActivityTable

    def get_queryset(self):
        return selectors.activity_list(user=self.request.user).prefetch_related("countries", "partners")


class ActivityDetailView(ObjectDetailView):
    model = Activity
    hidden_fields = ("leader", "members")  # listed in the template, only where the user may see them

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        activity = self.object
        ids = ([activity.leader_id] if activity.leader_id else []) + [m.pk for m in activity.members.all()]
        visible = {p.pk: p for p in people_in_sight(Person, user=self.request.user).filter(pk__in=ids)}
        names_shown_record(actor=self.request.user, people=visible.values(), query=f"activity={activity.pk}")
        ctx.update(
            attachments=activity.attachments.all(),
            people_count=selectors.delegation_size(activity),
            leader=visible.get(activity.leader_id),
            members=[visible[pk] for pk in ids[1 if activity.leader_id else 0 :] if pk in visible],
            hidden_people=len([pk for pk in ids if pk not in visible]),
            award_decisions=selectors.ceremony_decisions(user=self.request.user, activity=activity),
        )
        return ctx


class ActivityEditView(ObjectEditView):
    model = Activity
    form_class = forms.ActivityForm
    create_service = staticmethod(services.activity_create)
    update_service = staticmethod(services.activity_update)

    def get_initial(self):
        initial = super().get_initial()
        for name in ("countries", "places", "organisers", "partners", "members", "agreements"):
            if name in self.request.GET:
                initial[name] = self.request.GET.getlist(name)
        occasion = self.request.GET.get("occasion")  # a calendar item's "plan an activity" link
        if self.object is None and occasion and "start_date" in initial:
            initial |= occasion_initial(
                user=self.request.user,
                key=occasion,
                day=_parse_day(initial["start_date"]),
                activity_type=initial.get("type", ""),
            )
        if self.object is None and "unit" not in initial:
            units = list(self.request.user.memberships.values_list("unit", flat=True)[:2])
            if len(units) == 1:  # the one unit the user works in
                initial["unit"] = units[0]
        return initial


class ActivityPlacesView(LoginRequiredMixin, View):
    """The place select of the activity form for the start date sent (htmx, on a change of date):
    the provinces valid on that date, today's without one; the places sent stay chosen."""

    def get(self, request):
        form = forms.ActivityForm(
            initial={"start_date": request.GET.get("start_date"), "places": request.GET.getlist("places")},
            user=request.user,
        )
        return HttpResponse(str(form["places"]))


class ActivityAttachmentListView(ObjectListView):
    model = ActivityAttachment
    filterset_class = filtersets.ActivityAttachmentFilterSet
    table_class = tables.ActivityAttachmentTable
    base_queryset = ActivityAttachment.objects.select_related("activity")


class ActivityAttachmentDetailView(ObjectDetailView):
    model = ActivityAttachment


class ActivityAttachmentEditView(ObjectEditView):
    model = ActivityAttachment
    form_class = forms.ActivityAttachmentForm


class DiplomaticRelationListView(ObjectListView):
    model = DiplomaticRelation
    filterset_class = filtersets.DiplomaticRelationFilterSet
    table_class = tables.DiplomaticRelationTable
    base_queryset = DiplomaticRelation.objects.select_related("country")
    paginate_by = 200


class DiplomaticRelationDetailView(ObjectDetailView):
    model = DiplomaticRelation


class DiplomaticRelationEditView(ObjectEditView):
    model = DiplomaticRelation
    form_class = forms.DiplomaticRelationForm
    add_action = "manage"


class NationalDayListView(ObjectListView):
    model = NationalDay
    filterset_class = filtersets.NationalDayFilterSet
    table_class = tables.NationalDayTable
    base_queryset = NationalDay.objects.select_related("country")


class NationalDayDetailView(ObjectDetailView):
    model = NationalDay


class NationalDayEditView(ObjectEditView):
    model = NationalDay
    form_class = forms.NationalDayForm
    add_action = "manage"


def _parse_day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _requested_day(params) -> date:
    """The day the calendar shows: ``date=``, or the month and year chosen in its jump form (the
    month kept from ``date`` when only a year is given)."""
    day = _parse_day(params.get("date"))
    year, month = params.get("year", "").strip(), params.get("month", "").strip()
    if year.isdigit() and 1 <= int(year) <= 9999:
        chosen = int(month) if month.isdigit() and 1 <= int(month) <= 12 else day.month
        day = date(int(year), chosen, 1)
    return day


#: The year view's shades of a day, from the least to the most busy of the year (Bootstrap's opacities).
BUSY_SHADES = (10, 25, 50)


def _year_months(year: int, days: dict) -> list[dict]:
    """The twelve months of ``year``, each as weeks of (day or None, its ``CalendarDay``, its shade)
    and the number of items in it, for the year view: a day is shaded by how busy it is beside the
    busiest day of the year (none when it has nothing)."""
    busiest = max((cell.activity_count + cell.date_count for cell in days.values()), default=0)

    def shade(cell) -> int | None:
        count = cell.activity_count + cell.date_count
        return BUSY_SHADES[min(len(BUSY_SHADES) - 1, len(BUSY_SHADES) * (count - 1) // busiest)] if count else None

    months = []
    for number in range(1, 13):
        weeks = calendar.Calendar().monthdayscalendar(year, number)
        grid = [
            [
                (date(year, number, d), days[date(year, number, d)], shade(days[date(year, number, d)]))
                if d
                else (None, None, None)
                for d in week
            ]
            for week in weeks
        ]
        count = sum(cell.activity_count + cell.date_count for week in grid for _d, cell, _s in week if cell)
        months.append({"first": date(year, number, 1), "weeks": grid, "count": count})
    return months


class UnitScopeMixin:
    """Reads ``?unit=`` (a unit the user may see, else 404) and ``?start=&end=``."""

    request: HttpRequest

    def scope_unit(self):
        pk = self.request.GET.get("unit")
        if not pk:
            return None
        if not pk.isdigit():
            raise Http404
        return access_unit(user=self.request.user, pk=int(pk))


class CalendarView(LoginRequiredMixin, UnitScopeMixin, TemplateView):
    """Year, month, week, day or list of the unit's activities and the computed dates of its partner
    countries; a month and year can be chosen directly, and switching views keeps the filters. A
    day of the month, the week or the list draws its first few activities and dates and links the
    others: the day's activity list, and the day's page, which lists every date of that day and
    its first activities (a national union has about fifty a day) before the same link."""

    template_name = "activities/calendar.html"
    #: activities, and computed dates, a day of the grid or list draws (of the year: names in its
    #: tooltip; of the day's page: activities only)
    SHOWN_A_DAY = {"month": 3, "week": 10, "year": 3, "list": 3, "day": 20}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        mode = self.request.GET.get("view", "month")
        day = _requested_day(self.request.GET)
        unit = self.scope_unit()
        user = self.request.user
        if mode == "week":
            start = day - timedelta(days=day.weekday())
            end = start + timedelta(days=6)
            prev_day, next_day = start - timedelta(days=7), start + timedelta(days=7)
        elif mode == "day":
            start = end = day
            prev_day, next_day = day - timedelta(days=1), day + timedelta(days=1)
        elif mode == "list":
            start, end = day, day + timedelta(days=59)
            prev_day, next_day = day - timedelta(days=60), day + timedelta(days=60)
        elif mode == "year":
            start, end = date(day.year, 1, 1), date(day.year, 12, 31)
            prev_day = date(day.year - 1, 1, 1) if day.year > 1 else start
            next_day = date(day.year + 1, 1, 1) if day.year < 9999 else start
        else:
            mode = "month"
            weeks = calendar.Calendar().monthdatescalendar(day.year, day.month)
            start, end = weeks[0][0], weeks[-1][-1]
            first = day.replace(day=1)
            prev_day = (first - timedelta(days=1)).replace(day=1)
            next_day = (first + timedelta(days=32)).replace(day=1)
        partners = partner_countries(user=user, unit=unit)  # read once: the items' and the count's
        every = self.request.GET.get("scope") == "all"
        countries = list(Country.objects.exclude(iso_alpha2="VN")) if every else partners
        # Partner countries' national days always; their other public holidays only when asked for.
        holidays = not every and self.request.GET.get("holidays") == "1"
        kinds = [k for k in ItemKind.values if k != ItemKind.HOLIDAY or holidays]
        scope = {"user": user, "start": start, "end": end, "unit": unit, "countries": countries, "kinds": kinds}
        days, undated = calendar_days(**scope, shown=self.SHOWN_A_DAY[mode], every_date=mode == "day")
        grid: list  # of weeks of days, of months, or of days, as the view draws them
        if mode == "month":
            grid = [[(d, days[d], d.month == day.month) for d in week] for week in weeks]
        elif mode == "year":
            grid = _year_months(day.year, days)
        elif mode in ("list", "day"):  # the days with something in them, and how much of it is drawn
            grid = [cell for _d, cell in sorted(days.items()) if cell.activity_count or cell.date_count]
            ctx.update(
                item_shown=sum(len(cell.activities) + len(cell.dates) for cell in grid),
                item_total=sum(cell.activity_count + cell.date_count for cell in grid),
            )
        else:
            grid = [[(d, days[d], True) for d in sorted(days)]]
        # the day's activity list: the unit chosen with the units below it, as the calendar counts
        activity_query = {"unit": unit.pk, "below": "on"} if unit else {}
        base_query = {k: v for k, v in self.request.GET.items() if k not in ("date", "view", "year", "month")}
        ctx.update(
            mode=mode,
            day=day,
            start=start,
            end=end,
            grid=grid,
            undated=undated,
            activity_list_qs=urlencode(activity_query) + "&" if activity_query else "",
            unit=unit,
            unit_form=UnitScopeForm(user=user, unit=unit),
            scope=self.request.GET.get("scope", "partners"),
            holidays=holidays,
            partner_count=len(partners),
            prev_day=prev_day,
            next_day=next_day,
            today=timezone.localdate(),
            base_query=base_query,
            base_qs=urlencode(base_query) + "&" if base_query else "",
            month_names=list(MONTHS.items()),
            weekdays=[_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        )
        return ctx


class FeedView(View):
    """The iCalendar feed of a token's user; any unknown or revoked token answers 404."""

    def get(self, request, token: str):
        owner = selectors.feed_token_owner(token=token)
        if owner is None:
            raise Http404
        response = HttpResponse(feeds.feed_calendar(user=owner, request=request), content_type="text/calendar")
        response["Content-Disposition"] = 'inline; filename="amity.ics"'
        return response


class SubscriptionView(LoginRequiredMixin, TemplateView):
    """Reminder preferences and the calendar feed URL of the signed-in user."""

    template_name = "activities/subscription.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        token = CalendarFeedToken.objects.restrict(user).filter(revoked_at__isnull=True).first()
        ctx["feed_url"] = self.request.build_absolute_uri(token.get_absolute_url()) if token else ""
        ctx.setdefault("form", forms.ReminderPreferenceForm(instance=services.reminder_preference_for(user)))
        ctx["failures"] = selectors.reminder_failures(user=user)
        ctx["max_attempts"] = services.MAX_ATTEMPTS
        return ctx

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "feed_create":
            services.feed_token_create(user=request.user)
            messages.success(request, _("A new feed address was made; the old one no longer works."))
        elif action == "feed_revoke":
            services.feed_token_revoke(user=request.user)
            messages.success(request, _("The feed address was revoked."))
        else:
            form = forms.ReminderPreferenceForm(request.POST, instance=services.reminder_preference_for(request.user))
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form), status=400)
            services.reminder_preference_update(user=request.user, data=form.cleaned_data)
            messages.success(request, _("Reminder preferences saved."))
        return HttpResponseRedirect(reverse("activities:subscription"))


#: Partners the figures page names, most activities first; the others share one row (all with ``?partners=all``).
PARTNERS_NAMED = 30


class FiguresView(LoginRequiredMixin, FiguresQueryMixin, TemplateView):
    """Activities by type, country and partner, and delegations, for a unit and period (the current
    calendar year unless asked: a union reads its activities by the year it reports them)."""

    reads_from_replica = True

    template_name = "activities/figures.html"

    def default_period(self, current):
        today = timezone.localdate()
        return date(today.year, 1, 1), date(today.year, 12, 31)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        asked = self.figures_asked()
        start, end, unit, day = asked.start, asked.end, asked.unit, asked.day
        own_only = self.request.GET.get("own") == "1"
        all_partners = self.request.GET.get("partners") == "all"
        figures = selectors.activity_figures(
            user=self.request.user,
            unit=unit,
            start=start,
            end=end,
            subtree=not own_only,
            day=day,
            partners_named=None if all_partners else PARTNERS_NAMED,
        )
        by_type = figures["by_type"]
        chart = bar_chart_svg([label for _c, label, _n in by_type], [n for _c, _l, n in by_type]) if by_type else ""
        ctx.update(
            comparisons=stated_beside(
                user=self.request.user, unit=unit, start=start, end=end, computed=FIGURES_PAGE, day=day
            ),
            figures=figures,
            chart=mark_safe(chart),
            start=start,
            end=end,
            unit=unit,
            own_only=own_only,
            asked=asked,
            all_partners_url="?" + urlencode({**self.request.GET.dict(), "partners": "all"}),
            unit_form=UnitScopeForm(user=self.request.user, unit=unit),
        )
        return ctx
