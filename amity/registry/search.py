"""The registry's part of the global search box."""

from django.utils.translation import gettext_lazy as _

from amity.core.matching import search_group
from amity.core.pickers import Picker

from . import selectors
from .models import Organisation, Person

PICKERS = [Picker(Organisation), Picker(Person)]


def search(*, user, query: str) -> list[dict]:
    return [
        search_group(_("Organisations"), selectors.organisation_list(user=user), query),
        search_group(_("People"), selectors.person_list(user=user), query),
        search_group(
            _("Agreements"), selectors.agreement_list(user=user), query, fields=("title", "signed_at", "parties__name")
        ),
    ]
