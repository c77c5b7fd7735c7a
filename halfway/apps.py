from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.urls import register_converter

from core.ids import IdConverter


class HalfwayConfig(AppConfig):
    name = "halfway"
    verbose_name = "Halfway"

    def ready(self):
        register_converter(IdConverter, "id")
        # The embedded mode's folder broker and file mail need their folders to exist before
        # the first task or email; creating them is harmless when they are already there.
        folders = [settings.MEDIA_ROOT]
        for key in ("data_folder_in", "data_folder_out", "control_folder"):
            if key in settings.CELERY_BROKER_TRANSPORT_OPTIONS:
                folders.append(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key])
        if getattr(settings, "EMAIL_FILE_PATH", None):
            folders.append(settings.EMAIL_FILE_PATH)
        for folder in folders:
            Path(folder).mkdir(parents=True, exist_ok=True)
