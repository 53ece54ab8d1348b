from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Organisations"), "registry:organisation_list"),
    (_("People"), "registry:person_list"),
    (_("Agreements"), "registry:agreement_list"),
]
