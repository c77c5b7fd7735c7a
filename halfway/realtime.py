"""The one exit for live events: services publish here, the socket consumer delivers.

An event is a type and ids, never HTML rendered for someone else. The consumer of each
recipient asks the renderer registered for the type to re-check that the recipient may see
the object and to render what a reload would show, in the recipient's language.
"""

from collections.abc import Callable, Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

# type -> renderer(member, payload) -> dict sent to the browser, or None to send nothing.
Renderer = Callable[[object, dict], dict | None]
_renderers: dict[str, Renderer] = {}


def register(event_type: str, renderer: Renderer) -> None:
    """Say how an event type becomes a frame for one member (called from AppConfig.ready)."""
    _renderers[event_type] = renderer


def renderer_for(event_type: str) -> Renderer | None:
    return _renderers.get(event_type)


# type -> handler(member, frame) for frames pages send (typing); run in a thread, may use the DB.
InboundHandler = Callable[[object, dict], None]
_inbound: dict[str, InboundHandler] = {}


def register_inbound(frame_type: str, handler: InboundHandler) -> None:
    """Say what a frame from a page does (called from AppConfig.ready)."""
    _inbound[frame_type] = handler


def inbound_handler_for(frame_type: str) -> InboundHandler | None:
    return _inbound.get(frame_type)


def member_group(member_id: int) -> str:
    return f"member.{member_id}"


def publish(event_type: str, *, to: Iterable[int], **payload: object) -> None:
    """Send an event to every open socket of the given members, now."""
    layer = get_channel_layer()
    message = {"type": "event.dispatch", "event": event_type, "payload": payload}
    for member_id in sorted(set(to)):
        async_to_sync(layer.group_send)(member_group(member_id), message)


def publish_on_commit(event_type: str, *, to: Iterable[int], **payload: object) -> None:
    """Send an event once the surrounding transaction commits (never for a rolled-back row)."""
    # robust: a channel layer that is down must not fail a request whose rows are committed,
    # nor stop the callbacks queued after this one; pages stay right without the event.
    recipients = list(to)

    # A function, not a partial: Django names a robust callback that failed by its
    # __qualname__, which a partial lacks (the failure would become a 500 after all).
    def publish_now() -> None:
        publish(event_type, to=recipients, **payload)

    transaction.on_commit(publish_now, robust=True)
