from django.contrib import admin

from .models import ExportLog, ObjectChange


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail is read-only everywhere, the admin included."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ObjectChange)
class ObjectChangeAdmin(ReadOnlyAdmin):
    list_display = ["time", "actor_name", "source", "action", "content_type", "object_repr"]
    list_filter = ["source", "action", "content_type"]


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    list_display = ["time", "actor_name", "content_type", "format", "row_count", "personal"]
