from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "diaspora-api"

router = DefaultRouter()
router.register("compatriots", views.CompatriotViewSet)
router.register("contributions", views.ContributionViewSet)
router.register("remittances", views.RemittanceStatViewSet)
urlpatterns = [path("figures/", views.FiguresView.as_view(), name="figures"), *router.urls]
