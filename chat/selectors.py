"""What members read of chat: their conversations, requests, messages, unread counts."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from chat import signals
from chat.models import Block, Conversation, Message, MessageImage, Participant
from core import caching
from translation import selectors as translation_selectors

MESSAGES_PER_PAGE = 30
CONVERSATIONS_PER_PAGE = 50


# Pages read every block a member is on either side of (whose posts to fold, whether the author
# blocked the reader, may reply, may follow); only blocking and unblocking change it, and the
# block services drop the kept answer of both members. Permission checks on writes (who may
# message whom) read the database (is_blocked_either_way).
BLOCK_RELATIONS = caching.prefetched("block-relations")
BLOCK_RELATIONS_SECONDS = 300


@dataclass(frozen=True)
class BlockRelations:
    blocked: frozenset[int]  # the members this member blocked
    blockers: frozenset[int]  # the members who blocked this member


def block_relations(member) -> BlockRelations:
    """Every block this member is on either side of, as kept for their pages."""
    if not member.is_authenticated:
        return BlockRelations(frozenset(), frozenset())

    def stored() -> BlockRelations:
        pairs = list(
            Block.objects.filter(Q(blocker=member) | Q(blocked=member)).values_list(
                "blocker_id", "blocked_id"
            )
        )
        return BlockRelations(
            blocked=frozenset(blocked for blocker, blocked in pairs if blocker == member.pk),
            blockers=frozenset(blocker for blocker, blocked in pairs if blocked == member.pk),
        )

    return caching.cached_for_member(BLOCK_RELATIONS, member.pk, stored, BLOCK_RELATIONS_SECONDS)


def block_relations_changed(*members) -> None:
    caching.changed_for_members(BLOCK_RELATIONS, [member.pk for member in members])


def blocked_ids(member) -> set[int]:
    return set(block_relations(member).blocked)


def is_blocked_either_way(first_id: int, second_id: int) -> bool:
    return Block.objects.filter(
        Q(blocker_id=first_id, blocked_id=second_id) | Q(blocker_id=second_id, blocked_id=first_id)
    ).exists()


def is_blocked_by(actor_id: int, member_id: int) -> bool:
    """Has `member_id` blocked `actor_id`?"""
    return Block.objects.filter(blocker_id=member_id, blocked_id=actor_id).exists()


def blockers_of(actor_id: int, member_ids) -> set[int]:
    """Which of these members have blocked the actor."""
    return set(
        Block.objects.filter(blocked_id=actor_id, blocker_id__in=list(member_ids)).values_list(
            "blocker_id", flat=True
        )
    )


def blocked_either_way(member_id: int, member_ids) -> set[int]:
    """Which of these members blocked this member or were blocked by them."""
    pairs = Block.objects.filter(
        Q(blocker_id=member_id, blocked_id__in=list(member_ids))
        | Q(blocked_id=member_id, blocker_id__in=list(member_ids))
    ).values_list("blocker_id", "blocked_id")
    return {blocker if blocked == member_id else blocked for blocker, blocked in pairs}


def blocks(member) -> list[Block]:
    return list(Block.objects.filter(blocker=member).select_related("blocked").order_by("-id"))


def participation(member, conversation_id: int) -> Participant | None:
    """The member's place in the conversation if they may read it (in it, or it is a request
    waiting for them), else None."""
    if not member.is_authenticated:
        return None
    return (
        Participant.objects.filter(
            conversation_id=conversation_id,
            member=member,
            state__in=[Participant.State.ACTIVE, Participant.State.REQUEST],
        )
        .select_related("conversation")
        .first()
    )


def places_for_message(conversation_id: int, author_id: int) -> dict[int, Participant]:
    """Member id → place of everyone who is or was in the conversation, for sending and
    delivering one message of `author_id`: with their member, whether they blocked the author
    (`blocks_author`) and whether the author blocked them (`blocked_by_author`). One query
    serves the sender's checks, the recipients and every recipient's frame."""
    blocks = Block.objects.filter
    places = (
        Participant.objects.filter(conversation_id=conversation_id)
        .select_related("member", "conversation")
        .annotate(
            blocks_author=Exists(blocks(blocker_id=OuterRef("member_id"), blocked_id=author_id)),
            blocked_by_author=Exists(
                blocks(blocker_id=author_id, blocked_id=OuterRef("member_id"))
            ),
        )
    )
    return {place.member_id: place for place in places}


def _with_people(conversations, member):
    """Each conversation with its last message and the other members (for names and tags)."""
    others = Participant.objects.exclude(member=member).select_related("member")
    unread = (
        Message.objects.filter(conversation=OuterRef("pk"))
        .exclude(author=member)
        .filter(
            id__gt=Subquery(
                Participant.objects.filter(
                    conversation=OuterRef(OuterRef("pk")), member=member
                ).values("last_read_message_id")[:1]
            )
        )
        .order_by()
        .values("conversation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        conversations.select_related("last_message", "last_message__author")
        .prefetch_related(Prefetch("participants", queryset=others, to_attr="others"))
        .annotate(unread=Coalesce(Subquery(unread), 0))
    )


def _fold_blocked_previews(conversations: list[Conversation], member) -> list[Conversation]:
    """Set `preview_is_blocked` on each row whose last message is by a member `member`
    blocked: the row shows no words of theirs, as the conversation folds their messages."""
    blocked = block_relations(member).blocked
    for conversation in conversations:
        last = conversation.last_message
        conversation.preview_is_blocked = last is not None and last.author_id in blocked
    return conversations


def inbox(member, limit: int = CONVERSATIONS_PER_PAGE) -> list[Conversation]:
    """The member's conversations, latest first (requests waiting for them are not here)."""
    conversations = Conversation.objects.filter(
        participants__member=member, participants__state=Participant.State.ACTIVE
    ).order_by(F("last_message_at").desc(nulls_last=True), "-pk")
    return _fold_blocked_previews(list(_with_people(conversations, member)[:limit]), member)


def inbox_row(member, conversation_id: int) -> Conversation | None:
    """One conversation as the member's inbox shows it (for a live update of that row)."""
    conversations = Conversation.objects.filter(
        pk=conversation_id,
        participants__member=member,
        participants__state=Participant.State.ACTIVE,
    )
    found = _fold_blocked_previews(list(_with_people(conversations, member)[:1]), member)
    return found[0] if found else None


def requests_for(member) -> list[Conversation]:
    """First messages from members this member does not follow, waiting for a decision."""
    conversations = Conversation.objects.filter(
        participants__member=member, participants__state=Participant.State.REQUEST
    ).order_by("-last_message_at")
    return list(_with_people(conversations, member)[:CONVERSATIONS_PER_PAGE])


def request_cards(member) -> list[Conversation]:
    """Requests with what the recipient needs to decide: the first message's translation into
    the recipient's language (asked for when it arrived), and what the apps above add through
    `signals.requests_shown` (forum: the sender's introduction)."""
    conversations = requests_for(member)
    translations = translation_selectors.stored_translations(
        member, {c.pk: c.last_message.body_html for c in conversations if c.last_message}
    )
    for conversation in conversations:
        conversation.sender_id = conversation.others[0].member_id if conversation.others else None
        conversation.translation = translations.get(conversation.pk)
    signals.requests_shown.send(sender=Conversation, conversations=conversations)
    return conversations


def message_with_author(message_id: int) -> Message | None:
    return Message.objects.select_related("author").filter(pk=message_id).first()


def request_count(member) -> int:
    return Participant.objects.filter(member=member, state=Participant.State.REQUEST).count()


def others_in(conversation: Conversation, member) -> list[Participant]:
    return list(
        Participant.objects.filter(conversation=conversation)
        .exclude(member=member)
        .select_related("member")
    )


def messages_before(
    conversation: Conversation, before_id: int | None = None
) -> tuple[list[Message], bool]:
    """One page of history, oldest first, ending just before `before_id` (or at the newest),
    and whether there is older history."""
    messages = (
        Message.objects.filter(conversation=conversation)
        .select_related("author")
        .prefetch_related("images")
    )
    if before_id:
        messages = messages.filter(pk__lt=before_id)
    page = list(messages.order_by("-pk")[: MESSAGES_PER_PAGE + 1])[::-1]
    return page[-MESSAGES_PER_PAGE:], len(page) > MESSAGES_PER_PAGE


def messages_after(conversation: Conversation, after_id: int) -> list[Message]:
    """What a page missed while its socket was down (at most a few pages' worth)."""
    return list(
        Message.objects.filter(conversation=conversation, pk__gt=after_id)
        .select_related("author")
        .prefetch_related("images")
        .order_by("pk")[: MESSAGES_PER_PAGE * 4]
    )


# Every page's header shows it, and only a message, a read position or a decision on a request
# changes it: kept per member, dropped by chat/services.py where those change (the expiry
# bounds a missed one).
UNREAD = caching.prefetched("unread-messages")
UNREAD_SECONDS = 300


def unread_message_count(member) -> int:
    """Messages from others after where the member read to, in their conversations and in the
    requests waiting for them: a first message from a stranger lights the header like any
    other until it is accepted (which reads it), deleted or blocked."""
    if not member.is_authenticated:
        return 0
    return caching.cached_for_member(
        UNREAD,
        member.pk,
        lambda: (
            Message.objects.filter(
                conversation__participants__member=member,
                conversation__participants__state__in=[
                    Participant.State.ACTIVE,
                    Participant.State.REQUEST,
                ],
                pk__gt=F("conversation__participants__last_read_message_id"),
            )
            .exclude(author=member)
            .count()
        ),
        UNREAD_SECONDS,
    )


def seen_up_to(conversation: Conversation, member) -> int:
    """The newest message every other member has read (for "Seen" under one's own messages)."""
    positions = Participant.objects.filter(
        conversation=conversation, state=Participant.State.ACTIVE
    ).exclude(member=member)
    return min(positions.values_list("last_read_message_id", flat=True), default=0)


def conversations_with_photo(name: str) -> list[int]:
    """The conversations in which a photo (or thumbnail) of this name was sent."""
    return list(
        MessageImage.objects.filter(Q(image=name) | Q(thumbnail=name))
        .values_list("message__conversation_id", flat=True)
        .distinct()
    )
