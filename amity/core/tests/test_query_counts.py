"""Query counts that cannot creep back: every screen (list, detail, add and edit forms, figures,
the dashboard), every API endpoint a GET reads and every report kind asks no more queries with 3N
rows of every model than with N.

Nothing here names a screen: the pages are the URL patterns (screens and API routers), each
record's page opened on the first row made of its model; the rows come from each app's
``tests/factories.py`` (``<Model>Factory``), made in Hải Phòng, a child row under its parent's
first row (so that an organisation's page lists more memberships, an item's more transactions).
A new screen or endpoint is counted as soon as it exists; a new model with a list needs its
factory (the test says so). Stated figures are made of every metric computed from records. What cannot be counted is listed below with its reason.
"""

from dataclasses import dataclass, replace

from django.apps import apps
from django.db import connection, reset_queries
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from amity.activities.services import feed_token_create
from amity.core.discovery import app_modules
from amity.core.roles import Role
from amity.reports.choices import ReportKind
from amity.reports.sections import sections_for
from amity.units.models import Unit
from amity.units.testing import make_unit_tree, make_user

#: Rows of every model at first; then twice as many again are added.
N = 1

#: URL patterns never counted, with the reason.
NOT_COUNTED = {
    "login": "the sign-in page reads no records",
    "logout": "signs out (a POST)",
    "set_language": "switches the language (a POST)",
    "favicon": "a redirect to a static file",
    "api-docs": "the API's documentation page reads no records",
    "api-schema": "the OpenAPI schema is built from code, not rows",
    "api-token": "issues a token (a POST)",
    "accounts:password_change": "the user's own password form reads no records",
    "accounts:login_code": "a sign-in's second step: needs a password just given (accounts' two-step tests)",
    "autocomplete": "the pickers' JSON, one URL per picker: core/tests/test_matching.py counts it",
    "quick_add": "a picker's small add form (a person, an organisation), one URL per picker: its own tests",
    "aid:import_job": "an import's page needs an uploaded file: test_query_counts_imports.py counts its steps",
    "diaspora:import_job": "an import's page needs an uploaded file: test_query_counts_imports.py counts its steps",
    "diaspora:contribution_import_job": "an import's page needs an uploaded file: test_query_counts_imports.py",
    "reports:renderjob_download": "a rendered file: needs a finished rendering",
    "diaspora-api:compatriot-undo-merge": "a POST on a merge",
    "diaspora:merge_undo": "a POST on a merge",
    "diaspora:erasure": "an erasure's progress page needs an erasure asked for; it reads that one job",
    "diaspora-api:compatriot-erase": "an erasure's state needs an erasure asked for: diaspora's erasure tests",
    "document": "a stored file's download, one record's file",
    "reports-api:renderjob-detail": "one rendering's state: needs a rendering",
    "press:fact_record": "a new aid item, plan or award from one fact of that kind: press's view tests",
    "reports:report_section": "counted with the reports below: each section of each report kind",
}
#: Per-record views not counted: deleting and restoring are forms on one record that read nothing
#: else, a record's history lists that record's own changes, and an API record is read by the same
#: serializer its list is counted with, over 3N rows.
NOT_COUNTED_SUFFIXES = ("_delete", "_restore", "_changelog", "-detail")
#: Pages with arguments other than a record's: the arguments of each page counted (given the test).
ARGUMENTS = {
    "dashboard_widgets": lambda test: [[label] for label, _module in app_modules("dashboard")],
    # the iCalendar feed of Hải Phòng's administrator, read by a calendar program with its secret
    "activities:calendar_feed": lambda test: [[feed_token_create(user=test.hp_admin).token]],
    # a user account's pages: Hải Phòng's administrator's own, whose roles grow with the memberships
    **{
        f"units:useraccount_{page}": lambda test: [[str(test.hp_admin.pk)]]
        for page in ("detail", "password", "close", "reopen")
    },
}
#: Query strings a page needs to show rows.
PERIOD = "start=2020-01-01&end=2026-12-31"
QUERIES = {
    "search": "?q=hữu nghị",
    "activities-api:figures": f"?{PERIOD}",
    "activities-api:calendar": "?start=2024-01-01&end=2024-12-31",
    "union-api:rollup": f"?metric=members&{PERIOD}",
}

#: Pages known to ask more queries with more rows, with the reason; counted, but their growth is
#: not (yet) a failure. None: pages listing stated figures compute their values together
#: (``union.selectors.ComparisonCache.prepare``).
KNOWN_GROWTH: dict[str, str] = {}

#: Models whose rows a page computes differently by the value of one field: rows of every value
#: are made (a stated figure of every metric computed from records, so that each metric's
#: computation beside the figures is counted).
EVERY_VALUE = {
    "union.StatedFigure": ("metric", lambda: apps.get_model("union", "Metric").objects.exclude(computed="")),
}

#: Models that have a list or an API but no factory, with the reason.
NO_FACTORY = {
    "geo.Country": "the reference list of every country, loaded in every test database; users never add one",
    "geo.Region": "the UN regions, loaded with the countries",
    "geo.AdminUnit": "the provinces and their history, loaded in every test database",
    "audit.ObjectChange": "written by every row the factories make",
    "audit.ExportLog": "written by every screen that shows a name; grows with the pages opened",
    "reports.RenderJob": "one per rendering asked for; a report's page lists them (reports' tests)",
    "aid.AidImportJob": "made by an upload only",
    "diaspora.ImportJob": "made by an upload only",
    "diaspora.ContributionImportJob": "made by an upload only",
    "diaspora.MergeRecord": "made by merging two compatriots only",
}


def factories() -> dict:
    """The factory of every model that has one: ``<Model>Factory`` in ``<app>/tests/factories.py``."""
    found = {}
    for _label, module in app_modules("tests.factories"):
        for name, value in vars(module).items():
            model = getattr(getattr(value, "_meta", None), "model", None)
            if model is not None and name == f"{model.__name__}Factory":
                found[model] = value
    return found


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    user: str  # "province" (Hải Phòng's administrator) or "centre" (the central union's)


class Rows:
    """Makes rows of every model with a factory in one unit: a unit-owned row in the unit, a row
    reached through a parent under the parent's first row, reference data on its own; remembers
    the first row of each model (whose pages are counted)."""

    def __init__(self, unit: Unit):
        self.unit = unit
        self.factories = factories()
        self.first: dict = {}

    def anchor(self, model):
        if model not in self.first:
            self.add(model, 1)
        return self.first[model]

    def add(self, model, count: int) -> None:
        path = getattr(model, "unit_path", None)
        if model is Unit:
            pins = {"parent": self.unit}
        elif path == "unit":
            pins = {"unit": self.unit}
        elif path:
            parent = model._meta.get_field(path.split("__")[0])
            pins = {parent.name: self.anchor(parent.related_model)}
        else:  # reference data: a step under its workflow, as a parent's page lists them
            pins = {
                f.name: self.anchor(f.related_model)
                for f in model._meta.concrete_fields
                if f.many_to_one and f.related_model in self.factories and f.related_model is not model
            }
        field, values = EVERY_VALUE.get(model._meta.label, (None, None))
        if field is None:
            rows = self.factories[model].create_batch(count, **pins)
        else:
            rows = [
                r
                for value in values().order_by("pk")
                for r in self.factories[model].create_batch(count, **pins, **{field: value})
            ]
        self.first.setdefault(model, rows[0])

    def add_all(self, count: int) -> None:
        for model in self.factories:
            self.add(model, count)

    def record(self, model):
        """The row whose pages are counted: the first made, else the first of the reference list."""
        return self.first.get(model) or model._base_manager.order_by("pk").first()


def url_patterns() -> list[tuple[str, URLPattern]]:
    """(namespaced name, pattern) of every named URL, each name once."""
    found: dict[str, URLPattern] = {}

    def collect(resolver: URLResolver, prefix: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    collect(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
            elif pattern.name and "format" not in pattern.pattern.regex.groupindex:
                found.setdefault(prefix + pattern.name, pattern)

    collect(get_resolver(), "")
    return sorted(found.items())


def model_of(name: str):
    """The model a per-record view is about: ``registry:organisation_detail`` and
    ``registry-api:organisation-detail`` name ``registry.Organisation``."""
    namespace, _, view = name.rpartition(":")
    app_label = namespace.removesuffix("-api")
    model_name = view.replace("-", "_").split("_")[0]
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


class QueryCountTests(TestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.hp_admin = make_user("counts-hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.central_admin = make_user("counts-central-admin", unit=cls.u["vufo"], role=Role.ADMIN)
        cls.rows = Rows(cls.u["hai_phong"])
        cls.rows.add_all(N)
        cls.reports = cls.report_per_kind()

    @classmethod
    def report_per_kind(cls) -> list:
        """One report of each kind in Hải Phòng and in the central union (a plan's report on the first
        plan), whose tables count the provinces' records by province."""
        report_factory = cls.rows.factories[apps.get_model("reports", "Report")]
        plan = cls.rows.anchor(apps.get_model("plans", "Plan"))
        return [
            report_factory(unit=cls.u[unit], kind=kind, plan=plan if kind == ReportKind.PLAN else None)
            for unit in ("hai_phong", "vufo")
            for kind in ReportKind.values
        ]

    def pages(self) -> tuple[list[Page], list[str]]:
        """Every page a GET reads, and the URL patterns that cannot be counted without a reason.

        A record's pages are opened by Hải Phòng's administrator (by the central union's where the
        province is refused: reference data only the centre writes); pages of figures, the
        dashboard and searches by both, since the centre's reach is the whole country."""
        pages, uncounted = [], []
        for name, pattern in url_patterns():
            if name in NOT_COUNTED or name.endswith(NOT_COUNTED_SUFFIXES) or name.endswith("api-root"):
                continue
            arguments = set(pattern.pattern.regex.groupindex)
            if name in ARGUMENTS:
                for args in ARGUMENTS[name](self):
                    url = reverse(name, args=args)
                    pages += [Page(f"{name} {' '.join(args)}", url, user) for user in ("province", "centre")]
                continue
            if not arguments:
                url = reverse(name) + QUERIES.get(name, "")
                users = ["province"] if model_of(name) is not None else ["province", "centre"]
                pages += [Page(name, url, user) for user in users]
                continue
            model = model_of(name) if arguments == {"pk"} else None
            record = self.rows.record(model) if model is not None else None
            if record is None:
                uncounted.append(name)
                continue
            pages.append(Page(name, reverse(name, args=[record.pk]), "province"))
        for r in self.reports:  # the page, the page computed at once (without JavaScript), each section
            user = "centre" if r.unit == self.u["vufo"] else "province"
            pages += [
                Page(f"report of kind {r.kind}", r.get_absolute_url(), user),
                Page(f"report of kind {r.kind} in full", f"{r.get_absolute_url()}?full=1", user),
            ]
            pages += [
                Page(
                    f"report of kind {r.kind} section {s.key}",
                    reverse("reports:report_section", args=[r.pk, s.key]),
                    user,
                )
                for s in sections_for(r.kind)
            ]
        return pages, uncounted

    def count(self, page: Page) -> tuple[int, int]:
        self.client.force_login(self.hp_admin if page.user == "province" else self.central_admin)
        reset_queries()  # the log keeps 9,000 queries: a long count would find it full and count none
        with CaptureQueriesContext(connection) as queries:
            status = self.client.get(page.url).status_code
        return status, len(queries)

    def test_models_with_a_list_have_a_factory(self):
        listed = {model_of(name) for name, _pattern in url_patterns() if name.endswith(("_list", "-list"))}
        missing = sorted(m._meta.label for m in listed - set(factories()) - {None} if m._meta.label not in NO_FACTORY)
        self.assertEqual(missing, [], "add <Model>Factory to the app's tests/factories.py")

    def test_queries_do_not_grow_with_rows(self):
        pages, uncounted = self.pages()
        self.assertEqual(uncounted, [], "pages that cannot be counted: give a reason in NOT_COUNTED")
        few, unanswered = {}, []
        for page in pages:
            status, _queries = self.count(page)  # warm-up: process-wide caches filled
            if status in (403, 404) and page.user == "province":
                page = replace(page, user="centre")
                status, _queries = self.count(page)
            if status == 200:
                few[page] = self.count(page)[1]
            elif status != 405:  # a URL only for a POST is no page
                unanswered.append(f"{page.name} {page.url} as {page.user}: {status}")
        self.assertEqual(unanswered, [], "pages that do not answer")
        self.rows.add_all(2 * N)
        grown = []
        for page, count in few.items():
            status, many = self.count(page)
            self.assertEqual(status, 200, page)
            if many > count and page.name not in KNOWN_GROWTH:
                grown.append(f"{page.name} {page.url} as {page.user}: {count} → {many}")
        self.assertEqual(grown, [], f"pages asking more queries with {3 * N} rows of everything than with {N}")
