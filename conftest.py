"""Test session set-up: reference geography is loaded once per test database."""

import pytest


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
