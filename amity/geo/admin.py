from django.contrib import admin

from amity.core.admin import AmityAdmin

from .models import AdminUnit, Country, CountryGroup, Region

admin.site.register(CountryGroup, AmityAdmin)
admin.site.register(Country, admin.ModelAdmin)
admin.site.register(Region, admin.ModelAdmin)
admin.site.register(AdminUnit, admin.ModelAdmin)
