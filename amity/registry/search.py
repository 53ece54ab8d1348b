"""The registry's part of the global search box."""

from django.utils.translation import gettext_lazy as _

from amity.core.matching import search_group
from amity.core.pickers import Picker

from . import selectors, services
from .forms import OrganisationQuickForm, PersonQuickForm
from .models import Agreement, Organisation, Person

PICKERS = [
    Picker(Organisation, quick_form=OrganisationQuickForm, quick_create=services.organisation_create),
    Picker(Person, quick_form=PersonQuickForm, quick_create=services.person_create),
    Picker(Agreement),  # the central union keeps thousands: a task or an activity types one
]


def search(*, user, query: str) -> list[dict]:
    return [
        search_group(_("Organisations"), selectors.organisation_list(user=user), query),
        search_group(_("People"), selectors.person_list(user=user), query),
        # by title and place of signing (its column) or its parties' names (their column, current when
        # a party is renamed or added, which would leave a copy on the agreement behind)
        search_group(_("Agreements"), selectors.agreement_list(user=user), query, related=("parties",)),
    ]
