"""The module's part of the global search box: names only for those who may see them."""

from django.utils.translation import gettext_lazy as _

from . import selectors, services

LIMIT = 25


def search(*, user, query: str) -> list[dict]:
    people = selectors.compatriot_list(user=user, action="view_personal").filter(erased_at__isnull=True)
    found = selectors.name_search(people, query, limit=LIMIT)
    if found:  # names shown in a list: a view of personal data
        services.personal_access_record(actor=user, kind="search", records=found, query=query)
    return [{"title": _("Overseas compatriots"), "results": found}]
