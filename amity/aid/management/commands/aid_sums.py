"""Rebuild the roll-up of the aid items' converted sums (``aid.sums``)."""

from amity.aid.models import AidSumState
from amity.aid.sums import aid_sums_refresh
from amity.core.rollups import RefreshCommand


class Command(RefreshCommand):
    help = "Rebuild the aid items' converted sums (every unit's, or the stale ones', or one unit's subtree)."
    state = AidSumState
    refresh = staticmethod(aid_sums_refresh)
