"""The content model of a report and the registry of its sections.

A section is a function of a ``Scope`` (who asks, which units, which period) that returns
figures, tables and charts computed by the modules' selectors. Registering a section for a
module is one decorated function; each report kind lists the sections it prints.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext, pgettext

from amity.activities.selectors import activities_in, activity_figures
from amity.aid.selectors import DONORS_NAMED, aid_figures, aid_item_list
from amity.awards.choices import RecipientKind
from amity.awards.selectors import award_counts, awards_in
from amity.core.access import unit_descendant_ids
from amity.core.formatting import format_day, format_number
from amity.core.personal import record_label
from amity.core.querysets import count_of
from amity.core.roles import UnitKind
from amity.core.text import vietnamese_order
from amity.diaspora.selectors import diaspora_figures
from amity.plans.choices import TaskStatus
from amity.plans.models import Task, TaskGroup
from amity.plans.selectors import (
    GroupSummary,
    PlanSummary,
    plan_list,
    plan_statuses,
    plan_summary,
    task_linked_records,
    task_reached,
)
from amity.registry.choices import AgreementKind
from amity.registry.models import Organisation
from amity.registry.querysets import MEMBER_ASSOCIATION, MEMBER_BRANCH, member_association_figures, members_counted_of
from amity.registry.selectors import agreement_list, organisation_counts_by_kind
from amity.union.selectors import stated_beside
from amity.units.rollup import UnitRollup, unit_rollup
from amity.units.selectors import unit_list

from .choices import ACTIVITY_KINDS, ReportKind


def party_name(organisation) -> str:
    """A partner as a document names it: the Vietnamese name, then the name in its own script
    (Thành phố Donghae (동해시)), which a letter to that partner needs."""
    original = organisation.name_original.strip()
    return f"{organisation.name} ({original})" if original and original != organisation.name else organisation.name


@dataclass
class Figure:
    """One figure; ``value`` None means the records hold no data for it (printed as such, never 0).
    ``currency`` makes it an amount of money; ``counted`` writes a count with its noun in the
    number's plural form (``people``)."""

    label: str
    value: int | Decimal | None
    unit: str = ""
    currency: str = ""
    counted: Callable[[int | Decimal], str] | None = None


def people(n: int | Decimal) -> str:
    """A number of people in the document's language: "1 человек", "3 человека", "10 человек"."""
    return npgettext("figure", "%(n)s person", "%(n)s people", int(n)) % {"n": format_number(n)}


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list]
    heading_rows: set[int] = field(default_factory=set)  # rows that title the ones below (one merged cell)


def rates_table(rates: list[dict]) -> Table:
    """The exchange rates behind a section's converted amounts, as the rate table holds them."""
    return Table(
        str(_("Exchange rates used")),
        [str(_("Currency")), str(_("Into")), str(_("Rate")), str(_("Date or year")), str(_("Source"))],
        [[r["currency"], r["target"], r["rate"], r["date"] or str(r["year"]), r["source"]] for r in rates],
    )


@dataclass
class Chart:
    title: str
    labels: list[str]
    values: list[float]


@dataclass
class SectionContent:
    key: str
    heading: str
    narrative: str = ""
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Scope:
    """What a section may read: the user's view of the unit's subtree, over the period."""

    user: object
    unit: object
    start: date
    end: date
    plan: object = None
    rollup_on: date | None = None
    currency: str = "USD"

    @property
    def unit_ids(self) -> set[int]:
        return unit_descendant_ids(self.unit)

    @property
    def plan_in_part(self) -> bool:
        """A plan of another unit (the report's unit is responsible for, or coordinates, some of its
        tasks): the report covers only those tasks, never the whole plan."""
        return self.plan is not None and self.plan.unit_id not in self.unit_ids


def plan_tasks_of(scope: Scope) -> PlanSummary:
    """The plan's groups and tasks the user sees; for a plan of another unit, only the tasks the
    report's unit (or its subtree) is responsible for or coordinates, and the groups holding them."""
    summary = plan_summary(user=scope.user, plan=scope.plan, today=scope.end)
    if not scope.plan_in_part:
        return summary
    ids = scope.unit_ids

    def ours(task) -> bool:
        return task.responsible_unit_id in ids or any(u.pk in ids for u in task.coordinating_units.all())

    groups = [GroupSummary(group=g.group, tasks=[(t, p) for t, p in g.tasks if ours(t)]) for g in summary.groups]
    return PlanSummary(plan=summary.plan, groups=[g for g in groups if g.tasks])


@dataclass(frozen=True)
class Section:
    key: str
    heading: object
    kinds: frozenset
    build: Callable[[Scope], SectionContent]


SECTIONS: list[Section] = []


def section(key: str, heading, kinds):
    """Register a section builder for the given report kinds, in registration order."""

    def decorator(build):
        SECTIONS.append(Section(key=key, heading=heading, kinds=frozenset(kinds), build=build))
        return build

    return decorator


def sections_for(kind: str) -> list[Section]:
    return [s for s in SECTIONS if kind in s.kinds]


def count_or_none(n: int, any_records: bool) -> int | None:
    """A count of zero is a figure only if the unit keeps such records at all."""
    return n if any_records else None


def sum_or_none(values) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def national(scope: Scope) -> bool:
    """A report of the central union: its tables count the provinces' records by province and list
    only the central union's own (a list of every association or agreement of the country runs to
    thousands of rows, which no reader of a report to the Party committee goes through); a provincial
    union's report keeps its full lists."""
    return scope.unit.kind == UnitKind.CENTRAL


def own_unit_ids(scope: Scope, rollup: UnitRollup) -> set[int]:
    """The units whose records count as the central union's own on the period's last day: itself
    and the member associations and branches under no province."""
    return {pk for pk in scope.unit_ids if (group := rollup.group_of(pk)).unit is not None and group.unit == scope.unit}


def by_union(scope: Scope, rollup: UnitRollup, per_unit) -> list[list]:
    """Rows ``[union, *figures]`` of per-unit figures ``(unit_id, *figures)`` summed by the union that
    holds each unit on the period's last day (``units.rollup``: across the 2025 merger each record
    counts once): the central union's own first, the provinces in the order of the Vietnamese
    alphabet, then the total. A figure no unit of a row recorded (None) stays "no data"."""
    rows: dict[str, list] = {}
    order: dict[str, tuple] = {}
    for unit_id, *figures in per_unit:
        group = rollup.group_of(unit_id)
        row = rows.setdefault(group.key, [group.label] + [None] * len(figures))
        order[group.key] = (group.unit != scope.unit, vietnamese_order(group.label))
        for i, value in enumerate(figures, start=1):
            if value is not None:
                row[i] = (row[i] or 0) + value
    ordered = [rows[key] for key in sorted(rows, key=order.__getitem__)]
    if not ordered:
        return []
    width = len(ordered[0])
    total = [pgettext("report column", "Total")] + [sum_or_none(r[i] for r in ordered) for i in range(1, width)]
    return [*ordered, total]


# --- registry -------------------------------------------------------------------------------


def organisations_of(scope: Scope):
    """The organisations of the report's units the user sees, for counting (``organisation_list``'s
    rows, without its members' count or related rows)."""
    return Organisation.objects.restrict(scope.user).filter(unit_id__in=scope.unit_ids).order_by()


@section("partners", _("Partners and network"), ACTIVITY_KINDS)
def partners_section(scope: Scope) -> SectionContent:
    rows = [[label, n] for label, n in organisation_counts_by_kind(user=scope.user, unit_ids=scope.unit_ids)]
    total = sum(r[1] for r in rows)
    content = SectionContent(key="partners", heading=str(_("Partners and network")))
    content.figures = [Figure(str(_("Organisations in the records")), count_or_none(total, bool(total)))]
    content.tables = [Table(str(_("Organisations by kind")), [str(_("Kind")), str(_("Number"))], rows)]
    if rows:
        content.charts = [Chart(str(_("Organisations by kind")), [r[0] for r in rows], [r[1] for r in rows])]
    return content


@section("associations", _("Member associations and members"), ACTIVITY_KINDS)
def associations_section(scope: Scope) -> SectionContent:
    """The union's member associations, their branches and members as ``registry.querysets`` counts
    them: a foreign friendship association or a foreign NGO with members is a partner, not counted."""
    orgs = organisations_of(scope)
    # by unit, for the national table; the totals are the sums of its rows
    per_unit = list(orgs.values_list("unit_id").annotate(**member_association_figures()))
    totals = {
        "associations": sum(r[1] for r in per_unit),
        "branches": sum(r[2] for r in per_unit),
        "members": sum_or_none(r[3] for r in per_unit),
    }
    associations = orgs.filter(MEMBER_ASSOCIATION).select_related("partner_country").order_by("name", "pk")
    list_title = str(_("Bilateral friendship associations"))
    tables = []
    if national(scope):
        rollup = unit_rollup(day=scope.end)
        known = (bool(totals["associations"]), bool(totals["branches"]))
        tables.append(
            Table(
                str(_("Associations, branches and members by province")),
                [str(_("Province")), str(_("Associations")), str(_("Branches")), str(_("Members"))],
                by_union(
                    scope, rollup, [(u, a if known[0] else None, b if known[1] else None, m) for u, a, b, m in per_unit]
                ),
            )
        )
        associations = associations.filter(unit_id__in=own_unit_ids(scope, rollup))
        list_title = str(_("Bilateral friendship associations of %(unit)s")) % {"unit": scope.unit.name}
    # each listed association's branches and members counted beside it in the same query
    associations = associations.annotate(
        branch_count=count_of(orgs.filter(MEMBER_BRANCH), "parent"), members_counted=members_counted_of(orgs)
    )
    content = SectionContent(key="associations", heading=str(_("Member associations and members")))
    content.figures = [
        Figure(
            str(_("Bilateral friendship associations")),
            count_or_none(totals["associations"], bool(totals["associations"])),
        ),
        Figure(str(_("Branches")), count_or_none(totals["branches"], bool(totals["branches"]))),
        Figure(str(_("Members")), totals["members"], counted=people),
    ]
    rows = [
        [
            o.name,
            str(o.partner_country or ""),
            count_or_none(o.branch_count, bool(totals["branches"])),
            o.members_counted,
        ]
        for o in associations
    ]
    content.tables = [
        *tables,
        Table(
            list_title,
            [str(_("Association")), str(_("Partner country")), str(_("Branches")), str(_("Members"))],
            rows,
        ),
    ]
    return content


@section("agreements", _("International agreements"), ACTIVITY_KINDS)
def agreements_section(scope: Scope) -> SectionContent:
    agreements = agreement_list(user=scope.user).filter(unit_id__in=scope.unit_ids)
    any_records = agreements.exists()
    in_period = agreements.filter(signed_on__range=(scope.start, scope.end))
    kinds = dict(AgreementKind.choices)
    list_title = str(_("Agreements signed in the period"))
    tables = []
    if national(scope):
        rollup = unit_rollup(day=scope.end)
        by_kind = {f"n_{kind}": Count("pk", filter=Q(kind=kind)) for kind in kinds}
        per_unit = in_period.prefetch_related(None).order_by().values_list("unit_id").annotate(**by_kind)
        rows = [[*row, sum(row[1:])] for row in by_union(scope, rollup, per_unit)]
        signed_count = rows[-1][-1] if rows else 0
        tables.append(
            Table(
                str(_("Agreements signed in the period by province")),
                [str(_("Province")), *(str(label) for label in kinds.values()), pgettext("report column", "Total")],
                rows,
            )
        )
        in_period = in_period.filter(unit_id__in=own_unit_ids(scope, rollup))
        list_title = str(_("Agreements signed in the period by %(unit)s")) % {"unit": scope.unit.name}
    signed = list(in_period.order_by("signed_on", "pk"))
    if not national(scope):
        signed_count = len(signed)
    content = SectionContent(key="agreements", heading=str(_("International agreements")))
    content.figures = [Figure(str(_("Agreements signed in the period")), count_or_none(signed_count, any_records))]
    content.tables = [
        *tables,
        Table(
            list_title,
            [str(_("Title")), str(_("Kind")), str(_("Parties")), str(_("Signed on")), str(_("Status"))],
            [
                [
                    a.title,
                    str(kinds.get(a.kind, a.kind)),
                    "; ".join(party_name(p) for p in a.parties.all()),
                    a.signed_on,
                    a.get_status_display(),
                ]
                for a in signed
            ],
        ),
    ]
    return content


# --- plans ----------------------------------------------------------------------------------

STATUS_LABELS = dict(TaskStatus.choices)


@section("plans", _("Implementation of directives and plans"), ACTIVITY_KINDS)
def plans_section(scope: Scope) -> SectionContent:
    in_force = plan_list(user=scope.user).filter(unit_id__in=scope.unit_ids, issued_on__lte=scope.end)
    content = SectionContent(key="plans", heading=str(_("Implementation of directives and plans")))
    list_title = str(_("Plans"))
    tables = []
    if national(scope):
        rollup = unit_rollup(day=scope.end)
        plans_of = dict(in_force.order_by().values_list("unit_id").annotate(n=Count("pk")))
        tasks = Task.objects.restrict(scope.user).filter(
            group__plan__in=in_force.values("pk"), group__in=TaskGroup.objects.restrict(scope.user).values("pk")
        )
        tasks_of = dict(tasks.order_by().values_list("group__plan__unit_id").annotate(n=Count("pk")))
        rows = by_union(scope, rollup, [(unit_id, n, tasks_of.get(unit_id, 0)) for unit_id, n in plans_of.items()])
        plan_count = rows[-1][1] if rows else 0
        tables.append(
            Table(
                str(_("Plans in force by province")),
                [str(_("Province")), str(_("Plans")), str(_("Tasks"))],
                rows,
            )
        )
        in_force = in_force.filter(unit_id__in=own_unit_ids(scope, rollup))
        list_title = str(_("Plans of %(unit)s")) % {"unit": scope.unit.name}
    plans = list(in_force)
    if not national(scope):
        plan_count = len(plans)
    rows = []
    for summary in plan_statuses(user=scope.user, plans=plans, today=scope.end):
        plan = summary.plan
        rows.append(
            [
                plan.number,
                plan.title,
                summary.task_count,
                summary.counts[TaskStatus.DONE],
                str(STATUS_LABELS.get(summary.status, "")),
            ]
        )
    content.figures = [Figure(str(_("Plans in force")), count_or_none(plan_count, bool(plan_count)))]
    content.tables = [
        *tables,
        Table(
            list_title,
            [str(_("Number")), str(_("Title")), str(_("Tasks")), str(_("Done")), str(_("Status"))],
            rows,
        ),
    ]
    return content


@section("plan_tasks", _("Results by task group"), {ReportKind.PLAN})
def plan_tasks_section(scope: Scope) -> SectionContent:
    summary = plan_tasks_of(scope)
    content = SectionContent(key="plan_tasks", heading=str(_("Results by task group")))
    counts = summary.counts
    content.figures = [Figure(str(_("Task groups")), len(summary.groups))] + [
        Figure(str(label), counts[value] if summary.task_count else None) for value, label in TaskStatus.choices
    ]
    rows, headings = [], set()
    for group in summary.groups:
        headings.add(len(rows))
        rows.append([f"{group.group.number}. {group.group.title}", "", "", "", "", ""])
        for task, progress in group.tasks:
            rows.append(
                [
                    task.title,
                    task.responsible_unit.name,
                    task.deadline,
                    task.target_display,
                    task_reached(task, progress),
                    str(STATUS_LABELS[progress.status]),
                ]
            )
    linked_rows = [
        [task.title, capfirst(type(record)._meta.verbose_name), record_label(record, scope.user), day]
        for group in summary.groups
        for task, _progress in group.tasks
        for _relation, record, day in task_linked_records(task, today=scope.end)
    ]
    content.tables = [
        Table(
            str(_("Tasks and progress")),
            [
                str(_("Task")),
                str(_("Responsible")),
                str(_("Deadline")),
                str(_("Target")),
                str(_("Reached")),
                str(_("Status")),
            ],
            rows,
            heading_rows=headings,
        ),
        Table(
            str(_("Records counted towards the tasks")),
            [str(_("Task")), str(_("Kind")), str(_("Record")), str(_("Date"))],
            linked_rows,
        ),
    ]
    if summary.task_count:
        shown = [(str(label), counts[value]) for value, label in TaskStatus.choices if counts[value]]
        content.charts = [Chart(str(_("Tasks by status")), [s[0] for s in shown], [s[1] for s in shown])]
    return content


# --- national roll-up -----------------------------------------------------------------------


@section("rollup", _("Figures of the provincial unions"), {ReportKind.ROLLUP})
def rollup_section(scope: Scope) -> SectionContent:
    """Counts only (no names of people): organisations, associations, members, agreements, plans, one row
    per provincial union of the roll-up day (``units.rollup``): each record counts in one row."""
    day = scope.rollup_on or timezone.localdate()
    rollup = unit_rollup(day=day)
    ids = scope.unit_ids
    provincial = list(unit_list(user=scope.user).filter(kind=UnitKind.PROVINCIAL, pk__in=ids))
    # each unit's counts from the database, not every record (the country's 100,000 organisations)
    counted = member_association_figures()
    orgs = (
        organisations_of(scope)
        .values("unit_id")
        .annotate(n=Count("pk"), associations=counted["associations"], members=counted["members"])
        .values_list("unit_id", "n", "associations", "members")
    )
    agreements = agreement_list(user=scope.user).filter(unit_id__in=ids, signed_on__range=(scope.start, scope.end))
    plans = plan_list(user=scope.user).filter(unit_id__in=ids)
    rows_by_key: dict[str, dict] = {}

    def row_of(unit_id):
        group = rollup.group_of(unit_id)
        if group.unit is None or group.unit.kind != UnitKind.PROVINCIAL:
            return None  # the central union's own records are not a province's
        return rows_by_key.setdefault(group.key, {"label": group.label, "unions": [], "figures": [0, 0, None, 0, 0]})

    for unit in provincial:
        row = row_of(unit.pk)
        if row is not None:
            row["unions"].append(unit.name)
    any_orgs = False
    for unit_id, count, associations, members in orgs:
        any_orgs = True
        if (row := row_of(unit_id)) is not None:
            figures = row["figures"]
            figures[0] += count
            figures[1] += associations
            if members is not None:
                figures[2] = (figures[2] or 0) + members
    for column, queryset in ((3, agreements), (4, plans)):
        for unit_id, count in queryset.order_by().values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n"):
            if (row := row_of(unit_id)) is not None:
                row["figures"][column] += count
    rows = [
        [row["label"], ", ".join(sorted(row["unions"])), *row["figures"]]
        for row in sorted(rows_by_key.values(), key=lambda r: vietnamese_order(r["label"]))
    ]
    totals = [sum_or_none(r[i] for r in rows) if i == 4 else sum(r[i] for r in rows) for i in range(2, 7)]
    content = SectionContent(key="rollup", heading=str(_("Figures of the provincial unions")))
    content.figures = [
        Figure(str(_("Provincial unions")), count_or_none(len(provincial), bool(provincial))),
        Figure(str(_("Organisations in the records")), totals[0] if any_orgs else None),
        Figure(str(_("Members")), totals[2], counted=people),
        Figure(str(_("Agreements signed in the period")), totals[3] if provincial else None),
    ]
    content.tables = [
        Table(
            str(_("By province as on %(date)s")) % {"date": format_day(day)},
            [
                str(_("Province")),
                str(_("Unions")),
                str(_("Organisations")),
                str(_("Friendship associations")),
                str(_("Members")),
                str(_("Agreements signed")),
                str(_("Plans")),
            ],
            [*rows, [pgettext("report column", "Total"), "", *totals]] if rows else rows,
        )
    ]
    if rows:
        content.charts = [Chart(str(_("Organisations by province")), [r[0] for r in rows], [r[2] for r in rows])]
    return content


# --- activities, awards, aid, overseas compatriots ------------------------------------------


@section("activities", _("Activities and delegations"), ACTIVITY_KINDS)
def activities_section(scope: Scope) -> SectionContent:
    any_records = activities_in(user=scope.user, unit=scope.unit).exists()
    figures = activity_figures(
        user=scope.user,
        unit=scope.unit,
        start=scope.start,
        end=scope.end,
        breakdowns=("country",),  # the tables below
    )
    delegations = figures["delegations"]
    content = SectionContent(key="activities", heading=str(_("Activities and delegations")))
    content.figures = [
        Figure(str(_("Activities")), count_or_none(figures["total"], any_records)),
        Figure(str(_("Incoming delegations")), count_or_none(delegations["in"]["count"], any_records)),
        Figure(str(_("Outgoing delegations")), count_or_none(delegations["out"]["count"], any_records)),
    ]
    by_type = [[label, n] for _code, label, n in figures["by_type"]]
    content.tables = [
        Table(str(_("Activities by type")), [str(_("Type")), str(_("Number"))], by_type),
        Table(
            str(_("Activities by country")),
            [str(_("Country")), str(_("Number"))],
            [list(r) for r in figures["by_country"]],
        ),
    ]
    if by_type:
        content.charts = [Chart(str(_("Activities by type")), [r[0] for r in by_type], [r[1] for r in by_type])]
    return content


@section("awards", _("Awards"), ACTIVITY_KINDS)
def awards_section(scope: Scope) -> SectionContent:
    any_records = awards_in(user=scope.user, unit=scope.unit).exists()
    counts = award_counts(user=scope.user, unit=scope.unit, start=scope.start, end=scope.end, breakdowns=())
    content = SectionContent(key="awards", heading=str(_("Awards")))
    kinds = {code: n for code, _label, n in counts["by_kind"]}
    content.figures = [
        Figure(str(_("Recipients of awards")), count_or_none(counts["total"], any_records)),
        Figure(str(_("Collectives awarded")), count_or_none(kinds[RecipientKind.COLLECTIVE], any_records)),
        Figure(str(_("Individuals awarded")), count_or_none(kinds[RecipientKind.INDIVIDUAL], any_records)),
    ]
    # as the seed puts it: certificates of merit to 4 collectives and 6 individuals, badges to 8 people
    content.tables = [
        Table(
            str(_("Recipients by award")),
            [
                str(pgettext("award type", "Award")),
                str(RecipientKind.COLLECTIVE.label),
                str(RecipientKind.INDIVIDUAL.label),
                pgettext("report column", "Total"),
            ],
            [
                [name, cells[RecipientKind.COLLECTIVE], cells[RecipientKind.INDIVIDUAL], total]
                for name, cells, total in counts["by_type_and_kind"]
            ],
        )
    ]
    return content


@section("aid", _("Foreign non-governmental aid"), ACTIVITY_KINDS | {ReportKind.AID})
def aid_section(scope: Scope) -> SectionContent:
    any_records = aid_item_list(user=scope.user).filter(unit_id__in=scope.unit_ids).exists()
    figures = aid_figures(
        user=scope.user,
        unit=scope.unit,
        start=scope.start,
        end=scope.end,
        currency=scope.currency,
        breakdowns=("donor", "sector", "beneficiary"),  # the tables below
        donors_named=DONORS_NAMED if national(scope) else None,
    )
    has_items = any_records and figures.items > 0
    content = SectionContent(key="aid", heading=str(_("Foreign non-governmental aid")))
    content.figures = [
        Figure(str(_("Approved projects and non-project aid")), count_or_none(figures.items, any_records)),
        Figure(str(_("Donors")), count_or_none(figures.donors, any_records)),
        Figure(str(_("Committed")), figures.committed if has_items else None, currency=scope.currency),
        Figure(
            str(_("Disbursed")),
            figures.disbursed if has_items and figures.disbursed else None,
            currency=scope.currency,
        ),
    ]
    if figures.missing:
        content.figures.append(
            Figure(str(_("Transactions left out for want of an exchange rate")), len(figures.missing))
        )
    columns = [str(_("Name")), str(_("Items")), str(_("Committed")), str(_("Disbursed"))]

    def rows(breakdowns):
        return [[b.label or str(_("Not specified")), b.items, b.committed, b.disbursed] for b in breakdowns]

    donors = rows(figures.by_donor)
    if others := figures.other_donors:
        label = str(_("%(count)s other donors")) % {"count": format_number(others.donors)}
        # an item shared by donors is in several donors' rows: the other donors' items are not summed
        donors.append([label, "", others.committed, others.disbursed])
    content.tables = [
        Table(str(_("Aid by donor (%(currency)s)")) % {"currency": scope.currency}, columns, donors),
        Table(str(_("Aid by sector (%(currency)s)")) % {"currency": scope.currency}, columns, rows(figures.by_sector)),
        Table(
            str(_("Aid by beneficiary group (%(currency)s)")) % {"currency": scope.currency},
            columns,
            rows(figures.by_beneficiary),
        ),
        rates_table(figures.rates_used),
    ]
    top = [b for b in figures.by_sector if b.label][:10]
    if top:
        content.charts = [
            Chart(str(_("Committed aid by sector")), [b.label for b in top], [float(b.committed) for b in top])
        ]
    return content


@section("diaspora", _("Overseas compatriots"), ACTIVITY_KINDS | {ReportKind.DIASPORA})
def diaspora_section(scope: Scope) -> SectionContent:
    """Counts, shares and sums only: no compatriot is named in a report."""
    figures = diaspora_figures(
        user=scope.user, unit=scope.unit, since=scope.start, until=scope.end, currency=scope.currency
    )
    any_people = figures.total > 0
    content = SectionContent(key="diaspora", heading=str(_("Overseas compatriots")))
    content.figures = [
        Figure(str(_("Compatriots in the records")), count_or_none(figures.total, any_people), counted=people),
        Figure(str(_("Countries and territories")), count_or_none(figures.countries, any_people)),
        Figure(
            str(_("Contributions to the homeland")),
            figures.contributions_total if figures.contributions else None,
            currency=figures.currency,
        ),
    ]
    content.tables = [
        Table(
            str(_("Compatriots by country")),
            [str(_("Country")), str(_("Number")), str(_("Share (%)"))],
            [[r["label"], r["count"], Decimal(str(r["share"]))] for r in figures.rows],
        ),
        Table(
            str(_("Contributions by purpose (%(currency)s)")) % {"currency": figures.currency},
            [str(_("Purpose")), str(_("Number")), str(_("Amount"))],
            [[c["purpose"], c["count"], c["amount"]] for c in figures.contributions],
        ),
        Table(
            str(_("Remittances")),
            [str(_("Years")), str(_("Amount")), str(_("Currency")), str(_("Source"))],
            [
                [f"{r['period'][0]}–{r['period'][1]}", r["amount"], r["currency"], r["source"]]
                for r in figures.remittances
            ],
        ),
        rates_table(figures.rates_used),
    ]
    top = figures.rows[:10]
    if top:
        content.charts = [Chart(str(_("Compatriots by country")), [r["label"] for r in top], [r["count"] for r in top])]
    return content


@section(
    "stated",
    _("Figures stated by the unions, beside the figures from records"),
    ACTIVITY_KINDS | {ReportKind.AID, ReportKind.DIASPORA, ReportKind.ROLLUP},
)
def stated_section(scope: Scope) -> SectionContent:
    """Each figure a union stated for the period (by the first day of its span) with the value
    computed from records and the difference; never added to the figures of the sections above."""
    content = SectionContent(
        key="stated", heading=str(_("Figures stated by the unions, beside the figures from records"))
    )
    rows = []
    for c in stated_beside(user=scope.user, unit=scope.unit, start=scope.start, end=scope.end):
        computed = c.computed.value if c.computed is not None and c.computed.records else None
        rows.append(
            [
                str(c.figure.metric),
                c.figure.when,
                f"{c.figure.get_qualifier_display()} {c.figure.value_display}",
                computed,
                c.difference,
                c.figure.source_label,
            ]
        )
    content.tables = [
        Table(
            str(_("Stated figures")),
            [
                str(_("Metric")),
                str(_("Period or date")),
                str(_("Stated")),
                str(_("From records")),
                str(_("Difference")),
                str(_("Source")),
            ],
            rows,
        )
    ]
    return content
