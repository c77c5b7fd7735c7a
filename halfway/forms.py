"""Form pieces shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from halfway.ids import parse_id


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ImagesField(forms.FileField):
    """Several image files in one input; each is checked by the service that stores it."""

    widget = MultipleFileInput

    def __init__(self, *args, max_files: int, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/gif,image/webp")

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > self.max_files:
            raise ValidationError(
                _("You can add at most %(count)s photos.") % {"count": self.max_files}
            )
        return [super(ImagesField, self).clean(file, initial) for file in files]


class ModelIdsChoiceField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id. Django looks every value up at once (`pk__in`), which the
    database driver refuses for a number no 64-bit id can be, instead of finding no row; such a
    value is refused here as Django refuses any other that is not an id."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            for pk in value:
                if parse_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super().clean(value)
