"""The synthetic country's reports: one of every kind for the central union and for every current
provincial union, over the last full year (the term report over the last five)."""

from datetime import date

from amity.core.country import LAST_DAY, CountryContext

from .choices import ReportKind
from .models import Report

ORDER = 90


def fill(ctx: CountryContext) -> None:
    year = LAST_DAY.year - 1
    units = [ctx.records["central"], *ctx.records["unions"]]
    plans = ctx.records["plans"]
    reports = []
    for unit_id in units:
        for kind in ReportKind:
            title = f"{kind.label} {year}"
            reports.append(
                Report(
                    unit_id=unit_id,
                    kind=kind,
                    title=title,
                    search_name=Report.search_key(title),
                    period_start=date(year - 4 if kind == ReportKind.TERM else year, 1, 1),
                    period_end=date(year, 12, 31),
                    plan_id=plans.get(unit_id) if kind == ReportKind.PLAN else None,
                )
            )
    ctx.bulk(Report, reports, total=len(reports))
