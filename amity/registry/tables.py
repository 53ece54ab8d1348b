import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from amity.core.dates import partial_date_column
from amity.core.personal import HIDDEN_NAME
from amity.core.tables import Table

from .models import Agreement, NGORegistration, Organisation, OrganisationMembership, OrganisationRelation, Person


class OrganisationTable(Table):
    name = tables.Column(linkify=True)
    member_total = tables.Column(verbose_name=_("people linked"), orderable=True)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "name_original",
            "kind",
            "country",
            "partner_country",
            "province",
            "unit",
            "member_count",
            "member_total",
        ]
        attrs = {"class": "table table-sm table-striped"}


class PersonTable(Table):
    """Each person with the organisations they work in or are a member of now (``current_memberships``
    of ``selectors.person_list_with_organisations``)."""

    full_name = tables.Column(linkify=True)
    organisations = tables.Column(verbose_name=_("organisation"), empty_values=(), orderable=False)

    class Meta:
        model = Person
        fields = ["full_name", "name_original", "kind", "position", "organisations", "country", "unit"]
        attrs = {"class": "table table-sm table-striped"}

    def render_organisations(self, record):
        links = [(m.organisation.get_absolute_url(), m.organisation) for m in record.current_memberships]
        return format_html_join("; ", '<a href="{}">{}</a>', links) if links else "—"

    def value_organisations(self, record):
        return "; ".join(str(m.organisation) for m in record.current_memberships)


class AgreementTable(Table):
    title = tables.Column(linkify=True)
    signed_on = partial_date_column("signed_on", verbose_name=_("signed on"))
    parties = tables.ManyToManyColumn(verbose_name=_("parties"))

    class Meta:
        model = Agreement
        fields = [
            "title",
            "kind",
            "parties",
            "signed_on",
            "term_end",
            "status",
            "renewal_due",
            "mfa_consulted_on",
            "reported_on",
            "unit",
        ]
        attrs = {"class": "table table-sm table-striped"}


class OrganisationMembershipTable(Table):
    person = tables.Column(verbose_name=_("person"))
    organisation = tables.Column(linkify=True)
    role = tables.Column(linkify=("registry:organisationmembership_detail", {"pk": tables.A("pk")}), default="–")

    class Meta:
        model = OrganisationMembership
        fields = ["person", "organisation", "role", "start", "end"]
        attrs = {"class": "table table-sm table-striped"}

    def render_person(self, record):
        if not record.person_visible:
            return HIDDEN_NAME
        return format_html('<a href="{}">{}</a>', record.person.get_absolute_url(), record.person)

    def value_person(self, record):
        return str(record.person) if record.person_visible else str(HIDDEN_NAME)


class OrganisationRelationTable(Table):
    source = tables.Column(linkify=True)
    target = tables.Column(linkify=True)
    kind = tables.Column(linkify=("registry:organisationrelation_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = OrganisationRelation
        fields = ["source", "kind", "target", "since", "until"]
        attrs = {"class": "table table-sm table-striped"}


class NGORegistrationTable(Table):
    organisation = tables.Column(linkify=True)
    number = tables.Column(linkify=("registry:ngoregistration_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = NGORegistration
        fields = ["organisation", "kind", "number", "valid_from", "valid_until"]
        attrs = {"class": "table table-sm table-striped"}
