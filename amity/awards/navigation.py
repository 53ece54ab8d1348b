from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Awards"), "awards:award_list"),
    (_("Award decisions"), "awards:decision_list"),
    (_("Nominations"), "awards:nomination_list"),
    (_("Award types"), "awards:awardtype_list"),
    (_("Award figures"), "awards:counts"),
]
