"""Reads of the partners registry, always restricted to the user's units."""

from datetime import date, timedelta

from django.db.models import Case, Count, F, Min, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amity.core.dates import in_period
from amity.core.personal import with_names_visible
from amity.core.querysets import count_of
from amity.core.text import fold
from amity.units.rollup import rows_data, unit_rollup

from .choices import OrganisationKind
from .models import Agreement, NGORegistration, Organisation, OrganisationMembership, OrganisationRelation, Person
from .querysets import (
    FOREIGN_FRIENDSHIP_ASSOCIATION,
    MEMBER_ASSOCIATION,
    current_membership,
    member_association_figures,
)


def organisation_list(*, user, action: str = "view") -> QuerySet[Organisation]:
    """Each with ``member_total``, counted by a subquery for the rows on the page: grouping every
    organisation the central union sees with its memberships took half a second a page."""
    return (
        Organisation.objects.restrict(user, action)
        .select_related("unit", "country", "partner_country", "province", "parent")
        .annotate(member_total=count_of(OrganisationMembership.objects.all(), "organisation"))
        .order_by("name", "pk")
    )


def access_organisation(*, user, pk: int, action: str = "view") -> Organisation:
    return get_object_or_404(organisation_list(user=user, action=action), pk=pk)


def person_list(*, user, action: str = "view") -> QuerySet[Person]:
    return Person.objects.restrict(user, action).select_related("unit", "country")


#: A person's memberships, the one begun last first (the last entered, among those without a day).
LATEST_FIRST = (F("start").desc(nulls_last=True), "-pk")


def person_list_with_organisations(*, user) -> QuerySet[Person]:
    """``person_list`` with ``current_memberships``: each person's current memberships, in the
    organisations the user sees (the people list's column), read in one query for the page; the one
    the person form shows first (``person_current_membership``)."""
    memberships = (
        OrganisationMembership.objects.restrict(user).filter(current_membership()).select_related("organisation")
    )
    return person_list(user=user).prefetch_related(
        Prefetch("memberships", queryset=memberships.order_by(*LATEST_FIRST), to_attr="current_memberships")
    )


def person_current_membership(*, user, person: Person) -> OrganisationMembership | None:
    """The membership the person form shows as where the person works: of the person's current
    memberships that the user sees, the one begun last."""
    return (
        person.memberships.restrict(user)
        .filter(current_membership())
        .select_related("organisation")
        .order_by(*LATEST_FIRST)
        .first()
    )


def agreement_list(*, user, action: str = "view") -> QuerySet[Agreement]:
    return Agreement.objects.restrict(user, action).select_related("unit").prefetch_related("parties")


def membership_list(*, user, action: str = "view") -> QuerySet[OrganisationMembership]:
    """Memberships in the user's organisations, each with ``person_visible``: whether the user may
    see the member's name (a viewer, or the central union, sees that a member is there, not who)."""
    qs = OrganisationMembership.objects.restrict(user, action).select_related("person", "organisation")
    return with_names_visible(qs, user=user)


def relations_of(*, user, organisation: Organisation) -> QuerySet[OrganisationRelation]:
    """The organisation's relations whose other side the user may see too."""
    visible = Organisation.objects.restrict(user)
    return (
        OrganisationRelation.objects.restrict(user)
        .filter(Q(source=organisation) | Q(target=organisation), source__in=visible, target__in=visible)
        .select_related("source", "target")
    )


def name_search(queryset: QuerySet, query: str) -> QuerySet:
    """Every word of the query, folded, must appear in the folded name."""
    for word in fold(query).split():
        queryset = queryset.filter(search_name__contains=word)
    return queryset


def agreements_due(*, user, within_days: int = 90) -> QuerySet[Agreement]:
    """Agreements whose renewal or end falls within the coming days."""
    today = timezone.localdate()
    horizon = today + timedelta(days=within_days)
    return (
        agreement_list(user=user)
        .filter(Q(renewal_due__range=(today, horizon)) | Q(term_end__range=(today, horizon)))
        .order_by("renewal_due", "term_end")
    )


def registrations_expiring(*, user, within_days: int = 90) -> QuerySet[NGORegistration]:
    today = timezone.localdate()
    return (
        NGORegistration.objects.restrict(user)
        .filter(valid_until__range=(today, today + timedelta(days=within_days)))
        .select_related("organisation")
    )


#: The line of "Organisations by kind" holding the friendship associations and branches abroad.
FOREIGN_FRIENDSHIP = "foreign_friendship_association"


def organisation_counts_by_kind(*, user, unit_ids=None) -> list[tuple[str, int]]:
    """(kind, count) of the organisations the user sees (of ``unit_ids``, when given), for the
    dashboard's chart and the report's partners: most first, a tie in the order of the list (the
    kind whose first name comes first). Friendship associations and branches registered abroad have
    their own line: they are partners, and the line "Friendship association" holds the member
    associations that the figures count."""
    organisations = Organisation.objects.restrict(user)
    if unit_ids is not None:
        organisations = organisations.filter(unit_id__in=unit_ids)
    labels = {**dict(OrganisationKind.choices), FOREIGN_FRIENDSHIP: _("Foreign friendship association")}
    by_kind = (
        organisations.order_by()
        .annotate(line=Case(When(FOREIGN_FRIENDSHIP_ASSOCIATION, then=Value(FOREIGN_FRIENDSHIP)), default=F("kind")))
        .values_list("line")
        .annotate(n=Count("pk"), first=Min("name"), pk=Min("pk"))
    )
    return [(str(labels.get(k, k)), n) for k, n, _first, _pk in sorted(by_kind, key=lambda r: (-r[1], r[2], r[3]))]


def registry_figures(*, user, unit=None, start: date | None = None, end: date | None = None, day=None) -> dict:
    """Organisations, the member associations among them and their members (``registry.querysets``:
    Vietnamese friendship associations; the members their records count, never a foreign partner's),
    and agreements signed in the period, in total and by the union of ``day`` that keeps them
    (``units.rollup``; today by default). Each ``by_unit`` row list sums to its total."""
    rollup = unit_rollup(day=day)
    organisations = Organisation.objects.restrict(user)
    agreements = in_period(Agreement.objects.restrict(user), "signed_on", start, end)
    if unit is not None:
        members = rollup.members_of(unit)
        organisations = organisations.filter(unit_id__in=members)
        agreements = agreements.filter(unit_id__in=members)
    counted = member_association_figures()
    by_unit = rollup.aggregate(
        organisations, count=Count("pk"), associations=counted["associations"], members=counted["members"]
    )
    return {
        "day": rollup.day,
        "organisations": organisations.count(),
        "associations": organisations.filter(MEMBER_ASSOCIATION).count(),
        "members": organisations.aggregate(n=counted["members"])["n"] or 0,
        "agreements": agreements.count(),
        "by_unit": rows_data(by_unit),
        "agreements_by_unit": rows_data(rollup.aggregate(agreements, count=Count("pk"))),
    }
