"""WSGI entry point: ``gunicorn dayone.server.config.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayone.server.config.settings")
application = get_wsgi_application()
