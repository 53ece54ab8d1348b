from django.contrib import admin

from .models import ExportLog, ObjectChange
from .signals import record_change
from .snapshots import snapshot


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail is read-only everywhere, the admin included."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReferenceAdmin(admin.ModelAdmin):
    """Admin edits of reference data kept outside the audited records (countries, regions,
    administrative units: their official syncs log in bulk) write the change log all the same."""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj)._base_manager.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        after = snapshot(obj)
        if before != after:
            action = ObjectChange.Action.UPDATE if change else ObjectChange.Action.CREATE
            record_change(obj, action=action, before=before, after=after)

    def delete_model(self, request, obj):
        before, pk = snapshot(obj), obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        record_change(obj, action=ObjectChange.Action.DELETE, before=before, after=None)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(ObjectChange)
class ObjectChangeAdmin(ReadOnlyAdmin):
    list_display = ["time", "actor_name", "source", "action", "content_type", "object_repr"]
    list_filter = ["source", "action", "content_type"]


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    list_display = ["time", "actor_name", "content_type", "format", "row_count", "personal"]
