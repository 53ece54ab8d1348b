"""Which organisations of the registry are a union's member associations, and whose members count;
which of a person's memberships are current.

The registry keeps, beside a union's own bilateral friendship associations ("Hội hữu nghị Việt Nam –
Nhật Bản tỉnh Bắc Giang") and their branches, foreign partners of the same kind (Japan's side of that
friendship, registered in Japan) and other organisations with a member count (a foreign NGO, a
university). Every figure of member associations and members (the registry's figures and API, the
reports' sections, the national roll-up) counts through these conditions, and only them.
"""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .choices import OrganisationKind

#: The country code of an organisation registered in Vietnam.
VIETNAM = "VN"

#: Registered in Vietnam, or with no country given: an organisation is foreign only when its
#: country is another (``Organisation.registered_abroad`` in Python, which the awards read for a
#: collective recipient's origin).
VIETNAMESE = Q(country__isnull=True) | Q(country__iso_alpha2=VIETNAM)

#: A union's member association: a Vietnamese friendship association.
MEMBER_ASSOCIATION = Q(kind=OrganisationKind.FRIENDSHIP_ASSOCIATION) & VIETNAMESE
#: A branch of a member association (chi hội), Vietnamese as its association.
MEMBER_BRANCH = Q(kind=OrganisationKind.BRANCH) & VIETNAMESE
#: A friendship association or branch registered abroad: a partner, never a member association.
FOREIGN_FRIENDSHIP_ASSOCIATION = (
    Q(kind__in=(OrganisationKind.FRIENDSHIP_ASSOCIATION, OrganisationKind.BRANCH)) & ~VIETNAMESE
)

#: Whose member counts are summed into a union's members. A union reports "9 associations, some 85
#: branches, nearly 6,000 members": its members are the people of its member associations, and an
#: association's count holds its branches' members. So each member association's own count is
#: summed, and a branch's only where its association records none (or it has no live association):
#: each member is counted once. Never summed: the count a union keeps on its own record (its total,
#: which repeats its associations' counts; the union's own statement of it is a stated figure),
#: and the counts of foreign partners, NGOs, universities and other organisations.
MEMBERS_COUNTED = MEMBER_ASSOCIATION | (
    MEMBER_BRANCH & (Q(parent__member_count__isnull=True) | Q(parent__deleted_at__isnull=False))
)


def member_association_figures(where: Q | None = None) -> dict:
    """The aggregates of member associations, branches and members (``MEMBERS_COUNTED``), for
    ``aggregate()`` or ``values(...).annotate()`` over any organisations: the figures of a union,
    of each unit, of each union of a day. ``where`` narrows them to some of the organisations (one
    union's, of many aggregated in one query)."""
    where = where or Q()
    return {
        "associations": Count("pk", filter=MEMBER_ASSOCIATION & where),
        "branches": Count("pk", filter=MEMBER_BRANCH & where),
        "members": Sum("member_count", filter=MEMBERS_COUNTED & where),
    }


def members_counted_of(branches: QuerySet) -> Coalesce:
    """A member association's members as the figures count them, as an annotation: its own count,
    else the sum of its branches' among ``branches`` (None when neither is recorded)."""
    per_association = (
        branches.filter(MEMBER_BRANCH, parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(n=Sum("member_count"))
        .values("n")
    )
    return Coalesce("member_count", Subquery(per_association))


def current_membership() -> Q:
    """A membership with no end or one after today: where a person works or is a member now. One
    ending today is over: the person form ends a membership today when it names another organisation."""
    return Q(end__isnull=True) | Q(end__gt=timezone.localdate())
