"""Accounts as an attacker and as a user meet them: guessing is locked out, tokens expire and are
kept hashed, everyone can change their password, common Vietnamese passwords are refused."""

import time
from datetime import timedelta
from unittest import mock

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from amity.accounts.models import ApiToken, token_hash
from amity.accounts.validators import VietnameseCommonPasswordValidator
from amity.audit.models import ObjectChange
from amity.core.roles import Role
from amity.core.testing import APIClient
from amity.units.testing import make_unit_tree, make_user


def events(user) -> list[str]:
    return list(
        ObjectChange.objects.filter(object_id=str(user.pk), content_type__model="user", action="event")
        .order_by("pk")
        .values_list("event", flat=True)
    )


class LoginThrottlingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.admin = make_user("admin", is_staff=True, is_superuser=True)

    def login(self, password, **extra):
        return self.client.post(reverse("login"), {"username": "hp-editor", "password": password}, **extra)

    def test_wrong_passwords_lock_the_login_then_an_administrator_unlocks_it(self):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.assertEqual(self.login("guess").status_code, 200)  # the form again, with its error
        locked = self.login("guess")
        self.assertEqual(locked.status_code, 429)
        self.assertContains(locked, "Quá nhiều", status_code=429)
        right = self.login("pw-hp-editor")
        self.assertEqual(right.status_code, 429)  # even the right password, while locked
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(events(self.editor), ["account.locked_out"])

        admin = self.client_class()
        admin.force_login(self.admin)
        attempt = AccessAttempt.objects.get(username="hp-editor")
        response = admin.post(
            reverse("admin:axes_accessattempt_changelist"),
            {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.login("pw-hp-editor").status_code, 302)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.editor.pk)
        self.assertEqual(events(self.editor), ["account.locked_out", "account.unlocked"])

    def test_the_token_endpoint_shares_the_lockout(self):
        client = APIClient()
        url = reverse("api-token")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.assertEqual(client.post(url, {"username": "hp-editor", "password": "x"}).status_code, 400)
        self.assertEqual(client.post(url, {"username": "hp-editor", "password": "x"}).status_code, 429)
        self.assertEqual(client.post(url, {"username": "hp-editor", "password": "pw-hp-editor"}).status_code, 429)
        self.assertEqual(self.login("pw-hp-editor").status_code, 429)  # same user, same address

    def test_a_guesser_elsewhere_does_not_lock_the_user_out_of_their_own_address(self):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.login("guess", REMOTE_ADDR="203.0.113.9")
        self.assertEqual(self.login("guess", REMOTE_ADDR="203.0.113.9").status_code, 429)
        self.assertEqual(self.login("pw-hp-editor", REMOTE_ADDR="10.0.0.5").status_code, 302)

    @override_settings(PROXY_COUNT=1)
    def test_behind_a_proxy_the_client_address_is_the_one_the_proxy_saw(self):
        """nginx appends the address it saw to X-Forwarded-For; what a client wrote before is ignored."""
        for n in range(settings.AXES_FAILURE_LIMIT):  # a new spoofed address at every try
            self.login("guess", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.9", REMOTE_ADDR="127.0.0.1")
        self.assertEqual(list(AccessAttempt.objects.values_list("ip_address", flat=True)), ["203.0.113.9"])
        self.assertEqual(self.login("pw-hp-editor", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code, 429)
        self.assertEqual(self.login("pw-hp-editor", HTTP_X_FORWARDED_FOR="10.0.0.5").status_code, 302)


class ApiTokenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)

    def obtain(self) -> dict:
        response = APIClient().post(reverse("api-token"), {"username": "hp-editor", "password": "pw-hp-editor"})
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_a_token_is_kept_only_as_a_hash_and_expires(self):
        body = self.obtain()
        stored = ApiToken.objects.get()
        self.assertEqual(stored.key_hash, token_hash(body["token"]))
        self.assertNotIn(body["token"], str(list(ApiToken.objects.values())))
        hours = (stored.expires - timezone.now()).total_seconds() / 3600
        self.assertAlmostEqual(hours, settings.API_TOKEN_HOURS, delta=0.1)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
        self.assertEqual(client.get("/api/registry/organisations/").status_code, 200)
        ApiToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
        self.assertEqual(client.get("/api/registry/organisations/").status_code, 401)
        self.assertEqual(events(self.editor), ["account.api_token_created"])

    def test_a_deactivated_account_s_token_stops_at_once(self):
        """An administrator deactivates a departed editor's account: the token they hold, still
        within its hours, no longer opens the API."""
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {self.obtain()['token']}")
        self.assertEqual(client.get("/api/registry/organisations/").status_code, 200)
        self.editor.is_active = False
        self.editor.save()
        self.assertEqual(client.get("/api/registry/organisations/").status_code, 401)

    def test_changing_the_password_revokes_the_tokens(self):
        body = self.obtain()
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("accounts:password_change"),
            {
                "old_password": "pw-hp-editor",
                "new_password1": "Ba con voi đi qua cầu",
                "new_password2": "Ba con voi đi qua cầu",
            },
        )
        self.assertEqual(response.status_code, 302)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
        self.assertEqual(client.get("/api/registry/organisations/").status_code, 401)


class ApiTokenScopeMatrixTests(TestCase):
    """Tokens through the one door for reads: each user reads their own tokens and no one else's,
    whatever their role or unit (a provincial or central administrator, the superuser); signing in
    with a token finds it by its hash for anyone."""

    @classmethod
    def setUpTestData(cls):
        from django.contrib.auth.models import AnonymousUser

        from amity.accounts.services import api_token_create

        cls.u = make_unit_tree()
        cls.users = [
            make_user("hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR),
            make_user("hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN),
            make_user("bn-editor", unit=cls.u["bac_ninh"], role=Role.EDITOR),
            make_user("vufo-admin", unit=cls.u["vufo"], role=Role.ADMIN),
            make_user("root", is_superuser=True, is_staff=True),
        ]
        cls.keys = {}
        for user in cls.users:
            token, cls.keys[user.username] = api_token_create(actor=user)
        cls.anonymous = AnonymousUser()

    def test_every_user_reads_only_their_own_tokens(self):
        for reader in self.users:
            for holder in self.users:
                with self.subTest(reader=reader.username, holder=holder.username):
                    seen = ApiToken.objects.restrict(reader).filter(user=holder).exists()
                    self.assertEqual(seen, reader == holder)
        self.assertFalse(ApiToken.objects.restrict(self.anonymous).exists())
        self.assertFalse(ApiToken.objects.restrict(None).exists())

    def test_a_password_change_revokes_only_the_users_own_tokens(self):
        from amity.accounts.services import password_changed_record

        password_changed_record(actor=self.users[0])
        for user in self.users:
            with self.subTest(user=user.username):
                client = APIClient()
                client.credentials(HTTP_AUTHORIZATION=f"Token {self.keys[user.username]}")
                status = client.get("/api/registry/organisations/").status_code
                self.assertEqual(status, 401 if user == self.users[0] else 200)


class PasswordChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)  # not staff

    def change(self, new: str):
        return self.client.post(
            reverse("accounts:password_change"),
            {"old_password": "pw-hp-editor", "new_password1": new, "new_password2": new},
        )

    def test_a_user_who_is_not_staff_changes_their_password_from_the_user_menu(self):
        self.client.force_login(self.editor)
        page = self.client.get(reverse("dashboard"))
        self.assertContains(page, f'href="{reverse("accounts:password_change")}"')
        response = self.change("Ba con voi đi qua cầu")
        self.assertRedirects(response, reverse("dashboard"), fetch_redirect_response=False)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.editor.pk)  # still logged in
        self.editor.refresh_from_db()
        self.assertTrue(self.editor.check_password("Ba con voi đi qua cầu"))
        self.assertEqual(events(self.editor), ["account.password_changed"])

    def test_weak_and_common_vietnamese_passwords_are_refused(self):
        self.client.force_login(self.editor)
        for weak in [
            "84736291",
            "847362918473",
            "Matkhau@2024",
            "anhyeuem123456",
            "Nguyễn Văn An 1990",
            "01/02/1990",
            "hp-editor-12",
        ]:
            with self.subTest(password=weak):
                response = self.change(weak)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors["new_password2"])
        self.editor.refresh_from_db()
        self.assertTrue(self.editor.check_password("pw-hp-editor"))
        self.assertEqual(events(self.editor), [])

    def test_the_validator_sees_through_accents_case_and_digits(self):
        validator = VietnameseCommonPasswordValidator()
        for weak in ["MẬT KHẨU", "matkhau", "!!Hải Phòng2025", "iloveyou", "15-08-1985"]:
            with self.subTest(password=weak), self.assertRaises(ValidationError):
                validator.validate(weak)
        validator.validate("Ba con voi đi qua cầu")  # a phrase of one's own


class SessionTests(TestCase):
    """A session ends after a working day without requests, counted from the last request to within
    a minute: a request writes the session only when its stored expiry lags by more than that."""

    def setUp(self):
        self.client.force_login(get_user_model().objects.create_user("u", password="x"))
        self.session = Session.objects.get(session_key=self.client.session.session_key)

    def writes(self) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(reverse("dashboard")).status_code, 200)
        return [q["sql"] for q in captured.captured_queries if (q["sql"] or "").startswith('UPDATE "django_session"')]

    def test_a_session_ends_after_a_working_day_without_requests(self):
        self.assertEqual(settings.SESSION_COOKIE_AGE, 9 * 3600)
        self.assertEqual(settings.SESSION_REFRESH_SECONDS, 60)
        self.client.get(reverse("dashboard"))
        self.assertAlmostEqual(self.client.session.get_expiry_age(), 9 * 3600, delta=5)
        self.session.refresh_from_db()
        self.assertAlmostEqual(
            self.session.expire_date, timezone.now() + timedelta(hours=9), delta=timedelta(seconds=65)
        )

    def test_the_expiry_moves_with_each_request_once_it_lags_by_a_minute(self):
        lagging = timezone.now() + timedelta(hours=9) - timedelta(seconds=61)
        Session.objects.filter(pk=self.session.pk).update(expire_date=lagging)
        self.assertEqual(len(self.writes()), 1)  # the expiry moved to nine hours from this request
        self.session.refresh_from_db()
        self.assertAlmostEqual(
            self.session.expire_date, timezone.now() + timedelta(hours=9), delta=timedelta(seconds=5)
        )
        self.assertEqual(self.writes(), [])  # within the minute: not written again
        self.assertIn(settings.SESSION_COOKIE_NAME, self.client.cookies)

    def test_a_request_long_after_the_last_finds_the_session_ended(self):
        Session.objects.filter(pk=self.session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
        response = self.client.get(reverse("dashboard"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])


class SuperuserPersonalDataTests(TestCase):
    def test_personal_data_shown_to_the_superuser_is_logged_as_such(self):
        from amity.audit.services import SUPERUSER_NOTE, personal_access_record
        from amity.registry.models import Organisation

        units = make_unit_tree()
        org = Organisation.objects.create(unit=units["hai_phong"], kind="foreign_ngo", name="Plan")
        root = make_user("root", is_superuser=True, is_staff=True)
        editor = make_user("hp-editor", unit=units["hai_phong"], role=Role.EDITOR)
        by_root = personal_access_record(actor=root, model=Organisation, kind="detail", records=[org], query="q=x")
        by_editor = personal_access_record(actor=editor, model=Organisation, kind="detail", records=[org], query="q=x")
        self.assertEqual(by_root.query, f"{SUPERUSER_NOTE} q=x")
        self.assertEqual(by_editor.query, "q=x")
        self.assertEqual(set(by_root.units.all()), {units["hai_phong"]})  # Hải Phòng's auditors see it


def totp_code(device, *, at: float) -> str:
    """The code ``device``'s app shows at the time ``at`` (seconds since the epoch)."""
    from django_otp import oath

    totp = oath.TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = at
    return f"{totp.token():06d}"


def otp_clock(at: float):
    """django-otp's clock stopped at ``at``: a code made for ``at`` is checked against that very
    time step, however long the requests take and whatever step boundary the real clock crosses
    meanwhile (only django-otp's ``time`` is replaced, not the process's)."""
    return mock.patch("django_otp.plugins.otp_totp.models.time", mock.Mock(time=mock.Mock(return_value=at)))


def wait_out_throttle(device) -> None:
    """As if the seconds django-otp makes a user wait after a wrong code had passed."""
    type(device).objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(minutes=1))


class TwoStepSignInTests(TestCase):
    """An administrator enrols an authenticator app from the user menu (the QR code drawn on the
    server); signing in then asks for its code after the password, the API token too; a setting
    makes it compulsory for central administrators. Enrolment and removal are in the change log."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.admin = make_user("hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.central = make_user("vufo-admin", unit=cls.u["vufo"], role=Role.ADMIN)
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)

    def enrol(self, user, *, at: float):
        """Enrol ``user``'s authenticator app with the code it shows at ``at``."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        self.client.force_login(user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = self.client.get(reverse("accounts:two_factor"))
        self.assertContains(page, "<svg")  # the QR code, drawn here: no image from elsewhere
        self.assertNotContains(page, "http://")
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        self.assertContains(page, device.config_url.split("secret=")[1][:4])  # the key to type
        wrong = self.client.post(reverse("accounts:two_factor"), {"action": "enrol", "code": "000000"})
        self.assertEqual(wrong.status_code, 400)
        device.refresh_from_db()
        self.assertFalse(device.confirmed)
        wait_out_throttle(device)
        with otp_clock(at):
            done = self.client.post(
                reverse("accounts:two_factor"), {"action": "enrol", "code": totp_code(device, at=at)}
            )
        self.assertRedirects(done, reverse("accounts:two_factor"))
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.client.logout()
        return device

    def log_in(self, username: str):
        return self.client.post(
            reverse("login"), {"username": username, "password": f"pw-{username}", "next": "/search/"}
        )

    def test_enrol_then_sign_in_with_the_code_then_remove(self):
        self.client.force_login(self.admin)
        self.assertContains(self.client.get(reverse("dashboard")), reverse("accounts:two_factor"))  # in the user menu
        now = time.time()  # each step below half a minute (one code) later
        device = self.enrol(self.admin, at=now)
        self.assertEqual(events(self.admin), ["account.totp_enrolled"])
        # the password alone no longer signs in: the code is asked for
        response = self.log_in("hp-admin")
        self.assertRedirects(response, reverse("accounts:login_code"))
        self.assertEqual(self.client.get(reverse("dashboard")).status_code, 302)  # not signed in yet
        wrong = self.client.post(reverse("accounts:login_code"), {"code": "123456"})
        self.assertEqual(wrong.status_code, 400)
        self.assertContains(wrong, 'data-error="code"', status_code=400)
        wait_out_throttle(device)
        with otp_clock(now + 30):
            signed = self.client.post(reverse("accounts:login_code"), {"code": totp_code(device, at=now + 30)})
        self.assertRedirects(signed, "/search/", fetch_redirect_response=False)
        self.assertEqual(self.client.get(reverse("dashboard")).status_code, 200)
        page = self.client.get(reverse("accounts:two_factor"))
        self.assertContains(page, 'data-totp="on"')
        # the API token needs the code too
        api = APIClient()
        body = {"username": "hp-admin", "password": "pw-hp-admin"}
        self.assertEqual(api.post(reverse("api-token"), body).status_code, 400)
        wait_out_throttle(device)
        code = totp_code(device, at=now + 60)
        with otp_clock(now + 60):
            self.assertEqual(api.post(reverse("api-token"), {**body, "code": code}).status_code, 200)
            removed = self.client.post(reverse("accounts:two_factor"), {"action": "remove", "code": code})
        self.assertEqual(removed.status_code, 400)  # a code is used once
        wait_out_throttle(device)
        with otp_clock(now + 90):
            removed = self.client.post(
                reverse("accounts:two_factor"), {"action": "remove", "code": totp_code(device, at=now + 90)}
            )
        self.assertRedirects(removed, reverse("accounts:two_factor"))
        self.assertEqual(
            events(self.admin), ["account.totp_enrolled", "account.api_token_created", "account.totp_removed"]
        )
        self.client.logout()
        self.assertRedirects(self.log_in("hp-admin"), "/search/", fetch_redirect_response=False)  # one step again

    def test_a_code_for_a_sign_in_left_waiting_too_long_is_refused(self):
        now = time.time()
        device = self.enrol(self.admin, at=now)
        self.log_in("hp-admin")
        session = self.client.session
        session["totp_pending"]["since"] -= 301
        session.save()
        with otp_clock(now + 30):
            response = self.client.post(reverse("accounts:login_code"), {"code": totp_code(device, at=now + 30)})
        self.assertRedirects(response, reverse("login"))
        self.assertEqual(self.client.get(reverse("dashboard")).status_code, 302)

    @override_settings(TOTP_REQUIRED_FOR_CENTRAL_ADMINS=True)
    def test_the_setting_makes_central_administrators_enrol_before_anything_else(self):
        self.assertRedirects(self.log_in("hp-admin"), "/search/", fetch_redirect_response=False)  # provincial: optional
        self.assertEqual(self.client.get(reverse("dashboard")).status_code, 200)
        self.client.logout()
        self.assertRedirects(self.log_in("vufo-admin"), "/search/", fetch_redirect_response=False)
        for url in (reverse("dashboard"), "/admin/"):
            with self.subTest(url=url):
                self.assertRedirects(
                    self.client.get(url), reverse("accounts:two_factor"), fetch_redirect_response=False
                )
        self.assertEqual(self.client.get("/api/registry/organisations/").status_code, 403)
        self.assertContains(self.client.get(reverse("accounts:two_factor")), "data-totp-required")
        api = APIClient()
        body = {"username": "vufo-admin", "password": "pw-vufo-admin"}
        self.assertEqual(api.post(reverse("api-token"), body).status_code, 403)  # no token: enrol first
        self.client.logout()
        now = time.time()
        device = self.enrol(self.central, at=now)
        with otp_clock(now + 30):
            self.log_in("vufo-admin")
            self.client.post(reverse("accounts:login_code"), {"code": totp_code(device, at=now + 30)})
        self.assertEqual(self.client.get(reverse("dashboard")).status_code, 200)

    def test_the_admin_site_signs_in_through_the_same_two_steps(self):
        response = self.client.get("/admin/login/?next=/admin/")
        self.assertRedirects(response, reverse("login") + "?next=/admin/", fetch_redirect_response=False)

    def test_a_token_request_without_the_code_is_not_counted_as_a_wrong_code(self):
        device = self.enrol(self.admin, at=time.time())
        api = APIClient()
        body = {"username": "hp-admin", "password": "pw-hp-admin"}
        for _ in range(3):
            response = api.post(reverse("api-token"), body)
            self.assertEqual(response.status_code, 400)
            self.assertIn("code", response.json())
        device.refresh_from_db()
        self.assertEqual(device.throttling_failure_count, 0)  # the app's next code still works at once
        self.assertEqual(api.post(reverse("api-token"), {**body, "code": "000000"}).status_code, 400)
        device.refresh_from_db()
        self.assertEqual(device.throttling_failure_count, 1)  # a wrong code does count

    @override_settings(TOTP_REQUIRED_FOR_CENTRAL_ADMINS=True)
    def test_a_required_administrator_without_an_authenticator_is_told_to_enrol_first(self):
        response = APIClient().post(reverse("api-token"), {"username": "vufo-admin", "password": "pw-vufo-admin"})
        self.assertEqual(response.status_code, 403)
        self.assertIn("đăng ký ứng dụng xác thực trước", response.json()["detail"])  # Vietnamese by default
        self.assertFalse(ApiToken.objects.filter(user=self.central).exists())

    def test_an_authenticator_removed_or_added_in_the_admin_site_is_in_the_change_log(self):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = self.enrol(self.admin, at=time.time())
        root = get_user_model().objects.create_superuser("root", password="pw-root-long-enough")
        TOTPDevice.objects.create(user=root, name="root", confirmed=True)
        self.client.force_login(root)
        session = self.client.session  # the superuser has passed the second step
        session["otp_device_id"] = TOTPDevice.objects.get(user=root).persistent_id
        session.save()
        url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 302)
        self.assertFalse(TOTPDevice.objects.filter(pk=device.pk).exists())
        removed = ObjectChange.objects.filter(object_id=str(self.admin.pk), event="account.totp_removed").get()
        self.assertEqual(removed.actor, root)
        self.assertEqual(events(self.admin), ["account.totp_enrolled", "account.totp_removed"])
        added = TOTPDevice.objects.create(user=self.editor, name="given by the admin", confirmed=False)
        self.assertEqual(events(self.editor), [])  # not yet counting at sign-in
        added.confirmed = True
        added.save()
        self.assertEqual(events(self.editor), ["account.totp_enrolled"])
