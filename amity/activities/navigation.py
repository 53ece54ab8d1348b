from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Activities"), "activities:activity_list"),
    (_("Calendar"), "activities:calendar"),
]
