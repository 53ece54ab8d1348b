from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationKind(models.TextChoices):
    FRIENDSHIP_ASSOCIATION = "friendship_association", _("Friendship association")
    BRANCH = "branch", _("Branch")
    FOREIGN_LOCALITY = "foreign_locality", _("Foreign locality")
    FOREIGN_NGO = "foreign_ngo", _("Foreign NGO")
    EMBASSY = "embassy", _("Embassy/consulate")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    BUSINESS = "business", _("Business")
    UNIVERSITY = "university", _("University/school")
    OTHER = "other", _("Other")


class PersonKind(models.TextChoices):
    MEMBER = "member", _("Member")
    CADRE = "cadre", _("Cadre")
    FOREIGN_FRIEND = "foreign_friend", _("Foreign friend")
    OVERSEAS_VIETNAMESE = "overseas_vietnamese", _("Overseas Vietnamese")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class RelationKind(models.TextChoices):
    TWINNING = "twinning", _("Twinning")
    PARTNERSHIP = "partnership", _("Partnership")
    COORDINATION = "coordination", _("Coordination")
    MEMBERSHIP = "membership", _("Membership")


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    COOPERATION = "cooperation", _("Cooperation agreement")
    PROTOCOL = "protocol", _("Protocol")
    OTHER = "other", _("Other")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("agreement status", "Draft")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class NGORegistrationKind(models.TextChoices):
    OPERATION = "operation", _("Registration certificate for operation")
    PROJECT_OFFICE = "project_office", _("Registration certificate for a project office")
    REPRESENTATIVE_OFFICE = "representative_office", _("Registration certificate for a representative office")
