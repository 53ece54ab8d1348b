"""URLs: each Amity app's ``urls`` under /<label>/ and its ``api.urls`` under /api/<label>/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from amity.accounts import views as account_views
from amity.core import views as core_views
from amity.core.api import not_found
from amity.core.discovery import app_modules

handler404 = not_found

urlpatterns = [
    path("", core_views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/<str:label>/", core_views.DashboardWidgetsView.as_view(), name="dashboard_widgets"),
    path("favicon.ico", core_views.FaviconView.as_view(), name="favicon"),
    path("search/", core_views.SearchView.as_view(), name="search"),
    path("autocomplete/<str:label>/", core_views.AutocompleteView.as_view(), name="autocomplete"),
    path("quick-add/<str:label>/", core_views.QuickAddView.as_view(), name="quick_add"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # the admin signs in through the one login (with its authenticator step)
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a file, so the page works under CSP script-src 'self'.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/token/", account_views.ObtainTokenView.as_view(), name="api-token"),
    # uploaded documents, each behind its record's rights; the media directory is never served
    path("files/<str:model>/<int:pk>/<str:field>/", core_views.DocumentView.as_view(), name="document"),
]
urlpatterns += [path("", include("amity.core.urls")), path("api/core/", include("amity.core.api_urls"))]
for label, module in app_modules("urls"):
    urlpatterns.append(path(f"{label}/", include(module)))
for label, module in app_modules("api.urls"):
    urlpatterns.append(path(f"api/{label}/", include(module)))
