"""The Celery application; tasks live in each app's tasks.py."""

import os

from celery import Celery

from halfway.settings import default_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_module())

app = Celery("halfway")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
