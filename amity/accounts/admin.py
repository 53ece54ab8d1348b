from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see who holds tokens until when, and revoke one by deleting it."""

    list_display = ["user", "created", "expires"]
    list_filter = ["expires"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "key_hash", "created", "expires"]

    def has_add_permission(self, request):
        return False
