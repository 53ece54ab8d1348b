"""Reports in the global search box, by number and title."""

from django.utils.translation import gettext_lazy as _

from amity.core.matching import search_group

from . import selectors


def search(*, user, query: str) -> list[dict]:
    return [search_group(_("Reports"), selectors.report_list(user=user), query)]
