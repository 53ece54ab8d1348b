"""Build a report's content model (header, numbered sections, recipients, signature) once;
the Word, PDF and Excel renderers all print this same object."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from amity.core.charts import bar_chart, to_png
from amity.core.formatting import format_day, format_money, format_number
from amity.core.once import reads_once
from amity.union.selectors import term_for

from .choices import ReportKind
from .models import Report
from .sections import Figure, Scope, SectionContent, sections_for

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"

#: Characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: Narrative-only sections every report has, around the computed ones.
OPENING = "overview"
CLOSING = "directions"


def clean_text(text: str | None) -> str:
    """Text safe for XML-based formats: illegal characters removed, line ends normalised."""
    return _ILLEGAL_XML.sub("", str(text or "")).replace("\r\n", "\n").replace("\r", "\n")


def format_value(value) -> str:
    """A value as the document's language writes it (``amity.core.formatting``): 6.000 and 9,5 in
    Vietnamese, dates dd/mm/yyyy; no value → "no data", never 0."""
    if value is None:
        return _("no data")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return format_day(value)
    if isinstance(value, int | Decimal | float):
        return format_number(value)
    return clean_text(value)


@dataclass
class RenderedSection:
    number: int
    content: SectionContent
    chart_pngs: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass
class Document:
    superior_body: str
    issuing_body: str
    number: str
    date_line: str
    doc_type: str
    title: str
    period_line: str
    sections: list[RenderedSection]
    recipients: list[str]
    signer_authority: str
    signer_position: str
    signer_name: str
    filename: str
    language: str = "vi"
    #: Under the period: what part of the subject the report covers when it is not the whole of it.
    coverage: str = ""


def narrative_keys(kind: str) -> list[tuple[str, str]]:
    """(key, heading) of every section of a report kind, for the narrative form."""
    return (
        [(OPENING, _("General situation"))]
        + [(s.key, str(s.heading)) for s in sections_for(kind)]
        + [(CLOSING, _("Directions and tasks for the next period"))]
    )


def _date_line(report: Report) -> str:
    """Place and date of issue. In Vietnamese, Decree 30's form: "Hải Phòng, ngày 05 tháng 02 năm
    2024" (a zero before days below 10 and months 1 and 2); in another language, that language's
    own way of writing a date ("May 27, 2024", "2024年5月27日", "27 мая 2024 г.")."""
    day, place = report.issued_on, clean_text(report.place)
    if day is None:
        return place
    if (get_language() or "vi").split("-")[0] == "vi":
        text = _("day %(day)s month %(month)s year %(year)s") % {
            "day": f"{day.day:02d}",
            "month": f"{day.month:02d}" if day.month < 3 else str(day.month),
            "year": day.year,
        }
    else:
        text = date_format(day, "DATE_FORMAT")
    return _("%(place)s, %(date)s") % {"place": place, "date": text} if place else text


def term_line(report: Report) -> str:
    """The header of a term report: the term and the congress that opened it, from the unit's own
    congresses (or those above it, or the national default)."""
    term = term_for(report.unit, report.period_start)
    if term.congress is None:
        return _("Term %(term)s (%(source)s)") % {"term": term.label, "source": term.source_label}
    return _("Term %(term)s, opened by congress %(ordinal)s of %(unit)s (%(date)s)") % {
        "term": term.label,
        "ordinal": term.congress.ordinal,
        "unit": clean_text(term.congress.unit.name),
        "date": term.congress.held_on_display,
    }


def build_document(*, report: Report, user, charts: bool = True, figures: bool = True) -> Document:
    """Compute every section for ``user``'s view of the report's unit and period (the unit tree
    read once for all of them). ``figures=False``: the outline only (each section's heading and
    narrative), which the report's page shows at once before loading each section's figures."""
    with reads_once():
        return _build_document(report=report, user=user, charts=charts, figures=figures)


def report_scope(report: Report, user) -> Scope:
    """What the report's sections read for ``user``: the user's view of the unit's subtree, over the period."""
    return Scope(
        user=user,
        unit=report.unit,
        start=report.period_start,
        end=report.period_end,
        plan=report.plan,
        rollup_on=report.rollup_on,
        currency=report.currency,
    )


def _finish(content: SectionContent, number: int, narratives: dict, charts: bool) -> RenderedSection:
    """A section as every rendering prints it: its narrative, text safe for XML, its charts drawn."""
    content.narrative = clean_text(narratives.get(content.key, ""))
    content.heading = clean_text(content.heading)
    for table in content.tables:
        table.rows = [
            [v if v is None or isinstance(v, int | Decimal | date) else clean_text(v) for v in row]
            for row in table.rows
        ]
    pngs = []
    if charts:
        for chart in content.charts:
            fig = bar_chart([clean_text(label) for label in chart.labels], chart.values, title=chart.title)
            pngs.append((chart.title, to_png(fig)))
    return RenderedSection(number=number, content=content, chart_pngs=pngs)


def _outline(kind: str) -> list[SectionContent]:
    """Every section of a report kind, in order, with its heading and nothing computed."""
    return [SectionContent(key=key, heading=heading) for key, heading in narrative_keys(kind)]


def build_section(*, report: Report, user, key: str) -> RenderedSection:
    """One computed section of the report, numbered as in the document, for ``user`` exactly as
    ``build_document`` computes it (no charts: the page shows tables); ``KeyError`` for a key the
    report's kind has no computed section for."""
    computed = {s.key: s for s in sections_for(report.kind)}
    if key not in computed:
        raise KeyError(key)
    number = next(n for n, c in enumerate(_outline(report.kind), start=1) if c.key == key)
    with reads_once():
        content = computed[key].build(report_scope(report, user))
        return _finish(content, number, report.narratives or {}, charts=False)


def _build_document(*, report: Report, user, charts: bool, figures: bool) -> Document:
    scope = report_scope(report, user)
    narratives = report.narratives or {}
    built = {s.key: s.build(scope) for s in sections_for(report.kind)} if figures else {}
    contents = [built.get(c.key, c) for c in _outline(report.kind)]
    rendered = [_finish(content, number, narratives, charts) for number, content in enumerate(contents, start=1)]
    period = _("Period: from %(start)s to %(end)s") % {
        "start": format_day(report.period_start),
        "end": format_day(report.period_end),
    }
    if report.kind == ReportKind.TERM:
        period = term_line(report) + "; " + period
    if report.plan_id:
        period = (
            _("Plan %(number)s of %(date)s")
            % {
                "number": report.plan.number,
                "date": format_day(report.plan.issued_on),
            }
            + "; "
            + period
        )
    coverage = ""
    if scope.plan_in_part:
        coverage = _(
            "This report covers only the tasks of the plan that %(unit)s is responsible for or coordinates, "
            "not the whole plan of %(plan_unit)s."
        ) % {"unit": clean_text(report.unit.name), "plan_unit": clean_text(report.plan.unit.name)}
    slug = re.sub(r"[^A-Za-z0-9]+", "-", report.number or f"report-{report.pk}").strip("-") or "report"
    return Document(
        superior_body=clean_text(report.superior_body).upper(),
        issuing_body=clean_text(report.issuing_body or report.unit.name).upper(),
        number=_("No.: %(number)s") % {"number": clean_text(report.number)} if report.number else _("No.: ......"),
        date_line=_date_line(report),
        doc_type=_("REPORT"),
        title=clean_text(report.title),
        period_line=period,
        sections=rendered,
        recipients=[clean_text(r) for r in report.recipient_list],
        signer_authority=clean_text(report.signer_authority).upper(),
        signer_position=clean_text(report.signer_position).upper(),
        signer_name=clean_text(report.signer_name),
        filename=slug,
        language=get_language() or "vi",
        coverage=coverage,
    )


def recipient_lines(recipients: list[str]) -> list[str]:
    """Decree 30's list of recipients: "- name;" a line, the last one (usually "Lưu: VT") ending in a full stop."""
    names = [r.rstrip(" ;.") for r in recipients]
    return [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]


def figure_text(figure: Figure) -> str:
    """A figure's value with its unit: money with its currency where the language puts it
    ("USD 232,034.72"), a count of people in the number's plural form ("10 человек")."""
    if figure.value is None:
        return format_value(None)
    if figure.currency:
        return format_money(figure.value, figure.currency)
    if figure.counted:
        return figure.counted(figure.value)
    return f"{format_value(figure.value)} {figure.unit}".strip()


def figure_line(figure: Figure) -> str:
    return f"{figure.label}: {figure_text(figure)}"
