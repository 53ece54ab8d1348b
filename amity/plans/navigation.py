from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Directives"), "plans:directive_list"),
    (_("Plans"), "plans:plan_list"),
]
