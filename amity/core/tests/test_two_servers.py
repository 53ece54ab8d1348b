"""Two application processes on one database: the servers keep no state of their own.

Two gunicorn processes serve a copy of the test database (SQLite file or PostgreSQL database,
whichever the suite runs on). A user logs in through one and goes on through the other (sessions
live in the database); an edit saved through one is read through the other; a stale edit through
either is refused as a conflict, in the API (412) and in the web form (400 naming who saved first).
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from django.conf import settings
from django.test import TestCase

from amity.core.testing import committed_database_copy

ROOT = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).with_name("gunicorn")

SEED = """
from amity.accounts.services import api_token_create
from amity.core.context import Source, change_context
from amity.units.testing import make_user
from amity.registry.models import Organisation
from amity.core.roles import Role, UnitKind
from amity.units.models import Unit

with change_context(source=Source.COMMAND):
    union = Unit.objects.create(name="Liên hiệp các tổ chức hữu nghị TP Hải Phòng", kind=UnitKind.PROVINCIAL)
    lan = make_user("lan", unit=union, role=Role.EDITOR)
    minh = make_user("minh", unit=union, role=Role.EDITOR)
    org = Organisation.objects.create(unit=union, kind="friendship_association", name="Hội hữu nghị Việt Nam – Lào")
print(org.pk, api_token_create(actor=lan)[1], api_token_create(actor=minh)[1])
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A user's cookie jar, pointed at whichever server the load balancer picks."""

    def __init__(self):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, url, data=None, headers=None, method=None):
        body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
        req = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers


class TwoServersTests(TestCase):
    """The test process itself writes nothing; the servers work on a committed copy of its database."""

    @classmethod
    def setUpClass(cls):
        if not GUNICORN.exists():
            raise AssertionError(f"gunicorn is missing from {GUNICORN.parent}; run scripts/setup.sh")
        cls.tmp = Path(tempfile.mkdtemp(prefix="amity-two-servers-"))
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        # copy before TestCase opens its transaction (PostgreSQL copies from a template no one uses)
        cls.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "amity.settings.test",
            "AMITY_DEBUG": "0",
            "AMITY_SECURE_COOKIES": "0",  # plain http on loopback
            "AMITY_SECRET_KEY": "two-servers-share-this-key",
            "AMITY_ALLOWED_HOSTS": "127.0.0.1",
            "AMITY_VAR_DIR": str(cls.tmp),
            **committed_database_copy(cls.tmp, cls.addClassCleanup),
        }
        seeded = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SEED],
            cwd=ROOT,
            env=cls.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if seeded.returncode:
            raise AssertionError(seeded.stderr)
        pk, cls.lan_token, cls.minh_token = seeded.stdout.split()[-3:]
        cls.org_id = int(pk)
        cls.servers = [cls.start_server() for _ in range(2)]
        for process, url in cls.servers:
            cls.wait_until_up(process, url)
        super().setUpClass()

    @classmethod
    def start_server(cls):
        port = free_port()
        log = open(cls.tmp / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [str(GUNICORN), "amity.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=cls.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

        def stop():
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()

        cls.addClassCleanup(stop)
        return process, f"http://127.0.0.1:{port}"

    @classmethod
    def wait_until_up(cls, process, url):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError((cls.tmp / f"gunicorn-{url.rsplit(':', 1)[1]}.log").read_text())
            try:
                urllib.request.urlopen(url + "/login/", timeout=10).close()
                return
            except OSError:  # refused while starting, or timed out
                time.sleep(0.2)
        raise AssertionError(f"{url} did not start")

    # helpers -------------------------------------------------------------------------------
    def api(self, server: int, token: str, method: str = "GET", data: dict | None = None, if_match=None):
        headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
        body = None
        if data is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(data).encode()
        if if_match is not None:
            headers["If-Match"] = f'"{if_match}"'
        url = f"{self.servers[server][1]}/api/registry/organisations/{self.org_id}/"
        status, text, response_headers = Browser().request(url, body, headers, method)
        return status, json.loads(text), response_headers

    def login(self, browser: Browser, server: int, username: str):
        base = self.servers[server][1]
        status, page, _ = browser.request(base + "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, page, _ = browser.request(
            base + "/login/", {"username": username, "password": f"pw-{username}", "csrfmiddlewaretoken": token}
        )
        self.assertEqual(status, 200)  # followed the redirect to the dashboard
        self.assertIn(username, page)

    # the test ------------------------------------------------------------------------------
    def test_two_servers_share_sessions_records_and_conflicts(self):
        a, b = 0, 1
        self.assertNotEqual(self.servers[a][0].pid, self.servers[b][0].pid)

        # Lan logs in on server A; her next requests land on server B and she is still logged in.
        lan = Browser()
        self.login(lan, a, "lan")
        edit_url = f"/registry/organisations/{self.org_id}/edit/"
        status, form, _ = lan.request(self.servers[b][1] + edit_url)
        self.assertEqual(status, 200, "the session made on server A is unknown to server B")
        self.assertIn("Hội hữu nghị Việt Nam – Lào", form)
        opened_version = int(re.search(r'name="version" value="(\d+)"', form).group(1))
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

        # Minh reads through A and saves through B; A serves what B wrote.
        status, record, headers = self.api(a, self.minh_token)
        self.assertEqual((status, headers["ETag"]), (200, f'"{opened_version}"'))
        status, record, _ = self.api(
            b, self.minh_token, "PATCH", {"name": "Hội hữu nghị Việt – Lào TP Hải Phòng"}, if_match=opened_version
        )
        self.assertEqual(status, 200, record)
        status, record, headers = self.api(a, self.lan_token)
        self.assertEqual(record["name"], "Hội hữu nghị Việt – Lào TP Hải Phòng")
        self.assertEqual(headers["ETag"], f'"{opened_version + 1}"')

        # A stale API write through A is refused; nothing is overwritten.
        status, error, _ = self.api(a, self.lan_token, "PATCH", {"name": "Ghi đè"}, if_match=opened_version)
        self.assertEqual(status, 412, error)
        self.assertIn("minh", error["non_field_errors"][0])

        # Lan's form, opened before Minh saved, is posted to server A: refused, naming Minh.
        status, page, _ = lan.request(
            self.servers[a][1] + edit_url,
            {
                "kind": "friendship_association",
                "name": "Tên của Lan",
                "version": opened_version,
                "csrfmiddlewaretoken": csrf,
            },
        )
        self.assertEqual(status, 400)
        self.assertIn("minh", page)
        for server in (a, b):
            self.assertEqual(self.api(server, self.lan_token)[1]["name"], "Hội hữu nghị Việt – Lào TP Hải Phòng")

        # The history, read through B, holds the change made through B with who made it.
        status, history, _ = lan.request(self.servers[b][1] + f"/registry/organisations/{self.org_id}/history/")
        self.assertEqual(status, 200)
        self.assertIn("minh", history)
        self.assertIn("Hội hữu nghị Việt – Lào TP Hải Phòng", history)
