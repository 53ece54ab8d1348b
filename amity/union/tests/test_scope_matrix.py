"""Congresses, elected bodies and stated figures are invisible outside their province, screens and API alike."""

from datetime import date
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from amity.registry.models import Person
from amity.union.models import Congress, ElectedBody, ElectedRole, StatedFigure
from amity.units.testing import NamesShownMixin, ScopeMatrixMixin

from .factories import make_congress, metric


class CongressScopeTests(ScopeMatrixMixin, TestCase):
    model = Congress
    ui, api = "union:congress", "union-api:congress"

    @classmethod
    def make(cls, unit, label):
        return make_congress(unit, 1, date(2018, 1, 1), date(2022, 12, 31), place=label)


class ElectedBodyScopeTests(ScopeMatrixMixin, TestCase):
    model = ElectedBody
    ui, api = "union:electedbody", "union-api:electedbody"

    @classmethod
    def make(cls, unit, label):
        return ElectedBody.objects.create(
            congress=make_congress(unit, 1, date(2018, 1, 1), date(2022, 12, 31)), kind="executive", notes=label
        )


class StatedFigureScopeTests(ScopeMatrixMixin, TestCase):
    model = StatedFigure
    ui, api = "union:statedfigure", "union-api:statedfigure"

    @classmethod
    def make(cls, unit, label):
        return StatedFigure.objects.create(
            unit=unit, metric=metric("members"), value=Decimal(6000), as_of=date(2022, 11, 1), notes=label
        )


class ElectedPeopleNamesTests(NamesShownMixin, TestCase):
    """The congress page, its elected body's page and the elected roles' list and page name the
    person elected only to those who may see that person, and log the names they show."""

    @classmethod
    def make(cls, unit, person_name):
        body = ElectedBody.objects.create(
            congress=make_congress(unit, 1, date(2018, 1, 1), date(2022, 12, 31)), kind="executive"
        )
        person = Person.objects.create(unit=unit, full_name=person_name)
        return ElectedRole.objects.create(body=body, person=person, position="vice_chair", start=date(2018, 1, 1))

    def pages(self, role):
        return [
            reverse("union:congress_detail", args=[role.body.congress_id]),
            reverse("union:electedbody_detail", args=[role.body_id]),
            reverse("union:electedrole_list"),
            reverse("union:electedrole_detail", args=[role.pk]),
        ]
