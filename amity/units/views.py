from amity.core.querysets import may_act
from amity.core.views import ObjectDetailView, ObjectEditView, ObjectListView

from .filtersets import MembershipFilterSet, UnitFilterSet
from .forms import MembershipForm, UnitForm
from .models import Membership, Unit
from .tables import MembershipTable, UnitTable


class UnitListView(ObjectListView):
    model = Unit
    filterset_class = UnitFilterSet
    table_class = UnitTable
    base_queryset = Unit.objects.select_related("parent", "province", "partner_country", "successor")


class UnitDetailView(ObjectDetailView):
    model = Unit

    def get_context_data(self, **kwargs):
        """The unit's users and roles, for those who manage them (None: the section is left out)."""
        ctx = super().get_context_data(**kwargs)
        managed = Membership.objects.restrict(self.request.user, "manage").filter(unit=self.object)
        may_manage = may_act(self.request.user, Membership, "manage")
        ctx["memberships"] = managed.select_related("user") if may_manage else None
        return ctx


class UnitEditView(ObjectEditView):
    model = Unit
    form_class = UnitForm


class MembershipListView(ObjectListView):
    """Who works in which unit with which role; administrators of a unit manage it."""

    model = Membership
    filterset_class = MembershipFilterSet
    table_class = MembershipTable
    base_queryset = Membership.objects.select_related("user", "unit")
    action = "manage"


class MembershipDetailView(ObjectDetailView):
    model = Membership
    action = "manage"


class MembershipEditView(ObjectEditView):
    model = Membership
    form_class = MembershipForm
