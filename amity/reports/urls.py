from django.urls import path

from amity.core.urls import object_urls

from . import views
from .models import Report

app_name = "reports"

urlpatterns = [
    *object_urls(
        Report,
        prefix="reports",
        list_view=views.ReportListView,
        detail_view=views.ReportDetailView,
        edit_view=views.ReportEditView,
    ),
    path("reports/<int:pk>/sections/<slug:key>/", views.ReportSectionView.as_view(), name="report_section"),
    path("reports/<int:pk>/render/", views.ReportRenderView.as_view(), name="report_render"),
    path("files/<int:pk>/", views.RenderJobDownloadView.as_view(), name="renderjob_download"),
]
