from rest_framework.routers import DefaultRouter

from . import views

app_name = "aid-api"

router = DefaultRouter()
router.register("items", views.AidItemViewSet)
router.register("donors", views.AidDonorViewSet)
router.register("transactions", views.AidTransactionViewSet)
router.register("documents", views.AidDocumentViewSet)
router.register("sectors", views.SectorViewSet)
router.register("beneficiary-groups", views.BeneficiaryGroupViewSet)
router.register("workflows", views.WorkflowViewSet)
router.register("workflow-steps", views.WorkflowStepViewSet)
router.register("workflow-transitions", views.WorkflowTransitionViewSet)
urlpatterns = router.urls
