"""Awards in the global search box and their picker, by recipient and decision; decisions' picker by
number and issuing body.

An award is found through its recipient's and its decision's own search columns (``related``), not
a column of its own: a person or organisation renamed, or a decision renumbered, is found by the new
name at once, with no copy on each of their awards to keep current. Each related table answers
through its trigram index and the awards through their foreign keys' indexes."""

from django.utils.translation import gettext_lazy as _

from amity.core.matching import search_group
from amity.core.pickers import Picker

from . import selectors
from .models import Award, Decision

#: Where an award's names are: its recipient (a person, in either script, or an organisation) and its decision.
RECIPIENT_AND_DECISION = ("person", "organisation", "decision")

#: a national union has thousands of decisions: the recipients' filter and form ask for one by number;
#: and tens of thousands of awards: an article names its awards by recipient or decision number
PICKERS = [Picker(Decision), Picker(Award, related=RECIPIENT_AND_DECISION)]


def search(*, user, query: str) -> list[dict]:
    return [search_group(_("Awards"), selectors.award_list(user=user), query, related=RECIPIENT_AND_DECISION)]
