"""URL patterns for the standard screens of one model: list, add, detail, edit, delete, history,
the deleted records and restore."""

from django.urls import path

from .models import ExchangeRate
from .views import (
    ExchangeRateDetailView,
    ExchangeRateEditView,
    ExchangeRateListView,
    ObjectChangeLogView,
    ObjectDeletedListView,
    ObjectDeleteView,
    ObjectRestoreView,
)


def object_urls(
    model,
    *,
    list_view,
    detail_view,
    edit_view,
    prefix: str,
    changelog_view=ObjectChangeLogView,
    restore_view=ObjectRestoreView,
) -> list:
    """``prefix`` is the plural path segment, e.g. "organisations"; an app may give its own
    subclasses of the history and restore views (e.g. to offer or refuse something there).

    A record's history needs the same right as its detail (``detail_view.action``: "manage" for
    memberships), since it shows every value the record has had."""
    name = model._meta.model_name
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit_view.as_view(), name=f"{name}_add"),
        path(
            f"{prefix}/deleted/",
            ObjectDeletedListView.as_view(model=model, names_via=list_view.names_via),
            name=f"{name}_deleted",
        ),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", ObjectDeleteView.as_view(model=model), name=f"{name}_delete"),
        path(
            f"{prefix}/<int:pk>/history/",
            changelog_view.as_view(model=model, action=detail_view.action),
            name=f"{name}_changelog",
        ),
        path(f"{prefix}/<int:pk>/restore/", restore_view.as_view(model=model), name=f"{name}_restore"),
    ]


# The foundation's own screens (``amity/urls.py`` includes them at the root): the rate table, which
# the central union keeps for every app's figures.
app_name = "core"
urlpatterns = object_urls(
    ExchangeRate,
    prefix="rates",
    list_view=ExchangeRateListView,
    detail_view=ExchangeRateDetailView,
    edit_view=ExchangeRateEditView,
)
