"""Reads of the partners registry, always restricted to the user's units."""

from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from amity.core.dates import in_period
from amity.core.personal import with_names_visible
from amity.core.querysets import count_of
from amity.core.text import fold
from amity.units.rollup import rows_data, unit_rollup

from .choices import OrganisationKind
from .models import Agreement, NGORegistration, Organisation, OrganisationMembership, OrganisationRelation, Person


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


def organisation_counts_by_kind(*, user) -> list[tuple[str, int]]:
    """(kind label, count) for the dashboard chart."""
    labels = dict(OrganisationKind.choices)
    rows = Organisation.objects.restrict(user).values("kind").annotate(n=Count("pk")).order_by("-n")
    return [(str(labels.get(r["kind"], r["kind"])), r["n"]) for r in rows]


def registry_figures(*, user, unit=None, start: date | None = None, end: date | None = None, day=None) -> dict:
    """Organisations (with friendship associations and their members) and agreements signed in the
    period, in total and by the union of ``day`` that keeps them (``units.rollup``; today by default).
    Each ``by_unit`` row list sums to its total."""
    rollup = unit_rollup(day=day)
    organisations = Organisation.objects.restrict(user)
    agreements = in_period(Agreement.objects.restrict(user), "signed_on", start, end)
    if unit is not None:
        members = rollup.members_of(unit)
        organisations = organisations.filter(unit_id__in=members)
        agreements = agreements.filter(unit_id__in=members)
    associations = Q(kind=OrganisationKind.FRIENDSHIP_ASSOCIATION)
    by_unit = rollup.aggregate(
        organisations,
        count=Count("pk"),
        associations=Count("pk", filter=associations),
        members=Sum("member_count"),
    )
    return {
        "day": rollup.day,
        "organisations": organisations.count(),
        "associations": organisations.filter(associations).count(),
        "members": organisations.aggregate(n=Sum("member_count"))["n"] or 0,
        "agreements": agreements.count(),
        "by_unit": rows_data(by_unit),
        "agreements_by_unit": rows_data(rollup.aggregate(agreements, count=Count("pk"))),
    }
