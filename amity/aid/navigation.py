from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Foreign aid"), "aid:aiditem_list"),
    (_("Aid figures"), "aid:figures"),
]
