from django.urls import path

from amity.core.urls import object_urls

from . import views
from .models import (
    AidDocument,
    AidDonor,
    AidItem,
    AidTransaction,
    Workflow,
    WorkflowStep,
    WorkflowTransition,
)

app_name = "aid"

urlpatterns = [
    path("items/recorded-afterwards/", views.AidRecordedAfterwardsView.as_view(), name="aiditem_recorded_afterwards"),
    path("items/<int:pk>/transition/", views.AidTransitionView.as_view(), name="aiditem_transition"),
    path("items/<int:pk>/shares/", views.AidDonorSharesView.as_view(), name="aiditem_shares"),
    path("figures/", views.AidFiguresView.as_view(), name="figures"),
    path("figures/donors/", views.AidFigureDonorsView.as_view(), name="figure_donors"),
    path("compare/", views.AidCompareView.as_view(), name="compare"),
    path("import/", views.AidImportView.as_view(), name="import"),
    path("import/<int:pk>/", views.AidImportJobView.as_view(), name="import_job"),
    path("import/template/", views.AidImportTemplateView.as_view(), name="import_template"),
    path("iati/export/", views.AidIatiExportView.as_view(), name="iati_export"),
    path("iati/import/", views.AidIatiImportView.as_view(), name="iati_import"),
    path("workflows/<int:pk>/copy/", views.WorkflowCopyView.as_view(), name="workflow_copy"),
    *object_urls(
        AidItem,
        prefix="items",
        list_view=views.AidItemListView,
        detail_view=views.AidItemDetailView,
        edit_view=views.AidItemEditView,
    ),
    *object_urls(
        AidDonor,
        prefix="donors",
        list_view=views.AidDonorListView,
        detail_view=views.AidDonorDetailView,
        edit_view=views.AidDonorEditView,
    ),
    *object_urls(
        AidTransaction,
        prefix="transactions",
        list_view=views.AidTransactionListView,
        detail_view=views.AidTransactionDetailView,
        edit_view=views.AidTransactionEditView,
    ),
    *object_urls(
        AidDocument,
        prefix="documents",
        list_view=views.AidDocumentListView,
        detail_view=views.AidDocumentDetailView,
        edit_view=views.AidDocumentEditView,
    ),
    *object_urls(
        Workflow,
        prefix="workflows",
        list_view=views.WorkflowListView,
        detail_view=views.WorkflowDetailView,
        edit_view=views.WorkflowEditView,
    ),
    *object_urls(
        WorkflowStep,
        prefix="workflow-steps",
        list_view=views.WorkflowStepListView,
        detail_view=views.WorkflowStepDetailView,
        edit_view=views.WorkflowStepEditView,
    ),
    *object_urls(
        WorkflowTransition,
        prefix="workflow-transitions",
        list_view=views.WorkflowTransitionListView,
        detail_view=views.WorkflowTransitionDetailView,
        edit_view=views.WorkflowTransitionEditView,
    ),
]
