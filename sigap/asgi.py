import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")
django_application = get_asgi_application()

from sigap.core.uploads import ASGIRequestSizeLimit  # noqa: E402  (needs the settings loaded above)

# Django's ASGI handler buffers a request body before any middleware runs: refuse one over the limit first.
application = ASGIRequestSizeLimit(django_application)
