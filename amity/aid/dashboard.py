"""The aid dashboard widgets: this term's figures with a chart, and aid deadlines."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from amity.units.selectors import primary_unit

from . import selectors
from .views import figure_charts

TERM = (date(2018, 1, 1), date(2023, 12, 31))


def widgets(request) -> list[dict]:
    user = request.user
    figures = selectors.aid_figures(user=user, unit=primary_unit(user), start=TERM[0], end=TERM[1], currency="USD")
    charts = figure_charts(figures)
    return [
        {
            "order": 30,
            "title": _("Foreign non-governmental aid 2018–2023"),
            "template": "aid/widget_figures.html",
            "context": {
                "figures": figures,
                "chart": charts.get("donor") or charts.get("sector", ""),
                "missing": selectors.missing_rates_summary(figures),
            },
        },
        {
            "order": 35,
            "title": _("Aid deadlines"),
            "template": "aid/widget_deadlines.html",
            "context": {"items": selectors.aid_deadlines(user=user)[:10]},
        },
    ]
