from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import realtime


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = _("Chat")

    def ready(self):
        from chat import live

        realtime.register("chat.message", live.message_arrived)
        realtime.register("chat.seen", live.message_seen)
        realtime.register("chat.unread", live.unread_badge, state=True)
        realtime.register("chat.typing", live.typing)
        realtime.register_inbound("chat.typing", live.someone_is_typing)
