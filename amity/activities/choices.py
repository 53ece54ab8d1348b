from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityType(models.TextChoices):
    DELEGATION_IN = "delegation_in", _("Incoming delegation")
    DELEGATION_OUT = "delegation_out", _("Outgoing delegation")
    RECEPTION = "reception", _("Reception")
    MEETING = "meeting", _("Meeting/working session")
    CONFERENCE = "conference", _("Conference/seminar")
    FRIENDSHIP_EXCHANGE = "friendship_exchange", _("Friendship exchange")
    CULTURAL_EXCHANGE = "cultural_exchange", _("Cultural/sports/youth exchange")
    COMMEMORATION = "commemoration", _("Commemoration")
    TRAINING = "training", _("Training course")
    CONGRATULATION = "congratulation", _("Letter/telegram of congratulation")
    OTHER = "other", _("Other")


DELEGATION_TYPES = (ActivityType.DELEGATION_IN, ActivityType.DELEGATION_OUT)


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    UNKNOWN = "unknown", _("Unknown")


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class ItemKind(models.TextChoices):
    """What a calendar item is; reminder preferences are per kind."""

    ACTIVITY = "activity", _("Activity")
    RELATION_ANNIVERSARY = "relation_anniversary", _("Anniversary of diplomatic relations")
    NATIONAL_DAY = "national_day", _("National day")
    HOLIDAY = "holiday", _("Public holiday")
    TWINNING_ANNIVERSARY = "twinning_anniversary", _("Anniversary of twinning")
    AGREEMENT_ANNIVERSARY = "agreement_anniversary", _("Anniversary of an agreement")
    AGREEMENT_RENEWAL = "agreement_renewal", _("Agreement renewal due")
