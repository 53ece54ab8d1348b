"""The module's part of the global search box: names only for those who may see them."""

from django.utils.translation import gettext_lazy as _

from . import selectors

LIMIT = 25


def search(*, user, query: str) -> list[dict]:
    people = selectors.compatriot_list(user=user, action="view_personal").filter(erased_at__isnull=True)
    return [{"title": _("Overseas compatriots"), "results": selectors.name_search(people, query, limit=LIMIT)}]
