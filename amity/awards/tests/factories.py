"""Award types, nominations, decisions and their recipients, for tests."""

from datetime import date

import factory

from amity.awards.models import Award, AwardType, Decision, Nomination
from amity.registry.tests.factories import PersonFactory
from amity.units.tests.factories import UnitFactory


class AwardTypeFactory(factory.django.DjangoModelFactory):
    """One union's own award type (national ones have no unit)."""

    class Meta:
        model = AwardType

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Bằng khen số {n}")
    kind = "certificate"
    conferred_by = "Chủ tịch LHHN"


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    unit = factory.SubFactory(UnitFactory)
    award_type = factory.SubFactory(AwardTypeFactory, unit=factory.SelfAttribute("..unit"))
    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..unit"))
    origin = "foreign"
    proposer = "LHHN"
    proposed_on = date(2024, 1, 1)
    reason = "Đóng góp cho tình hữu nghị"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    unit = factory.SubFactory(UnitFactory)
    award_type = factory.SubFactory(AwardTypeFactory, unit=factory.SelfAttribute("..unit"))
    number = factory.Sequence(lambda n: f"{n}/QĐ-LHHN")
    decided_on = date(2024, 5, 1)
    issuing_body = "LHHN"


class AwardFactory(factory.django.DjangoModelFactory):
    """A person honoured by a decision, on a nomination."""

    class Meta:
        model = Award

    decision = factory.SubFactory(DecisionFactory)
    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..decision.unit"))
    recipient_kind = "individual"
    origin = "foreign"
    nomination = factory.SubFactory(
        NominationFactory,
        unit=factory.SelfAttribute("..decision.unit"),
        award_type=factory.SelfAttribute("..decision.award_type"),
        person=factory.SelfAttribute("..person"),
    )
