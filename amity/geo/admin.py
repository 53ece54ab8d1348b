from django.contrib import admin

from amity.audit.admin import ReferenceAdmin
from amity.core.admin import AmityAdmin

from .models import AdminUnit, Country, CountryGroup, Region

admin.site.register(CountryGroup, AmityAdmin)
admin.site.register(Country, ReferenceAdmin)
admin.site.register(Region, ReferenceAdmin)
admin.site.register(AdminUnit, ReferenceAdmin)
