from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "union-api"

router = DefaultRouter()
router.register("congresses", views.CongressViewSet)
router.register("bodies", views.ElectedBodyViewSet)
router.register("roles", views.ElectedRoleViewSet)
router.register("metrics", views.MetricViewSet)
router.register("stated-figures", views.StatedFigureViewSet)
router.register("national-terms", views.NationalTermViewSet)
urlpatterns = [
    path("term/", views.term, name="term"),
    path("rollup/", views.rollup, name="rollup"),
    *router.urls,
]
