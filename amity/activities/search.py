"""The activities' part of the global search box."""

from django.utils.translation import gettext_lazy as _

from amity.core.matching import search_group

from . import selectors


def search(*, user, query: str) -> list[dict]:
    return [search_group(_("Activities"), selectors.activity_list(user=user), query)]
