"""Production settings as the README gives them pass Django's deployment check with no warning;
debugging is off unless asked for; every page carries the security headers."""

import os
import subprocess
import sys

from django.conf import settings
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "amity.settings.base",
    "AMITY_SECRET_KEY": "x7" * 30 + "-production-key-with-enough-characters",
    "AMITY_ALLOWED_HOSTS": "amity.example.vn",
    "AMITY_PROXY_COUNT": "1",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AMITY_", "DJANGO_"))}
    clean["AMITY_VAR_DIR"] = os.environ.get("AMITY_VAR_DIR", str(settings.VAR_DIR))
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


class DeploymentCheckTests(SimpleTestCase):
    def test_check_deploy_passes_at_warning_level_with_production_settings(self):
        result = run_manage("check", "--deploy", "--fail-level", "WARNING")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_debug_is_off_unless_amity_debug_is_set_and_production_is_https_only(self):
        code = (
            "from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
            " s.SESSION_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
        )
        result = run_manage("shell", "--no-imports", "-c", code)
        self.assertEqual(
            result.stdout.split(), ["False", "True", "31536000", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')"]
        )
        self.assertEqual(
            run_manage(
                "shell", "--no-imports", "-c", "from django.conf import settings as s; print(s.DEBUG)", AMITY_DEBUG="1"
            ).stdout.strip(),
            "True",
        )

    def test_the_demo_script_turns_debugging_on(self):
        with open(os.path.join(settings.BASE_DIR, "scripts", "demo.sh")) as script:
            self.assertIn('export AMITY_DEBUG="${AMITY_DEBUG:-1}"', script.read())


class SecurityHeaderTests(TestCase):
    def test_pages_forbid_framing_foreign_forms_and_base_tags(self):
        response = self.client.get(reverse("login"))
        policy = dict(
            part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
        )
        self.assertEqual(policy["frame-ancestors"], "'none'")
        self.assertEqual(policy["form-action"], "'self'")
        self.assertEqual(policy["base-uri"], "'self'")
        self.assertEqual(policy["script-src"], "'self'")
        self.assertEqual(policy["object-src"], "'none'")
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
