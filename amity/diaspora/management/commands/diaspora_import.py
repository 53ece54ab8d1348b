"""Import compatriots from an .xlsx/.csv file on the command line, with a progress bar."""

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from amity.core.jobs import TqdmProgress
from amity.core.tabular import ImportRefused, parse_date
from amity.diaspora import imports
from amity.units.models import Unit


class Command(BaseCommand):
    help = "Check a file of overseas compatriots and, with --commit, import all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--unit", type=int, required=True, help="id of the owning unit")
        parser.add_argument("--user", required=True, help="user name recorded in the change log")
        parser.add_argument("--consent-on", help="consent date (dd/mm/yyyy) for rows without one")
        parser.add_argument("--skip-existing", action="store_true", help="leave out persons already in the registry")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help="the field a column fills, e.g. --map \"Cột X=full_name\" (FIELD empty or 'ignore': left out); "
            "repeatable; other columns are recognised by their headers. Fields: " + ", ".join(imports.COLUMNS),
        )
        parser.add_argument("--commit", action="store_true", help="write the rows if the file has no error")

    def handle(self, *args, **opts):
        path = Path(opts["path"])
        unit = Unit.objects.get(pk=opts["unit"])
        user = get_user_model().objects.get(username=opts["user"])
        defaults = {"consent_on": parse_date(opts["consent_on"])} if opts["consent_on"] else {}
        mapping = {}
        for item in opts["map"]:
            column, sep, name = item.rpartition("=")
            if not sep or not column.strip():
                raise CommandError(f'--map {item!r}: write it as COLUMN=FIELD, e.g. "Cột X=full_name".')
            mapping[column.strip()] = name.strip()
        # with --commit, the rows are written as they are checked: one stage
        progress = TqdmProgress(disable=opts["verbosity"] == 0, stage="write" if opts["commit"] else "check")
        options = {"mapping": mapping or None, "defaults": defaults, "skip_existing": opts["skip_existing"]}
        created = 0
        try:
            if opts["commit"]:  # the rows written while the rest of the file is checked, all or none
                result, created = imports.check_and_commit(
                    path.read_bytes(), path.name, unit=unit, actor=user, progress=progress, **options
                )
            else:
                result = imports.check(path.read_bytes(), path.name, unit=unit, progress=progress, **options)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from None
        finally:
            progress.close()
        for column, name in result.mapping.items():
            self.stdout.write(f"column {column} -> {name or '(not imported)'}")
        if result.encoding != "unicode":
            self.stdout.write(f"Legacy encoding {result.encoding}: {len(result.conversions)} cells converted.")
        for row, pk in result.skipped:
            self.stdout.write(f"row {row}: already recorded as #{pk}, left out")
        for row, column, reason in result.errors[:200]:
            self.stdout.write(f"row {row}, {column}: {reason}")
        if result.errors:
            raise CommandError(f"{len(result.errors)} errors; nothing imported.")
        self.stdout.write(f"{len(result.rows)} rows valid.")
        if opts["commit"]:
            if reason := imports.refusal(result):
                raise CommandError(reason)
            self.stdout.write(self.style.SUCCESS(f"{created} compatriots imported on {date.today():%d/%m/%Y}."))
