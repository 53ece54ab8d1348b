"""The settings gunicorn runs with in ``bench/api_load.py``: Amity's own, with the URLs of
``api_load_urls`` (Amity's, plus the plain views to compare with, never part of Amity's URLs)."""

import os

from amity.settings.base import *  # noqa: F403

ROOT_URLCONF = "api_load_urls"
SECURE_SSL_REDIRECT = False  # plain HTTP on loopback
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

_DEFAULT = DATABASES["default"]  # noqa: F405
if os.environ.get("AMITY_BENCH_APPLICATION_NAME") and _DEFAULT["ENGINE"].endswith("postgresql"):
    # the bench finds this server's PostgreSQL backend by it, to read its CPU time
    _DEFAULT["OPTIONS"] = {
        **_DEFAULT.get("OPTIONS", {}),
        "application_name": os.environ["AMITY_BENCH_APPLICATION_NAME"],
    }
