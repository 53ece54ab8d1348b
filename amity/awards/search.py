"""Awards in the global search box, by recipient, decision number and award type."""

from django.utils.translation import gettext_lazy as _

from amity.core.matching import search_group
from amity.core.pickers import Picker

from . import selectors
from .models import Award, Decision

#: a national union has thousands of decisions: the recipients' filter and form ask for one by number;
#: and tens of thousands of awards: an article names its awards by recipient or decision number
PICKERS = [
    Picker(Decision, fields=("number", "issuing_body")),
    Picker(Award, fields=("person__full_name", "organisation__name", "decision__number")),
]


def search(*, user, query: str) -> list[dict]:
    fields = ("person__full_name", "person__name_original", "organisation__name", "decision__number")
    return [search_group(_("Awards"), selectors.award_list(user=user), query, fields=fields)]
