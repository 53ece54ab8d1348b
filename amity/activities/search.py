"""The activities' part of the global search box."""

from django.utils.translation import gettext_lazy as _

from . import selectors

LIMIT = 25


def search(*, user, query: str) -> list[dict]:
    qs = selectors.activity_list(user=user)
    for word in query.split():
        qs = qs.filter(search_name__contains=word)
    return [{"title": _("Activities"), "results": list(qs[:LIMIT])}]
