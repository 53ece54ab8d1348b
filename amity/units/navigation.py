from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Units"), "units:unit_list"),
    (_("User accounts"), "units:useraccount_list"),
    (_("Users and roles"), "units:membership_list"),
]
