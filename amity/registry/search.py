"""The registry's part of the global search box."""

from django.utils.translation import gettext_lazy as _

from . import selectors

LIMIT = 25


def search(*, user, query: str) -> list[dict]:
    return [
        {
            "title": _("Organisations"),
            "results": list(selectors.name_search(selectors.organisation_list(user=user), query)[:LIMIT]),
        },
        {"title": _("People"), "results": list(selectors.name_search(selectors.person_list(user=user), query)[:LIMIT])},
    ]
