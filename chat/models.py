"""Conversations between members: one-to-one or small groups, requests, read positions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Photo

MAX_GROUP_MEMBERS = 20


class Conversation(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", _("direct")
        GROUP = "group", _("group")

    kind = models.CharField(max_length=6, choices=Kind.choices, default=Kind.DIRECT)
    title = models.CharField(_("title"), max_length=80, blank=True)  # groups only
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # "smaller id:larger id" for a one-to-one conversation: one per pair of members.
    direct_key = models.CharField(max_length=40, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_message = models.ForeignKey(
        "Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self):
        return self.title or f"conversation {self.pk}"

    def get_absolute_url(self):
        return reverse("chat:conversation", args=[self.pk])

    @staticmethod
    def key_for(first_id: int, second_id: int) -> str:
        low, high = sorted((first_id, second_id))
        return f"{low}:{high}"


class Participant(models.Model):
    """A member's place in a conversation, and how far they have read."""

    class State(models.TextChoices):
        ACTIVE = "active", _("active")
        # A first message from someone the recipient does not follow: it waits in Requests.
        REQUEST = "request", _("request")
        DECLINED = "declined", _("declined")  # the request was deleted (the sender is not told)
        LEFT = "left", _("left")

    READING = (State.ACTIVE, State.REQUEST)  # the states that may read the conversation

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_participations"
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.ACTIVE)
    last_read_message_id = models.PositiveBigIntegerField(default=0)
    # Show the others' messages translated into my language (the original one tap away).
    auto_translate = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "member"], name="one_place_per_member")
        ]
        indexes = [models.Index(fields=["member", "state"], name="participations_by_state")]

    def __str__(self):
        return f"{self.member_id} in {self.conversation_id} ({self.state})"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_messages"
    )
    body = models.TextField()
    body_html = models.TextField()
    language = models.CharField(max_length=8, blank=True)
    language_is_mixed = models.BooleanField(default=False)
    # The writer's region when sending (from their address, which is never stored).
    region_code = models.CharField(max_length=2, blank=True)
    # Chosen by the sending page: the same id sent twice (a retry) is one message.
    client_id = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "client_id"], name="one_message_per_send")
        ]
        indexes = [models.Index(fields=["conversation", "-id"], name="messages_newest_first")]

    def __str__(self):
        return f"message {self.pk} in {self.conversation_id}"

    @property
    def element_id(self) -> str:
        return f"message-{self.pk}"

    @property
    def translation_element_id(self) -> str:
        return f"message-{self.pk}-translation"


class Block(models.Model):
    """The blocked member cannot message, mention, reply to, quote or follow the blocker, and
    the blocker no longer sees what they write."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair"),
            models.CheckConstraint(condition=~Q(blocker=models.F("blocked")), name="no_self_block"),
        ]

    def __str__(self):
        return f"{self.blocker_id} blocks {self.blocked_id}"


class MessageImage(Photo):
    """A photo in a message: checked, re-encoded and stripped of EXIF like a post's."""

    photo_folder = "chat"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="images")

    class Meta:
        ordering = ["message", "position"]
