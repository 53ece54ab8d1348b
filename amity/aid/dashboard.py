"""The aid dashboard widgets: the current term's figures beside the previous term's (the unit's own
terms, ``union.selectors.terms_for``), and aid deadlines."""

from django.utils import timezone
from django.utils.translation import gettext as _

from amity.union.selectors import terms_for
from amity.units.selectors import primary_unit

from . import selectors
from .views import CHART_ROWS, figure_charts

ORDER = 30  # the place of its widgets on the dashboard


def widgets(request) -> list[dict]:
    user = request.user
    unit = primary_unit(user)
    today = timezone.localdate()
    previous, current = terms_for(unit, today)
    # the current term's totals and its donors for the chart, and in the same statement the previous
    # term's totals (it shows no donors: they are not counted)
    figures, (earlier,) = selectors.aid_figures_beside(
        user=user,
        unit=unit,
        start=current.start,
        end=current.end,
        currency="USD",
        breakdowns=("donor",),
        donors_named=CHART_ROWS,  # the chart's donors, not every donor of the term
        totals_of=[(previous.start, previous.end)],
        list_rates=False,  # the widget does not list them
    )
    chart = figure_charts(figures, ("donor",)).get("donor")
    if chart is None and figures.items:  # no donor named: the chart shows the sectors, read only then
        by_sector = selectors.aid_figures(
            user=user,
            unit=unit,
            start=current.start,
            end=current.end,
            currency="USD",
            breakdowns=("sector",),
            count_donors=False,
        )
        chart = figure_charts(by_sector, ("sector",)).get("sector")
    return [
        {
            "order": 30,
            "title": _("Foreign non-governmental aid, term %(start)s–%(end)s")
            % {"start": current.start.year, "end": current.end.year},
            "template": "aid/widget_figures.html",
            "context": {
                "figures": figures,
                "previous": earlier,
                "chart": chart or "",
                "missing": selectors.missing_rates_summary(figures),
            },
        },
        {
            "order": 35,
            "title": _("Aid deadlines"),
            "template": "aid/widget_deadlines.html",
            "context": {"items": selectors.aid_deadlines(user=user)[:10], "today": today},
        },
    ]
