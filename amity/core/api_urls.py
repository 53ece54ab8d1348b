"""The foundation's own API (``amity/urls.py`` includes it under /api/core/): the rate table."""

from rest_framework.routers import DefaultRouter

from .api import ExchangeRateViewSet

app_name = "core-api"

router = DefaultRouter()
router.register("rates", ExchangeRateViewSet)
urlpatterns = router.urls
