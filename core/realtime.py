"""The one exit for live events: services publish here, the socket consumer forwards.

An event is a type and ids. Publishing renders it once for each recipient, in their language,
by the renderer registered for its type (which re-checks that they may see the object),
numbers each member's frame (core/event_log.py) and sends it to the member's group, all in one
trip to the event loop. The sockets only forward: a member with three tabs costs one render,
and the process holding the sockets does no database work per event.
"""

import asyncio
import contextvars
import logging
import os
import threading
from collections.abc import Callable, Iterable

from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from core.event_log import event_log

logger = logging.getLogger(__name__)

# type -> renderer(member, payload) -> dict sent to the browser, or None to send nothing.
Renderer = Callable[[object, dict], dict | None]
_renderers: dict[str, Renderer] = {}
# Types whose frame is the whole current state of a part of every page (a badge): a page
# that missed more than the log holds asks for these afresh (payload {}).
_state_types: list[str] = []


def register(event_type: str, renderer: Renderer, *, state: bool = False) -> None:
    """Say how an event type becomes a frame for one member (called from AppConfig.ready)."""
    _renderers[event_type] = renderer
    if state and event_type not in _state_types:
        _state_types.append(event_type)


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


# Topics: what an open page watches besides its member's stream ("thread:12"). A topic's
# frames are the same for every watcher and carry no number: a hint that something is new,
# which the page then fetches over HTTP with the usual permission checks, so a missed hint
# loses nothing. kind -> may_watch(member, rest of the topic).
_topics: dict[str, Callable[[object, str], bool]] = {}


def register_topic(kind: str, may_watch: Callable[[object, str], bool]) -> None:
    _topics[kind] = may_watch


def topic_group(topic: str) -> str | None:
    """The channel group of a topic a page may ask for, or None for anything else."""
    kind, _sep, rest = topic.partition(":")
    if kind not in _topics or not rest.isascii() or not rest.isdigit() or len(rest) > 18:
        return None
    return f"topic.{kind}.{rest}"


def may_watch(member, topic: str) -> bool:
    kind, _sep, rest = topic.partition(":")
    return topic_group(topic) is not None and _topics[kind](member, rest)


def broadcast_on_commit(topic: str, frame: dict) -> None:
    """Send `frame` to every page watching `topic` once the transaction commits."""
    group = topic_group(topic)

    def send_now() -> None:
        message = {"type": "event.dispatch", "frame": frame}
        sending = asyncio.run_coroutine_threadsafe(
            get_channel_layer().group_send(group, message), _sending_loop()
        )
        sending.result(timeout=SEND_SECONDS)

    transaction.on_commit(send_now, robust=True)


# What one publish's renderers share: a part that is the same for every recipient who reads
# the same language (see once()).
_shared: contextvars.ContextVar[dict | None] = contextvars.ContextVar("shared", default=None)


def once(key: tuple, make: Callable[[], object]) -> object:
    """`make()`, computed once per publish for `key` (outside a publish: every time).

    A renderer keys a part by everything it depends on (the language, whether the recipient
    wrote it): a group's fifty recipients who read English then cost one render.
    """
    shared = _shared.get()
    if shared is None:
        return make()
    if key not in shared:
        shared[key] = make()
    return shared[key]


def current_members(to: Iterable) -> tuple[list, list[int]]:
    """(the members who may receive events now, the ids of those who may not: deactivated,
    suspended or banned since their socket opened). `to` holds member ids, read here, or
    members the publishing request has just read."""
    to = list(to)
    given = {each.pk: each for each in to if not isinstance(each, int)}
    unread = {each for each in to if isinstance(each, int)} - set(given)
    read = get_user_model().objects.filter(pk__in=unread, is_active=True) if unread else []
    now = timezone.now()
    found = [
        member
        for member in [*given.values(), *read]
        if member.is_active and not member.is_suspended(now)
    ]
    return found, sorted((unread | set(given)) - {member.pk for member in found})


def render(event_type: str, member, payload: dict) -> dict | None:
    """The frame `member`'s pages get for this event (None: nothing for them)."""
    renderer = renderer_for(event_type)
    if renderer is None:
        logger.warning("no renderer for event type %s", event_type)
        return None
    with translation.override(member.preferred_language):
        frame = renderer(member, payload)
    return None if frame is None else {"type": event_type, **frame}


def publish(event_type: str, *, to: Iterable, **payload: object) -> None:
    """Render, number and send an event to every open socket of the given members (ids, or
    members just read), now."""
    members, cut_off = current_members(to)
    token = _shared.set({})
    try:
        frames = {
            member.pk: frame
            for member in members
            if (frame := render(event_type, member, payload)) is not None
        }
    finally:
        _shared.reset(token)
    deliver(frames, cut_off=cut_off)


def deliver(frames: dict[int, dict], *, cut_off: Iterable[int] = ()) -> None:
    """Number each member's frame in their stream and send it to their open sockets; close
    the sockets of the members `cut_off`."""
    try:
        numbers = event_log().append(frames)
    except Exception:
        # The log is down: the frames still go out, unnumbered; the pages that miss one learn
        # of it when their socket reconnects (the hello frame carries the stream's number).
        logger.exception("event log unavailable; frames sent without sequence numbers")
        numbers = {}
    messages = [
        (member_id, {"type": "event.dispatch", "frame": {**frame, "seq": numbers[member_id]}})
        if member_id in numbers
        else (member_id, {"type": "event.dispatch", "frame": frame})
        for member_id, frame in frames.items()
    ]
    # Their open sockets close (the page stops retrying, as after signing out).
    messages += [(member_id, {"type": "member.cut_off"}) for member_id in cut_off]
    if messages:
        sending = asyncio.run_coroutine_threadsafe(_send_all(messages), _sending_loop())
        sending.result(timeout=SEND_SECONDS)


SEND_SECONDS = 10  # a layer that takes longer is down: the send fails, and is logged
_loop: asyncio.AbstractEventLoop | None = None
_loop_pid = 0
_loop_lock = threading.Lock()


def _sending_loop() -> asyncio.AbstractEventLoop:
    """This process's event loop for sending to the channel layer from synchronous code, run
    in a thread of its own. The layer keeps its Redis connections per loop: async_to_sync's new
    loop for every call connected afresh for every event (bench/chat_delivery.py)."""
    global _loop, _loop_pid
    with _loop_lock:
        if _loop_pid != os.getpid():  # none yet, or a forked child (its thread stayed behind)
            _loop, _loop_pid = asyncio.new_event_loop(), os.getpid()
            threading.Thread(target=_loop.run_forever, name="channel-layer", daemon=True).start()
        return _loop


async def _send_all(messages: list[tuple[int, dict]]) -> None:
    layer = get_channel_layer()
    await asyncio.gather(
        *(layer.group_send(member_group(member_id), message) for member_id, message in messages)
    )


def publish_on_commit(event_type: str, *, to: Iterable, **payload: object) -> None:
    """Send an event once the surrounding transaction commits (never for a rolled-back row)."""
    # robust: a channel layer that is down must not fail a request whose rows are committed,
    # nor stop the callbacks queued after this one; pages stay right without the event.
    recipients = list(to)

    # A function, not a partial: Django names a robust callback that failed by its
    # __qualname__, which a partial lacks (the failure would become a 500 after all).
    def publish_now() -> None:
        publish(event_type, to=recipients, **payload)

    transaction.on_commit(publish_now, robust=True)


def state_frames(member) -> list[dict]:
    """Every part of a page that events keep current, as it is now (for a page that missed
    more than the log holds)."""
    return [
        frame
        for event_type in _state_types
        if (frame := render(event_type, member, {})) is not None
    ]


def recent_frames(member_id: int, event_type: str) -> list[dict]:
    """The member's recent frames of one type, oldest first: what their pages were sent, even
    while no socket was open to take them."""
    _current, frames = event_log().after(member_id, 0)
    return [frame for frame in frames if frame["type"] == event_type]
