"""Test session set-up: reference geography is loaded once per test database."""

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory):
    """Browser tests on SQLite use a file database, not the shared in-memory one.

    Django's live server lends the test's own in-memory connection to every request thread, so
    two requests at once from Chromium (a page and its autocomplete, say) meet on one connection
    and fail with "database table is locked". On a file each thread has its own connection, and
    WAL with the busy timeout orders them as in production.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    browser_tests = any(item.get_closest_marker("browser") for item in request.session.items)
    if browser_tests and database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from amity.geo import services

    with django_db_blocker.unblock():
        services.countries_sync()
        services.provinces_sync()


@pytest.fixture(autouse=True, scope="session")
def api_responses_match_the_schema():
    """Every API response of the suite is checked against the OpenAPI schema."""
    from amity.core.testing import api_responses_checked  # after pytest-django has set Django up

    with api_responses_checked():
        yield


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts and ends in the site's language, as a request or a command in a fresh process
    does: the locale middleware leaves a request's language active in the thread, and an earlier
    test's request must not decide which language a later test reads, nor the language in which the
    next test class's ``setUpTestData`` writes its records' translated defaults."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
