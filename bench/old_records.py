"""Benchmark: the oldest record of each kind typed in its picker and in the search box, by the
central union's administrator, on the synthetic country (``manage.py make_country``), on PostgreSQL.

Run (a country made and migrated, e.g. at scale 0.1):
    AMITY_DB_ENGINE=postgresql AMITY_DB_HOST=/work/pg AMITY_DB_USER=postgres AMITY_DB_NAME=amity_national01 \
        .venv/bin/python bench/old_records.py [--repeat 5] [--user central-admin] [--candidates 500]

For each kind it types the oldest record's name as a user would (an agreement's title, a decision's
number, an award's recipient and decision number, a plan's number and title, a task group's and a
task's plan number and title; in the search box a task's and a report's title) without diacritics,
asks the picker endpoint or the search page, and prints the p50 of ``--repeat`` runs after a warm-up
with the query count and whether the record was among the answers.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amity.settings.base")


def oldest_records():
    """(kind, picker label or None for the search page, query, the record) of each kind."""
    from amity.awards.models import Award, Decision
    from amity.core.text import fold
    from amity.plans.models import Plan, Task, TaskGroup
    from amity.registry.models import Agreement
    from amity.reports.models import Report

    agreement = Agreement.objects.order_by("pk").first()
    decision = Decision.objects.order_by("pk").first()
    award = Award.objects.select_related("person", "organisation", "decision").order_by("pk").first()
    plan = Plan.objects.order_by("pk").first()
    group = TaskGroup.objects.select_related("plan").order_by("pk").first()
    task = Task.objects.select_related("group__plan").order_by("pk").first()
    report = Report.objects.order_by("pk").first()
    return [
        ("agreement", "registry.agreement", fold(agreement.title), agreement),
        ("decision", "awards.decision", fold(decision.number), decision),
        ("award", "awards.award", fold(f"{award.recipient} {award.decision.number}"), award),
        ("plan", "plans.plan", fold(f"{plan.number} {plan.title}"), plan),
        ("task group", "plans.taskgroup", fold(f"{group.plan.number} {group.title}"), group),
        ("task", "plans.task", fold(f"{task.group.plan.number} {task.title}"), task),
        ("task (search)", None, fold(task.title), task),
        ("report (search)", None, fold(report.title), report),
    ]


def answered(response, record, label) -> bool:
    """Whether the picker's options (``label``), or else the search page, hold the record."""
    if label:
        return record.pk in {row["id"] for row in response.json()["results"]}
    return record.get_absolute_url() in response.content.decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--user", default="central-admin")
    parser.add_argument(
        "--candidates", type=int, help="rows scored at most (core.matching.CANDIDATES): 500 at scale 0.1 as 5,000 at 1"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from amity.core import matching

    if args.candidates:
        matching.CANDIDATES = args.candidates
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))
    print(f"{'p50 ms':>8} {'queries':>7} {'found':>5}  kind: query")
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False, STORAGES=storages):
        for kind, label, query, record in oldest_records():
            url = reverse("autocomplete", args=[label]) if label else reverse("search")
            response = client.get(url, {"q": query}, secure=True)  # warm-up
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as captured:
                    began = time.perf_counter()
                    response = client.get(url, {"q": query}, secure=True)
                    times.append(time.perf_counter() - began)
            print(
                f"{statistics.median(times) * 1000:8.0f} {len(captured.captured_queries):7d} "
                f"{'yes' if answered(response, record, label) else 'NO':>5}  {kind}: {query}"
            )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
