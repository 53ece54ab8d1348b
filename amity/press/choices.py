from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")
    ZH = "zh", _("Chinese")
    RU = "ru", _("Russian")


class SourceFormat(models.TextChoices):
    PASTED = "pasted", _("Pasted text")
    TXT = "txt", _("Text file")
    HTML = "html", _("Web page (HTML)")
    DOCX = "docx", _("Word document")
    PDF = "pdf", _("PDF")


class FactKind(models.TextChoices):
    MONEY = "money", _("Money")
    COUNT = "count", _("Count")
    DATE = "date", _("Date")
    PERIOD = "period", _("Period")
    DOCUMENT = "document", _("Document number")
    ORGANISATION = "organisation", _("Organisation")
    PLACE = "place", _("Place")
    PERSON = "person", _("Person")
    CONGRESS = "congress", _("Congress")
    DELEGATION = "delegation", _("Delegation")
    AWARD = "award", _("Award")


class FactStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Target(models.TextChoices):
    """What an accepted fact becomes or is linked to."""

    ACTIVITY = "activity", _("Activity")
    PARTNER = "partner", _("Partner")
    PERSON = "person", _("Person")
    AID_ITEM = "aid_item", _("Aid item")
    AWARD = "award", _("Award")
    PLAN = "plan", _("Plan")
    STATED_FIGURE = "stated_figure", _("Stated figure")
    CONGRESS = "congress", _("Congress")
    NOTE = "note", _("Kept on the article only")


#: Which targets make sense for each kind of fact (the first is offered first).
TARGETS_BY_KIND = {
    FactKind.MONEY: [Target.STATED_FIGURE, Target.AID_ITEM, Target.NOTE],
    FactKind.COUNT: [Target.STATED_FIGURE, Target.NOTE],
    FactKind.DATE: [Target.ACTIVITY, Target.NOTE],
    FactKind.PERIOD: [Target.CONGRESS, Target.NOTE],
    FactKind.DOCUMENT: [Target.PLAN, Target.NOTE],
    FactKind.ORGANISATION: [Target.PARTNER, Target.NOTE],
    FactKind.PLACE: [Target.ACTIVITY, Target.NOTE],
    FactKind.PERSON: [Target.PERSON, Target.NOTE],
    FactKind.CONGRESS: [Target.CONGRESS, Target.NOTE],
    FactKind.DELEGATION: [Target.ACTIVITY, Target.NOTE],
    FactKind.AWARD: [Target.AWARD, Target.NOTE],
}
