"""The one WebSocket a page opens: authenticated from the session, Origin checked by asgi.py.

Events arrive rendered and numbered (core/realtime.py): the socket forwards them without a
query. The hello frame after connecting, and each pong, carry the member's newest event
number, so a page learns of a frame it never got even when no later frame comes.
"""

import json
import logging

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import timezone

from core import realtime
from core.event_log import event_log

logger = logging.getLogger(__name__)

# Pages send pings and small frames (typing); anything longer is not from them.
MAX_FRAME_CHARACTERS = 4096
# A page watches a topic or two (the thread it shows); more is not a page's doing.
MAX_TOPICS = 8


def current_member(member_id: int):
    """The member as they are now, or None once deactivated, suspended or banned."""
    members, _cut_off = realtime.current_members([member_id])
    return members[0] if members else None


async def newest_seq(member_id: int) -> int | None:
    """The member's newest event number, or None when the log cannot say."""
    # Not thread-sensitive: a Redis read must not queue behind the process's sync views.
    try:
        return await sync_to_async(event_log().current, thread_sensitive=False)(member_id)
    except Exception:
        logger.warning("event log unavailable for member %s", member_id)
        return None


class RealtimeConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        member = self.scope.get("user")
        if (
            member is None
            or not member.is_authenticated
            or not member.is_active
            or member.is_suspended(timezone.now())
        ):
            # Accepted first so the browser sees 4401 (a refused handshake arrives as 1006):
            # the page should not retry, the member is signed out.
            await self.accept()
            await self.close(code=4401)
            return
        self.member = member
        self.groups_joined = [realtime.member_group(member.pk)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        # Read after joining: any frame numbered later reaches this socket.
        hello = {"type": "socket.hello", "seq": await newest_seq(member.pk)}
        try:
            await self.send_json(hello)
        except OSError:  # the page closed at once (see event_dispatch)
            logger.debug("socket closed before its hello was sent")

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """A frame the page did not send (binary, too long, not JSON, nested past Python's
        recursion limit, a raw control character) is dropped; the socket stays open."""
        if text_data is None or len(text_data) > MAX_FRAME_CHARACTERS:
            return
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):
            return
        await self.receive_json(content, **kwargs)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            return
        if content.get("type") == "ping":
            await self.send_json({"type": "pong", "seq": await newest_seq(self.member.pk)})
            return
        if content.get("type") == "watch":
            await self.watch(str(content.get("topic", ""))[:40])
            return
        handler = realtime.inbound_handler_for(str(content.get("type")))
        if handler is None:
            return
        # Who may do this is checked on every frame, against the member as they are now.
        member = await database_sync_to_async(current_member)(self.member.pk)
        if member is None:
            await self.close(code=4401)
            return
        await database_sync_to_async(handler)(member, content)

    async def watch(self, topic: str) -> None:
        """Join a topic's group if the member may see it; say so, so the page knows."""
        group = realtime.topic_group(topic)
        if group is None or group in self.groups_joined or len(self.groups_joined) > MAX_TOPICS:
            return
        member = await database_sync_to_async(current_member)(self.member.pk)
        if member is None or not await database_sync_to_async(realtime.may_watch)(member, topic):
            return
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.append(group)
        await self.send_json({"type": "watching", "topic": topic})

    async def event_dispatch(self, message):
        try:
            await self.send_json(message["frame"])
        except OSError:
            # The page closed while the event waited: its disconnect waits behind this
            # handler, and an ASGI server refuses a send on a closed socket with an OSError.
            logger.debug("socket closed before event %s was sent", message["frame"]["type"])

    async def member_cut_off(self, message):
        """The member was deactivated, suspended or banned: this page gets nothing more."""
        await self.close(code=4401)
