from rest_framework.routers import DefaultRouter

from .views import MembershipViewSet, UnitViewSet

app_name = "units-api"


router = DefaultRouter()
router.register("units", UnitViewSet)
router.register("memberships", MembershipViewSet)
urlpatterns = router.urls
