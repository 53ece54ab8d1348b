from django.urls import path

from amity.core.urls import object_urls

from . import views
from .models import CountryGroup

app_name = "geo"
urlpatterns = [
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<int:pk>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("admin-units/", views.AdminUnitListView.as_view(), name="adminunit_list"),
    path("admin-units/<int:pk>/", views.AdminUnitDetailView.as_view(), name="adminunit_detail"),
    *object_urls(
        CountryGroup,
        prefix="country-groups",
        list_view=views.CountryGroupListView,
        detail_view=views.CountryGroupDetailView,
        edit_view=views.CountryGroupEditView,
    ),
]
