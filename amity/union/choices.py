from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BodyKind(models.TextChoices):
    EXECUTIVE = "executive", _("Executive committee")
    STANDING = "standing", _("Standing committee")
    INSPECTION = "inspection", _("Inspection committee")


class Position(models.TextChoices):
    CHAIR = "chair", _("Chair")
    STANDING_VICE_CHAIR = "standing_vice_chair", _("Standing vice-chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY_GENERAL = "secretary_general", _("Secretary-general")
    MEMBER = "member", pgettext_lazy("elected body", "Member")


#: Positions a body holds one person in at a time.
SINGLE_POSITIONS = frozenset({Position.CHAIR, Position.STANDING_VICE_CHAIR, Position.SECRETARY_GENERAL})


class MetricKind(models.TextChoices):
    COUNT = "count", _("Count")
    MONEY = "money", _("Money (with currency)")
    NUMBER = "number", _("Other number")


class Measure(models.TextChoices):
    """Whether a figure is stated for a period (aid mobilised in a term) or as of a date (members)."""

    FLOW = "flow", _("Over a period")
    STOCK = "stock", _("As of a date")


class Qualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    ABOUT = "about", _("about")
    NEARLY = "nearly", _("nearly")
    MORE_THAN = "more_than", _("more than")
    AT_LEAST = "at_least", _("at least")


#: Qualifiers a metric that allows no approximation refuses.
APPROXIMATE = frozenset({Qualifier.ABOUT, Qualifier.NEARLY})


class SourceKind(models.TextChoices):
    DOCUMENT = "document", _("Document (number and date)")
    REPORT = "report", _("Report")
    MEETING = "meeting", _("Meeting or congress")
    ARTICLE = "article", _("Press article")
    OTHER = "other", _("Other")


class TermSource(models.TextChoices):
    """Where a unit's term comes from (``selectors.term_for``)."""

    OWN = "own", _("the unit's own congress")
    PARENT = "parent", _("the congress of a unit above")
    NATIONAL = "national", _("the national default")
