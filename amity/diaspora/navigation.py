from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Overseas compatriots"), "diaspora:compatriot_list"),
    (_("Contributions"), "diaspora:contribution_list"),
    (_("Diaspora statistics"), "diaspora:statistics"),
]
