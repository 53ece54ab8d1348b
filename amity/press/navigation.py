from django.utils.translation import gettext_lazy as _

MENU = [(_("Press articles"), "press:article_list")]
