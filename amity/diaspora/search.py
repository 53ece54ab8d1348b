"""The module's part of the global search box, and the compatriot picker: names only for those
who may see them, and every list of names shown is logged as a view of personal data."""

from django.utils.translation import gettext_lazy as _

from amity.core.matching import SEARCH_LIMIT
from amity.core.pickers import Picker

from . import selectors, services
from .models import Compatriot


def names_shown(user, records, query: str) -> None:
    services.personal_access_record(actor=user, kind="search", records=records, query=query)


PICKERS = [Picker(Compatriot, action="view_personal", where={"erased_at__isnull": True}, shown=names_shown)]


def search(*, user, query: str) -> list[dict]:
    people = selectors.compatriot_list(user=user, action="view_personal").filter(erased_at__isnull=True)
    found = selectors.name_search(people, query, limit=SEARCH_LIMIT)
    if found:  # names shown in a list: a view of personal data
        names_shown(user, found, query)
    return [{"title": _("Overseas compatriots"), "results": found}]
