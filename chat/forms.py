from django import forms
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.models import Member
from chat.services import MAX_IMAGES_PER_MESSAGE, MAX_MESSAGE_CHARACTERS
from core.forms import ImagesField


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 1, "data-composer-input": ""}),
        required=False,  # a photo alone is a message too; the service checks
    )
    images = ImagesField(max_files=MAX_IMAGES_PER_MESSAGE, label=_("Add photos"))
    client_id = forms.CharField(required=False, widget=forms.HiddenInput)


class GroupForm(forms.Form):
    title = forms.CharField(label=_("Group title"), max_length=80)
    usernames = forms.CharField(
        label=_("Members"),
        help_text=_("Usernames, separated by commas or spaces (up to 19 others)."),
        max_length=2000,
    )

    def clean_usernames(self):
        text = self.cleaned_data["usernames"].replace(",", " ").replace("，", " ")
        names = [name.lstrip("@") for name in text.split()]
        members = Member.objects.annotate(lowered=Lower("username")).filter(
            lowered__in=[name.lower() for name in names], is_active=True
        )
        found = {member.username.lower(): member for member in members}
        missing = [name for name in names if name.lower() not in found]
        if missing:
            raise forms.ValidationError(
                _("No member is called %(names)s."), params={"names": ", ".join(missing)}
            )
        return list(found.values())


class MessagePolicyForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["who_may_message"]
        widgets = {"who_may_message": forms.RadioSelect}
