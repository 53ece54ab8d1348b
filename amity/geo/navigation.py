from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Countries"), "geo:country_list"),
    (_("Country groups"), "geo:countrygroup_list"),
    (_("Provinces and communes"), "geo:adminunit_list"),
]
