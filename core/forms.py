"""Form pieces shared by the apps."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.ids import parse_id

PHOTO_TYPES = "image/jpeg,image/png,image/gif,image/webp"
MEGABYTE = 1024 * 1024


def upload_limit_text() -> str:
    """MAX_UPLOAD_BYTES as a person reads it: "8 MB" where filesizeformat says "8.0 MB"."""
    limit = settings.MAX_UPLOAD_BYTES
    if limit % MEGABYTE:
        return filesizeformat(limit)
    # Translators: a file size in whole megabytes, e.g. "8 MB".
    return gettext("%(megabytes)s MB") % {"megabytes": limit // MEGABYTE}


class PhotoInput(forms.ClearableFileInput):
    """A file input for photos. static/js/photos.js shows a thumbnail of each photo chosen,
    with a button to take it out again, and refuses before sending what the server would
    refuse (too many, too large), with the messages given here; the server checks again."""

    max_files = 1

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-photos": "",
                "data-max-files": str(self.max_files),
                "data-max-bytes": str(settings.MAX_UPLOAD_BYTES),
                "data-too-many": gettext("You can add at most %(count)s photos.")
                % {"count": self.max_files},
                "data-too-large": gettext(
                    # Translators: %(name)s is the file's name, %(limit)s a size ("8 MB").
                    "%(name)s is larger than %(limit)s. Choose a smaller photo."
                )
                % {"name": "%(name)s", "limit": upload_limit_text()},
                # Translators: on the button that takes a chosen photo out before posting.
                "data-remove-label": gettext("Remove photo %(number)s"),
            }
        )
        return context


class MultipleFileInput(PhotoInput):
    allow_multiple_selected = True


def _limits_text(template: str, max_files: int) -> str:
    return str(template) % {"count": max_files, "size": upload_limit_text()}


class ImagesField(forms.FileField):
    """Several image files in one input; each is checked by the service that stores it.

    The help text may name the limits with %(count)s and %(size)s; they are filled in when
    the form is shown, so a changed MAX_UPLOAD_BYTES shows up front too.
    """

    widget = MultipleFileInput

    def __init__(
        self,
        *args,
        max_files: int,
        help_text: str = _("Up to %(count)s photos, %(size)s each."),
        **kwargs,
    ):
        self.max_files = max_files
        kwargs.setdefault("required", False)
        kwargs["help_text"] = lazy(_limits_text, str)(help_text, max_files)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", PHOTO_TYPES)
        self.widget.max_files = max_files

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
