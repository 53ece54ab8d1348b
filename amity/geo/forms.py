"""The country group form (countries and administrative units are reference data loaded, not typed)."""

from amity.core.forms import AmityModelForm

from .models import CountryGroup


class CountryGroupForm(AmityModelForm):
    class Meta:
        model = CountryGroup
        fields = ["name", "description", "countries"]
