from django.urls import path

from amity.core.urls import object_urls

from . import views
from .models import Activity, ActivityAttachment, DiplomaticRelation, NationalDay

app_name = "activities"

urlpatterns = [
    path("activities/places/", views.ActivityPlacesView.as_view(), name="activity_places"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/feed/<str:token>.ics", views.FeedView.as_view(), name="calendar_feed"),
    path("subscription/", views.SubscriptionView.as_view(), name="subscription"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    *object_urls(
        Activity,
        prefix="activities",
        list_view=views.ActivityListView,
        detail_view=views.ActivityDetailView,
        edit_view=views.ActivityEditView,
    ),
    *object_urls(
        ActivityAttachment,
        prefix="attachments",
        list_view=views.ActivityAttachmentListView,
        detail_view=views.ActivityAttachmentDetailView,
        edit_view=views.ActivityAttachmentEditView,
    ),
    *object_urls(
        DiplomaticRelation,
        prefix="diplomatic-relations",
        list_view=views.DiplomaticRelationListView,
        detail_view=views.DiplomaticRelationDetailView,
        edit_view=views.DiplomaticRelationEditView,
    ),
    *object_urls(
        NationalDay,
        prefix="national-days",
        list_view=views.NationalDayListView,
        detail_view=views.NationalDayDetailView,
        edit_view=views.NationalDayEditView,
    ),
]
