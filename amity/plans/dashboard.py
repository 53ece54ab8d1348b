"""The plans widget: each plan the user sees with its rolled-up status (the report uses the same selector)."""

from django.utils.translation import gettext_lazy as _

from . import selectors

WIDGET_PLANS = 10

ORDER = 75  # the place of its widgets on the dashboard


def widgets(request) -> list[dict]:
    rows = selectors.plan_status_counts(user=request.user, limit=WIDGET_PLANS)
    if not rows:
        return []
    return [
        {
            "order": 70,
            "title": _("Plans and their progress"),
            "template": "plans/widget_plans.html",
            "context": {"plans": rows},
        }
    ]
