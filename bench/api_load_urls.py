"""Amity's URLs plus one plain view per table, served by gunicorn in ``bench/api_load.py``.

The plain view is what the API lists are compared with: a Django view that reads the same 50
newest rows of the same table and returns them as JSON, behind the same middleware and the same
token check (one query, as the API's authentication makes), without DRF, filters, restriction or
serializers.
"""

from django.apps import apps
from django.http import HttpResponseForbidden, JsonResponse
from django.urls import include, path

from amity.accounts.models import ApiToken, token_hash


def plain(request, label: str):
    key = request.headers.get("Authorization", "").removeprefix("Token ")
    if not ApiToken.objects.valid().filter(key_hash=token_hash(key)).exists():
        return HttpResponseForbidden()
    model = apps.get_model(label)
    fields = [f.attname for f in model._meta.concrete_fields]
    rows = list(model._default_manager.order_by("-pk").values(*fields)[:50])
    return JsonResponse({"results": rows})


urlpatterns = [
    path("bench/plain/<str:label>/", plain),
    path("", include("amity.urls")),
]
