"""Every screen is reachable from the menu: walking the links of the pages a provincial editor and
the central union see (on the demo data) reaches every URL pattern of the screens, but for the
few listed here, each with its reason."""

from datetime import date

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from amity.activities.models import Activity, ActivityAttachment
from amity.aid.models import AidDocument, AidDonor, AidItem
from amity.awards.models import AwardType, Nomination
from amity.core.roles import Role
from amity.core.sitewalk import screen_view_names, walk
from amity.plans.models import ProgressUpdate, Task
from amity.registry.models import NGORegistration, Organisation, OrganisationMembership, OrganisationRelation, Person
from amity.units.models import Membership, Unit
from amity.units.testing import make_user

#: Views no page links to, on purpose.
NOT_LINKED = {
    "login": "the sign-in page: reached by being signed out (every page redirects to it)",
    "accounts:login_code": "the second step of a sign-in: the login page leads there for a user with an authenticator",
    "favicon": "the icon browsers ask for by themselves (pages name it in a link tag)",
    "autocomplete": "JSON for the pickers, asked by their script as the user types",
    "quick_add": "a picker's dialog adding a record from a form, opened by its script when the user chooses to add",
    "activities:calendar_feed": "the iCalendar feed: its address is shown for a calendar program, not opened here",
    "activities:activity_places": "the provinces of a date, fetched by the activity form when its date changes",
    "reports:renderjob_download": "a file download: linked from the report's page once rendered (the demo renders none)",
    "aid:import_job": "an import's progress page: the upload form leads there once a file is sent",
    "aid:figure_donors": "linked below the aid figures page's donors' table when its period has donors (walked in aid/tests/test_browser_donors.py)",
    "diaspora:import_job": "an import's progress page: the upload form leads there once a file is sent",
    "diaspora:contribution_import_job": "an import's progress page: the upload form leads there once a file is sent",
    "diaspora:erasure": "an erasure's progress page: the erasure form leads there, then the person's page links it; the demo erases nobody",
    "diaspora:merge": "offered (a POST) on the duplicates page for each pair found; the demo holds no pair",
    "diaspora:merge_undo": "offered (a POST) on the kept record's page after a merge; the demo merges nothing",
    "press:fact_record": "the confirming screen leads there when a fact is accepted into a new aid item, plan or award",
}
#: Restoring is offered on a deleted record's history page (a POST); the demo deletes nothing.
NOT_LINKED_SUFFIXES = {"_restore": "offered on a deleted record's history page only"}


class LinkGraphTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)
        cls.add_what_the_demo_lacks()

    @classmethod
    def add_what_the_demo_lacks(cls):
        """One record of each kind the demo has none of in Hải Phòng, so that its screens show."""
        hai_phong = Unit.objects.get(memberships__user__username="haiphong-editor")
        ngo = Organisation.objects.filter(unit=hai_phong, kind="foreign_ngo").first()
        other = Organisation.objects.filter(unit=hai_phong).exclude(pk=ngo.pk).first()
        person = Person.objects.create(unit=hai_phong, full_name="Tanaka Hiroshi")
        NGORegistration.objects.create(
            organisation=ngo,
            kind="operation",
            number="123/GĐK",
            valid_from=date(2025, 1, 1),
            valid_until=date(2030, 1, 1),
        )
        OrganisationMembership.objects.create(person=person, organisation=ngo, role="Trưởng đại diện")
        OrganisationRelation.objects.create(source=ngo, target=other, kind="partnership")
        item = AidItem.objects.filter(unit=hai_phong).first()
        AidDocument.objects.create(item=item, title="Quyết định phê duyệt")
        for donor in Organisation.objects.filter(unit=hai_phong, kind="foreign_ngo")[:2]:
            AidDonor.objects.get_or_create(item=item, organisation=donor)
        activity = Activity.objects.filter(unit=hai_phong).first()
        ActivityAttachment.objects.create(activity=activity, file=ContentFile(b"%PDF-1.4", name="agenda.pdf"))
        nomination = Nomination.objects.create(
            unit=hai_phong,
            award_type=AwardType.objects.filter(unit__isnull=True).first(),
            person=person,
            origin="foreign",
            proposer="LHHN Hải Phòng",
            proposed_on=date(2026, 3, 1),
            reason="Đóng góp cho tình hữu nghị",
        )
        task = Task.objects.order_by("pk").first()
        ProgressUpdate.objects.create(task=task, reported_on=date(2026, 3, 1), done=False)
        former = make_user("haiphong-former", unit=hai_phong, role=Role.EDITOR, is_active=False)  # left the union
        #: the parents of what was added: the walk visits them whenever a page links them
        cls.parents = [r.get_absolute_url() for r in (ngo, other, person, item, activity, nomination, task)]
        cls.parents.append(reverse("units:useraccount_detail", args=[former.pk]))

    def walk_as(self, username: str):
        user = Membership.objects.get(user__username=username).user
        self.client.force_login(user)
        found = walk(self.client, per_view=2, also=self.parents)
        self.assertEqual(found.errors, [], f"server errors walking as {username}")
        return found

    maxDiff = None

    def test_every_screen_is_linked_from_a_page_the_menu_leads_to(self):
        linked: set[str] = set()
        for username in ("haiphong-editor", "bacninh-editor", "vufo-admin"):
            linked |= set(self.walk_as(username).linked)
        unlinked = sorted(
            name
            for name in screen_view_names() - linked - set(NOT_LINKED)
            if not name.endswith(tuple(NOT_LINKED_SUFFIXES))
        )
        self.assertEqual(unlinked, [], "screens no page links to (add a link from the parent page or list)")
        stale = sorted(set(NOT_LINKED) - screen_view_names())
        self.assertEqual(stale, [], "NOT_LINKED names views that no longer exist")


class FaviconTests(TestCase):
    def test_the_icon_is_served_where_browsers_ask_and_named_by_every_page(self):
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].endswith("amity/favicon.ico"))
        self.assertContains(self.client.get("/login/"), 'rel="icon"')
