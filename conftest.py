"""Test session set-up: reference geography is loaded once per test database."""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from amity.geo import services

    with django_db_blocker.unblock():
        services.countries_sync()
        services.provinces_sync()
