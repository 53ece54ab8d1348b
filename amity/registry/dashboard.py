"""The registry's dashboard widgets: partners by kind, and deadlines coming up."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from amity.core.charts import bar_chart_svg

from . import selectors

ORDER = 10  # the place of its widgets on the dashboard


def widgets(request) -> list[dict]:
    user = request.user
    counts = selectors.organisation_counts_by_kind(user=user)
    chart = bar_chart_svg([label for label, _n in counts], [n for _label, n in counts]) if counts else ""
    return [
        {
            "order": 10,
            "title": _("Partners by kind"),
            "template": "registry/widget_partners.html",
            "context": {
                "chart": mark_safe(chart),
                "organisations": selectors.organisation_list(user=user).count(),
                "people": selectors.person_list(user=user).count(),
                "agreements": selectors.agreement_list(user=user).count(),
            },
        },
        {
            "order": 20,
            "title": _("Deadlines in the next 90 days"),
            "template": "registry/widget_deadlines.html",
            "context": {
                "agreements": selectors.agreements_due(user=user)[:10],
                "registrations": selectors.registrations_expiring(user=user)[:10],
            },
        },
    ]
