"""Background work of the activities module (django-tasks); ``manage.py send_reminders`` enqueues it daily."""

from datetime import date

from django_tasks import task

from amity.core.context import Source, change_context

from . import services


@task()
def send_reminders(today: str | None = None) -> dict:
    """E-mail the reminders due; returns counts of reminders sent and failed."""
    with change_context(source=Source.TASK, message="reminders"):
        return services.reminders_send(today=date.fromisoformat(today) if today else None)
