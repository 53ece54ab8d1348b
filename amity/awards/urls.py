from django.urls import path

from amity.core.urls import object_urls

from . import views
from .choices import NOMINATION_MOVES
from .models import Award, AwardType, Decision, Nomination

app_name = "awards"

urlpatterns = [
    path("counts/", views.AwardCountsView.as_view(), name="counts"),
    path("decisions/<int:pk>/recipients/add/", views.RecipientsAddView.as_view(), name="decision_recipients_add"),
    *[
        path(
            f"nominations/<int:pk>/{move}/",
            views.NominationMoveView.as_view(),
            {"move": move},
            name=f"nomination_{move}",
        )
        for move in NOMINATION_MOVES
    ],
    *object_urls(
        AwardType,
        prefix="types",
        list_view=views.AwardTypeListView,
        detail_view=views.AwardTypeDetailView,
        edit_view=views.AwardTypeEditView,
    ),
    *object_urls(
        Nomination,
        prefix="nominations",
        list_view=views.NominationListView,
        detail_view=views.NominationDetailView,
        edit_view=views.NominationEditView,
    ),
    *object_urls(
        Decision,
        prefix="decisions",
        list_view=views.DecisionListView,
        detail_view=views.DecisionDetailView,
        edit_view=views.DecisionEditView,
    ),
    *object_urls(
        Award,
        prefix="recipients",
        list_view=views.AwardListView,
        detail_view=views.AwardDetailView,
        edit_view=views.AwardEditView,
    ),
]
