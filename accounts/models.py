from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import member_cache


class Interest(models.Model):
    """A reusable interest tag with a name in each interface language."""

    slug = models.SlugField(max_length=60, unique=True, allow_unicode=True)
    name_en = models.CharField(_("name in English"), max_length=60)
    name_zh = models.CharField(_("name in Chinese"), max_length=60)
    is_suggested = models.BooleanField(_("suggested to new members"), default=False)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")

    def __str__(self):
        return self.name_en

    def name_in(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en


class MemberQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # A queryset update sends no signal: the rows it changes are found first, so their
        # kept copies (accounts.member_cache) are never served again.
        changed = list(self.values_list("pk", flat=True))
        rows = super().update(**kwargs)
        member_cache.forget_members(changed, kwargs)
        return rows

    update.alters_data = True


class MemberManager(UserManager.from_queryset(MemberQuerySet)):
    pass


class Member(AbstractUser):
    """A person on Halfway. `username` is the handle; `display_name` is what others read."""

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        CHINESE = "zh-hans", "简体中文"

    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    bio = models.TextField(_("bio"), max_length=2000, blank=True)
    bio_html = models.TextField(blank=True, editable=False)
    bio_language = models.CharField(max_length=8, blank=True, editable=False)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    # Show others' posts translated into the preferred language everywhere (original one tap away).
    always_translate = models.BooleanField(_("always show posts in my language"), default=False)
    languages_spoken = models.JSONField(_("languages I speak"), default=list, blank=True)
    languages_learning = models.JSONField(_("languages I am learning"), default=list, blank=True)
    interests = models.ManyToManyField(
        Interest, verbose_name=_("interests"), related_name="members", blank=True
    )

    class MessagePolicy(models.TextChoices):
        EVERYONE = (
            "everyone",
            _("Everyone (first messages from members I don't follow wait in Requests)"),
        )
        FOLLOWING = "following", _("Only members I follow")
        NOBODY = "nobody", _("Nobody")

    who_may_message = models.CharField(
        _("who may message me"),
        max_length=9,
        choices=MessagePolicy.choices,
        default=MessagePolicy.EVERYONE,
    )
    # Opted in to be suggested as a language exchange partner (from what they speak and learn).
    open_to_exchange = models.BooleanField(
        _("suggest me as a language exchange partner"), default=False
    )

    class Theme(models.TextChoices):
        SYSTEM = "system", _("Match my device")
        LIGHT = "light", pgettext_lazy("theme", "Light")
        DARK = "dark", pgettext_lazy("theme", "Dark")

    # Light or dark pages (static/css/halfway.css): as the device asks, or always one of them.
    theme = models.CharField(_("theme"), max_length=6, choices=Theme.choices, default=Theme.SYSTEM)
    # The country of the member's latest sign-in; never the address it came from.
    region_code = models.CharField(_("region"), max_length=2, blank=True, editable=False)
    # Standing, set only by moderation services (which write the audit log).
    silenced_until = models.DateTimeField(null=True, blank=True, editable=False)
    suspended_until = models.DateTimeField(null=True, blank=True, editable=False)
    banned_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Moderates some categories (moderation.CategoryModerator has which): kept by
    # moderation.services, so pages learn a member's role without a query.
    is_category_moderator = models.BooleanField(default=False, editable=False)

    objects = MemberManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="member_username_ci_unique"),
        ]

    def __str__(self):
        return self.username

    def get_absolute_url(self):
        return reverse("accounts:profile", kwargs={"username": self.username})

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def is_silenced(self, now) -> bool:
        return self.silenced_until is not None and self.silenced_until > now

    def is_suspended(self, now) -> bool:
        return self.banned_at is not None or (
            self.suspended_until is not None and self.suspended_until > now
        )

    @property
    def initial(self) -> str:
        return self.name[:1].upper()

    @property
    def avatar_hue(self) -> int:
        """One of six background colours for a member without a photo, stable per member."""
        return (self.pk or 0) % 6


class MemberFollow(models.Model):
    """One member following another: their threads and introductions reach the follower's
    feed, and a member who takes messages only from members they follow takes theirs."""

    follower = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="following")
    followed = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="follow_member_once"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followed")), name="no_self_follow"
            ),
        ]

    def __str__(self):
        return f"{self.follower_id} follows {self.followed_id}"


class Draft(models.Model):
    """What a member was writing and has not posted (a reply, a new thread, a chat message),
    kept on the server so it follows them to another device; posting the text clears it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="drafts")
    # What it is a draft of: "reply:<thread id>", "thread", "chat:<conversation id>".
    key = models.CharField(max_length=40)
    title = models.CharField(max_length=150, blank=True)
    body = models.TextField(max_length=20_000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "key"], name="one_draft_each")]

    def __str__(self):
        return f"draft {self.key} of {self.member_id}"
