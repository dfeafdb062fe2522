"""WSGI entry point for gunicorn (``townsquare serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
application = get_wsgi_application()
