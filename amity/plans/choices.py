from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    NUMBER = "number", _("A number to reach")
    YES_NO = "yes_no", _("Done or not done")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    DONE = "done", _("Done")


#: Worst first: a plan takes the status of its most troubled task.
STATUS_SEVERITY = [TaskStatus.LATE, TaskStatus.AT_RISK, TaskStatus.ON_TRACK, TaskStatus.NOT_STARTED, TaskStatus.DONE]
