from rest_framework.routers import DefaultRouter

from . import views

app_name = "reports-api"

router = DefaultRouter()
router.register("reports", views.ReportViewSet)
router.register("jobs", views.RenderJobViewSet)
urlpatterns = router.urls
