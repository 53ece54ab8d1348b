from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly activity report")
    QUARTERLY = "quarterly", _("Quarterly activity report")
    ANNUAL = "annual", _("Annual activity report")
    TERM = "term", _("Term report")
    PLAN = "plan", _("Report on a plan's implementation")
    ROLLUP = "rollup", _("National roll-up of the provincial unions")
    AID = "aid", _("Foreign non-governmental aid report")
    DIASPORA = "diaspora", _("Overseas compatriots report")


#: Activity-type reports share one set of sections.
ACTIVITY_KINDS = frozenset({ReportKind.MONTHLY, ReportKind.QUARTERLY, ReportKind.ANNUAL, ReportKind.TERM})


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class ReportCurrency(models.TextChoices):
    """The currencies a report's amounts are given in (the rate table converts the others)."""

    VND = "VND", _("Vietnamese đồng (VND)")
    USD = "USD", _("US dollar (USD)")


class RenderFormat(models.TextChoices):
    DOCX = "docx", _("Word (.docx)")
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel (.xlsx)")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
