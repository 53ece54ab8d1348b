"""Admin base: changes through the admin are audited like any other (source "admin")."""

from django.contrib import admin
from django.db import models

from .models import ExchangeRate


class AmityAdmin(admin.ModelAdmin):
    """Shows deleted records too; they are restored from the record's history page, which logs it."""

    readonly_fields = ("created", "updated", "version", "deleted_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return self.model.all_objects.all()


admin.site.register(ExchangeRate, AmityAdmin)
