"""Chat: conversations, messages, requests, read positions, blocks. Committed, then published."""

import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Subquery, prefetch_related_objects
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts import services as account_services
from chat import permissions, selectors, signals
from chat.models import MAX_GROUP_MEMBERS, Block, Conversation, Message, MessageImage, Participant
from core import caching, realtime
from core.images import prepare_images, save_images
from core.markup import render_markdown
from core.ratelimits import within_limit
from translation import services as translation_services
from translation.detection import detect_language

MAX_MESSAGE_CHARACTERS = 4000
MAX_IMAGES_PER_MESSAGE = 4
IMAGE_SIDE = 1600
THUMBNAIL_SIDE = 480


def _unread_changed(member_ids) -> None:
    """The members' unread counts change: drop their kept ones (before the events that show
    them are published, as those read the counts again)."""
    caching.changed_for_members(selectors.UNREAD, member_ids)


def direct_conversation(*, sender, recipient) -> Conversation:
    """The one conversation between two members, opened by `sender` if it is new: as a
    request for the recipient if they do not follow the sender."""
    key = Conversation.key_for(sender.pk, recipient.pk)
    existing = Conversation.objects.filter(direct_key=key).first()
    if existing is not None:
        if selectors.is_blocked_either_way(sender.pk, recipient.pk):
            raise PermissionDenied(_("You cannot message this member."))
        return existing
    if reason := permissions.why_cannot_start(sender, recipient):
        raise PermissionDenied(reason)
    signals.check_new_conversation(sender)
    if not within_limit("chat-new", sender.pk, settings.CHAT_NEW_CONVERSATION_LIMIT):
        raise ValidationError(
            _("You have started many conversations today. Try again tomorrow."), code="rate_limited"
        )
    follows = account_selectors.follows_member(recipient, sender)
    recipient_state = Participant.State.ACTIVE if follows else Participant.State.REQUEST
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                kind=Conversation.Kind.DIRECT, created_by=sender, direct_key=key
            )
            Participant.objects.bulk_create(
                [
                    Participant(conversation=conversation, member=sender),
                    Participant(conversation=conversation, member=recipient, state=recipient_state),
                ]
            )
    except IntegrityError:  # both opened it at the same moment
        return Conversation.objects.get(direct_key=key)
    return conversation


def _check_group(actor, members: list, *, size: int) -> None:
    """Refuse the whole change unless the group stays within MAX_GROUP_MEMBERS and `actor` may
    write to each new member."""
    if size > MAX_GROUP_MEMBERS:
        raise ValidationError(
            _("A group can have at most %(limit)s members."), params={"limit": MAX_GROUP_MEMBERS}
        )
    for member in members:
        if reason := permissions.why_cannot_start(actor, member):
            raise ValidationError(f"{member.name}: {reason}")


def create_group(*, creator, title: str, members: list) -> Conversation:
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("Give the group a title."), code="required")
    members = [member for member in dict.fromkeys(members) if member.pk != creator.pk]
    _check_group(creator, members, size=len(members) + 1)
    signals.check_new_conversation(creator)
    if not within_limit("chat-new", creator.pk, settings.CHAT_NEW_CONVERSATION_LIMIT):
        raise ValidationError(_("You have started many conversations today. Try again tomorrow."))
    with transaction.atomic():
        conversation = Conversation.objects.create(
            kind=Conversation.Kind.GROUP, created_by=creator, title=title[:80]
        )
        Participant.objects.bulk_create(
            [Participant(conversation=conversation, member=m) for m in [creator, *members]]
        )
    return conversation


def add_to_group(*, adder, conversation: Conversation, members: list) -> None:
    """The creator adds members (a member who left comes back)."""
    if conversation.kind != Conversation.Kind.GROUP or conversation.created_by_id != adder.pk:
        raise PermissionDenied
    active = Participant.objects.filter(conversation=conversation, state=Participant.State.ACTIVE)
    _check_group(adder, members, size=active.count() + len(members))
    with transaction.atomic():
        for member in members:
            Participant.objects.update_or_create(
                conversation=conversation,
                member=member,
                defaults={"state": Participant.State.ACTIVE},
            )
    _unread_changed([member.pk for member in members])  # one who left comes back to unread


def leave(*, member, conversation: Conversation) -> None:
    """Leave a group: from now on nothing of it reaches the member, on any open page."""
    if conversation.kind != Conversation.Kind.GROUP:
        raise PermissionDenied
    _unread_changed([member.pk])
    Participant.objects.filter(conversation=conversation, member=member).update(
        state=Participant.State.LEFT
    )


def send_message(
    *,
    author,
    conversation: Conversation,
    body: str,
    client_id,
    region_code: str = "",
    images: Sequence = (),
    places: dict[int, Participant] | None = None,
) -> tuple[Message, bool]:
    """Send a message; (message, True) when new, (the same message, False) for a resend.

    The message is committed before anyone is told: each open page of each member gets it
    over the socket, and a page that was away catches up from the database. `places` is
    selectors.places_for_message as this request read it, if it did.
    """
    client_id = _parse_client_id(client_id)
    already = Message.objects.filter(author=author, client_id=client_id).first()
    if already is not None:
        return already, False
    places = places or selectors.places_for_message(conversation.pk, author.pk)
    mine = places.get(author.pk)
    if mine is None or mine.state == Participant.State.LEFT or not author.is_active:
        raise PermissionDenied
    others = [each for each in places.values() if each is not mine]
    if conversation.kind == Conversation.Kind.DIRECT:
        other = others[0]
        if other.blocks_author or other.blocked_by_author:
            raise PermissionDenied(_("You cannot message this member."))
        waiting = other.state in (Participant.State.REQUEST, Participant.State.DECLINED)
        # Until the request is accepted, one message. (A deleted request looks the same.)
        if waiting and Message.objects.filter(conversation=conversation, author=author).exists():
            raise ValidationError(
                _("%(name)s has not accepted your message request yet.")
                % {"name": other.member.name},
                code="request_pending",
            )
    if reason := permissions.why_cannot_post(author):
        raise PermissionDenied(reason)
    body = (body or "").strip()
    if not body and not images:
        raise ValidationError(_("Write a message first."), code="required")
    if len(body) > MAX_MESSAGE_CHARACTERS:
        raise ValidationError(
            _("A message can be at most %(limit)s characters long."),
            params={"limit": MAX_MESSAGE_CHARACTERS},
            code="max_length",
        )
    body = signals.check_message(author, body)
    if not within_limit("chat-message", author.pk, settings.CHAT_MESSAGE_RATE_LIMIT):
        raise ValidationError(
            _("You are sending messages very fast. Wait a moment and send again."),
            code="rate_limited",
        )
    detected = detect_language(body)
    # Checked and re-encoded before anything is written: all the photos, or none.
    prepared = prepare_images(
        images, max_count=MAX_IMAGES_PER_MESSAGE, side=IMAGE_SIDE, thumbnail_side=THUMBNAIL_SIDE
    )
    try:
        with transaction.atomic():
            mine_now = Participant.objects.filter(pk=mine.pk)
            if mine.state in (Participant.State.REQUEST, Participant.State.DECLINED):
                # Writing accepts the request (or re-opens one this member deleted).
                mine_now.update(state=Participant.State.ACTIVE)
                if mine.state == Participant.State.REQUEST:
                    _request_settled(author, others)
                mine.state = Participant.State.ACTIVE
            # The conversation's newest message before this one, read under a row lock so that
            # concurrent sends form one chain: a page that does not have the previous message
            # has missed a frame and fetches what it lacks.
            previous_id, read_up_to = (
                Conversation.objects.select_for_update()
                .filter(pk=conversation.pk)
                .annotate(read_up_to=Subquery(mine_now.values("last_read_message_id")))
                .values_list("last_message_id", "read_up_to")
                .get()
            )
            # Did the writer have others' messages unread? Then their "Seen" must move. Every
            # message after where the writer read is someone else's: writing reads up to it.
            unread_before = (previous_id or 0) > (read_up_to or 0)
            account_services.discard_draft(member=author, key=f"chat:{conversation.pk}")
            message = Message.objects.create(
                conversation=conversation,
                author=author,
                body=body,
                body_html=render_markdown(body),
                language=detected.code,
                language_is_mixed=detected.is_mixed,
                region_code=region_code or "",
                client_id=client_id,
            )
            save_images(MessageImage, message, prepared)
            prefetch_related_objects([message], "images")  # for the events and the response
            Conversation.objects.filter(pk=conversation.pk).update(
                last_message=message, last_message_at=message.created_at
            )
            mine_now.update(last_read_message_id=message.pk)
            recipients = [author] + [
                participant.member
                for participant in others
                if participant.state in Participant.READING
            ]
            # The writer's too: writing is reading.
            _unread_changed(member.pk for member in recipients)
            for participant in others:
                if participant.state == Participant.State.REQUEST:
                    signals.message_request_received.send(
                        sender=Message, recipient=participant.member, author=author, message=message
                    )
            realtime.publish_on_commit(
                "chat.message",
                to=recipients,
                message_id=message.pk,
                previous_id=previous_id,
                message=message,
                places=places,
            )
            if unread_before:
                realtime.publish_on_commit(
                    "chat.seen",
                    to=[member.pk for member in recipients[1:]],
                    conversation_id=conversation.pk,
                    reader_id=author.pk,
                )
    except IntegrityError:  # the same send, twice at once
        return Message.objects.get(author=author, client_id=client_id), False
    _translate_for_requests(message, others)
    return message, True


def _parse_client_id(client_id) -> uuid.UUID:
    try:
        return client_id if isinstance(client_id, uuid.UUID) else uuid.UUID(str(client_id))
    except ValueError:
        return uuid.uuid4()  # a page without its own id: every send is new


def _translate_for_requests(message: Message, others: list[Participant]) -> None:
    """A request shows its first message already translated for the recipient."""
    for participant in others:
        if participant.state != Participant.State.REQUEST:
            continue
        translation_services.request_translation(
            reader=participant.member,
            source_html=message.body_html,
            source_language=message.language,
            element_id=message.translation_element_id,
            private=True,
        )


def _request_settled(member, others: list[Participant]) -> None:
    """The member accepted, deleted or blocked a request from the others (apps above are told)."""
    for other in others:
        signals.message_request_settled.send(
            sender=Conversation, recipient=member, author=other.member
        )


def _settle_request(member, conversation: Conversation, state: str) -> None:
    """Move the member's request to `state`; refused unless it is their request."""
    updated = Participant.objects.filter(
        conversation=conversation, member=member, state=Participant.State.REQUEST
    ).update(state=state)
    if not updated:
        raise PermissionDenied
    _unread_changed([member.pk])
    _request_settled(member, selectors.others_in(conversation, member))


def accept_request(*, member, conversation: Conversation) -> None:
    """Move a request into the member's conversations, read: they read it to decide."""
    with transaction.atomic():
        _settle_request(member, conversation, Participant.State.ACTIVE)
        newest = (
            Conversation.objects.filter(pk=conversation.pk)
            .values_list("last_message_id", flat=True)
            .first()
        )
        if newest:
            mark_read(member=member, conversation=conversation, message_id=newest)


def delete_request(*, member, conversation: Conversation) -> None:
    """The request disappears for the recipient; the sender is not told."""
    with transaction.atomic():
        _settle_request(member, conversation, Participant.State.DECLINED)
        realtime.publish_on_commit("chat.unread", to=[member.pk])


def mark_read(*, member, conversation: Conversation, message_id: int) -> bool:
    """Move the member's read position forward; the others see "Seen", the member's own pages
    their unread badge."""
    newest = (
        Message.objects.filter(conversation=conversation, pk__lte=message_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if newest is None:
        return False
    updated = Participant.objects.filter(
        conversation=conversation,
        member=member,
        state=Participant.State.ACTIVE,
        last_read_message_id__lt=newest,
    ).update(last_read_message_id=newest)
    if not updated:
        return False
    _unread_changed([member.pk])
    others = [participant.member_id for participant in selectors.others_in(conversation, member)]
    realtime.publish_on_commit(
        "chat.seen", to=others, conversation_id=conversation.pk, reader_id=member.pk
    )
    realtime.publish_on_commit("chat.unread", to=[member.pk])
    return True


def set_auto_translate(*, member, conversation: Conversation, on: bool) -> None:
    Participant.objects.filter(conversation=conversation, member=member).update(auto_translate=on)


def block_member(*, blocker, blocked) -> Block:
    """Block a member: nothing they write reaches the blocker, and they cannot reach them."""
    if reason := permissions.why_cannot_block(blocker, blocked):
        raise ValidationError(reason)
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    selectors.block_relations_changed(blocker, blocked)
    signals.member_blocked.send(sender=Block, blocker=blocker, blocked=blocked)
    # A request from them disappears.
    declined = Participant.objects.filter(
        member=blocker,
        state=Participant.State.REQUEST,
        conversation__direct_key=Conversation.key_for(blocker.pk, blocked.pk),
    ).update(state=Participant.State.DECLINED)
    if declined:
        signals.message_request_settled.send(sender=Conversation, recipient=blocker, author=blocked)
    _unread_changed([blocker.pk])
    realtime.publish_on_commit("chat.unread", to=[blocker.pk])
    return block


def unblock_member(*, blocker, blocked) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    selectors.block_relations_changed(blocker, blocked)
