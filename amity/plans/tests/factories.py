"""Directives, plans, their task groups, tasks and progress, for tests."""

from datetime import date
from decimal import Decimal

import factory

from amity.plans.models import Directive, Plan, ProgressUpdate, Task, TaskGroup
from amity.units.tests.factories import UnitFactory


class DirectiveFactory(factory.django.DjangoModelFactory):
    """A directive of one union (national ones have no unit)."""

    class Meta:
        model = Directive

    unit = factory.SubFactory(UnitFactory)
    number = factory.Sequence(lambda n: f"{n}-CT/TU")
    issued_on = date(2022, 1, 5)
    issuing_body = "Ban Thường vụ Thành ủy"
    title = factory.Sequence(lambda n: f"Về công tác đối ngoại nhân dân {n}")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    unit = factory.SubFactory(UnitFactory)
    directive = factory.SubFactory(DirectiveFactory, unit=factory.SelfAttribute("..unit"))
    number = factory.Sequence(lambda n: f"{n}-KH/LHHN")
    issued_on = date(2022, 5, 23)
    title = factory.Sequence(lambda n: f"Kế hoạch thực hiện {n}")


class TaskGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskGroup

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Nhóm nhiệm vụ {n}")


class TaskFactory(factory.django.DjangoModelFactory):
    """A task of its plan's own union, coordinated by the same union, with a numeric target."""

    class Meta:
        model = Task
        skip_postgeneration_save = True

    group = factory.SubFactory(TaskGroupFactory)
    title = factory.Sequence(lambda n: f"Tổ chức đoàn ra số {n}")
    responsible_unit = factory.SelfAttribute("group.plan.unit")
    deadline = date(2099, 1, 1)
    target_kind = "number"
    target_value = Decimal(10)

    @factory.post_generation
    def coordinating_units(self, create, extracted, **kwargs):
        if create:
            self.coordinating_units.set(extracted or [self.responsible_unit])


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    task = factory.SubFactory(TaskFactory)
    reported_on = date(2024, 1, 1)
    value = Decimal(1)
    evidence = factory.Sequence(lambda n: f"Báo cáo số {n}")
