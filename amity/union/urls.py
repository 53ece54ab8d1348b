from django.urls import path

from amity.core.urls import object_urls

from . import views
from .models import Congress, ElectedBody, ElectedRole, Metric, NationalTerm, StatedFigure

app_name = "union"

urlpatterns = [
    path("rollup/", views.RollupView.as_view(), name="rollup"),
    path("bodies/<int:pk>/people/", views.ElectedBodyRosterView.as_view(), name="electedbody_roster"),
    path("roles/<int:pk>/replace/", views.ElectedRoleReplaceView.as_view(), name="electedrole_replace"),
    *object_urls(
        Congress,
        prefix="congresses",
        list_view=views.CongressListView,
        detail_view=views.CongressDetailView,
        edit_view=views.CongressEditView,
    ),
    *object_urls(
        ElectedBody,
        prefix="bodies",
        list_view=views.ElectedBodyListView,
        detail_view=views.ElectedBodyDetailView,
        edit_view=views.ElectedBodyEditView,
    ),
    *object_urls(
        ElectedRole,
        prefix="roles",
        list_view=views.ElectedRoleListView,
        detail_view=views.ElectedRoleDetailView,
        edit_view=views.ElectedRoleEditView,
    ),
    *object_urls(
        StatedFigure,
        prefix="stated-figures",
        list_view=views.StatedFigureListView,
        detail_view=views.StatedFigureDetailView,
        edit_view=views.StatedFigureEditView,
    ),
    *object_urls(
        Metric,
        prefix="metrics",
        list_view=views.MetricListView,
        detail_view=views.MetricDetailView,
        edit_view=views.MetricEditView,
    ),
    *object_urls(
        NationalTerm,
        prefix="national-terms",
        list_view=views.NationalTermListView,
        detail_view=views.NationalTermDetailView,
        edit_view=views.NationalTermEditView,
    ),
]
