from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class LegalBasis(models.TextChoices):
    """Grounds for processing under Law 91/2025/QH15 on Personal Data Protection."""

    CONSENT = "consent", _("Consent of the data subject")
    CONTRACT = "contract", _("Performance of an agreement with the data subject")
    LEGAL_OBLIGATION = "legal_obligation", _("Obligation under the law")
    PUBLIC_TASK = "public_task", _("Task of a state or public body")
    VITAL_INTEREST = "vital_interest", _("Protection of life or health")


class ContributionKind(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")


class Purpose(models.TextChoices):
    COVID_VACCINE = "covid_vaccine", _("COVID-19 prevention and vaccine fund")
    SCHOLARSHIP = "scholarship", _("Scholarships")
    DISASTER_RELIEF = "disaster_relief", _("Disaster relief")
    CHARITY = "charity", _("Social and humanitarian charity")
    INVESTMENT = "investment", _("Investment and business")
    OTHER = "other", _("Other")
