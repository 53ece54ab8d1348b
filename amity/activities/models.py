"""Activities of the unions, the reference dates the calendar computes from, reminders and feeds."""

import calendar
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from amity.core.dates import (
    PartialDateProperty,
    clean_partial_date,
    dates_in_order,
    inferred_field,
    precision_field,
)
from amity.core.models import AmityModel, SearchNameMixin, TranslatedNameMixin, UnitOwnedModel
from amity.core.querysets import OwnedManager

from .choices import ActivityType, AttachmentKind, DatePrecision, ItemKind


class DiplomaticRelation(AmityModel):
    """When Vietnam established diplomatic relations with a country; shared reference data.

    ``precision`` says how much of ``established_on`` is known: a date known only to the month
    is stored on the 1st and never shown as a day; an unknown date stays empty.
    """

    country = models.OneToOneField(
        "geo.Country", on_delete=models.PROTECT, related_name="diplomatic_relation", verbose_name=_("country")
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    precision = models.CharField(
        _("precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    note = models.TextField(_("notes"), blank=True)

    unit_path = None
    central_reference = True  # anniversaries in every union's calendar: only the central union edits

    class Meta(AmityModel.Meta):
        verbose_name = _("diplomatic relation")
        verbose_name_plural = _("diplomatic relations")
        ordering = ["country__name_en"]

    def __str__(self) -> str:
        return str(self.country)

    def clean(self):
        if self.precision == DatePrecision.UNKNOWN and self.established_on:
            raise ValidationError({"precision": _("A date is given: say how precise it is.")})
        if self.precision != DatePrecision.UNKNOWN and not self.established_on:
            raise ValidationError({"established_on": _("Give the date, or set the precision to unknown.")})
        if self.established_on:
            if self.precision in (DatePrecision.MONTH, DatePrecision.YEAR) and self.established_on.day != 1:
                raise ValidationError({"established_on": _("A date known only to the month is stored on the 1st.")})
            if self.precision == DatePrecision.YEAR and self.established_on.month != 1:
                raise ValidationError({"established_on": _("A date known only to the year is stored on 1 January.")})


class NationalDay(TranslatedNameMixin, AmityModel):
    """A country's national day, for congratulations; used beside the ``holidays`` library."""

    country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, related_name="national_days", verbose_name=_("country")
    )
    name = models.CharField(_("name"), max_length=200)
    month = models.PositiveSmallIntegerField(_("month"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    day = models.PositiveSmallIntegerField(_("day"), validators=[MinValueValidator(1), MaxValueValidator(31)])
    note = models.TextField(_("notes"), blank=True)

    unit_path = None
    central_reference = True  # congratulations in every union's calendar: only the central union edits
    str_related = ("country",)

    class Meta(AmityModel.Meta):
        verbose_name = _("national day")
        verbose_name_plural = _("national days")
        ordering = ["month", "day"]
        constraints = [models.UniqueConstraint(fields=["country", "month", "day"], name="unique_national_day")]

    def __str__(self) -> str:
        return f"{self.country}: {self.display_name} ({self.day:02d}/{self.month:02d})"

    def clean(self):
        if self.month and self.day and self.day > calendar.monthrange(2024, self.month)[1]:
            raise ValidationError({"day": _("This month has no such day.")})


class Activity(SearchNameMixin, UnitOwnedModel):
    """A delegation, meeting, exchange, commemoration, course or letter of a unit."""

    type = models.CharField(_("type"), max_length=30, choices=ActivityType.choices)
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("start date"))
    start_date_precision = precision_field()
    start_date_inferred = inferred_field()
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Empty for a one-day activity."))
    places = models.ManyToManyField("geo.AdminUnit", blank=True, related_name="+", verbose_name=_("places in Vietnam"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    countries = models.ManyToManyField("geo.Country", blank=True, related_name="+", verbose_name=_("countries"))
    foreign_cities = models.CharField(_("foreign cities"), max_length=255, blank=True)
    organisers = models.ManyToManyField(
        "registry.Organisation", blank=True, related_name="activities_organised", verbose_name=_("organisers")
    )
    partners = models.ManyToManyField(
        "registry.Organisation", blank=True, related_name="activities_as_partner", verbose_name=_("partners")
    )
    leader = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities_led",
        verbose_name=_("leader"),
    )
    members = models.ManyToManyField(
        "registry.Person", blank=True, related_name="activities", verbose_name=_("members")
    )
    participants = models.PositiveIntegerField(
        _("number of participants"),
        null=True,
        blank=True,
        help_text=_("For a delegation: the number of people in it, leader included."),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    agreements = models.ManyToManyField(
        "registry.Agreement", blank=True, related_name="activities", verbose_name=_("agreements signed")
    )
    notes = models.TextField(_("notes"), blank=True)
    search_name = models.CharField(max_length=600, db_index=True, editable=False)
    search_from = ("title", "venue", "foreign_cities")

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "title"]
        # figures, widgets and reports count a period's live activities by unit and type, and find
        # their ids for the countries and partners: read from this index alone (on PostgreSQL an
        # index-only scan), not from 200,000 rows at national scale
        indexes = [
            models.Index(
                fields=["start_date"],
                include=["unit", "type", "id"],
                condition=Q(deleted_at__isnull=True),
                name="activities_activity_started",
            ),
            # the calendar's activities still going on when a period begins (begun before it)
            models.Index(fields=["end_date"], condition=Q(deleted_at__isnull=True), name="activities_activity_ended"),
            # a list's exact count of live activities in the user's units (every unit's for the
            # central union): read from this small index alone, not from the rows
            models.Index(fields=["unit"], condition=Q(deleted_at__isnull=True), name="activities_activity_counted"),
        ]

    def __str__(self) -> str:
        return self.title

    start_date_partial = PartialDateProperty("start_date")

    def clean(self):
        clean_partial_date(self, "start_date")
        dates_in_order(self.start_date, self.end_date, end_field="end_date")

    @property
    def last_date(self):
        return self.end_date or self.start_date


class ActivityAttachment(AmityModel):
    """A photo or document of an activity (programme, minutes, report)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("activity")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.PHOTO)
    file = models.FileField(_("file"), upload_to="activities/%Y/")
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    unit_path = "activity__unit"

    class Meta(AmityModel.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["activity", "pk"]

    def __str__(self) -> str:
        return self.caption or self.file.name.rsplit("/", 1)[-1]

    def get_absolute_url(self) -> str:
        return self.activity.get_absolute_url()


def _default_kinds() -> list[str]:
    return [k for k in ItemKind.values if k != ItemKind.HOLIDAY]


class ReminderPreference(models.Model):
    """What a user wants to be reminded of, how far ahead, and where."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference", verbose_name=_("user")
    )
    enabled = models.BooleanField(_("send reminders by e-mail"), default=True)
    kinds = models.JSONField(_("remind me of"), default=_default_kinds)
    days_ahead = models.PositiveSmallIntegerField(
        _("days ahead"), default=14, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Empty: the address of your account."))
    language = models.CharField(
        _("language of the e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the system's default language."),
    )

    objects = OwnedManager()

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        ordering = ["user__username"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def address(self) -> str:
        return self.email or self.user.email


class ReminderDelivery(models.Model):
    """One reminder for one user; kept unsent (with the error) until a run delivers it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item_key = models.CharField(max_length=200)
    due_on = models.DateField()
    title = models.CharField(max_length=400)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    objects = OwnedManager()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["user", "item_key"], name="unique_reminder_per_item")]

    def __str__(self) -> str:
        return f"{self.user}: {self.title}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a user's iCalendar feed URL; revoking it makes the URL answer 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens", verbose_name=_("user")
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = OwnedManager()

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("activities:calendar_feed", args=[self.token])
