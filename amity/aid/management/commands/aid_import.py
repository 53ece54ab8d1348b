"""Import aid items from an .xlsx/.csv file on the command line, with a progress bar."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from amity.aid import imports
from amity.core.jobs import TqdmProgress
from amity.units.selectors import unit_list


class Command(BaseCommand):
    help = "Check a list of aid items and, with --commit, write all rows or none (matched on their reference)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--unit", type=int, required=True, help="id of the owning unit")
        parser.add_argument("--user", required=True, help="user name recorded in the change log")
        parser.add_argument("--commit", action="store_true", help="write the rows if the file has no error")

    def handle(self, *args, **opts):
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            user = get_user_model().objects.get(username=opts["user"])
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {opts['user']}.") from None
        unit = unit_list(user=user, action="add").filter(pk=opts["unit"]).first()
        if unit is None:
            raise CommandError(f"{user} may not add records to unit {opts['unit']}.")
        content = path.read_bytes()
        progress = TqdmProgress(disable=opts["verbosity"] == 0)

        preview = imports.aid_import_preview(
            user=user, unit=unit, content=content, filename=path.name, progress=progress
        )
        progress.close()
        for message in preview.file_errors:
            self.stdout.write(message)
        for row, column, message in preview.errors:
            self.stdout.write(f"row {row}, {column}: {message}")
        for row, column, message in preview.warnings:
            self.stdout.write(f"row {row}, {column} (warning): {message}")
        if preview.file_errors:
            raise CommandError("The file cannot be read; nothing imported.")
        if preview.errors:
            raise CommandError(f"{len(preview.errors)} errors; nothing imported.")
        self.stdout.write(f"{len(preview.rows)} rows valid.")
        if not opts["commit"]:
            return
        try:
            result = imports.aid_import_commit(
                actor=user, unit=unit, content=content, filename=path.name, progress=progress, checked=preview
            )
        except imports.ImportRejected as exc:
            for row, column, message in exc.preview.errors:
                self.stdout.write(f"row {row}, {column}: {message}")
            raise CommandError("The file has errors; nothing imported.") from None
        finally:
            progress.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {result.created} new, {result.updated} updated, {result.unchanged} unchanged."
            )
        )
