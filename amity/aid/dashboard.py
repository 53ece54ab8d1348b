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
    # the current term's totals and the breakdowns its chart may show, and in the same statement the
    # previous term's totals (it shows no donors: they are not counted)
    figures, (earlier,) = selectors.aid_figures_beside(
        user=user,
        unit=unit,
        start=current.start,
        end=current.end,
        currency="USD",
        breakdowns=("donor", "sector"),
        donors_named=CHART_ROWS,  # the chart's donors, not every donor of the term
        totals_of=[(previous.start, previous.end)],
    )
    charts = figure_charts(figures, ("donor",)) or figure_charts(figures, ("sector",))  # the one it shows
    return [
        {
            "order": 30,
            "title": _("Foreign non-governmental aid, term %(start)s–%(end)s")
            % {"start": current.start.year, "end": current.end.year},
            "template": "aid/widget_figures.html",
            "context": {
                "figures": figures,
                "previous": earlier,
                "chart": charts.get("donor") or charts.get("sector", ""),
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
