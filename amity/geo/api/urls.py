from rest_framework.routers import DefaultRouter

from .views import AdminUnitViewSet, CountryGroupViewSet, CountryViewSet, RegionViewSet

app_name = "geo-api"


router = DefaultRouter()
router.register("regions", RegionViewSet)
router.register("countries", CountryViewSet)
router.register("admin-units", AdminUnitViewSet)
router.register("country-groups", CountryGroupViewSet)
urlpatterns = router.urls
