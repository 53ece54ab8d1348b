from django.utils.translation import gettext_lazy as _

MENU = [(_("Awards"), "awards:award_list")]
