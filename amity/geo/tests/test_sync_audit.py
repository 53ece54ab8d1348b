"""Reference geography loaded by geo_sync is in the change log: one summary event per sync that
changed something, plus a change row for each row loaded earlier that the sync changed."""

import io

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import TestCase

from amity.audit.models import ObjectChange
from amity.geo.models import AdminUnit, Country
from amity.geo.services import LAST_DAY_BEFORE, current_province_by_name


class GeoSyncAuditTests(TestCase):
    def sync(self) -> list[ObjectChange]:
        last = ObjectChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        call_command("geo_sync", verbosity=0, stdout=io.StringIO())
        return list(ObjectChange.objects.filter(pk__gt=last).order_by("pk"))

    def test_a_sync_of_loaded_data_writes_no_change_rows(self):
        self.assertEqual(self.sync(), [])

    def test_rows_changed_since_the_last_load_are_logged_each_and_summed_up(self):
        japan = Country.objects.get(iso_alpha2="JP")
        Country.objects.filter(pk=japan.pk).update(name_ru="Япония (исправлено)")
        bac_giang = AdminUnit.objects.get(level="province", name="Bắc Giang", valid_to__isnull=False)
        AdminUnit.objects.filter(pk=bac_giang.pk).update(valid_to=None)
        bac_giang.successors.set([current_province_by_name("Hà Nội")])
        changes = self.sync()
        self.assertEqual({c.source for c in changes}, {"command"})
        rows = {(c.content_type.model, c.object_id, c.action): c for c in changes}
        country = rows[("country", str(japan.pk), "update")]
        self.assertEqual(country.diff, [("name_ru", "Япония (исправлено)", "Япония")])
        hanoi, bac_ninh = current_province_by_name("Hà Nội"), current_province_by_name("Bắc Ninh")
        self.assertEqual(
            [c.diff for c in changes if c.object_id == str(bac_giang.pk)],
            [[("valid_to", None, LAST_DAY_BEFORE.isoformat())], [("successors", [hanoi.pk], [bac_ninh.pk])]],
        )
        events = {c.content_type.model: c for c in changes if c.action == "event"}
        self.assertEqual(set(events), {"country", "adminunit"})
        self.assertEqual({c.event for c in events.values()}, {"geo.synced"})
        countries = Country.objects.count()
        self.assertEqual(events["country"].after["country"], {"updated": 1, "unchanged": countries - 1})
        self.assertEqual(events["adminunit"].after["adminunit"]["retired"], 1)
        self.assertEqual(events["adminunit"].after["adminunit"]["updated"], 1)  # its successors
        self.assertEqual(len(changes), 5)  # two summaries, three rows: nothing for the unchanged ones
        self.assertEqual(self.sync(), [])  # and now it is in step again

    def test_summary_event_is_logged_against_the_model_not_a_row(self):
        Country.objects.filter(iso_alpha2="LA").update(name_zh="")
        event = next(c for c in self.sync() if c.action == "event")
        self.assertEqual(
            (event.content_type, event.object_id, event.unit_id),
            (ContentType.objects.get_for_model(Country), "", None),
        )
