"""Reports a union signs and sends, and the background jobs that render them to files."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amity.core.jobs import worker_missing
from amity.core.models import AmityModel, SearchNameMixin, UnitOwnedModel

from .choices import JobStatus, RenderFormat, ReportCurrency, ReportKind, ReportStatus


class Report(SearchNameMixin, UnitOwnedModel):
    """One report of a unit for a period; figures are computed from the records at rendering time,
    the narrative sections are written by the user (keyed by section)."""

    kind = models.CharField(_("template"), max_length=20, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=500)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("plan reported on"),
    )
    rollup_on = models.DateField(
        _("group provinces as on"),
        null=True,
        blank=True,
        help_text=_("Roll-up only: provinces are those valid on this date (today if empty)."),
    )
    superior_body = models.CharField(_("superior body"), max_length=255, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255, blank=True, help_text=_("The unit if empty."))
    number = models.CharField(_("number and symbol"), max_length=60, blank=True, help_text=_("E.g. 25/BC-LHHN"))
    place = models.CharField(pgettext_lazy("document", "place"), max_length=120, blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    recipients = models.TextField(pgettext_lazy("document", "recipients"), blank=True, help_text=_("One per line."))
    signer_authority = models.CharField(
        _("signing on behalf of"),
        max_length=200,
        blank=True,
        help_text=_(
            "Decree 30: e.g. TM. BAN THƯỜNG TRỰC, or KT. CHỦ TỊCH when a deputy signs; empty when the head signs."
        ),
    )
    signer_position = models.CharField(_("signer's position"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    narratives = models.JSONField(_("narrative sections"), default=dict, blank=True)
    language = models.CharField(
        _("language of the document"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="vi",
        help_text=_(
            "The files are written in this language whatever the interface language of the person who renders "
            "them: Vietnamese for a Decree 30 document, another language for a document sent to partners."
        ),
    )

    currency = models.CharField(
        _("currency of the amounts"),
        max_length=3,
        choices=ReportCurrency.choices,
        default="USD",
        help_text=_("Amounts in other currencies are converted with the rate table; the report lists the rates used."),
    )
    search_name = models.CharField(max_length=600, editable=False)
    search_from = ("number", "title")

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_end", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})
        if self.kind == ReportKind.PLAN and not self.plan_id:
            raise ValidationError({"plan": _("Choose the plan this report is about.")})
        if self.kind != ReportKind.PLAN and self.plan_id:
            raise ValidationError({"plan": _("Only a report on a plan's implementation refers to a plan.")})
        if self.narratives and not isinstance(self.narratives, dict):
            raise ValidationError({"narratives": _("Narrative sections must be a mapping of section to text.")})

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class RenderJob(AmityModel):
    """Rendering one report to one format in the background; on failure it says why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("report"))
    format = models.CharField(_("format"), max_length=10, choices=RenderFormat.choices)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    file = models.FileField(_("file"), upload_to="reports/%Y/", blank=True)
    error = models.TextField(_("error"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="vi")
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )

    unit_path = "report__unit"

    class Meta(AmityModel.Meta):
        verbose_name = _("rendering job")
        verbose_name_plural = _("rendering jobs")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} ({self.get_format_display()})"

    def get_absolute_url(self) -> str:
        return self.report.get_absolute_url()

    @property
    def no_worker(self) -> bool:
        """Queued for longer than a worker takes to pick a job up: the page says none seems to run."""
        return worker_missing(status_waiting=self.status == JobStatus.QUEUED, since=self.created)

    def download_name(self) -> str:
        """The name the file is saved under, as people file it: the report's number and title
        ("12-BC-LHHN Báo cáo kết quả….docx"), not the storage name."""
        stem = " ".join(filter(None, [self.report.number, self.report.title]))
        stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", stem)
        stem = re.sub(r"\s+", " ", stem).strip()[:150].rstrip(" .-") or str(self.report.pk)
        return f"{stem}.{self.file.name.rsplit('.', 1)[-1]}"

    def get_download_url(self) -> str:
        return reverse("reports:renderjob_download", args=[self.pk])
