"""Units (unions, associations, branches) in the global search box."""

from django.utils.translation import gettext_lazy as _

from amity.core.matching import search_group
from amity.core.pickers import Picker

from . import selectors
from .models import Unit

PICKERS = [Picker(Unit, fields=("name", "short_name"))]


def search(*, user, query: str) -> list[dict]:
    return [search_group(_("Units"), selectors.unit_list(user=user), query, fields=("name", "short_name"))]
