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
]
