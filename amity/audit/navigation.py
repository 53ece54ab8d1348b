from django.utils.translation import gettext_lazy as _

MENU = [(_("Change log"), "audit:objectchange_list")]
