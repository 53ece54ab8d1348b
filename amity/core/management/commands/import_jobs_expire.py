"""Fail the import jobs lost by a stopped worker and drop the files left unimported (run it from cron)."""

from django.core.management.base import BaseCommand

from amity.core.jobs import import_jobs_expire


class Command(BaseCommand):
    help = (
        "Mark as failed, with the reason, the aid and compatriot import jobs without progress for "
        "AMITY_IMPORT_JOB_TIMEOUT minutes (a stopped worker), so their pages stop waiting; drop the "
        "uploaded file, and the values read from it, of the jobs not imported within AMITY_IMPORT_FILE_DAYS days."
    )

    def handle(self, *args, **options):
        expired = import_jobs_expire()
        if options["verbosity"] > 0:
            self.stdout.write(f"{len(expired)} import job(s) expired")
