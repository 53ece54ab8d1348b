from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Overseas compatriots"), "diaspora:compatriot_list"),
    (_("Contributions"), "diaspora:contribution_list"),
    (_("Remittances"), "diaspora:remittancestat_list"),
    (_("Possible duplicates"), "diaspora:duplicates"),
    (_("Import compatriots"), "diaspora:import"),
    (_("Diaspora statistics"), "diaspora:statistics"),
]
