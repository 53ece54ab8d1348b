from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from amity.core.querysets import may_act
from amity.core.views import ObjectDetailView, ObjectEditView, ObjectListView, RecordActionView, add_service_errors

from . import services
from .filtersets import MembershipFilterSet, UnitFilterSet
from .forms import ConfirmForm, MembershipForm, UnitForm, UserAccountForm, UserPasswordForm
from .models import Membership, Unit
from .selectors import access_user_account, may_change_account, primary_unit, user_account_list
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


class UserAccountMixin(LoginRequiredMixin):
    """The user accounts' screens, for administrators of a unit (403 for anyone else)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_act(request.user, Membership, "manage"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserAccountListView(LoginRequiredMixin, TemplateView):
    """The accounts of the people who work in the administrator's units, with their roles there;
    for anyone else (it is in everyone's menu) none, and who manages them."""

    template_name = "units/useraccount_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        accounts = user_account_list(user=self.request.user)
        query = self.request.GET.get("q", "").strip()
        if query:
            accounts = accounts.filter(
                Q(username__icontains=query) | Q(first_name__icontains=query) | Q(email__icontains=query)
            )
        page = Paginator(accounts, self.paginate_by).get_page(self.request.GET.get("page"))
        may_manage = may_act(self.request.user, Membership, "manage")
        return {**ctx, "page": page, "accounts": page.object_list, "q": query, "may_manage": may_manage}


class UserAccountCreateView(UserAccountMixin, TemplateView):
    template_name = "units/useraccount_form.html"

    def get(self, request, *args, **kwargs):
        form = UserAccountForm(user=request.user, initial={"unit": primary_unit(request.user)})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = UserAccountForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                account = services.user_account_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved: %(record)s") % {"record": account.username})
                return HttpResponseRedirect(reverse("units:useraccount_detail", args=[account.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class UserAccountDetailView(UserAccountMixin, TemplateView):
    """One account: its roles in the administrator's units, and what they may do with it."""

    template_name = "units/useraccount_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        account = access_user_account(user=self.request.user, pk=self.kwargs["pk"])
        may_change = may_change_account(user=self.request.user, account=account)
        return {**ctx, "account": account, "may_change": may_change}


class UserAccountActionView(UserAccountMixin, RecordActionView):
    """An action on one account the administrator may change (every role of it in their reach)."""

    template_name = "units/useraccount_action.html"
    form_class = ConfirmForm
    title = ""

    def record(self):
        return access_user_account(user=self.request.user, pk=self.kwargs["pk"], action="change")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, account=self.object, **kwargs)

    def done(self) -> tuple[str, str]:
        return _("Saved: %(record)s") % {"record": self.object.username}, reverse(
            "units:useraccount_detail", args=[self.object.pk]
        )


class UserPasswordView(UserAccountActionView):
    form_class = UserPasswordForm
    title = gettext_lazy("Set a new password")

    def act(self, form) -> tuple[str, str]:
        services.user_password_set(actor=self.request.user, account=self.object, **form.cleaned_data)
        return self.done()


class UserAccountCloseView(UserAccountActionView):
    title = gettext_lazy("Close the account")

    def act(self, form) -> tuple[str, str]:
        services.user_account_close(actor=self.request.user, account=self.object)
        return self.done()


class UserAccountReopenView(UserAccountActionView):
    title = gettext_lazy("Open the account again")

    def act(self, form) -> tuple[str, str]:
        services.user_account_reopen(actor=self.request.user, account=self.object)
        return self.done()
