"""Building aid records for tests, through the same services the screens use."""

from datetime import date
from decimal import Decimal

import factory

from amity.aid.choices import AidStatus
from amity.aid.models import (
    AidDocument,
    AidDonor,
    AidItem,
    AidTransaction,
    BeneficiaryGroup,
    Sector,
    Workflow,
    WorkflowStep,
    WorkflowTransition,
)
from amity.core.models import ExchangeRate
from amity.geo.services import current_province_by_name
from amity.registry.models import Organisation
from amity.registry.tests.factories import OrganisationFactory
from amity.units.tests.factories import UnitFactory


def make_donor(unit, name: str, *, country=None, kind: str = "foreign_ngo") -> Organisation:
    return Organisation.objects.create(unit=unit, kind=kind, name=name, name_original=name, country=country)


def make_item(
    unit,
    title: str,
    *,
    donors=(),
    committed: tuple | None = None,
    status: str = AidStatus.APPROVED,
    decided: date = date(2020, 6, 1),
    **extra,
) -> AidItem:
    """An item with donors (org or (org, share)) and an optional commitment (amount, currency[, date])."""
    item = AidItem.objects.create(unit=unit, title_vi=title, status=status, decision_date=decided, **extra)
    for donor in donors:
        org, share = donor if isinstance(donor, tuple) else (donor, None)
        AidDonor.objects.create(item=item, organisation=org, share=share)
    if committed:
        amount, currency, *day = committed
        AidTransaction.objects.create(
            item=item, kind="commitment", amount=Decimal(amount), currency=currency, date=day[0] if day else decided
        )
    return item


def make_rate(currency: str, target: str, rate: str, *, year: int | None = None, day: date | None = None):
    return ExchangeRate.objects.create(
        currency=currency, target=target, rate=Decimal(rate), year=year, date=day, source="test"
    )


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{12000 + n % 80000}")
    name = factory.Sequence(lambda n: f"Basic health {n}")
    category_code = "122"
    category_name = "Basic Health"


class BeneficiaryGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BeneficiaryGroup

    code = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Nạn nhân chất độc da cam {n}")


class AidItemFactory(factory.django.DjangoModelFactory):
    """An approved item with a donor, a commitment, a sector, a place and a beneficiary group."""

    class Meta:
        model = AidItem
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    title_vi = factory.Sequence(lambda n: f"Xe lăn cho người khuyết tật {n}")
    status = AidStatus.APPROVED
    decision_date = date(2024, 6, 1)

    @factory.post_generation
    def related(self, create, extracted, **kwargs):
        if not create:
            return
        donor = OrganisationFactory(unit=self.unit)
        AidDonor.objects.create(item=self, organisation=donor)
        AidTransaction.objects.create(
            item=self, kind="commitment", amount=Decimal(1000), currency="USD", date=self.decision_date, donor=donor
        )
        self.sectors.set([SectorFactory()])
        self.locations.set([current_province_by_name("Hải Phòng")])
        self.beneficiary_groups.set([BeneficiaryGroupFactory()])


class AidDonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AidDonor

    item = factory.SubFactory(AidItemFactory)
    organisation = factory.SubFactory(OrganisationFactory, unit=factory.SelfAttribute("..item.unit"))


class AidTransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AidTransaction

    item = factory.SubFactory(AidItemFactory)
    kind = "disbursement"
    date = date(2024, 9, 1)
    amount = Decimal(100)
    currency = "EUR"
    donor = factory.SubFactory(OrganisationFactory, unit=factory.SelfAttribute("..item.unit"))


class AidDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AidDocument

    item = factory.SubFactory(AidItemFactory)
    title = factory.Sequence(lambda n: f"Quyết định phê duyệt {n}")
    date = date(2024, 6, 1)


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    currency = "EUR"
    target = "USD"
    rate = Decimal("1.08")
    year = factory.Sequence(lambda n: 1900 + n % 100)
    source = "test"


class WorkflowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workflow

    name = factory.Sequence(lambda n: f"Quy trình tiếp nhận {n}")
    legal_basis = "Nghị định 313/2025/NĐ-CP"


class WorkflowStepFactory(factory.django.DjangoModelFactory):
    """A step per status of one workflow: at most four steps a workflow."""

    class Meta:
        model = WorkflowStep

    workflow = factory.SubFactory(WorkflowFactory)
    status = factory.Sequence(lambda n: list(AidStatus)[n % len(AidStatus)])
    body = "Sở Ngoại vụ"


class WorkflowTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkflowTransition

    workflow = factory.SubFactory(WorkflowFactory)
    from_status = AidStatus.PROPOSED
    to_status = AidStatus.APPROVED
