"""Benchmark: the pages, widgets, figures, reports and API lists of the central union and one
province on the synthetic country (``manage.py make_country``), on PostgreSQL.

Run (PostgreSQL on the Unix socket /work/pg; the first run makes the country, later runs reuse it):
    AMITY_DB_ENGINE=postgresql AMITY_DB_HOST=/work/pg AMITY_DB_USER=postgres AMITY_DB_NAME=amity_national \
        .venv/bin/python bench/national.py --scale 0.1 [--make] [--repeat 5] [--budget 20] [--only dashboard]

For each user (``central-admin``, ``hai-phong-editor``) it times in the Django test client (server
time, no network): the dashboard and each app's widgets (the figures they compute), every page of
the top bar's menu, the figures pages, every report kind (rendered page: its outline, each
section's figures as the page loads them, and the whole page computed at once as shown without
JavaScript; Word, PDF and Excel files built in the process as the task worker does), and every API
list (first page). Each is
timed after one warm-up GET, ``--repeat`` times or until ``--budget`` seconds are spent, and printed
with p50, p95 (the slowest of few samples), its query count, the median CPU time of this process
(Python's share: on a shared machine it is steadier than the wall clock) and the median CPU time of
the database server's process serving it (the database's share, from ``/proc``, by 10 ms ticks;
the server on the same machine, queries not run in parallel workers). Beside each aggregate, one
hand-written SQL query computes the same figure; its time and the ratio page/SQL are printed.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


#: A transaction's amount in USD: by the rate of its year, else by the inverse rate.
USD_AMOUNT = """CASE WHEN t.currency = 'USD' THEN t.amount
    WHEN r.rate IS NOT NULL THEN round(t.amount * r.rate, 2)
    ELSE round(t.amount / inv.rate, 2) END"""


def aid_transactions(period: str) -> str:
    """FROM and WHERE of the live transactions of the subtree's approved items decided (else started)
    in ``period`` (``%(<period>_start)s`` to ``%(<period>_end)s``), with the rates ``USD_AMOUNT`` reads."""
    return f"""FROM aid_aidtransaction t
        JOIN aid_aiditem i ON i.id = t.item_id JOIN units_unit u ON u.id = i.unit_id
        LEFT JOIN core_exchangerate r ON r.currency = t.currency AND r.target = 'USD' AND r.date IS NULL
             AND r.year = extract(year FROM t.date) AND r.deleted_at IS NULL
        LEFT JOIN core_exchangerate inv ON inv.currency = 'USD' AND inv.target = t.currency AND inv.date IS NULL
             AND inv.year = extract(year FROM t.date) AND inv.deleted_at IS NULL
        WHERE u.path LIKE %(path)s AND i.deleted_at IS NULL AND t.deleted_at IS NULL
          AND i.status IN ('approved', 'implementation', 'completed', 'closed', 'suspended')
          AND coalesce(i.decision_date, i.start_date) BETWEEN %({period}_start)s AND %({period}_end)s"""


def aid_split_sql(period: str) -> dict[str, str]:
    """Hand-written SQL of the aid figures by donor and by sector in USD of the items decided (else
    started) in ``period`` (``current_term``: the unit's current term, as the figures page shows by
    default; ``report_term``: its term report's period): each transaction converted by the year's
    rate, split over the item's donors by share (equally without one) and equally over its sectors."""
    converted = f"""WITH converted AS (
            SELECT t.item_id, t.kind, {USD_AMOUNT} AS usd
            {aid_transactions(period)}
        )"""
    amounts = """sum(c.usd * {part}) FILTER (WHERE c.kind = 'commitment'),
               sum(c.usd * {part}) FILTER (WHERE c.kind = 'disbursement')"""
    return {
        f"aid by donor in USD, {period.replace('_', ' ')}": f"""{converted}, donors AS (
            SELECT d.item_id, d.organisation_id, coalesce(d.share / 100,
                   1.0 / count(*) OVER (PARTITION BY d.item_id)) AS part
            FROM aid_aiddonor d WHERE d.deleted_at IS NULL AND d.item_id IN (SELECT item_id FROM converted)
        )
        SELECT o.id, o.name, count(DISTINCT d.item_id), {amounts.format(part="d.part")}
        FROM converted c JOIN donors d ON d.item_id = c.item_id JOIN registry_organisation o ON o.id = d.organisation_id
        GROUP BY o.id, o.name""",
        f"aid by sector in USD, {period.replace('_', ' ')}": f"""{converted}, sectors AS (
            SELECT l.aiditem_id AS item_id, l.sector_id, 1.0 / count(*) OVER (PARTITION BY l.aiditem_id) AS part
            FROM aid_aiditem_sectors l WHERE l.aiditem_id IN (SELECT item_id FROM converted)
        )
        SELECT s.sector_id, count(DISTINCT c.item_id), {amounts.format(part="coalesce(s.part, 1)")}
        FROM converted c LEFT JOIN sectors s ON s.item_id = c.item_id
        GROUP BY s.sector_id""",
    }


#: Hand-written SQL for the figures of a unit's subtree (``%(path)s`` is the unit's tree path, the
#: period the current year's): each computes one aggregate a page or widget shows.
SQL = {
    "compatriots by country": """
        SELECT c.country_id, count(*) FROM diaspora_compatriot c JOIN units_unit u ON u.id = c.unit_id
        WHERE u.path LIKE %(path)s AND c.deleted_at IS NULL AND c.merged_into_id IS NULL
        GROUP BY c.country_id""",
    "activities by type": """
        SELECT a.type, count(*) FROM activities_activity a JOIN units_unit u ON u.id = a.unit_id
        WHERE u.path LIKE %(path)s AND a.deleted_at IS NULL AND a.start_date BETWEEN %(start)s AND %(end)s
        GROUP BY a.type""",
    "aid committed and disbursed in USD": f"""
        SELECT t.kind, sum({USD_AMOUNT})
        {aid_transactions("term")}
        GROUP BY t.kind""",
    "awards by kind": """
        SELECT w.recipient_kind, count(*) FROM awards_award w JOIN awards_decision d ON d.id = w.decision_id
        JOIN units_unit u ON u.id = d.unit_id
        WHERE u.path LIKE %(path)s AND w.deleted_at IS NULL AND d.deleted_at IS NULL
          AND d.decided_on BETWEEN %(start)s AND %(end)s
        GROUP BY w.recipient_kind""",
    "activities by country": """
        SELECT ac.country_id, count(*) FROM activities_activity_countries ac
        JOIN activities_activity a ON a.id = ac.activity_id JOIN units_unit u ON u.id = a.unit_id
        WHERE u.path LIKE %(path)s AND a.deleted_at IS NULL AND a.start_date BETWEEN %(start)s AND %(end)s
        GROUP BY ac.country_id""",
    "activities by partner": """
        SELECT o.name, count(*) FROM activities_activity_partners ap
        JOIN activities_activity a ON a.id = ap.activity_id JOIN units_unit u ON u.id = a.unit_id
        JOIN registry_organisation o ON o.id = ap.organisation_id
        WHERE u.path LIKE %(path)s AND a.deleted_at IS NULL AND o.deleted_at IS NULL
          AND a.start_date BETWEEN %(start)s AND %(end)s
        GROUP BY o.name""",
    "delegations and their people": """
        SELECT a.type, count(*), sum(coalesce(a.participants, (a.leader_id IS NOT NULL)::int + (
            SELECT count(*) FROM activities_activity_members m JOIN registry_person p ON p.id = m.person_id
            WHERE m.activity_id = a.id AND p.deleted_at IS NULL)))
        FROM activities_activity a JOIN units_unit u ON u.id = a.unit_id
        WHERE u.path LIKE %(path)s AND a.deleted_at IS NULL AND a.start_date BETWEEN %(start)s AND %(end)s
          AND a.type IN ('delegation_in', 'delegation_out')
        GROUP BY a.type""",
    "activities coming up": """
        WITH during AS MATERIALIZED (  -- not ORDER BY ... LIMIT 15 alone: PostgreSQL then walks the start-date index from the first activity
            SELECT a.id, a.title, a.start_date FROM activities_activity a JOIN units_unit u ON u.id = a.unit_id
            WHERE u.path LIKE %(path)s AND a.deleted_at IS NULL
              AND (a.start_date BETWEEN %(today)s AND %(soon)s OR (a.start_date < %(today)s AND a.end_date >= %(today)s)))
        SELECT *, (SELECT count(*) FROM during) FROM during ORDER BY start_date, title LIMIT 15""",
    "awards by type and kind": """
        SELECT d.award_type_id, w.recipient_kind, count(*) FROM awards_award w
        JOIN awards_decision d ON d.id = w.decision_id JOIN units_unit u ON u.id = d.unit_id
        WHERE u.path LIKE %(path)s AND w.deleted_at IS NULL AND d.deleted_at IS NULL
        GROUP BY d.award_type_id, w.recipient_kind""",
    "awards by year and origin": """
        SELECT extract(year FROM d.decided_on), w.origin, count(*) FROM awards_award w
        JOIN awards_decision d ON d.id = w.decision_id JOIN units_unit u ON u.id = d.unit_id
        WHERE u.path LIKE %(path)s AND w.deleted_at IS NULL AND d.deleted_at IS NULL
        GROUP BY 1, 2""",
    # the widget's "coming up" besides the activities: the countries the unit works with (of its
    # organisations, units and activities), then the fortnight's anniversaries of agreements signed
    # and of twinnings, agreements' renewals, and the partner countries' national days and
    # anniversaries of diplomatic relations (by month and day; ``%(md_from)s``-``%(md_to)s`` may
    # wrap over the new year): the first 15 by day and title, and how many there are
    "dates coming up": """
        WITH partner AS MATERIALIZED (
            -- every unit's (%(every)s, the central union): no unit condition, and the activities'
            -- countries probed country by country (a semi-join reads all 200,000 activities' links);
            -- a province's: its units' ids, and a semi-join of its few thousand activities' countries
            SELECT c.id FROM geo_country c WHERE c.iso_alpha2 <> 'VN' AND (
                c.id IN (SELECT o.country_id FROM registry_organisation o WHERE o.deleted_at IS NULL
                         AND (%(every)s OR o.unit_id = ANY(ARRAY(SELECT id FROM units_unit WHERE path LIKE %(path)s))))
                OR c.id IN (SELECT o.partner_country_id FROM registry_organisation o WHERE o.deleted_at IS NULL
                            AND (%(every)s OR o.unit_id = ANY(ARRAY(SELECT id FROM units_unit WHERE path LIKE %(path)s))))
                OR c.id IN (SELECT u.partner_country_id FROM units_unit u WHERE u.deleted_at IS NULL AND u.path LIKE %(path)s)
                OR (%(every)s AND EXISTS (
                    SELECT 1 FROM activities_activity_countries ac JOIN activities_activity a ON a.id = ac.activity_id
                    WHERE ac.country_id = c.id AND a.deleted_at IS NULL LIMIT 1))
                OR (NOT %(every)s AND c.id IN (
                    SELECT ac.country_id FROM activities_activity_countries ac JOIN activities_activity a ON a.id = ac.activity_id
                    WHERE a.deleted_at IS NULL
                      AND a.unit_id = ANY(ARRAY(SELECT id FROM units_unit WHERE path LIKE %(path)s)))))),
        dates AS MATERIALIZED (
            SELECT extract(month FROM g.signed_on) * 100 + extract(day FROM g.signed_on) AS md, g.title
            FROM registry_agreement g JOIN units_unit u ON u.id = g.unit_id
            WHERE u.path LIKE %(path)s AND g.deleted_at IS NULL AND g.signed_on < %(soon)s
            UNION ALL
            SELECT extract(month FROM g.renewal_due) * 100 + extract(day FROM g.renewal_due), g.title
            FROM registry_agreement g JOIN units_unit u ON u.id = g.unit_id
            WHERE u.path LIKE %(path)s AND g.deleted_at IS NULL AND g.renewal_due BETWEEN %(today)s AND %(soon)s
            UNION ALL
            SELECT extract(month FROM r.since) * 100 + extract(day FROM r.since), o.name
            FROM registry_organisationrelation r JOIN registry_organisation o ON o.id = r.source_id
            JOIN units_unit u ON u.id = o.unit_id
            WHERE u.path LIKE %(path)s AND r.deleted_at IS NULL AND r.kind = 'twinning' AND r.since < %(soon)s
            UNION ALL
            SELECT n.month * 100 + n.day, n.name FROM activities_nationalday n
            WHERE n.deleted_at IS NULL AND n.country_id IN (SELECT id FROM partner)
            UNION ALL
            SELECT extract(month FROM d.established_on) * 100 + extract(day FROM d.established_on), c.name_vi
            FROM activities_diplomaticrelation d JOIN geo_country c ON c.id = d.country_id
            WHERE d.deleted_at IS NULL AND d.precision = 'day' AND d.country_id IN (SELECT id FROM partner)),
        coming AS (
            SELECT * FROM dates WHERE CASE WHEN %(md_from)s <= %(md_to)s THEN md BETWEEN %(md_from)s AND %(md_to)s
                                          ELSE md >= %(md_from)s OR md <= %(md_to)s END)
        SELECT *, (SELECT count(*) FROM coming) FROM coming ORDER BY md < %(md_from)s, md, title LIMIT 15""",
    "awards by unit": """
        SELECT d.unit_id, count(*) FROM awards_award w JOIN awards_decision d ON d.id = w.decision_id
        JOIN units_unit u ON u.id = d.unit_id
        WHERE u.path LIKE %(path)s AND w.deleted_at IS NULL AND d.deleted_at IS NULL
        GROUP BY d.unit_id""",
    "compatriots list count": """
        SELECT count(*) FROM diaspora_compatriot c JOIN units_unit u ON u.id = c.unit_id
        WHERE u.path LIKE %(path)s AND c.deleted_at IS NULL AND c.merged_into_id IS NULL""",
    **aid_split_sql("current_term"),
    **aid_split_sql("report_term"),
}
#: The hand-written queries that compute the figures each page or widget shows (the awards' pages
#: count every year by default; "awards by kind" is the current year's, for earlier tables)
SQL_BESIDE = {
    "widget diaspora": ("compatriots by country",),
    "widget activities": (
        "activities by type",
        "delegations and their people",
        "activities coming up",
        "dates coming up",
    ),
    "/activities/figures/": (
        "activities by type",
        "activities by country",
        "activities by partner",
        "delegations and their people",
    ),
    "widget aid": ("aid committed and disbursed in USD",),
    # the period's donors and sectors (and so its totals); the pages also show countries, provinces,
    # unions and groups, which have no SQL here
    "/aid/figures/": ("aid by donor in USD, current term", "aid by sector in USD, current term"),
    "report term section aid": ("aid by donor in USD, report term", "aid by sector in USD, report term"),
    "widget awards": ("awards by type and kind",),
    "/awards/counts/": ("awards by type and kind", "awards by year and origin", "awards by unit"),
    "/diaspora/compatriots/": ("compatriots list count",),
}


#: Pages the menu's pages link to, timed beside them: the calendar's other views (the menu opens its month).
LINKED_PAGES = (
    "/activities/calendar/?view=year",
    "/activities/calendar/?view=week",
    "/activities/calendar/?view=day",
    "/activities/calendar/?view=list",
)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amity.settings.base")
    import django

    django.setup()


def server_cpu() -> Callable[[], float]:
    """The CPU seconds so far of the database server's process serving this connection (0 when its
    ``/proc`` entry cannot be read: a server on another machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    tick = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick  # utime and stime

    return read


def timed(
    action: Callable[[], object], *, repeat: int, budget: float
) -> tuple[list[float], list[float], list[float], int]:
    """Seconds of each run after a warm-up (at least one run, at most ``repeat``, within ``budget``),
    the process's CPU seconds of each (Python's share, without the database's), the database
    server's CPU seconds of each, and the query count of the last."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action()
    database_cpu = server_cpu()
    times: list[float] = []
    cpu: list[float] = []
    db_cpu: list[float] = []
    spent = 0.0
    queries = 0
    while len(times) < repeat and (not times or spent < budget):
        with CaptureQueriesContext(connection) as captured:
            began, began_cpu, began_db = time.perf_counter(), time.process_time(), database_cpu()
            action()
            took = time.perf_counter() - began
        cpu.append(time.process_time() - began_cpu)
        db_cpu.append(database_cpu() - began_db)
        times.append(took)
        spent += took
        queries = len(captured.captured_queries)
    return times, cpu, db_cpu, queries


def widgets_once(module, request):
    """An app's dashboard widgets as their request computes them: the unit tree read once
    (``core.once``, which the middleware opens for a GET)."""
    from amity.core.once import reads_once

    with reads_once():
        return module.widgets(request)


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def api_lists() -> list[str]:
    """The first page of every API list (the namespaced ``*-list`` routes without arguments)."""
    from django.urls import NoReverseMatch, get_resolver, reverse

    urls = []
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        if not namespace.endswith("-api"):
            continue
        for name in resolver.reverse_dict:
            if isinstance(name, str) and name.endswith("-list"):
                try:
                    urls.append(reverse(f"{namespace}:{name}"))
                except NoReverseMatch:
                    continue
    return sorted(set(urls))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.1, help="scale of the country made with --make")
    parser.add_argument("--make", action="store_true", help="drop and make the database first")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per target at most (after one run)")
    parser.add_argument("--user", action="append", help="user names (default: central-admin, hai-phong-editor)")
    parser.add_argument("--only", action="append", help="substring of the targets to time (default: all)")
    args = parser.parse_args()
    if os.environ.get("AMITY_DB_ENGINE") != "postgresql":
        sys.exit("Run on PostgreSQL (see the docstring).")
    if args.make:
        import psycopg

        name = os.environ["AMITY_DB_NAME"]
        params = {"host": os.environ.get("AMITY_DB_HOST", ""), "user": os.environ.get("AMITY_DB_USER", "postgres")}
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import override_settings
    from django.urls import reverse
    from django.utils import timezone, translation

    from amity.aid.sums import aid_sums_refresh
    from amity.core.discovery import app_modules
    from amity.diaspora.models import Compatriot
    from amity.diaspora.tallies import tallies_refresh
    from amity.reports.content import build_document
    from amity.reports.models import Report
    from amity.reports.renderers import CHARTED, render_docx, render_pdf, render_xlsx
    from amity.reports.sections import sections_for
    from amity.union.selectors import terms_for
    from amity.units.models import Unit

    if args.make:
        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        call_command("make_country", scale=args.scale)
        call_command("diaspora_tallies")
        print(f"make_country --scale {args.scale:g}: {time.perf_counter() - began:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    compatriots = Compatriot.objects.count()
    print(f"Database {settings.DATABASES['default']['NAME']}: {compatriots:,} compatriots; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip

    today = timezone.localdate()  # the day the pages count from (Hanoi), not the machine's
    rows: list[tuple] = []  # (user, target, p50, p95, n, queries)
    wanted = args.only

    def bench(username: str, target: str, action: Callable[[], object]) -> None:
        if wanted and not any(w in target for w in wanted):
            return
        try:
            times, cpu, db_cpu, queries = timed(action, repeat=args.repeat, budget=args.budget)
        except Exception as error:  # a failing target is reported and the others still timed
            print(f"{'failed':>9} {'':>9} {'':>3} {'':>7} {'':>9} {'':>9}  {username:17} {target}: {type(error).__name__}: "
                  f"{str(error)[:120]}")  # fmt: skip
            return
        p50 = statistics.median(times)
        row = (username, target, p50, percentile(times, 0.95), len(times), queries, statistics.median(cpu))
        rows.append(row)
        print(f"{p50 * 1000:9.0f} {row[3] * 1000:9.0f} {len(times):3d} {queries:7d} {row[6] * 1000:9.0f} "
              f"{statistics.median(db_cpu) * 1000:9.0f}  {username:17} {target}")  # fmt: skip

    def get(client, url: str, **headers):
        response = client.get(url, secure=True, **headers)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}")
        return response

    print(
        f"{'p50 ms':>9} {'p95 ms':>9} {'n':>3} {'queries':>7} {'CPU ms':>9} {'DB CPU ms':>9}  user              target"
    )
    menu = [reverse(name) for _label, module in app_modules("navigation") for _title, name in module.MENU]
    apis = api_lists()
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False, STORAGES=storages):
        for username in args.user or ["central-admin", "hai-phong-editor"]:
            user = get_user_model().objects.get(username=username)
            client = Client()
            client.force_login(user)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
            with translation.override("vi"):
                for label, module in app_modules("dashboard"):
                    request = RequestFactory().get("/")
                    request.user = user
                    bench(username, f"widget {label}", lambda m=module, r=request: widgets_once(m, r))
            for url in ["/", *menu, *LINKED_PAGES]:
                bench(username, url, lambda u=url, c=client: get(c, u))
            unit = Unit.objects.get(memberships__user=user)
            for report in Report.objects.filter(unit=unit).order_by("kind"):
                page = report.get_absolute_url()
                bench(username, f"report {report.kind} page", lambda u=page, c=client: get(c, u))
                bench(username, f"report {report.kind} page full", lambda u=f"{page}?full=1", c=client: get(c, u))
                for section in sections_for(report.kind):  # the page's sections, each loaded by htmx
                    url = reverse("reports:report_section", args=[report.pk, section.key])
                    bench(username, f"report {report.kind} section {section.key}", lambda u=url, c=client: get(c, u))
                for fmt, render in (("docx", render_docx), ("pdf", render_pdf), ("xlsx", render_xlsx)):

                    def build(r=report, render=render, user=user, fmt=fmt):
                        with translation.override(r.language):
                            return render(build_document(report=r, user=user, charts=fmt in CHARTED))

                    bench(username, f"report {report.kind} {fmt}", build)
            for url in apis:
                bench(username, f"API {url}", lambda u=url, c=client: get(c, u, HTTP_ACCEPT="application/json"))
            # the compatriots' and contributions' roll-up rebuilt: every unit's (the central union's
            # target) or the unit's subtree (a province's), as the task worker does after writes
            subtree = (
                None
                if unit.parent_id is None
                else list(Unit.all_objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
            )
            bench(username, "roll-up diaspora refresh", lambda ids=subtree: tallies_refresh(unit_ids=ids))
            # the aid items' converted sums rebuilt likewise (``aid.sums``)
            bench(username, "roll-up aid refresh", lambda ids=subtree: aid_sums_refresh(unit_ids=ids))
            path = unit.path + "%"
            current_term = terms_for(unit, today)[1]
            term_report = Report.objects.filter(unit=unit, kind="term").order_by("pk").first()
            params = {
                "path": path,
                "start": date(today.year, 1, 1),
                "end": date(today.year, 12, 31),
                "term_start": date(today.year - 4, 1, 1),
                "term_end": date(today.year, 12, 31),
                "today": today,
                "soon": today + timedelta(days=14),  # the reminders' default fortnight
                "every": unit.parent_id is None,  # the central union reaches every unit
                "md_from": today.month * 100 + today.day,
                "md_to": (today + timedelta(days=14)).month * 100 + (today + timedelta(days=14)).day,
                "current_term_start": current_term.start,
                "current_term_end": current_term.end,
                "report_term_start": term_report.period_start if term_report else current_term.start,
                "report_term_end": term_report.period_end if term_report else current_term.end,
            }
            for name, sql in SQL.items():

                def run(sql=sql, params=params):
                    with connection.cursor() as cursor:
                        cursor.execute(sql, params)
                        return cursor.fetchall()

                bench(username, f"SQL {name}", run)

    print("\nAggregates beside their hand-written SQL (ratio = page or widget p50 / the sum of its SQL p50):")
    found = {(r[0], r[1]): r for r in rows}
    for username in args.user or ["central-admin", "hai-phong-editor"]:
        for beside, names in SQL_BESIDE.items():
            sqls, page = [found.get((username, f"SQL {name}")) for name in names], found.get((username, beside))
            if page and all(sqls):
                sql = sum(r[2] for r in sqls if r)
                print(f"  {username:17} {beside:28} {page[2] * 1000:8.0f} ms  SQL {' + '.join(names)}: "
                      f"{sql * 1000:7.1f} ms  ratio {page[2] / sql:6.1f}")  # fmt: skip
    slow = [r for r in rows if not r[1].startswith(("SQL", "report")) and r[3] > 0.3]
    print(f"\nPages, widgets and API lists with p95 over 300 ms: {len(slow)} of "
          f"{sum(1 for r in rows if not r[1].startswith(('SQL', 'report')))}")  # fmt: skip
    on_screen = [r for r in rows if r[1].startswith("report") and r[1].split()[2] in ("page", "section")]
    on_screen = [r for r in on_screen if not r[1].endswith(" full")]
    slow = [f"{r[0]} {r[1]} ({r[3] * 1000:.0f} ms)" for r in on_screen if r[3] > 0.3]
    print(f"Report pages and sections with p95 over 300 ms: {len(slow)} of {len(on_screen)}")
    for line in slow:
        print(f"  {line}")


if __name__ == "__main__":
    main()
