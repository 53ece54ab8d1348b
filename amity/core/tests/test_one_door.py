"""One door for every read: what views, the API, tables, selectors and template tags read through a
model's manager goes through the restricted queryset (``scripts/unrestricted_reads.py`` finds the
reads that do not), unless it reads reference data anyone may read or is listed below with its
reason. And every model has a restricted queryset to go through."""

import importlib.util
import tempfile
from pathlib import Path

from django.apps import apps
from django.test import SimpleTestCase

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "unrestricted_reads.py"
spec = importlib.util.spec_from_file_location("unrestricted_reads", SCRIPT)
unrestricted_reads = importlib.util.module_from_spec(spec)
spec.loader.exec_module(unrestricted_reads)

THE_USERS_OWN = "the signed-in (or signing-in) user's own rows"
OF_RESTRICTED = "rows of records the same function read through restrict() (their ids or a queryset of them)"
SUBTREE_RULE = "a choice list with its own, wider rule: national ones and those of the unions above the user's"

#: (module, function or class, what is read) -> why it may read without restrict().
ALLOWED = {
    ("amity/accounts/views.py", "form_valid", "get_user_model"): THE_USERS_OWN,
    ("amity/accounts/views.py", "pending_user", "get_user_model"): THE_USERS_OWN,
    ("amity/units/selectors.py", "primary_unit", "Membership"): THE_USERS_OWN,
    ("amity/activities/selectors.py", "feed_token_owner", "CalendarFeedToken"): (
        "a calendar feed has no session: the secret token in its address names its owner"
    ),
    ("amity/activities/selectors.py", "activity_figures", "Activity"): OF_RESTRICTED,
    ("amity/activities/views.py", "get_context_data", "Person"): (
        "the activity's leader and members, filtered by core.personal.visible_people (names only where the user may see them)"
    ),
    ("amity/aid/selectors.py", "_items_in_scope", "AidItem"): (
        "restricted unless the user reaches every unit the scope holds, when the unit filter alone says it"
    ),
    ("amity/aid/selectors.py", "aid_figures", "AidTransaction"): OF_RESTRICTED,
    ("amity/aid/selectors.py", "_breakdown_rows", "AidDonor"): (
        "joined in the same query to the items of the restricted scope it is given"
    ),
    ("amity/aid/selectors.py", "_province_ranks", "through"): OF_RESTRICTED,
    ("amity/aid/selectors.py", "aid_totals_many", "AidItem"): OF_RESTRICTED,
    ("amity/aid/selectors.py", "aid_totals_many", "AidDonor"): OF_RESTRICTED,
    ("amity/aid/selectors.py", "aid_totals_many", "AidTransaction"): OF_RESTRICTED,
    ("amity/audit/selectors.py", "object_history", "ContentType"): "Django's list of models",
    ("amity/audit/selectors.py", "deletions_of", "ContentType"): "Django's list of models",
    ("amity/audit/selectors.py", "object_history", "ObjectChange"): (
        "the history of a record the caller has already read through restrict() (its page needs the record's own right)"
    ),
    ("amity/audit/selectors.py", "deletions_of", "ObjectChange"): OF_RESTRICTED,
    ("amity/awards/selectors.py", "award_type_choices", "AwardType"): SUBTREE_RULE,
    (
        "amity/awards/selectors.py",
        "award_type_choices",
        "Unit",
    ): "the paths of the units the user reaches (unit_ids_for_user)",
    ("amity/union/selectors.py", "metric_choices", "Metric"): SUBTREE_RULE,
    (
        "amity/union/selectors.py",
        "metric_choices",
        "Unit",
    ): "the paths of the units the user reaches (unit_ids_for_user)",
    ("amity/union/selectors.py", "term_for", "Congress"): (
        "the dates of the term a unit is in (its own congress, else the nearest one above): no record is shown"
    ),
    ("amity/union/selectors.py", "congress_bodies", "ElectedRole"): (
        "whether a person of the restricted roles held a role before (an Exists beside them, nothing read out)"
    ),
    ("amity/core/views.py", "get", "picker"): "restricted on the next line where the model has restrict() (a picker)",
    (
        "amity/core/views.py",
        "get",
        "model_class",
    ): "hasattr(model_class.objects, 'restrict'): whether the model has the door; reads nothing",
    ("amity/core/views.py", "get", "StoredFile"): "the stored type of a file whose record restrict() let through",
    ("amity/diaspora/selectors.py", "duplicate_persons", "Compatriot"): OF_RESTRICTED,
    ("amity/diaspora/selectors.py", "diaspora_figures", "Compatriot"): "restricted by _scope(), to which it is given",
    ("amity/diaspora/selectors.py", "diaspora_figures", "Contribution"): "restricted by _scope(), to which it is given",
    (
        "amity/diaspora/selectors.py",
        "diaspora_figures",
        "RemittanceStat",
    ): "restricted by _scope(), to which it is given",
    **{
        ("amity/diaspora/selectors.py", "diaspora_figures", model): "restricted by _scope(), to which it is given"
        for model in ("CompatriotTally", "ContributionTally", "ContributionTallyRate")
    },
    ("amity/diaspora/selectors.py", "diaspora_figures", "Organisation"): (
        "the names of the associations the restricted compatriots are members of"
    ),
    ("amity/diaspora/selectors.py", "read", "TallyState"): (
        "which units' roll-up is up to date: unit ids and a flag, no record; the figures restrict their rows"
    ),
    ("amity/diaspora/views.py", "get_context_data", "MergeRecord"): (
        "the merges into a compatriot the page read through restrict()"
    ),
    ("amity/plans/selectors.py", "task_list", "ProgressUpdate"): OF_RESTRICTED,
    ("amity/plans/selectors.py", "plan_figures", "Task"): OF_RESTRICTED,
}


def read_model(text: str) -> str:
    """The name a read starts from: ``Country`` of ``Country.objects.all()``."""
    return text.split(".", 1)[0].split("(", 1)[0]


def reference_models() -> set[str]:
    """Models of reference data anyone may read: no unit owns them (``unit_path = None``)."""
    return {
        model.__name__
        for model in apps.get_models()
        if model.__module__.startswith("amity.") and getattr(model, "unit_path", "") is None
    }


class OneDoorTest(SimpleTestCase):
    def test_every_read_goes_through_the_restricted_queryset_or_says_why_not(self):
        reference = reference_models()
        unexplained, used = [], set()
        for path, line, where, text in unrestricted_reads.scan():
            key = (path, where, read_model(text))
            if key[2] in reference:
                continue
            if key in ALLOWED:
                used.add(key)
            else:
                unexplained.append(f"{path}:{line} ({where}): {text}")
        self.assertEqual(
            unexplained, [], "read through .restrict(user, action), or add the read to ALLOWED with its reason"
        )
        self.assertEqual(sorted(set(ALLOWED) - used), [], "these reads are gone: drop them from ALLOWED")

    def test_every_model_has_a_restricted_queryset(self):
        missing = [
            model._meta.label
            for model in apps.get_models()
            if model.__module__.startswith("amity.")
            and not all(hasattr(manager.all(), "restrict") for manager in model._meta.managers)
        ]
        self.assertEqual(missing, [])

    def test_the_scan_finds_a_read_that_bypasses_restrict(self):
        source = (
            "class PersonViewSet(AmityViewSet):\n"
            "    queryset = Person.objects.select_related('country')\n"  # the viewset restricts it
            "def shown(user, unit):\n"
            "    Person.objects.restrict(user).within(unit)\n"
            "    Person.objects.none()\n"
            "    Person.objects.create(full_name='A')\n"
            "    return Person.objects.filter(unit=unit).order_by('pk')\n"
        )
        with tempfile.TemporaryDirectory() as tmp:
            module = Path(tmp, "selectors.py")
            module.write_text(source)
            found = unrestricted_reads.unrestricted_reads(module)
        self.assertEqual(found, [(7, "shown", "Person.objects.filter(unit=unit).order_by('pk')")])
