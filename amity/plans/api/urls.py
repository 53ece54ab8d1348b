from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "plans-api"

router = DefaultRouter()
router.register("directives", views.DirectiveViewSet)
router.register("plans", views.PlanViewSet)
router.register("task-groups", views.TaskGroupViewSet)
router.register("tasks", views.TaskViewSet)
router.register("progress-updates", views.ProgressUpdateViewSet)
urlpatterns = [path("figures/", views.figures, name="figures"), *router.urls]
