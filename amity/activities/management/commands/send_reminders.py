from django.core.management.base import BaseCommand

from amity.activities.tasks import send_reminders


class Command(BaseCommand):
    help = "Queue the reminder e-mails of the day (run daily from cron or a systemd timer)."

    def handle(self, *args, **options):
        result = send_reminders.enqueue()
        self.stdout.write(f"Queued reminders: {result.id}")
