from django.contrib import admin

from amity.core.admin import AmityAdmin

from .models import Membership, Unit


@admin.register(Unit)
class UnitAdmin(AmityAdmin):
    list_display = ["name", "kind", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(AmityAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
