"""The WSGI application for production servers (gunicorn collegium.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collegium.settings")
application = get_wsgi_application()

from collegium.core.gcfreeze import freeze_after_warm_up  # noqa: E402  (after Django is set up)

# Every view loaded now rather than on the first request, then frozen out of the collector's
# full passes (see collegium.core.gcfreeze).
get_resolver().url_patterns  # noqa: B018  (the attribute loads the URLconf and its views)
freeze_after_warm_up()
