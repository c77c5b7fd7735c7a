import uuid

from django import forms
from django.conf import settings
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import LanguagesAndInterestsForm
from core.forms import ImagesField, ModelIdsChoiceField
from forum.models import Category, NotificationSettings
from forum.services import MAX_IMAGES_PER_POST


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, category):
        return category.name_in(get_language() or "en")


class ThreadForm(forms.Form):
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(is_introductions=False),
        empty_label=None,
    )
    title = forms.CharField(label=_("Title"), max_length=150, min_length=4)
    body = forms.CharField(
        label=_("What would you like to say?"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8, "data-mentions": ""}),
        help_text=_("Markdown works: **bold**, *italic*, > quotes, links. Type @ to mention."),
    )
    images = ImagesField(max_files=MAX_IMAGES_PER_POST, label=_("Photos"))
    client_id = forms.UUIDField(required=False, initial=uuid.uuid4, widget=forms.HiddenInput)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5, "data-mentions": ""}),
    )
    quoted_post = forms.IntegerField(required=False, widget=forms.HiddenInput)
    images = ImagesField(max_files=MAX_IMAGES_PER_POST, label=_("Photos"))
    client_id = forms.UUIDField(required=False, initial=uuid.uuid4, widget=forms.HiddenInput)


class EditPostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150, min_length=4, required=False)
    body = forms.CharField(
        label=_("Text"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 10})
    )


class IntroductionForm(LanguagesAndInterestsForm):
    title = forms.CharField(
        label=_("A title for your introduction"),
        max_length=150,
        min_length=4,
        help_text=_('For example: "Hi from Texas! Nurse, knitter, cat person".'),
    )
    who_i_am = forms.CharField(
        label=_("Who I am"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you do, what you love, what a good day looks like."),
    )
    where_from = forms.CharField(
        label=_("Where I am from"),
        max_length=120,
        help_text=_("In your own words: a city, a region, a few places."),
    )
    hope_to_learn = forms.CharField(
        label=_("What I would love to learn about the other culture"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = ImagesField(
        max_files=MAX_IMAGES_PER_POST,
        label=_("Photos"),
        help_text=_(
            # Translators: %(count)s is a number of photos, %(size)s a file size ("8 MB").
            "You, your town, your food, your cat: up to %(count)s photos, %(size)s each."
        ),
    )
    field_order = [
        "title",
        "who_i_am",
        "where_from",
        "languages_spoken",
        "languages_learning",
        "interests",
        "hope_to_learn",
        "photos",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Others look for newcomers by the languages they speak: saying one is required here.
        self.fields["languages_spoken"].required = True


class FeedSettingsForm(forms.Form):
    """The home feed's settings on one screen."""

    LANGUAGE_CHOICES = {
        "all": [],
        "zh_first": ["zh", "en"],
        "en_first": ["en", "zh"],
        "zh": ["zh"],
        "en": ["en"],
    }
    languages = forms.ChoiceField(
        label=_("Languages"),
        widget=forms.RadioSelect,
        choices=[
            ("all", _("Both, newest first")),
            ("zh_first", _("Both, Chinese first each day")),
            ("en_first", _("Both, English first each day")),
            ("zh", _("Chinese only")),
            ("en", _("English only")),
        ],
    )
    only_following = forms.BooleanField(label=_("Only people and threads I follow"), required=False)
    muted_categories = ModelIdsChoiceField(
        label=_("Mute categories"),
        queryset=Category.objects.filter(is_introductions=False),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    emphasised_regions = forms.MultipleChoiceField(
        label=_("Regions to put first"), widget=forms.CheckboxSelectMultiple, required=False
    )
    hidden_regions = forms.MultipleChoiceField(
        label=_("Regions to hide"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, regions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emphasised_regions"].choices = regions
        self.fields["hidden_regions"].choices = regions
        self.fields["muted_categories"].label_from_instance = lambda category: category.name_in(
            get_language() or "en"
        )

    @classmethod
    def languages_key(cls, languages: list[str]) -> str:
        wanted = list(languages)
        return next((key for key, value in cls.LANGUAGE_CHOICES.items() if value == wanted), "all")

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("emphasised_regions", [])) & set(cleaned.get("hidden_regions", []))
        if both:
            self.add_error(
                "hidden_regions", _("A region cannot be both first and hidden. Choose one.")
            )
        return cleaned


class NotificationSettingsForm(forms.Form):
    """What a member hears of the threads, members and regions they follow."""

    follows = forms.ChoiceField(
        label=_("Replies in threads I follow, and new threads by members I follow"),
        widget=forms.RadioSelect,
        choices=NotificationSettings.Delivery.choices,
    )
    arrival_regions = forms.MultipleChoiceField(
        label=_("Tell me when someone from these regions introduces themselves"),
        help_text=_("Only the region tag on their introduction is used, never anything finer."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    push = forms.BooleanField(
        label=_("Send my notifications to the devices I turned them on for"), required=False
    )
    email_away = forms.BooleanField(
        label=_("E-mail me replies, mentions and chat messages I have not read"),
        required=False,
    )
    email_digest = forms.BooleanField(
        label=_("E-mail me a weekly digest of my feed"),
        help_text=_(
            "When I have not opened a thread for a week: the week's liveliest threads, with "
            "titles in my language."
        ),
        required=False,
    )

    def __init__(self, *args, regions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrival_regions"].choices = regions
        minutes = settings.AWAY_EMAIL_DELAY_MINUTES
        self.fields["email_away"].help_text = ngettext(
            "When they are still unread after %(minutes)d minute; at most one e-mail per "
            "thread or conversation in that time.",
            "When they are still unread after %(minutes)d minutes; at most one e-mail per "
            "thread or conversation in that time.",
            minutes,
        ) % {"minutes": minutes}


class BookmarkForm(forms.Form):
    remind_in = forms.ChoiceField(
        label=_("Remind me"),
        widget=forms.RadioSelect,
        required=False,
        choices=[
            ("", _("No reminder")),
            ("hour", _("In an hour")),
            ("tomorrow", _("Tomorrow, at this time")),
            ("three_days", _("In three days")),
            ("week", _("In a week")),
        ],
    )
