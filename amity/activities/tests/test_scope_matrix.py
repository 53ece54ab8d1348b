"""Activities and their attachments are invisible outside their province, through screens and API;
names of the people in an activity are shown only to those who may see personal data."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from amity.activities.models import Activity, ActivityAttachment
from amity.core.roles import Role
from amity.registry.models import Person
from amity.units.testing import NamesShownMixin, ScopeMatrixMixin, make_unit_tree, make_user


class ActivityScopeTests(ScopeMatrixMixin, TestCase):
    model = Activity
    ui, api = "activities:activity", "activities-api:activity"

    @classmethod
    def make(cls, unit, label):
        return Activity.objects.create(unit=unit, type="meeting", title=label, start_date=date(2024, 3, 1))

    def test_search_box_is_scoped(self):
        self.client.force_login(self.hp_user)
        response = self.client.get("/search/", {"q": "scope"})
        self.assertContains(response, "Scope HP record")
        self.assertNotContains(response, "Scope BG record")


class AttachmentScopeTests(ScopeMatrixMixin, TestCase):
    model = ActivityAttachment
    ui, api = "activities:activityattachment", "activities-api:activityattachment"

    @classmethod
    def make(cls, unit, label):
        activity = Activity.objects.create(unit=unit, type="meeting", title=label, start_date=date(2024, 3, 1))
        return ActivityAttachment.objects.create(
            activity=activity, kind="document", file="activities/x.pdf", caption=label
        )


@override_settings(MEDIA_ROOT="/tmp/amity-test-media-activities")
class PeopleAndPhotosTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"])
        cls.central = make_user("vufo", unit=cls.u["vufo"], role=Role.ADMIN)
        cls.activity = Activity.objects.create(
            unit=cls.u["hai_phong"], type="delegation_in", title="Đón đoàn Lào", start_date=date(2024, 3, 1)
        )
        cls.activity.members.set([Person.objects.create(unit=cls.u["hai_phong"], full_name="Trần Thị Hoa")])

    def test_central_union_sees_the_activity_but_not_the_names(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(self.activity.get_absolute_url()), "Trần Thị Hoa")
        self.client.force_login(self.central)
        response = self.client.get(self.activity.get_absolute_url())
        self.assertContains(response, "Đón đoàn Lào")
        self.assertNotContains(response, "Trần Thị Hoa")
        self.assertContains(response, 'data-figure="people">1<')

    def test_photo_upload_shows_on_the_activity(self):
        self.client.force_login(self.editor)
        photo = SimpleUploadedFile("bunpimay.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
        response = self.client.post(
            "/activities/attachments/add/",
            {"activity": self.activity.pk, "kind": "photo", "file": photo, "caption": "Ảnh lưu niệm"},
        )
        self.assertEqual(response.status_code, 302)
        page = self.client.get(self.activity.get_absolute_url())
        self.assertContains(page, "Ảnh lưu niệm")
        self.assertContains(page, "<img")


class DelegationNamesTests(NamesShownMixin, TestCase):
    """An activity's page names the delegation's leader."""

    @classmethod
    def make(cls, unit, person_name):
        leader = Person.objects.create(unit=unit, full_name=person_name)
        return Activity.objects.create(
            unit=unit, type="meeting", title="Đoàn ra", start_date=date(2024, 3, 1), leader=leader
        )

    def pages(self, made):
        return [reverse("activities:activity_detail", args=[made.pk])]
