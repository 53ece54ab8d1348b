from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("changes/", views.ObjectChangeListView.as_view(), name="objectchange_list"),
    path("changes/<int:pk>/", views.ObjectChangeDetailView.as_view(), name="objectchange_detail"),
    path("exports/", views.ExportLogListView.as_view(), name="exportlog_list"),
]
