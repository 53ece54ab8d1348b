from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Organisations"), "registry:organisation_list"),
    (_("People"), "registry:person_list"),
    (_("Agreements"), "registry:agreement_list"),
    (_("Registration certificates"), "registry:ngoregistration_list"),
    (_("Memberships"), "registry:organisationmembership_list"),
    (_("Relations between organisations"), "registry:organisationrelation_list"),
]
