from django.contrib import admin

from amity.core.admin import AmityAdmin

from .models import Agreement, NGORegistration, Organisation, OrganisationMembership, OrganisationRelation, Person

for model in (Organisation, Person, Agreement, OrganisationMembership, OrganisationRelation, NGORegistration):
    admin.site.register(model, AmityAdmin)
