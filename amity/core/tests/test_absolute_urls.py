"""Every record's ``get_absolute_url()`` leads to a page that exists: the generic history, trash and
change-log screens link every record through it, whatever its kind."""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.test import TestCase
from django.urls import NoReverseMatch, Resolver404, resolve

from amity.core.tests.test_query_counts import Rows
from amity.units.testing import make_unit_tree


def unsaved(model, rows: Rows):
    """A record of ``model`` (which has no factory) under a made row of each parent that has one;
    a parent without a factory gets a made-up key, enough for a URL built from ids alone."""
    record = model(pk=1)
    for field in model._meta.concrete_fields:
        if field.many_to_one and field.related_model in rows.factories:
            setattr(record, field.name, rows.anchor(field.related_model))
        elif field.is_relation:
            setattr(record, field.attname, 1)
    return record


class AbsoluteUrlTest(TestCase):
    def test_every_record_links_to_a_page_that_exists(self):
        rows = Rows(make_unit_tree()["hai_phong"])
        checked, broken = [], []
        for model in apps.get_models():
            if not model.__module__.startswith("amity.") or not hasattr(model, "get_absolute_url"):
                continue
            record = rows.anchor(model) if model in rows.factories else unsaved(model, rows)
            try:
                url = record.get_absolute_url()
                resolve(url.split("?")[0].split("#")[0])
            except (NoReverseMatch, Resolver404) as error:
                broken.append(f"{model._meta.label}: {error}")
            except ObjectDoesNotExist:  # builds its URL from a parent without a factory
                broken.append(f"{model._meta.label}: needs a factory to be checked")
            checked.append(model._meta.label)
        self.assertEqual(broken, [])
        self.assertIn("aid.BeneficiaryGroup", checked)
        self.assertIn("press.Fact", checked)
        self.assertIn("diaspora.MergeRecord", checked)
