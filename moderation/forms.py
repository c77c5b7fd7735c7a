from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forum.forms import CategoryChoiceField
from forum.models import Category
from moderation.models import Reason, WatchedWord


class WatchedWordForm(forms.Form):
    # A plain form: the service trims the word and refuses a duplicate, naming it.
    word = forms.CharField(
        label=_("Word or phrase"),
        max_length=100,
        help_text=_(
            "English or Chinese, any case. English matches whole words; Chinese matches "
            "anywhere in the text."
        ),
    )
    response = forms.ChoiceField(
        label=_("What happens"),
        choices=WatchedWord.Response.choices,
        initial=WatchedWord.Response.HOLD,
    )
    replacement = forms.CharField(
        label=_("Replace with"),
        max_length=100,
        required=False,
        help_text=_("Only for “Replace”."),
    )

    def clean(self):
        cleaned = super().clean()
        replacing = cleaned.get("response") == WatchedWord.Response.REPLACE
        if replacing and not cleaned.get("replacement", "").strip():
            self.add_error("replacement", _("Write what replaces the word."))
        return cleaned


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this?"),
        choices=Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    note = forms.CharField(
        label=_("Anything moderators should know? (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Write in any language: moderators read it translated."),
    )
    share_context = forms.BooleanField(
        label=_("Also share the five messages before and after it with moderators"),
        required=False,
    )
    also_block = forms.BooleanField(
        label=_("Also block this member: nothing more from them reaches you"), required=False
    )


DURATIONS = {
    "1d": (1, pgettext_lazy("duration", "1 day")),
    "3d": (3, pgettext_lazy("duration", "3 days")),
    "7d": (7, pgettext_lazy("duration", "1 week")),
    "30d": (30, pgettext_lazy("duration", "30 days")),
    "365d": (365, pgettext_lazy("duration", "1 year")),
}


class ActionForm(forms.Form):
    """A reason, and what else the action needs (the new text, a category, a duration)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The member is told this reason; the audit log keeps it."),
    )
    body = forms.CharField(
        label=_("Text"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    category = CategoryChoiceField(
        label=_("Move to"),
        queryset=Category.objects.filter(is_introductions=False),
        empty_label=None,
    )
    duration = forms.ChoiceField(
        label=_("For how long"),
        choices=[(key, label) for key, (_days, label) in DURATIONS.items()],
        initial="3d",
    )

    # Which fields each action uses; the others are dropped.
    FIELDS = {
        "edit": ("body", "reason"),
        "move": ("category", "reason"),
        "silence": ("duration", "reason"),
        "suspend": ("duration", "reason"),
    }
    # Actions whose reason the member reads: it may not be empty.
    REASON_REQUIRED = {"hide", "delete", "edit", "warn", "silence", "suspend", "ban", "restore"}

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        keep = self.FIELDS.get(action, ("reason",))
        self.fields = {name: field for name, field in self.fields.items() if name in keep}
        if action in self.REASON_REQUIRED:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _(
                "Give a reason: the member and the audit log will see it."
            )

    def days(self) -> int:
        return DURATIONS[self.cleaned_data["duration"]][0]
