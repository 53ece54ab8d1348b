from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Activities"), "activities:activity_list"),
    (_("Calendar"), "activities:calendar"),
    (_("Activity figures"), "activities:figures"),
    (_("Diplomatic relations"), "activities:diplomaticrelation_list"),
    (_("National days"), "activities:nationalday_list"),
    (_("Reminders and iCalendar feed"), "activities:subscription"),
]
