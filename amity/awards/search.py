"""Awards in the global search box and their picker, by recipient and decision; decisions' picker by
number and issuing body.

An award is found through its recipient's and its decision's own search columns (``related``), not
a column of its own: a person or organisation renamed, or a decision renumbered, is found by the new
name at once, with no copy on each of their awards to keep current. Each related table answers
through its trigram index and the awards through their foreign keys' indexes."""

from django.utils.translation import gettext_lazy as _

from amity.core.matching import search_group
from amity.core.personal import people_in_sight
from amity.core.pickers import Picker
from amity.registry.models import Person

from . import selectors
from .models import Award, Decision


def recipient_and_decision(user) -> tuple:
    """Where an award's names are: its recipient (a person, in either script, or an organisation)
    and its decision. A person's name finds their awards only for a user who may see it
    (``core.personal``): the central union, which sees a province's people masked, does not learn
    by typing a name who was awarded."""
    return (("person", people_in_sight(Person, user=user)), "organisation", "decision")


#: a national union has thousands of decisions: the recipients' filter and form ask for one by number;
#: and tens of thousands of awards: an article names its awards by recipient or decision number
PICKERS = [Picker(Decision), Picker(Award, related=recipient_and_decision)]


def search(*, user, query: str) -> list[dict]:
    return [search_group(_("Awards"), selectors.award_list(user=user), query, related=recipient_and_decision(user))]
