"""Hostile text in every text field of every record, written through the API, then every page,
export, report format, calendar feed and reminder e-mail that shows it: no server error, and
nothing the users typed ever runs (HTML, htmx attributes, spreadsheet formulas, TeX in charts).

Bounded for CI: the demo data, one record per API resource, one hostile string per field
(rotating through the set), the pages without parameters plus each changed record's own pages.
"""

import csv
import io

import icalendar
import openpyxl
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import EndpointEnumerator
from rest_framework import serializers

from amity.core.export import FORMULA_PREFIXES
from amity.core.testing import APIClient
from amity.units.testing import make_user

SCRIPT = '<script>alert("amity")</script>'
HTMX = '<img src=x onerror=alert(1) hx-get="/logout/" hx-trigger="load">'
HOSTILE = [
    "Quỹ $\\frac$ test $x^2$",
    '=HYPERLINK("http://evil.example/","bấm")',
    SCRIPT,
    "+84 912 345 678",
    HTMX,
    "@SUM(A1:A9)",
    "{{ request.user.password }} {% debug %}",
    "-1+2",
    "\u202eRTL override\u202c \u200f",
    "\tTab\rCR",
    "NUL\x00byte",
    "ctl\x01\x08\x0bchars",
    "Ж中" * 5000,  # 10,000 characters
]
#: What must never appear as written in a page: it would run in the browser.
EXECUTABLE = [SCRIPT, HTMX, 'hx-get="/logout/"']


def api_record_endpoints():
    """(detail path template, viewset) of every API resource that can be changed."""
    for path, _regex, method, view in EndpointEnumerator().get_api_endpoints():
        cls = getattr(view, "cls", None)
        if method == "PATCH" and path.endswith("/{pk}/") and getattr(cls, "queryset", None) is not None:
            yield path, cls


def text_fields(serializer_class) -> list[str]:
    fields = serializer_class().fields
    return [
        name
        for name, field in fields.items()
        if isinstance(field, serializers.CharField)
        and not field.read_only
        and not isinstance(field, serializers.ChoiceField)
    ]


def pages_without_parameters() -> list[str]:
    """Every screen whose URL takes no argument, in every app."""
    urls = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.name and namespace and not namespace.endswith("-api"):
                if "<" not in str(p.pattern) and "(?P" not in str(p.pattern):
                    urls.append(reverse(f"{namespace}:{p.name}"))

    walk(get_resolver().url_patterns, "/", None)
    return sorted(set(urls)) + [reverse("dashboard"), reverse("search") + "?q=Quỹ"]


class HostileTextTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        cls.root = make_user("fuzz-root", is_superuser=True, is_staff=True)

    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(self.root)
        self.client.raise_request_exception = self.api.raise_request_exception = False  # a 500 is counted
        self.server_errors: list[str] = []
        self.executable: list[str] = []
        self.checked = 0

    def get(self, client, url: str):
        response = client.get(url)
        if response.status_code >= 500:
            self.server_errors.append(f"GET {url}: {response.status_code}")
        return response

    def write_hostile_text(self) -> tuple[int, int, list[str]]:
        stored = refused = 0
        changed = []
        n = 0
        for path, viewset in api_record_endpoints():
            record = viewset.queryset.model.objects.order_by("pk").first()
            if record is None:
                continue
            url = path.replace("{pk}", str(record.pk))
            for field in text_fields(viewset.serializer_class):
                value = HOSTILE[n % len(HOSTILE)]
                n += 1
                response = self.api.patch(url, {field: value}, format="json")
                if response.status_code >= 500:
                    self.server_errors.append(f"PATCH {url} {field}: {response.status_code}")
                elif response.status_code == 200:
                    stored += 1
                    changed.append(url)
                else:
                    refused += 1  # 400: too long, a NUL, a value the field does not take
        return stored, refused, sorted(set(changed))

    def check_page(self, url, response):
        content_type = response.get("Content-Type", "")
        self.checked += 1
        if "html" in content_type:
            text = response.content.decode("utf-8", "replace")
            self.executable += [f"{url}: {marker}" for marker in EXECUTABLE if marker in text]
        if "calendar" in content_type:  # text in a calendar is escaped: one event per record, no injected lines
            calendar = icalendar.Calendar.from_ical(response.content)
            self.executable += [
                f"{url}: {c.name}" for c in calendar.subcomponents if c.name not in {"VEVENT", "VTIMEZONE"}
            ]
        if "spreadsheetml" in content_type:
            book = openpyxl.load_workbook(io.BytesIO(response.content))
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    self.executable += [f"{url}: formula {c.coordinate}" for c in row if c.data_type == "f"]
        if content_type.startswith("text/csv"):
            for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))):
                self.executable += [f"{url}: {cell[:30]!r}" for cell in row if cell.startswith(FORMULA_PREFIXES)]

    def test_hostile_text_everywhere_breaks_nothing_and_runs_nowhere(self):
        stored, refused, changed = self.write_hostile_text()
        self.assertGreater(stored, 60)  # most text fields took their hostile value (79 on the demo data)

        from amity.reports.models import Report
        from amity.reports.services import render_job_start

        editor = get_user_model().objects.get(username="haiphong-editor")
        for user in (self.root, editor):
            self.client.force_login(user)
            pages = pages_without_parameters()
            for url in pages:
                self.check_page(url, self.get(self.client, url))
            for url in [u for u in pages if u.endswith("/") and not u.startswith(("/admin", "/api"))]:
                for fmt in ("csv", "xlsx"):
                    export = f"{url}?export={fmt}"
                    self.check_page(export, self.get(self.client, export))
            for url in changed:  # each changed record: its API detail and its own pages
                self.check_page(url, self.get(self.api, url))
        for _path, viewset in api_record_endpoints():
            for record in viewset.queryset.model.objects.order_by("pk")[:1]:
                try:
                    detail = record.get_absolute_url()
                except (AttributeError, NoReverseMatch):  # records without screens of their own
                    continue
                self.client.force_login(self.root)
                self.check_page(detail, self.get(self.client, detail))
        for report in Report.objects.all():
            for fmt in ("docx", "pdf", "xlsx"):
                job = render_job_start(actor=self.root, report=report, format=fmt)
                if job.status != "done":
                    self.server_errors.append(f"report {report.pk} {fmt}: {job.status} {job.error}")
                elif fmt == "xlsx":
                    self.check_page(f"report {report.pk}", _XlsxFile(job.file.read()))
        from amity.activities.services import feed_token_create

        token = feed_token_create(user=self.root)
        feed = reverse("activities:calendar_feed", args=[token.token])
        self.check_page(feed, self.get(self.client, feed))
        call_command("send_reminders", verbosity=0)
        for message in mail.outbox:
            for body in [message.body] + [content for content, _type in getattr(message, "alternatives", [])]:
                self.executable += [
                    f"e-mail: {m}"
                    for m in EXECUTABLE
                    if m in body and "html" in str(getattr(message, "alternatives", ""))
                ]

        print(
            f"\nhostile text: {stored} fields stored, {refused} refused, {len(changed)} records changed, {self.checked} answers checked"
        )
        self.assertEqual(self.server_errors, [])
        self.assertEqual(self.executable, [])


class _XlsxFile:
    """A rendered workbook seen like a download."""

    def __init__(self, content: bytes):
        self.content = content

    def get(self, name, default=""):
        return (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if name == "Content-Type" else default
        )
