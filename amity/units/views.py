import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from amity.core.filtersets import AmityFilterSet
from amity.core.forms import AmityModelForm, DateInput
from amity.core.querysets import may_act
from amity.core.views import ObjectDetailView, ObjectEditView, ObjectListView

from .models import Membership, Unit


class UnitFilterSet(AmityFilterSet):
    class Meta:
        model = Unit
        fields = ["kind", "province"]


class UnitTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Unit
        fields = ["name", "kind", "parent", "province", "partner_country", "valid_from", "valid_to", "successor"]
        attrs = {"class": "table table-sm table-striped"}


class UnitForm(AmityModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "province",
            "partner_country",
            "valid_from",
            "valid_to",
            "successor",
        ]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}
        help_texts = {"parent": _("Where the unit sits in the tree; it cannot be moved later.")}


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


class MembershipFilterSet(AmityFilterSet):
    class Meta:
        model = Membership
        fields = ["unit", "role"]


class MembershipTable(tables.Table):
    user = tables.Column(linkify=False)
    unit = tables.Column(linkify=True)

    class Meta:
        model = Membership
        fields = ["user", "unit", "role"]
        attrs = {"class": "table table-sm table-striped"}


class MembershipForm(AmityModelForm):
    class Meta:
        model = Membership
        fields = ["user", "unit", "role"]


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
