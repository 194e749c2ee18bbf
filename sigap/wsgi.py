import os

from django.core.wsgi import get_wsgi_application

from sigap.lib.runtime import settle_after_start

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")
application = get_wsgi_application()
# Each gunicorn worker imports this module after forking: freeze what start-up made (sigap.lib.runtime).
settle_after_start()
