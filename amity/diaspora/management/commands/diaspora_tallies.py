"""Rebuild the compatriots' and contributions' roll-up of every unit (``diaspora.tallies``)."""

from amity.core.rollups import RefreshCommand
from amity.diaspora.models import TallyState
from amity.diaspora.tallies import tallies_refresh


class Command(RefreshCommand):
    help = "Rebuild the roll-up of the compatriots and contributions (every unit's, or the stale ones', or one unit's subtree)."
    state = TallyState
    refresh = staticmethod(tallies_refresh)
