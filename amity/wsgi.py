"""WSGI entry point (gunicorn amity.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amity.settings.base")
application = get_wsgi_application()
