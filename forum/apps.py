from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import realtime


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from forum import live, receivers  # noqa: F401  (receivers connects chat's and translation's signals)

        realtime.register("notifications.changed", live.notification_badge, state=True)
        realtime.register_topic("thread", live.may_watch_thread)
