from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import Photo


class Category(models.Model):
    """A place for threads, named in both interface languages. Managed in Django admin."""

    slug = models.SlugField(max_length=60, unique=True)
    name_en = models.CharField(_("name in English"), max_length=60)
    name_zh = models.CharField(_("name in Chinese"), max_length=60)
    description_en = models.CharField(_("description in English"), max_length=200, blank=True)
    description_zh = models.CharField(_("description in Chinese"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # The one category whose threads are members' introductions.
    is_introductions = models.BooleanField(_("introductions category"), default=False)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["is_introductions"],
                condition=Q(is_introductions=True),
                name="one_introductions_category",
            )
        ]

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("forum:category", kwargs={"slug": self.slug})

    def name_in(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en

    def description_in(self, language: str) -> str:
        return self.description_zh if language.startswith("zh") else self.description_en


class CategoryModerator(models.Model):
    """A member who moderates chosen categories (site-wide moderators are staff): granted and
    taken back by moderation.services, read by forum.permissions."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderated_categories"
    )
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="moderators")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "category"], name="moderate_category_once")
        ]
        verbose_name = _("category moderator")
        verbose_name_plural = _("category moderators")

    def __str__(self):
        return f"{self.member_id} moderates {self.category_id}"


class Thread(models.Model):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="threads"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="threads"
    )
    title = models.CharField(_("title"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    last_posted_at = models.DateTimeField(db_index=True)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reply_count = models.PositiveIntegerField(default=0)
    # The number of its last post readers see: how far there is to read (ThreadRead).
    last_number = models.PositiveIntegerField(default=1, editable=False)
    # Copied from the opening post, so feeds filter by language without a join.
    language = models.CharField(max_length=8, blank=True, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True, editable=False)
    pinned_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Its opening post waits for a moderator's approval: listed only for its author and
    # moderators until then.
    held_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-last_posted_at"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [models.Index(fields=["category", "-last_posted_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:thread", kwargs={"thread_id": self.pk})


class Post(models.Model):
    """The opening post (number 1) or a reply. Its region tag is where it was written from."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    number = models.PositiveIntegerField()
    body = models.TextField(_("text"), max_length=20_000)
    body_html = models.TextField(editable=False)
    language = models.CharField(max_length=8, blank=True, editable=False)
    language_is_mixed = models.BooleanField(default=False, editable=False)
    # Tokens for search in both languages (see forum/search.py); the title counts for post 1.
    search_document = models.TextField(blank=True, editable=False)
    region_code = models.CharField(_("region"), max_length=2, editable=False)
    quoted_post = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Hidden by moderators: members see a line saying so, the author sees why.
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_reason = models.CharField(max_length=500, blank=True, editable=False)
    # Held for approval (a new member's link, a watched word): only the author and
    # moderators see it until a moderator approves it.
    held_at = models.DateTimeField(null=True, blank=True, editable=False)
    held_reason = models.CharField(max_length=40, blank=True, editable=False)
    deleted_by_moderators = models.BooleanField(default=False, editable=False)
    # Chosen by the form when it is shown: the same form sent twice (a double click, a resend
    # after a timeout) finds the post it already made instead of making another.
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["thread", "number"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="post_number_in_thread"),
            models.UniqueConstraint(fields=["author", "client_id"], name="one_post_per_send"),
        ]
        indexes = [models.Index(fields=["author", "-created_at"])]

    def __str__(self):
        return f"{self.thread_id}#{self.number}"

    def get_absolute_url(self):
        return reverse("forum:post", kwargs={"post_id": self.pk})

    @property
    def is_opening(self) -> bool:
        return self.number == 1

    @property
    def translation_element_id(self) -> str:
        """The id of the place on the thread page where this post's translation appears."""
        return f"post-{self.number}-translation"


class PostRevision(models.Model):
    """What a post said before an edit; the author and moderators can read the history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=150, blank=True)
    body = models.TextField()
    body_html = models.TextField()
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField(auto_now_add=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Why a moderator changed it (empty for the author's own edits).
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["post", "-replaced_at"]

    def __str__(self):
        return f"revision of {self.post_id}"


class PostImage(Photo):
    photo_folder = "posts"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")

    class Meta:
        ordering = ["post", "position"]


class Reaction(models.Model):
    class Kind(models.TextChoices):
        HEART = "heart", pgettext_lazy("reaction", "Love")
        THUMBS_UP = "thumbs_up", pgettext_lazy("reaction", "Like")
        LAUGH = "laugh", pgettext_lazy("reaction", "Haha")
        WOW = "wow", pgettext_lazy("reaction", "Wow")
        HUG = "hug", pgettext_lazy("reaction", "Hug")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "member", "kind"], name="one_reaction_each")
        ]

    def __str__(self):
        return f"{self.kind} on {self.post_id}"

    @property
    def emoji(self) -> str:
        return REACTION_EMOJI[self.kind]


REACTION_EMOJI = {
    Reaction.Kind.HEART: "❤️",
    Reaction.Kind.THUMBS_UP: "👍",
    Reaction.Kind.LAUGH: "😂",
    Reaction.Kind.WOW: "😮",
    Reaction.Kind.HUG: "🤗",
}


class ThreadFollow(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_threads"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="follow_thread_once")
        ]

    def __str__(self):
        return f"{self.member_id} follows thread {self.thread_id}"


class Bookmark(models.Model):
    """A post a member keeps to come back to (a thread: its opening post), with an optional
    reminder, which arrives as a notification."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    remind_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "post"], name="bookmark_post_once")
        ]
        indexes = [
            models.Index(fields=["remind_at"], name="reminders_due", condition=Q(reminded_at=None))
        ]

    def __str__(self):
        return f"{self.member_id} bookmarked {self.post_id}"


class ThreadRead(models.Model):
    """How far a member has read a thread: the number of the last post they were shown."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_read_number = models.PositiveIntegerField()
    read_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="read_position_once")
        ]

    def __str__(self):
        return f"{self.member_id} read thread {self.thread_id} to {self.last_read_number}"


class Introduction(models.Model):
    """A member's "get to know me": one live introduction, which is a thread in Introductions."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introduction"
    )
    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="introduction")
    who_i_am = models.TextField(_("who I am"), max_length=3000)
    where_from = models.CharField(_("where I am from"), max_length=120)
    hope_to_learn = models.TextField(
        _("what I'd love to learn about the other culture"), max_length=2000, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        indexes = [
            # The grid, newest first: the database walks this and stops at a page.
            models.Index(fields=["-created_at", "-id"], name="introduction_newest_first"),
        ]

    def __str__(self):
        return f"introduction of {self.member_id}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("reply")
        QUOTE = "quote", _("quote")
        MENTION = "mention", _("mention")
        REACTION = "reaction", _("reaction")
        FOLLOW = "follow", _("new follower")
        SUGGESTION_ACCEPTED = "suggestion", _("translation suggestion accepted")
        # Moderators acted on the recipient's post or account; `note` says what and why.
        MODERATION = "moderation", _("moderation")
        # A report the recipient filed was decided.
        REPORT_OUTCOME = "report", _("report outcome")
        # A first message from a member the recipient does not follow waits in Requests.
        MESSAGE_REQUEST = "chat_request", _("message request")
        # What the recipient follows: replies in a thread (`count` of them, from `post` on),
        # a followed member's new thread, an introduction from a region they follow.
        FOLLOWED_THREAD = "followed", _("reply in a followed thread")
        NEW_THREAD = "new_thread", _("new thread by a followed member")
        ARRIVAL = "arrival", _("introduction from a followed region")
        # A bookmark's reminder came due.
        REMINDER = "reminder", _("bookmark reminder")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True)
    reaction_kind = models.CharField(max_length=12, blank=True)
    # Where the notification leads when it is not about a post (a page on this site).
    url = models.CharField(max_length=300, blank=True)
    # For moderation notices: the action taken and the moderator's reason.
    action = models.CharField(max_length=20, blank=True)
    note = models.CharField(max_length=500, blank=True)
    # How many posts it stands for: unread replies in a followed thread gather in one.
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="unread_notifications",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-created_at"], name="notifications_by_date"),
            # The away e-mails' minute job: unread replies, quotes and mentions by date.
            models.Index(
                fields=["created_at"],
                name="unread_replies_by_date",
                condition=Q(read_at__isnull=True, kind__in=["reply", "quote", "mention"]),
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}"


class FeedPreference(models.Model):
    """How a member's home feed is made; only the member changes it.

    `defaults_version` is the version of the site's defaults the member's settings came from:
    new defaults apply to new members, and existing members are asked first.
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_preference"
    )
    # Languages shown: empty means every language; otherwise a subset of ["zh", "en"].
    languages = models.JSONField(default=list, blank=True)
    muted_categories = models.ManyToManyField(Category, blank=True, related_name="+")
    only_following = models.BooleanField(default=False)
    # Region codes ("CN", "US") whose threads come first, and those left out.
    emphasised_regions = models.JSONField(default=list, blank=True)
    hidden_regions = models.JSONField(default=list, blank=True)
    defaults_version = models.PositiveSmallIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"feed of {self.member_id}"


class NotificationSettings(models.Model):
    """How a member hears of what they follow: threads, members, regions of introductions."""

    class Delivery(models.TextChoices):
        EACH = "each", _("As it happens")
        DAILY = "daily", _("Once a day, gathered")
        NONE = "none", _("Never")

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    follows = models.CharField(
        _("activity in what I follow"),
        max_length=8,
        choices=Delivery.choices,
        default=Delivery.EACH,
    )
    # The end of the window the member's last daily summary covered.
    summarized_until = models.DateTimeField(null=True, blank=True, editable=False)
    push = models.BooleanField(
        _("send my notifications to the devices I turned them on for"), default=True
    )
    email_away = models.BooleanField(
        _("e-mail me replies, mentions and messages I have not read"), default=True
    )
    email_digest = models.BooleanField(_("e-mail me a weekly digest"), default=True)
    # The end of the week the member's last digest covered.
    digest_until = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self):
        return f"notification settings of {self.member_id}"


class AwayEmail(models.Model):
    """The last e-mail a member was sent about one thread or one chat conversation, and the
    last post or message it covered: one e-mail per conversation per delay window, and nothing
    in two of them."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, null=True, related_name="+")
    conversation = models.ForeignKey(
        "chat.Conversation", on_delete=models.CASCADE, null=True, related_name="+"
    )
    covered_through = models.PositiveBigIntegerField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "thread"],
                condition=Q(thread__isnull=False),
                name="away_email_per_thread",
            ),
            models.UniqueConstraint(
                fields=["member", "conversation"],
                condition=Q(conversation__isnull=False),
                name="away_email_per_conversation",
            ),
            models.CheckConstraint(
                condition=Q(thread__isnull=True) ^ Q(conversation__isnull=True),
                name="away_email_about_one_thing",
            ),
        ]

    def __str__(self):
        return f"away e-mail to {self.member_id} about {self.thread_id or self.conversation_id}"


class PushSubscription(models.Model):
    """A device (a browser's push subscription) that shows the member's notifications."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"push subscription of {self.member_id}"


class RegionFollow(models.Model):
    """A member who wants to hear when someone from this region introduces themselves. Only
    the region tag is used, never anything finer."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_regions"
    )
    region_code = models.CharField(max_length=2, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "region_code"], name="follow_region_once")
        ]

    def __str__(self):
        return f"{self.member_id} follows region {self.region_code}"


class Welcome(models.Model):
    """A member's one-tap "Welcome 👋" on a newcomer's introduction, and the reply it wrote."""

    introduction = models.ForeignKey(
        Introduction, on_delete=models.CASCADE, related_name="welcomes"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="welcomes_given"
    )
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="welcome")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["introduction", "member"], name="welcome_once")
        ]

    def __str__(self):
        return f"{self.member_id} welcomed {self.introduction_id}"
