from django.utils.translation import gettext_lazy as _

MENU = [(_("Reports"), "reports:report_list")]
