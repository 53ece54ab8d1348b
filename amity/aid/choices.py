from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AidKind(models.TextChoices):
    PROJECT = "project", _("Project")
    NON_PROJECT = "non_project", _("Non-project aid")


class AidStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("aid item status", "Proposed")
    APPRAISAL = "appraisal", _("Under appraisal")
    APPROVED = "approved", _("Approved")
    IMPLEMENTATION = "implementation", _("In implementation")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", pgettext_lazy("aid item status", "Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    SUSPENDED = "suspended", _("Suspended")


#: Statuses of aid that has been approved: what the figures of a period count.
APPROVED_STATUSES = frozenset(
    {AidStatus.APPROVED, AidStatus.IMPLEMENTATION, AidStatus.COMPLETED, AidStatus.CLOSED, AidStatus.SUSPENDED}
)

#: The statuses aid decided before its workflow existed may be recorded with.
HISTORIC_STATUSES = APPROVED_STATUSES | {AidStatus.REJECTED, AidStatus.CANCELLED}


class TransactionKind(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment")
    DISBURSEMENT = "disbursement", _("Disbursement")


#: Data a transition may ask for, with the item field each one is stored in.
TRANSITION_FIELDS = {
    "decision_number": _("decision number"),
    "decision_date": _("decision date"),
    "approving_body": _("approving body"),
    "note": _("note"),
}
