from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Congresses and terms"), "union:congress_list"),
    (_("Stated figures"), "union:statedfigure_list"),
    (_("Stated and computed roll-up"), "union:rollup"),
    (_("Elected roles"), "union:electedrole_list"),
    (_("Metric catalogue"), "union:metric_list"),
    (_("National default terms"), "union:nationalterm_list"),
]
