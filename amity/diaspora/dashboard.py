"""Dashboard widget: natives abroad by country grouping, with the world map."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import charts, selectors

ORDER = 70  # the place of its widgets on the dashboard


def widgets(request) -> list[dict]:
    figures = selectors.diaspora_figures(user=request.user, group_by=("group", "region"))
    if not figures.total and not figures.contributions:
        return []
    return [
        {
            "order": 70,
            "title": _("Natives abroad"),
            "template": "diaspora/widget.html",
            "width": 12,
            "context": {
                "figures": figures,
                "regions": figures.grouped["region"],
                "map": mark_safe(charts.world_map_svg(figures.by_country_code)),
            },
        }
    ]
