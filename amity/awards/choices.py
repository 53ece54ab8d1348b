from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AwardKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate of merit")
    MEDAL = "medal", _("Medal")
    BADGE = "badge", _("Commemorative badge")
    OTHER = "other", _("Other")


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")


class RecipientOrigin(models.TextChoices):
    VIETNAMESE = "vietnamese", pgettext_lazy("award recipient", "Vietnamese")
    FOREIGN = "foreign", pgettext_lazy("award recipient", "Foreign")
    OVERSEAS_VIETNAMESE = "overseas_vietnamese", _("Overseas Vietnamese")


class NominationStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("nomination status", "Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", pgettext_lazy("nomination status", "Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: The moves on a nomination: the status each leads to, and the action (core/roles.ROLE_ACTIONS)
#: a user needs over the nomination's unit to make it. Approving and rejecting are the union's
#: leaders' (administrators); whoever edits the nomination may withdraw it.
NOMINATION_MOVES: dict[str, tuple[str, str]] = {
    "approve": (NominationStatus.APPROVED, "manage"),
    "reject": (NominationStatus.REJECTED, "manage"),
    "withdraw": (NominationStatus.WITHDRAWN, "change"),
}
