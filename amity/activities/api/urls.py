from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "activities-api"

router = DefaultRouter()
router.register("activities", views.ActivityViewSet)
router.register("attachments", views.ActivityAttachmentViewSet)
router.register("diplomatic-relations", views.DiplomaticRelationViewSet)
router.register("national-days", views.NationalDayViewSet)
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("calendar/", views.calendar, name="calendar"),
    *router.urls,
]
