"""Dashboard widgets: the user's reminders (what is coming up) and this year's activity figures."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from amity.core.charts import bar_chart_svg

from . import selectors, services
from .calendar_items import upcoming_items

ORDER = 5  # the place of its widgets on the dashboard
SHOWN = 15  # dated items "Coming up" lists; the others are counted


def widgets(request) -> list[dict]:
    user = request.user
    today = timezone.localdate()
    pref = services.reminder_preference_for(user)
    upcoming, dated = upcoming_items(
        user=user, start=today, end=today + timedelta(days=pref.days_ahead), kinds=pref.kinds, first=SHOWN
    )
    figures = selectors.activity_figures(  # what the widget shows: totals, types, delegations
        user=user, start=date(today.year, 1, 1), end=date(today.year, 12, 31), breakdowns=()
    )
    by_type = figures["by_type"]
    chart = bar_chart_svg([label for _c, label, _n in by_type], [n for _c, _l, n in by_type]) if by_type else ""
    return [
        {
            "order": 5,
            "title": _("Coming up"),
            "template": "activities/widget_upcoming.html",
            "context": {"items": upcoming, "more": dated - len(upcoming), "days": pref.days_ahead},
        },
        {
            "order": 30,
            "title": _("Activities this year"),
            "template": "activities/widget_figures.html",
            "context": {"figures": figures, "chart": mark_safe(chart), "year": today.year},
        },
    ]
