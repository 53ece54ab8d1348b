"""The per-user iCalendar feed: the same items as the calendar screens, as all-day events."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from .calendar_items import calendar_items

PAST_DAYS = 60
FUTURE_DAYS = 400


def feed_calendar(*, user, request) -> bytes:
    today = timezone.localdate()
    cal = Calendar()
    cal.add("prodid", "-//Amity//People's diplomacy calendar//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Amity")
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = timezone.now()
    host = request.get_host()
    for item in calendar_items(
        user=user, start=today - timedelta(days=PAST_DAYS), end=today + timedelta(days=FUTURE_DAYS)
    ):
        if item.date is None:
            continue
        event = Event()
        event.add("uid", f"{item.key}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        event.add("dtstart", item.date)
        event.add("dtend", (item.end or item.date) + timedelta(days=1))
        event.add("categories", [item.kind_label])
        if item.url:
            event.add("url", request.build_absolute_uri(str(item.url)))
        cal.add_component(event)
    return cal.to_ical()
