from django.utils.translation import gettext_lazy as _

ORDER = 900  # last: only administrators and auditors use it
MENU = [(_("Change log"), "audit:objectchange_list")]
