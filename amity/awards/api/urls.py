from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "awards-api"

router = DefaultRouter()
router.register("types", views.AwardTypeViewSet)
router.register("nominations", views.NominationViewSet)
router.register("decisions", views.DecisionViewSet)
router.register("recipients", views.AwardViewSet)
urlpatterns = [path("counts/", views.counts, name="counts"), *router.urls]
