"""Aid items in the global search box and their picker (a plan's task, an article): by title (either
language) and reference ("HP-2026"); sectors' picker by code or name in the user's language."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from amity.core.matching import search_group
from amity.core.pickers import Picker

from . import selectors
from .models import AidItem, Sector, sector_search_names

PICKERS = [
    Picker(AidItem),
    Picker(
        Sector,
        fields=("code", "name", "category_code", "category_name"),
        aliases=lambda code, name, category_code, category_name: sector_search_names(
            code, category_code, (get_language() or "vi").lower()
        ),
    ),
]


def search(*, user, query: str) -> list[dict]:
    return [search_group(_("Aid items"), selectors.aid_item_list(user=user), query)]
