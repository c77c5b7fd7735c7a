from django import forms
from django.utils.translation import gettext_lazy as _

from translation.services import MAX_SUGGESTION_CHARACTERS


class SuggestionForm(forms.Form):
    body = forms.CharField(
        label=_("Your translation"),
        help_text=_("Fix what the machine got wrong. Markdown works as in posts."),
        max_length=MAX_SUGGESTION_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the translation you suggest.")},
    )


class GlossaryEntryForm(forms.Form):
    # A plain form: the service checks for clashes, case-insensitively, naming the term.
    english = forms.CharField(
        label=_("English term"), max_length=100, help_text=_("As members write it in English.")
    )
    chinese = forms.CharField(
        label=_("Chinese term"), max_length=100, help_text=_("How it is always written in Chinese.")
    )
    note = forms.CharField(label=_("Note for staff (optional)"), max_length=200, required=False)
