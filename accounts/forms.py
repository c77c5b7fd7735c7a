from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Interest, Member
from core.forms import PHOTO_TYPES, ModelIdsChoiceField, PhotoInput


class InterestChoiceField(ModelIdsChoiceField):
    def label_from_instance(self, interest):
        return interest.name_in(get_language() or "en")


class LanguagesAndInterestsForm(forms.Form):
    """What a member speaks, learns and likes: asked by the profile and the introduction alike."""

    languages_spoken = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        choices=settings.MEMBER_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages_learning = forms.MultipleChoiceField(
        label=_("Languages I am learning"),
        choices=settings.MEMBER_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interests = InterestChoiceField(
        label=_("Interests"),
        queryset=Interest.objects.order_by("slug"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("languages_spoken") or []) & set(
            cleaned.get("languages_learning") or []
        )
        if both:
            self.add_error(
                "languages_learning",
                _("A language you already speak cannot also be one you are learning."),
            )
        return cleaned

    def clean_interests(self):
        interests = self.cleaned_data["interests"]
        if len(interests) > 12:
            raise ValidationError(_("Choose at most 12 interests."))
        return interests


class ProfileForm(LanguagesAndInterestsForm):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=50,
        required=False,
        help_text=_("The name other members see. Leave empty to use your username."),
    )
    bio = forms.CharField(
        label=_("About me"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few lines about you. Markdown works: **bold**, *italic*, links."),
    )
    field_order = [
        "display_name",
        "bio",
        "languages_spoken",
        "languages_learning",
        "interests",
    ]


class AvatarForm(forms.Form):
    # A FileField, not an ImageField: core.images checks the file and explains what is wrong.
    avatar = forms.FileField(
        label=_("New photo"),
        help_text=_("JPEG, PNG, GIF or WebP, up to 8 MB. It is cropped to a square."),
        widget=PhotoInput(attrs={"accept": PHOTO_TYPES}),
    )


class ReadingForm(forms.Form):
    always_translate = forms.BooleanField(
        label=_("Always show posts in my language"),
        required=False,
        help_text=_("Posts in other languages appear translated; the original is one tap away."),
    )


class ExchangeForm(forms.Form):
    open_to_exchange = forms.BooleanField(
        label=_("Suggest me as a language exchange partner"),
        required=False,
        help_text=_(
            "Members who speak a language you are learning, and are learning one you speak, "
            "see you among their partners, and you see them among yours."
        ),
    )


class AppearanceForm(forms.Form):
    theme = forms.ChoiceField(
        label=_("Theme"),
        choices=Member.Theme.choices,
        widget=forms.RadioSelect,
        help_text=_("Match my device follows the light or dark setting of your phone or computer."),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Interface language"), choices=Member.Language.choices)


class LoginForm(AllauthLoginForm):
    """allauth's form, with a label that says what to type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or email")
