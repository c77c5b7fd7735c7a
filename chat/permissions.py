"""Who may message whom. Views, services and the socket's handlers ask here."""

from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts.permissions import why_cannot_post
from chat import selectors


def _is_member(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active)


def why_cannot_start(sender, recipient) -> str | None:
    """None when `sender` may open a conversation with `recipient`, else the reason to show."""
    if not _is_member(sender) or not recipient.is_active:
        return _("This member cannot be messaged.")
    if sender.pk == recipient.pk:
        return _("You cannot message yourself.")
    if reason := why_cannot_post(sender):
        return reason
    if selectors.is_blocked_either_way(sender.pk, recipient.pk):
        return _("You cannot message this member.")
    policy = recipient.who_may_message
    if policy == "nobody":
        return _("This member does not take messages.")
    if policy == "following" and not account_selectors.follows_member(recipient, sender):
        return _("This member only takes messages from members they follow.")
    return None


def why_blocked_from_messaging(member, other_id: int) -> str | None:
    """For pages (the kept block relations): the reason a block stands between `member` and
    `other_id`, shown where a composer or a Message button would be, so nobody finds out
    only after writing. The blocked member learns no more than that they cannot message
    this member; writes check the database (why_cannot_start, send_message)."""
    if not _is_member(member):
        return None
    relations = selectors.block_relations(member)
    if other_id in relations.blocked:
        return _("You blocked this member. To message them again, unblock them in Chat → Privacy.")
    if other_id in relations.blockers:
        return _("You cannot message this member.")
    return None


def why_cannot_write_in(member, conversation, others) -> str | None:
    """What a conversation shows instead of its composer: a block between the two members
    of a direct conversation (send_message refuses the same)."""
    if conversation.kind != "direct" or not others:
        return None
    return why_blocked_from_messaging(member, others[0].member_id)


def why_cannot_block(blocker, blocked) -> str | None:
    """None when `blocker` may block `blocked`, else the reason to show."""
    if blocker.pk == blocked.pk:
        return _("You cannot block yourself.")
    return None


def can_see_photo(actor, name: str) -> bool:
    """A chat photo (or its thumbnail) is for the members of its conversation, whoever has
    its address. Identical files share a name: one conversation the actor reads is enough."""
    conversation_ids = selectors.conversations_with_photo(name)
    return any(selectors.participation(actor, pk) is not None for pk in conversation_ids)
