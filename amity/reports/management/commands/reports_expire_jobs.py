"""Fail the report renderings that stayed queued or running past the timeout, and remove the files
no rendering recorded (run it from cron)."""

from django.core.management.base import BaseCommand

from amity.reports.expiry import orphan_renderings_remove, render_jobs_expire


class Command(BaseCommand):
    help = (
        "Mark as failed, with the reason, the report renderings queued or running for longer than "
        "AMITY_REPORT_RENDER_TIMEOUT minutes (a stopped worker), so the file list stops waiting for them; "
        "delete the rendered files that no rendering recorded (a worker stopped before its commit)."
    )

    def handle(self, *args, **options):
        expired = render_jobs_expire()
        removed = orphan_renderings_remove()
        if options["verbosity"] > 0:
            self.stdout.write(f"{len(expired)} rendering job(s) expired, {len(removed)} unrecorded file(s) removed")
