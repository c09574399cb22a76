"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Load the matching engine's Korean reading now rather than on the first need posted.
from itda.matching.adapter import start_engine_warm_up  # noqa: E402 - needs the apps loaded

start_engine_warm_up()
