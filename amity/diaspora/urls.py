from django.urls import path

from amity.core.urls import object_urls

from . import views
from .models import Compatriot, Contribution, RemittanceStat

app_name = "diaspora"

urlpatterns = [
    *object_urls(
        Compatriot,
        prefix="compatriots",
        list_view=views.CompatriotListView,
        detail_view=views.CompatriotDetailView,
        edit_view=views.CompatriotEditView,
        changelog_view=views.CompatriotChangeLogView,
        restore_view=views.CompatriotRestoreView,
    ),
    path("compatriots/<int:pk>/erase/", views.CompatriotEraseView.as_view(), name="compatriot_erase"),
    path("erasures/<int:pk>/", views.ErasureJobView.as_view(), name="erasure"),
    path("duplicates/", views.DuplicateListView.as_view(), name="duplicates"),
    path("duplicates/merge/", views.MergeView.as_view(), name="merge"),
    path("merges/<int:pk>/undo/", views.MergeUndoView.as_view(), name="merge_undo"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template/", views.ImportTemplateView.as_view(), name="import_template"),
    path("import/<int:pk>/", views.ImportJobView.as_view(), name="import_job"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("contributions/import/", views.ContributionImportView.as_view(), name="contribution_import"),
    path(
        "contributions/import/template/",
        views.ContributionImportTemplateView.as_view(),
        name="contribution_import_template",
    ),
    path("contributions/import/<int:pk>/", views.ContributionImportJobView.as_view(), name="contribution_import_job"),
    *object_urls(
        Contribution,
        prefix="contributions",
        list_view=views.ContributionListView,
        detail_view=views.ContributionDetailView,
        edit_view=views.ContributionEditView,
    ),
    *object_urls(
        RemittanceStat,
        prefix="remittances",
        list_view=views.RemittanceStatListView,
        detail_view=views.RemittanceStatDetailView,
        edit_view=views.RemittanceStatEditView,
    ),
]
