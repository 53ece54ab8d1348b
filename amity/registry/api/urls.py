from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "registry-api"

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet)
router.register("people", views.PersonViewSet)
router.register("agreements", views.AgreementViewSet)
router.register("memberships", views.OrganisationMembershipViewSet)
router.register("relations", views.OrganisationRelationViewSet)
router.register("ngo-registrations", views.NGORegistrationViewSet)
urlpatterns = [path("figures/", views.figures, name="figures"), *router.urls]
