"""One door for every read: what views, the API, tables, selectors and template tags read through a
model's manager goes through the restricted queryset (``scripts/unrestricted_reads.py`` finds the
reads that do not, by the rules its docstring states), or is listed below with its reason. And
every model has a restricted queryset to go through."""

import importlib.util
import tempfile
from pathlib import Path

from django.apps import apps
from django.test import SimpleTestCase

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "unrestricted_reads.py"
spec = importlib.util.spec_from_file_location("unrestricted_reads", SCRIPT)
unrestricted_reads = importlib.util.module_from_spec(spec)
spec.loader.exec_module(unrestricted_reads)

OF_RESTRICTED = "rows of records its caller read through restrict() (their ids or a queryset of them)"
ITS_SCOPE = "restricted by _scope(), to which it is given"

#: (module, function or class, what is read) -> why it may read without restrict(). What the
#: script's rules leave out (reference data, Django's own unowned models, rows tied to records the
#: same function read through the door, reads inside a restricted chain) is not listed here.
ALLOWED = {
    ("amity/activities/selectors.py", "feed_token_owner", "CalendarFeedToken"): (
        "a calendar feed has no session: the secret token in its address names its owner"
    ),
    ("amity/aid/selectors.py", "_items_in_scope", "AidItem"): (
        "restricted unless the user reaches every unit the scope holds, when the unit filter alone says it"
    ),
    ("amity/aid/selectors.py", "_breakdown_rows", "AidDonor"): (
        "joined in the same query to the items of the restricted scope it is given"
    ),
    ("amity/aid/selectors.py", "_missing_rates", "AidTransaction"): OF_RESTRICTED,
    ("amity/union/selectors.py", "_stating_units", "StatedFigure"): (
        "the ids of the units holding a stated figure, never shown: a unit outside them has none to show, and "
        "the figures shown are read through the door"
    ),
    ("amity/audit/selectors.py", "object_history", "ObjectChange"): (
        "the history of a record the caller has already read through restrict() (its page needs the record's own right)"
    ),
    ("amity/audit/selectors.py", "deletions_of", "ObjectChange"): OF_RESTRICTED,
    ("amity/union/selectors.py", "_read_congresses_above", "Congress"): (
        "the dates of the term a unit is in (its own congress, else the nearest one above): no record is shown"
    ),
    ("amity/diaspora/selectors.py", "duplicate_persons", "Compatriot"): OF_RESTRICTED,
    ("amity/diaspora/selectors.py", "diaspora_figures", "Compatriot"): ITS_SCOPE,
    ("amity/diaspora/selectors.py", "diaspora_figures", "Contribution"): ITS_SCOPE,
    ("amity/diaspora/selectors.py", "diaspora_figures", "RemittanceStat"): ITS_SCOPE,
    **{
        ("amity/diaspora/selectors.py", "diaspora_figures", model): ITS_SCOPE
        for model in ("CompatriotTally", "ContributionTally", "ContributionTallyRate")
    },
    ("amity/diaspora/selectors.py", "read", "TallyState"): (
        "which units' roll-up is up to date: unit ids and a flag, no record; the figures restrict their rows"
    ),
}


class OneDoorTest(SimpleTestCase):
    def test_every_read_goes_through_the_restricted_queryset_or_says_why_not(self):
        unexplained, used = [], set()
        for path, line, where, text in unrestricted_reads.scan():
            key = (path, where, unrestricted_reads.read_model(text))
            if key in ALLOWED:
                used.add(key)
            else:
                unexplained.append(f"{path}:{line} ({where}): {text}")
        self.assertEqual(
            unexplained, [], "read through .restrict(user, action), or add the read to ALLOWED with its reason"
        )
        self.assertEqual(sorted(set(ALLOWED) - used), [], "these reads are gone: drop them from ALLOWED")

    def test_the_models_the_script_takes_for_unowned_are_those_no_unit_owns(self):
        """Rule 2 reads ``unit_path = None`` from the source; the models say the same when loaded."""
        unowned, _links = unrestricted_reads.unowned_models()
        declared = {
            model.__name__
            for model in apps.get_models()
            if model.__module__.startswith("amity.") and getattr(model, "unit_path", "") is None
        }
        self.assertEqual(unowned, declared)
        self.assertIn("Country", unowned)
        self.assertNotIn("Compatriot", unowned)

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

    def test_rows_tied_to_restricted_records_are_left_out_and_a_unit_is_no_tie(self):
        source = (
            "def figures(user, unit_pk):\n"
            "    activities = activities_in(user=user)\n"  # a selector given the user
            "    ids = activities.values('pk')\n"
            "    Activity.countries.through.objects.filter(activity__in=ids)\n"  # rule 3
            "    record = get_object_or_404(Person.objects.restrict(user), pk=1)\n"
            "    Membership.objects.filter(person=record)\n"  # rule 3: the record's own rows
            "    Country.objects.all()\n"  # rule 2: no unit owns it
            "    Task.objects.restrict(user).prefetch_related(Prefetch('updates', ProgressUpdate.objects.all()))\n"
            "    hasattr(Task.objects, 'restrict')\n"  # rule 5
            "    unit = access_unit(user=user, pk=unit_pk)\n"
            "    return Compatriot.objects.filter(unit=unit)\n"  # viewing a unit is no right to its people
        )
        with tempfile.TemporaryDirectory() as tmp:
            module = Path(tmp, "selectors.py")
            module.write_text(source)
            found = unrestricted_reads.unrestricted_reads(module)
        self.assertEqual(found, [(11, "figures", "Compatriot.objects.filter(unit=unit)")])
