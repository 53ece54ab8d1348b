from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    CENTRAL = "central", _("Central union")
    PROVINCIAL = "provincial", _("Provincial/city union")
    ASSOCIATION = "association", _("Member association")
    BRANCH = "branch", _("Branch")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")
    AUDITOR = "auditor", _("Auditor")


#: What each role may do inside its unit subtree. "view_personal" opens personal data;
#: "audit" opens the change log of everything in the subtree.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({"view", "add", "change", "delete", "export", "view_personal", "audit", "manage"}),
    Role.EDITOR: frozenset({"view", "add", "change", "delete", "export", "view_personal"}),
    Role.VIEWER: frozenset({"view", "export"}),
    Role.AUDITOR: frozenset({"view", "export", "audit"}),
}
