"""Reports for tests."""

from datetime import date

import factory

from amity.reports.choices import ReportKind
from amity.reports.models import Report
from amity.units.tests.factories import UnitFactory


class ReportFactory(factory.django.DjangoModelFactory):
    """An annual report of 2024; a plan report needs ``plan=``."""

    class Meta:
        model = Report

    unit = factory.SubFactory(UnitFactory)
    kind = ReportKind.ANNUAL
    title = factory.Sequence(lambda n: f"Báo cáo công tác năm 2024 số {n}")
    period_start = date(2024, 1, 1)
    period_end = date(2024, 12, 31)
