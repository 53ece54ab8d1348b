"""The aid module's configuration in the admin: lifecycle rules by decree and province, groups."""

from django.contrib import admin

from amity.audit.admin import ReadOnlyAdmin
from amity.core.admin import AmityAdmin

from .models import AidItem, BeneficiaryGroup, Sector, Workflow, WorkflowStep, WorkflowTransition


class WorkflowStepInline(admin.TabularInline):
    model = WorkflowStep
    fields = ["status", "body", "deadline_days"]
    extra = 0

    def get_queryset(self, request):
        return WorkflowStep.objects.all()


class WorkflowTransitionInline(admin.TabularInline):
    model = WorkflowTransition
    fields = ["from_status", "to_status", "roles", "required_fields"]
    extra = 0

    def get_queryset(self, request):
        return WorkflowTransition.objects.all()


@admin.register(Workflow)
class WorkflowAdmin(AmityAdmin):
    list_display = ["name", "legal_basis", "valid_from", "valid_to"]
    filter_horizontal = ["units"]
    inlines = [WorkflowStepInline, WorkflowTransitionInline]


@admin.register(Sector)
class SectorAdmin(ReadOnlyAdmin):
    """Read only: the codes come from the IATI Sector code list (``sectors_load``)."""

    list_display = ["code", "name", "category_code", "active"]
    search_fields = ["code", "name"]


for model in (BeneficiaryGroup, AidItem):
    admin.site.register(model, AmityAdmin)
