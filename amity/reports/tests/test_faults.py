"""``kill -9`` of the task worker while it renders a report: no file is half-written, the job says
the worker stopped, and rendering again from the report's page gives one file."""

from django.urls import reverse

from amity.core.testing import KilledProcessTestCase

SEED = """
from datetime import date

from amity.core.context import Source, change_context
from amity.core.roles import UnitKind
from amity.units.testing import make_user
from amity.reports import services
from amity.reports.choices import ReportKind
from amity.units.models import Unit

with change_context(source=Source.COMMAND):
    union = Unit.objects.create(name="Liên hiệp các tổ chức hữu nghị TP Hải Phòng", kind=UnitKind.PROVINCIAL)
    editor = make_user("hp-editor", unit=union)
    report = services.report_create(actor=editor, data={
        "unit": union, "kind": ReportKind.TERM, "title": "Báo cáo tổng kết nhiệm kỳ 2018–2023",
        "period_start": date(2018, 1, 1), "period_end": date(2023, 12, 31), "number": "25/BC-LHHN",
    })
job = services.render_job_start(actor=editor, report=report, format="pdf")  # waits for the worker
print(report.pk, job.pk, job.status)
"""

#: What the report's page shows, and what rendering again from it gives, once the timeout has passed
#: (the killed job's clock is moved back by the timeout, as if the time had gone by).
AGAIN = """
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import setup_test_environment
from django.utils import timezone

from amity.reports.models import RenderJob

setup_test_environment()
past = timezone.now() - timedelta(minutes=settings.REPORT_RENDER_TIMEOUT_MINUTES + 1)
RenderJob.objects.filter(pk=%(job)d).update(started_at=past, updated=past)
client = Client()
client.force_login(get_user_model().objects.get(username="hp-editor"))
client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
page = client.get("%(report)s").content.decode()
print("shown-failed" if 'data-job="failed"' in page else "shown-running")
client.post("%(render)s", {"format": "pdf"})  # tasks run at once here
print(*RenderJob.objects.filter(report_id=%(report_id)d).order_by("pk").values_list("status", flat=True))
"""


class WorkerKilledWhileRenderingTests(KilledProcessTestCase):
    SEED = SEED
    SEED_WORKER = True  # the rendering is queued for a real worker

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report, cls.job = int(cls.seeded[0]), int(cls.seeded[1])
        assert cls.seeded[2] == "queued", cls.seeded

    def media_files(self) -> list[str]:
        return sorted(str(p.relative_to(self.media)) for p in self.media.rglob("*") if p.is_file())

    def test_kill_the_worker_while_it_renders_then_render_again_from_the_page(self):
        worker = self.start("db_worker", "--batch", "--no-startup-delay", worker=True)
        status = "SELECT status, file FROM reports_renderjob WHERE id = %s"
        self.kill_when(worker, lambda: self.rows(status, [self.job])[0][0] in ("running", "done", "failed"))
        [(state, file)] = self.rows(status, [self.job])
        if state == "running":  # killed while rendering: no file, the job still says running
            self.assertEqual((file, self.media_files()), ("", []))
        else:  # the worker finished first: the file and the job's state went together
            self.assertEqual(state, "done")
            self.assertEqual(self.media_files(), [file])
        context = {
            "job": self.job,
            "report": reverse("reports:report_detail", args=[self.report]),
            "render": reverse("reports:report_render", args=[self.report]),
            "report_id": self.report,
        }
        again = self.manage("shell", "-c", AGAIN % context)
        self.assertEqual(again.returncode, 0, again.stderr)
        shown, statuses = again.stdout.strip().splitlines()[-2:]
        if state == "running":
            # the page showed it failed (the worker stopped); the killed job is failed, the new one done
            self.assertEqual((shown, statuses), ("shown-failed", "failed done"))
        else:
            self.assertEqual(statuses, "done done")
        done = [f for (f,) in self.rows("SELECT file FROM reports_renderjob WHERE status = 'done'")]
        self.assertEqual(self.media_files(), sorted(done))  # one file per finished rendering, no other
        [(error,)] = self.rows("SELECT error FROM reports_renderjob WHERE id = %s", [self.job])
        if state == "running":  # in the report's language (Vietnamese)
            self.assertIn("tiến trình chạy nền đã dừng", " ".join(error.split()))
