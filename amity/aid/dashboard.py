"""The aid dashboard widgets: the current term's figures beside the previous term's, and aid deadlines."""

from django.utils import timezone
from django.utils.translation import gettext as _

from amity.units.selectors import primary_unit

from . import selectors
from .views import figure_charts


def widgets(request) -> list[dict]:
    user = request.user
    unit = primary_unit(user)
    today = timezone.localdate()
    previous, current = selectors.aid_terms(on=today)[-2:]
    figures, earlier = (
        selectors.aid_figures(user=user, unit=unit, start=start, end=end, currency="USD")
        for start, end in (current, previous)
    )
    charts = figure_charts(figures)
    return [
        {
            "order": 30,
            "title": _("Foreign non-governmental aid, term %(start)s–%(end)s")
            % {"start": current[0].year, "end": current[1].year},
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
