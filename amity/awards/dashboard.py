"""Dashboard widget: recipients of awards by type."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from amity.core.charts import bar_chart_svg

from . import selectors

ORDER = 40  # the place of its widgets on the dashboard


def widgets(request) -> list[dict]:
    counts = selectors.award_counts(user=request.user, breakdowns=())  # the types and kinds it shows
    by_type = counts["by_type"]
    chart = bar_chart_svg([n for n, _c in by_type], [c for _n, c in by_type]) if by_type else ""
    return [
        {
            "order": 40,
            "title": _("Awards by type"),
            "template": "awards/widget_counts.html",
            "context": {"counts": counts, "chart": mark_safe(chart)},
        }
    ]
