"""Union life: congresses and the terms they open, the bodies they elect, and figures as unions state them."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from amity.core.currencies import validate_currency
from amity.core.dates import (
    PartialDate,
    Precision,
    clean_partial_date,
    dates_in_order,
    display_partial_date,
    inferred_field,
    precision_field,
)
from amity.core.formatting import format_day, format_money, format_number
from amity.core.models import AmityModel, UnitOwnedModel
from amity.core.querysets import AllNationalOrUnitManager, NationalOrUnitManager

from .choices import (
    APPROXIMATE,
    SINGLE_POSITIONS,
    BodyKind,
    Measure,
    MetricKind,
    Position,
    Qualifier,
    SourceKind,
)
from .metrics import computed_metrics


def term_label(start: date, end: date) -> str:
    """A term as unions write it: "2018–2023"."""
    return f"{start.year}–{end.year}"


#: The fields of a source, and of a stated figure's period, that screens show as one formatted line.
SOURCE_FIELDS = tuple(
    f"source_{name}" for name in ("kind", "title", "number", "date", "date_precision", "date_inferred", "url")
)
PERIOD_FIELDS = tuple(
    f"{name}{suffix}" for name in ("period_start", "period_end", "as_of") for suffix in ("", "_precision", "_inferred")
)


def partial_errors(record, *names: str) -> dict:
    """{field: messages} of the partial dates ``names`` whose digits do not fit their precision."""
    errors: dict = {}
    for name in names:
        try:
            clean_partial_date(record, name)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    return errors


class Sourced(models.Model):
    """Where a congress or a figure is known from: a document with number and date, a report, a
    meeting, an article (the press module fills these from the article it reads)."""

    source_kind = models.CharField(_("source"), max_length=10, choices=SourceKind.choices, default=SourceKind.REPORT)
    source_title = models.CharField(_("source title"), max_length=500, blank=True)
    source_number = models.CharField(
        _("source number"), max_length=60, blank=True, help_text=_("E.g. 25/BC-LHHN; empty if the source has none.")
    )
    source_date = models.DateField(_("source date"), null=True, blank=True)
    source_date_precision = precision_field()
    source_date_inferred = inferred_field()
    source_url = models.URLField(_("source address"), max_length=500, blank=True)

    class Meta:
        abstract = True

    def source_errors(self) -> dict:
        errors = partial_errors(self, "source_date")
        if self.source_kind == SourceKind.ARTICLE and not (self.source_url or self.source_title):
            errors["source_url"] = _("Give the article's address or title.")
        return errors

    @property
    def source_label(self) -> str:
        parts = [self.get_source_kind_display(), self.source_number, self.source_title]
        day = display_partial_date(self, "source_date")
        return ", ".join(str(p) for p in [*parts, day] if p)


class Congress(Sourced, UnitOwnedModel):
    """A congress of a union or association, and the term it opens: the unit's own "current term"
    for dashboards, comparisons and the term report (``selectors.term_for``)."""

    ordinal = models.PositiveSmallIntegerField(
        _("ordinal"), validators=[MinValueValidator(1)], help_text=_("2 for the 2nd congress.")
    )
    held_on = models.DateField(_("held on"))
    held_on_precision = precision_field()
    held_on_inferred = inferred_field()
    place = models.CharField(_("place"), max_length=255, blank=True)
    delegates = models.PositiveIntegerField(_("delegates"), null=True, blank=True)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    document = models.FileField(_("documents"), upload_to="congresses/%Y/", blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=255, blank=True, help_text=_("Number and title of the congress's resolution.")
    )
    notes = models.TextField(_("notes"), blank=True)

    str_related = ("unit",)

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["unit__path", "-term_start"]

    def __str__(self) -> str:
        return _("Congress %(ordinal)s of %(unit)s (%(term)s)") % {
            "ordinal": self.ordinal,
            "unit": self.unit.short_name or self.unit.name if self.unit_id else "",
            "term": self.term_label,
        }

    @property
    def term_label(self) -> str:
        return term_label(self.term_start, self.term_end) if self.term_start and self.term_end else ""

    @property
    def held_on_display(self) -> str:
        return display_partial_date(self, "held_on")

    def clean(self):
        errors = {**partial_errors(self, "held_on"), **self.source_errors()}
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            errors["term_end"] = _("The term ends before it starts.")
        if errors:
            raise ValidationError(errors)
        if not (self.unit_id and self.term_start and self.term_end and self.ordinal and self.held_on):
            return
        others = Congress.objects.filter(unit_id=self.unit_id).exclude(pk=self.pk)
        overlap = others.filter(term_start__lte=self.term_end, term_end__gte=self.term_start).first()
        if overlap:
            raise ValidationError(
                {
                    "term_start": _("The term %(term)s overlaps the term of %(other)s (%(start)s–%(end)s).")
                    % {
                        "term": self.term_label,
                        "other": overlap,
                        "start": format_day(overlap.term_start),
                        "end": format_day(overlap.term_end),
                    }
                }
            )
        same = others.filter(ordinal=self.ordinal).first()
        earlier_higher = others.filter(held_on__lt=self.held_on, ordinal__gt=self.ordinal).order_by("held_on").first()
        later_lower = others.filter(held_on__gt=self.held_on, ordinal__lt=self.ordinal).order_by("held_on").first()
        clash = same or earlier_higher or later_lower
        if clash:
            raise ValidationError(
                {
                    "ordinal": _(
                        "Congress %(ordinal)s is out of sequence: %(unit)s already has congress %(other)s held on %(date)s."
                    )
                    % {
                        "ordinal": self.ordinal,
                        "unit": self.unit,
                        "other": clash.ordinal,
                        "date": clash.held_on_display,
                    }
                }
            )


class ElectedBody(AmityModel):
    """A body a congress elects (executive, standing committee), with the size the congress set;
    its people are ``ElectedRole`` rows, dated so that replacements during the term show."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("congress"))
    kind = models.CharField(_("body"), max_length=12, choices=BodyKind.choices)
    size = models.PositiveSmallIntegerField(
        _("members elected"), null=True, blank=True, help_text=_("The number the congress elected.")
    )
    notes = models.TextField(_("notes"), blank=True)

    unit_path = "congress__unit"
    str_related = ("congress__unit",)

    class Meta(AmityModel.Meta):
        verbose_name = _("elected body")
        verbose_name_plural = _("elected bodies")
        ordering = ["congress", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.congress}"

    def clean(self):
        if self.congress_id and self.kind:
            if ElectedBody.objects.filter(congress_id=self.congress_id, kind=self.kind).exclude(pk=self.pk).exists():
                raise ValidationError({"kind": _("This congress already has this body.")})


class ElectedRole(AmityModel):
    """A person of the registry in an elected body, from a day to a day; a replacement during the
    term names the role it replaces, whose end is the day before."""

    body = models.ForeignKey(ElectedBody, on_delete=models.CASCADE, related_name="roles", verbose_name=_("body"))
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="elected_roles", verbose_name=_("person")
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices, default=Position.MEMBER)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: to the end of the term."))
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    unit_path = "body__congress__unit"
    str_names_person = True
    str_related = ("person", "body")

    class Meta(AmityModel.Meta):
        verbose_name = _("elected role")
        verbose_name_plural = _("elected roles")
        ordering = ["body", "start", "pk"]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_position_display()} ({self.body.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("union:electedrole_detail", args=[self.pk])

    @property
    def last_day(self) -> date:
        return self.end or self.body.congress.term_end

    def clean(self):
        if not (self.body_id and self.start):
            return
        term = self.body.congress
        dates_in_order(self.start, self.end, end_field="end")
        if not (term.term_start <= self.start <= term.term_end) and self.start != term.held_on:
            raise ValidationError(
                {
                    "start": _("The role starts outside the term %(term)s (%(start)s–%(end)s).")
                    % {
                        "term": term.term_label,
                        "start": format_day(term.term_start),
                        "end": format_day(term.term_end),
                    }
                }
            )
        others = ElectedRole.objects.filter(body_id=self.body_id).exclude(pk=self.pk).select_related("body__congress")
        overlapping = [r for r in others if r.start <= (self.end or term.term_end) and self.start <= r.last_day]
        if self.person_id and any(r.person_id == self.person_id for r in overlapping):
            raise ValidationError({"person": _("This person already holds a role in this body at that time.")})
        holder = next((r for r in overlapping if r.position == self.position), None)
        if self.position in SINGLE_POSITIONS and holder:
            raise ValidationError(
                {
                    "position": _(
                        "%(position)s is held by another person from %(start)s: end that role or record a replacement."
                    )
                    % {"position": self.get_position_display(), "start": format_day(holder.start)}
                }
            )


class Metric(AmityModel):
    """What unions state figures about (aid mobilised, members, branches…), kept as data.

    Without a unit a metric is in the national catalogue (written by the central union); with one
    it is that union's own. ``computed`` names the query (``metrics.COMPUTED``) that gives the
    same figure from records, shown beside every stated value, never added to it.
    """

    unit = models.ForeignKey(
        "units.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("The union whose own metric this is; empty for the national catalogue."),
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=MetricKind.choices, default=MetricKind.COUNT)
    measure = models.CharField(_("stated"), max_length=10, choices=Measure.choices, default=Measure.FLOW)
    allows_approximate = models.BooleanField(
        _("may be approximate"), default=True, help_text=_("Whether a union may state it as “about” or “nearly”.")
    )
    computed = models.CharField(
        _("computed from records by"),
        max_length=60,
        blank=True,
        help_text=_("The query that gives this figure from the records; empty if Amity keeps no such records."),
    )
    description = models.TextField(_("description"), blank=True)

    write_action = "manage"

    objects = NationalOrUnitManager()
    all_objects = AllNationalOrUnitManager()

    class Meta(AmityModel.Meta):
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = (translation.get_language() or "vi").split("-")[0]
        return getattr(self, f"name_{lang}", "") or self.name_vi

    def clean(self):
        registered = computed_metrics()
        if self.computed and self.computed not in registered:
            raise ValidationError({"computed": _("No query is registered under %(code)s.") % {"code": self.computed}})
        if self.computed and registered[self.computed].kind != self.kind:
            raise ValidationError({"computed": _("This query gives another kind of figure than the metric.")})


class StatedFigure(Sourced, UnitOwnedModel):
    """ "Unit U states that metric M was V (about, more than…) for period P or as of day D, according
    to source S". Kept beside the figure computed from records, never added to it.

    A figure counts in the period containing the first day of its span (``period_start``, or
    ``as_of`` for a figure as of a date)."""

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="figures", verbose_name=_("metric"))
    qualifier = models.CharField(_("qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, blank=True, validators=[validate_currency])
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_start_precision = precision_field()
    period_start_inferred = inferred_field()
    period_end = models.DateField(_("period to"), null=True, blank=True)
    period_end_precision = precision_field()
    period_end_inferred = inferred_field()
    as_of = models.DateField(_("as of"), null=True, blank=True)
    as_of_precision = precision_field()
    as_of_inferred = inferred_field()
    congress = models.ForeignKey(
        Congress,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stated_figures",
        verbose_name=_("term"),
        help_text=_("For a figure stated for a whole term: the period is the term's."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("stated figure")
        verbose_name_plural = _("stated figures")
        ordering = ["-period_start", "-as_of", "metric__code", "pk"]

    def __str__(self) -> str:
        return _("%(metric)s: %(qualifier)s %(value)s (%(when)s)") % {
            "metric": self.metric,
            "qualifier": self.get_qualifier_display(),
            "value": self.value_display,
            "when": self.when,
        }

    @property
    def value_display(self) -> str:
        if self.currency:
            return format_money(self.value, self.currency)
        return format_number(self.value)

    @property
    def when(self) -> str:
        if self.as_of:
            return display_partial_date(self, "as_of")
        start, end = display_partial_date(self, "period_start"), display_partial_date(self, "period_end")
        return start if start == end else f"{start}–{end}"

    @property
    def span(self) -> tuple[date, date]:
        """(first day, last day) the figure speaks of; a figure as of a date spans that day, month or
        year. Unbounded ends (an invalid figure, before ``clean``) are ``date.min``/``date.max``."""
        if self.as_of:
            return self.as_of, PartialDate.of(self, "as_of").end
        end = PartialDate.of(self, "period_end").end if self.period_end else date.max
        return self.period_start or date.min, end

    def clean(self):
        errors = {**self.source_errors(), **partial_errors(self, "period_start", "period_end", "as_of")}
        if self.congress_id and not (self.period_start or self.as_of):
            self.period_start, self.period_end = self.congress.term_start, self.congress.term_end
            self.period_start_precision = self.period_end_precision = Precision.DAY
        if self.congress_id and self.unit_id and self.congress.unit_id != self.unit_id:
            errors["congress"] = _("Choose a congress of the unit stating the figure.")
        if self.as_of and (self.period_start or self.period_end):
            errors["as_of"] = _("Give either a period or an “as of” date, not both.")
        elif not self.as_of and not (self.period_start and self.period_end):
            field = "period_end" if self.period_start else "period_start"
            errors[field] = _("Give the period the figure is stated for (from and to), or the date it is stated as of.")
        elif self.period_start and self.period_end and self.span[1] < self.period_start:
            errors["period_end"] = _("The period ends before it starts.")
        metric = self.metric if self.metric_id else None
        if metric is not None:
            if metric.kind == MetricKind.MONEY and not self.currency:
                errors["currency"] = _("%(metric)s is an amount of money: give its currency.") % {"metric": metric}
            if metric.kind != MetricKind.MONEY and self.currency:
                errors["currency"] = _("%(metric)s is not money: leave the currency empty.") % {"metric": metric}
            if self.qualifier in APPROXIMATE and not metric.allows_approximate:
                errors["qualifier"] = _("%(metric)s is counted exactly: it cannot be stated as “%(qualifier)s”.") % {
                    "metric": metric,
                    "qualifier": self.get_qualifier_display(),
                }
            if metric.unit_id and self.unit_id and not self.unit.path.startswith(metric.unit.path):
                errors["metric"] = _("%(metric)s is a metric of %(owner)s.") % {"metric": metric, "owner": metric.unit}
        if errors:
            raise ValidationError(errors)


class NationalTerm(AmityModel):
    """The national default terms, for a unit with no congress of its own or above it; after the
    last row, terms of the last row's length follow one another."""

    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))

    unit_path = None
    central_reference = True

    class Meta(AmityModel.Meta):
        verbose_name = _("national default term")
        verbose_name_plural = _("national default terms")
        ordering = ["start"]

    def __str__(self) -> str:
        return term_label(self.start, self.end)

    def clean(self):
        if self.start and self.end:
            if self.end <= self.start:
                raise ValidationError({"end": _("The term ends before it starts.")})
            overlap = NationalTerm.objects.filter(start__lte=self.end, end__gte=self.start).exclude(pk=self.pk).first()
            if overlap:
                raise ValidationError({"start": _("The term overlaps %(other)s.") % {"other": overlap}})
