"""The one WebSocket a page opens: authenticated from the session, Origin checked by asgi.py."""

import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from halfway import realtime

logger = logging.getLogger(__name__)

# Pages send pings and small frames (typing); anything longer is not from them.
MAX_FRAME_CHARACTERS = 4096


def current_member(member_id: int):
    """The member as they are now, or None once deactivated, suspended or banned."""
    member = get_user_model().objects.filter(pk=member_id, is_active=True).first()
    if member is None or member.is_suspended(timezone.now()):
        return None
    return member


def render_for_member(renderer, member, payload):
    """Render in the recipient's language, not the publisher's."""
    with translation.override(member.preferred_language):
        return renderer(member, payload)


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
            await self.send_json({"type": "pong"})
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

    async def event_dispatch(self, message):
        renderer = realtime.renderer_for(message["event"])
        if renderer is None:
            logger.warning("no renderer for event type %s", message["event"])
            return
        # The member as they are now: a member banned since connecting gets nothing more.
        member = await database_sync_to_async(current_member)(self.member.pk)
        if member is None:
            await self.close(code=4401)
            return
        frame = await database_sync_to_async(render_for_member)(
            renderer, member, message["payload"]
        )
        if frame is None:
            return
        try:
            await self.send_json({"type": message["event"], **frame})
        except OSError:
            # The page closed while the event was rendered: its disconnect waits behind this
            # handler, and an ASGI server refuses a send on a closed socket with an OSError.
            logger.debug("socket closed before event %s was sent", message["event"])
