from django.urls import path

from amity.core.urls import object_urls

from . import views
from .models import Membership, Unit

app_name = "units"
urlpatterns = [
    *object_urls(
        Unit,
        prefix="units",
        list_view=views.UnitListView,
        detail_view=views.UnitDetailView,
        edit_view=views.UnitEditView,
    ),
    *object_urls(
        Membership,
        prefix="memberships",
        list_view=views.MembershipListView,
        detail_view=views.MembershipDetailView,
        edit_view=views.MembershipEditView,
    ),
    path("users/", views.UserAccountListView.as_view(), name="useraccount_list"),
    path("users/add/", views.UserAccountCreateView.as_view(), name="useraccount_add"),
    path("users/<int:pk>/", views.UserAccountDetailView.as_view(), name="useraccount_detail"),
    path("users/<int:pk>/password/", views.UserPasswordView.as_view(), name="useraccount_password"),
    path("users/<int:pk>/close/", views.UserAccountCloseView.as_view(), name="useraccount_close"),
    path("users/<int:pk>/reopen/", views.UserAccountReopenView.as_view(), name="useraccount_reopen"),
]
