"""Press articles about the unions' work and the facts read out of them."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from amity.core.models import AmityModel, SearchNameMixin, UnitOwnedModel

from .choices import FactKind, FactStatus, Language, SourceFormat, Target


class Article(SearchNameMixin, UnitOwnedModel):
    """A news article in one of the four languages, kept with the records it reports."""

    title = models.CharField(_("title"), max_length=500)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True, help_text=_("Newspaper, site or agency."))
    url = models.URLField(_("web address"), max_length=1000, blank=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        help_text=_("Detected from the text; correct it if needed."),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    source_format = models.CharField(
        _("taken from"), max_length=10, choices=SourceFormat.choices, default=SourceFormat.PASTED, editable=False
    )
    source_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    tags = models.CharField(_("tags"), max_length=500, blank=True, help_text=_("Separated by commas."))
    partners = models.ManyToManyField(
        "registry.Organisation", blank=True, related_name="press_articles", verbose_name=_("partners")
    )
    activities = models.ManyToManyField(
        "activities.Activity", blank=True, related_name="press_articles", verbose_name=_("activities")
    )
    aid_items = models.ManyToManyField(
        "aid.AidItem", blank=True, related_name="press_articles", verbose_name=_("aid items")
    )
    awards = models.ManyToManyField("awards.Award", blank=True, related_name="press_articles", verbose_name=_("awards"))
    plans = models.ManyToManyField("plans.Plan", blank=True, related_name="press_articles", verbose_name=_("plans"))
    search_text = models.TextField(editable=False, blank=True)
    search_name = models.CharField(max_length=1200, editable=False)
    search_from = ("title", "outlet", "tags")

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("press:article_detail", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class Fact(AmityModel):
    """One fact read out of an article: a proposal until a person accepts or rejects it.

    ``start``/``end`` are character offsets in the article's text; an accepted fact keeps them
    (moved along when the text is edited) and points to the record it became or confirmed.
    ``fingerprint`` identifies the fact across readings, so that re-reading an article does not
    propose again what was already decided.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="facts", verbose_name=_("article"))
    kind = models.CharField(_("kind"), max_length=20, choices=FactKind.choices)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    text = models.CharField(_("text"), max_length=500)
    value = models.JSONField(_("value as read"), default=dict)
    corrected = models.JSONField(_("value as corrected"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=FactStatus.choices, default=FactStatus.PROPOSED)
    target = models.CharField(_("recorded as"), max_length=20, choices=Target.choices, blank=True)
    record_model = models.CharField(_("record type"), max_length=60, blank=True)
    record_id = models.PositiveIntegerField(_("record"), null=True, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    unit_path = "article__unit"

    class Meta(AmityModel.Meta):
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        ordering = ["article", "start", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"

    def get_absolute_url(self) -> str:
        return reverse("press:article_facts", args=[self.article_id]) + f"#fact-{self.pk}"

    @property
    def current_value(self) -> dict:
        return self.corrected if self.corrected is not None else self.value

    @property
    def value_items(self) -> list[tuple[str, object]]:
        """The value's fields that say something, for the confirming screen."""
        return [(k, v) for k, v in self.current_value.items() if v not in (None, "", False)]

    @staticmethod
    def fingerprint_of(kind: str, text: str, value: dict) -> str:
        """Kind, text and value as read: the same fact in a re-read (or edited) article."""
        keep = {k: v for k, v in value.items() if k not in ("registry_id", "unit_id")}
        raw = json.dumps([kind, text, keep], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()
