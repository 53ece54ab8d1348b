from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "press-api"

router = DefaultRouter()
router.register("articles", views.ArticleViewSet)
router.register("facts", views.FactViewSet)
urlpatterns = [path("read/", views.read, name="read"), *router.urls]
