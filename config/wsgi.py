import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

application = get_wsgi_application()

# Under gunicorn's preload_app this runs once in the master, and every worker is forked warm.
from config.warmup import warm_up  # noqa: E402

warm_up()
