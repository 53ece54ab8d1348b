"""Writes of the activities module: activities, reference dates, reminders and feed tokens."""

import csv
import logging
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from amity.core.dates import parse_partial_date
from amity.core.formatting import format_day
from amity.core.services import blanks_fill, model_create, model_update
from amity.geo.models import Country
from amity.geo.selectors import units_valid_on

from .calendar_items import calendar_items
from .choices import DatePrecision
from .models import Activity, CalendarFeedToken, DiplomaticRelation, NationalDay, ReminderDelivery, ReminderPreference

logger = logging.getLogger(__name__)

RELATIONS_CSV = Path(settings.BASE_DIR) / "amity" / "geo" / "data" / "vn_diplomatic_relations.csv"
NATIONAL_DAYS_CSV = Path(__file__).parent / "data" / "national_days.csv"
#: A reminder that keeps failing is given up after this many runs.
MAX_ATTEMPTS = 5


def _check_places(*, data: dict, instance: Activity | None = None) -> None:
    """Places are the Vietnamese units of the activity's date: a 2023 visit is in Bắc Giang, a 2026 one
    in the merged Bắc Ninh; a unit that did not exist on the start date is refused, naming the right one."""
    start = data.get("start_date") or (instance.start_date if instance else None)
    if "places" in data:
        places = list(data["places"] or [])
    else:
        places = list(instance.places.all()) if instance and instance.pk else []
    if start is None or not places:
        return
    errors = []
    for place in places:
        if place.is_valid_on(start):
            continue
        then = ", ".join(u.full_name for u in units_valid_on(place, start)) or _("none")
        errors.append(
            _("%(place)s did not exist on %(date)s; the unit of that date: %(then)s.")
            % {"place": place, "date": format_day(start), "then": then}
        )
    if errors:
        raise ValidationError({"places": errors})


@transaction.atomic
def activity_create(*, actor, data: dict) -> Activity:
    _check_places(data=data)
    return model_create(model=Activity, data=data, actor=actor)


@transaction.atomic
def activity_update(*, actor, instance: Activity, data: dict, expected_version: int | None = None) -> Activity:
    _check_places(data=data, instance=instance)
    return model_update(instance=instance, data=data, actor=actor, expected_version=expected_version)


def _established(text: str) -> tuple[date | None, str]:
    """The vendored table's date as a day, a month or a year ("1973-09-21", "1973-09", "1973"; a
    trailing dash as the table writes a month), read by ``core.dates``; empty: unknown."""
    text = (text or "").strip().rstrip("-")
    if not text:
        return None, DatePrecision.UNKNOWN
    known = parse_partial_date(text)
    return known.start, known.precision


@transaction.atomic
def relations_load(*, path: Path = RELATIONS_CSV) -> int:
    """Add the relations of the vendored CSV that are not in the table yet; edited rows stay as they are."""
    countries = {c.iso_alpha2: c for c in Country.objects.all()}
    known = set(DiplomaticRelation.all_objects.values_list("country__iso_alpha2", flat=True))
    added = 0
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            country = countries.get(row["iso_alpha2"])
            if country is None or row["iso_alpha2"] in known:
                continue
            established_on, precision = _established(row["established_on"])
            if row.get("precision") and established_on:
                precision = row["precision"]
            model_create(
                model=DiplomaticRelation,
                data={
                    "country": country,
                    "established_on": established_on,
                    "precision": precision,
                    "source_url": row["source_url"],
                    "note": row["note"],
                },
            )
            added += 1
    return added


@transaction.atomic
def national_day_names(row: dict) -> dict:
    """The translated names of a row of the bundled table."""
    return {f"name_{s}": row.get(f"name_{s}", "") for s in ("en", "zh", "ru")}


def national_day_names_fill(NationalDay, *, path: Path = NATIONAL_DAYS_CSV) -> int:
    """Give the national days of the bundled table their names in the other languages where those
    columns are empty (a day someone edited keeps its names); the migration passes its model."""
    with open(path, encoding="utf-8") as f:
        table = {(r["iso_alpha2"], int(r["month"]), int(r["day"])): national_day_names(r) for r in csv.DictReader(f)}
    filled = 0
    for nd in NationalDay.objects.select_related("country"):
        filled += blanks_fill(nd, table.get((nd.country.iso_alpha2, nd.month, nd.day), {}))
    return filled


def national_days_load(*, path: Path = NATIONAL_DAYS_CSV) -> int:
    """Add the national days of the bundled table that are not in the table yet."""
    countries = {c.iso_alpha2: c for c in Country.objects.all()}
    added = 0
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            country = countries.get(row["iso_alpha2"])
            if country is None or NationalDay.all_objects.filter(country=country).exists():
                continue
            model_create(
                model=NationalDay,
                data={
                    "country": country,
                    "month": int(row["month"]),
                    "day": int(row["day"]),
                    "name": row["name"],
                    **national_day_names(row),
                    "note": row["note"],
                },
            )
            added += 1
    return added


def interface_language() -> str:
    """The active interface language as one of ``settings.LANGUAGES`` (e.g. "zh-hans"), else ""."""
    code = (translation.get_language() or "").lower()
    codes = [c for c, _n in settings.LANGUAGES]
    return code if code in codes else next((c for c in codes if code.split("-")[0] == c.split("-")[0]), "")


def reminder_preference_for(user) -> ReminderPreference:
    """The user's preference, made on first use with the language the user is working in."""
    pref, _created = ReminderPreference.objects.get_or_create(
        user=user, defaults={"enabled": bool(user.email), "language": interface_language()}
    )
    return pref


@transaction.atomic
def reminder_preference_update(*, user, data: dict) -> ReminderPreference:
    pref = reminder_preference_for(user)
    for name, value in data.items():
        setattr(pref, name, value)
    pref.full_clean()
    pref.save()
    return pref


def reminder_items(*, user, today: date, pref: ReminderPreference | None = None):
    """The dated calendar items the user asked to be reminded of, from today to the horizon."""
    pref = pref or reminder_preference_for(user)
    items = calendar_items(user=user, start=today, end=today + timedelta(days=pref.days_ahead), kinds=pref.kinds)
    return [i for i in items if i.date is not None]


def _send_one(*, pref: ReminderPreference, deliveries: list[ReminderDelivery]) -> None:
    lines = [f"{d.due_on:%d/%m/%Y}  {d.title}" for d in deliveries]
    send_mail(
        subject=_("Amity: %(count)s reminders") % {"count": len(deliveries)},
        message=_("Coming up:") + "\n\n" + "\n".join(lines),
        from_email=None,
        recipient_list=[pref.address],
    )


def _pending_deliveries(*, pref: ReminderPreference, today: date) -> list[ReminderDelivery]:
    """The user's reminders due within the horizon and not yet delivered (nor given up)."""
    pending = []
    for item in reminder_items(user=pref.user, today=today, pref=pref):
        delivery, _created = ReminderDelivery.objects.get_or_create(
            user=pref.user, item_key=item.key, defaults={"due_on": item.date, "title": item.title[:400]}
        )
        if delivery.sent_at is None and delivery.attempts < MAX_ATTEMPTS:
            pending.append(delivery)
    return pending


def reminders_send(*, today: date | None = None) -> dict:
    """E-mail each user the items due within their horizon that were not sent yet.

    A failing address (bounce, refused recipient, server down) is logged and its reminders
    stay unsent with the error, so the next run tries again, up to ``MAX_ATTEMPTS`` times;
    one user's failure never stops the others.
    """
    today = today or timezone.localdate()
    result = {"sent": 0, "failed": 0, "users": 0, "errors": 0}
    prefs = ReminderPreference.objects.filter(enabled=True, user__is_active=True).select_related("user")
    for pref in prefs:
        if not pref.address:
            continue
        try:
            with translation.override(pref.language or settings.LANGUAGE_CODE):  # titles in the user's language
                pending = _pending_deliveries(pref=pref, today=today)
        except Exception:  # one user's calendar must not stop the others' reminders
            logger.exception("Reminders of user %s could not be computed", pref.user_id)
            result["errors"] += 1
            continue
        if not pending:
            continue
        result["users"] += 1
        try:
            with translation.override(pref.language or settings.LANGUAGE_CODE):
                _send_one(pref=pref, deliveries=pending)
        except Exception as exc:  # any transport error: keep the reminders for the next run
            logger.warning("Reminder e-mail to %s (user %s) failed: %s", pref.address, pref.user_id, exc)
            ReminderDelivery.objects.filter(pk__in=[d.pk for d in pending]).update(
                attempts=F("attempts") + 1, last_error=str(exc)[:2000]
            )
            if any(d.attempts + 1 >= MAX_ATTEMPTS for d in pending):
                logger.error(
                    "Reminder e-mail to %s (user %s) given up after %s attempts",
                    pref.address,
                    pref.user_id,
                    MAX_ATTEMPTS,
                )
            result["failed"] += len(pending)
            continue
        ReminderDelivery.objects.filter(pk__in=[d.pk for d in pending]).update(
            sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
        )
        result["sent"] += len(pending)
    return result


@transaction.atomic
def feed_token_create(*, user) -> CalendarFeedToken:
    """A new feed URL for the user; the old one stops working."""
    feed_token_revoke(user=user)
    return CalendarFeedToken.objects.create(user=user)


@transaction.atomic
def feed_token_revoke(*, user) -> int:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
