"""How chat events look on a member's open pages (each rendered for its recipient, who is
checked again: a member who left or was blocked since gets nothing)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from chat import selectors
from chat.models import Message, Participant
from core import realtime
from core.ids import parse_id
from core.ratelimits import within_limit


def message_arrived(member, payload: dict) -> dict | None:
    # The sender's process has the message (with its images) as committed, and everyone's
    # place as it read them to send it; other processes load both once per publish
    # (realtime.once), and render each part once per language, not once per recipient.
    message = payload.get("message") or realtime.once(
        ("chat.message", payload["message_id"]),
        lambda: (
            Message.objects.filter(pk=payload["message_id"])
            .select_related("author")
            .prefetch_related("images")
            .first()
        ),
    )
    if message is None:
        return None
    places = payload.get("places") or realtime.once(
        ("chat.places", message.pk),
        lambda: selectors.places_for_message(message.conversation_id, message.author_id),
    )
    place = places.get(member.pk)
    if place is None or place.state not in Participant.READING or place.blocks_author:
        return None
    mine = message.author_id == member.pk
    is_request = place.state == Participant.State.REQUEST
    # Sending changes nobody's own unread count: the writer's tabs skip that query.
    unread = None if mine else selectors.unread_message_count(member)
    language = translation.get_language()
    return {
        "conversation": message.conversation_id,
        "message_id": message.pk,
        "previous_id": payload.get("previous_id"),
        "client_id": str(message.client_id),
        "mine": mine,
        "is_request": is_request,
        # The template asks only whether the viewer wrote it (viewer.pk), so any member of
        # the same side stands in for the others.
        "html": realtime.once(
            ("chat.message.html", message.pk, language, mine, place.auto_translate),
            lambda: render_to_string(
                "chat/_message.html",
                {"message": message, "viewer": member, "auto_translate": place.auto_translate},
            ),
        ),
        # For the conversation list: the page updates its row, or asks for one it lacks.
        "preview": realtime.once(
            ("chat.message.preview", message.pk, language, mine),
            lambda: render_to_string("chat/_preview_line.html", {"message": message, "mine": mine}),
        ),
        "row_url": reverse("chat:row", args=[message.conversation_id]),
        "unread": unread,
        "badge": ""
        if mine
        else render_to_string("chat/_unread_badge.html", {"unread_messages": unread}),
        # The Requests tab's count, on the chat page (asked only when a request arrives).
        "requests": render_to_string(
            "chat/_request_count.html", {"request_count": selectors.request_count(member)}
        )
        if is_request
        else "",
    }


def message_seen(member, payload: dict) -> dict | None:
    place = selectors.participation(member, payload["conversation_id"])
    if place is None:
        return None
    return {
        "conversation": payload["conversation_id"],
        "seen_up_to": selectors.seen_up_to(place.conversation, member),
    }


def unread_badge(member, payload: dict) -> dict:
    unread = selectors.unread_message_count(member)
    return {
        "unread": unread,
        "badge": render_to_string("chat/_unread_badge.html", {"unread_messages": unread}),
    }


def typing(member, payload: dict) -> dict | None:
    if selectors.participation(member, payload["conversation_id"]) is None:
        return None
    if payload["member_id"] in selectors.blocked_ids(member):
        return None
    return {
        "conversation": payload["conversation_id"],
        "member_id": payload["member_id"],
        "name": payload["name"],
    }


def someone_is_typing(member, frame: dict) -> None:
    """A frame from a page: the member types in a conversation. Checked on every frame."""
    conversation_id = parse_id(frame.get("conversation"))
    if conversation_id is None:
        return
    # Pages send one every few seconds while typing; a flood is dropped, not relayed.
    if not within_limit("chat-typing", member.pk, (40, 60)):
        return
    place = selectors.participation(member, conversation_id)
    if place is None or place.state != Participant.State.ACTIVE:
        return
    others = [p.member_id for p in selectors.others_in(place.conversation, member)]
    realtime.publish(
        "chat.typing",
        to=others,
        conversation_id=conversation_id,
        member_id=member.pk,
        name=member.name,
    )
