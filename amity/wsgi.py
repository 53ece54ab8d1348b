"""WSGI entry point (gunicorn amity.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amity.settings.base")
application = get_wsgi_application()

# Import every view now (the URLs name them all), as the first requests would, then keep what the
# process holds for its whole life (~290,000 objects) out of the garbage collector's passes: each
# full pass walked all of them, ~0.1 s every few hundred requests, most of the collector's cost.
get_resolver().url_patterns  # noqa: B018 (the property imports the URL modules)
gc.collect()
gc.freeze()
