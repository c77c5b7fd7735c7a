from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import realtime


class TranslationConfig(AppConfig):
    name = "translation"
    verbose_name = _("Translation")

    def ready(self):
        from translation import live

        realtime.register("translation.ready", live.translation_ready)
