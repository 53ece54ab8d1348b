"""The activities' part of the global search box, and their picker: a plan's task or an article
names its activities by typing, not from a list of every activity of the unit."""

from django.utils.translation import gettext_lazy as _

from amity.core.matching import search_group
from amity.core.pickers import Picker

from . import selectors
from .models import Activity

PICKERS = [Picker(Activity)]


def search(*, user, query: str) -> list[dict]:
    return [search_group(_("Activities"), selectors.activity_list(user=user), query)]
