"""Images members upload: checked, decoded once, re-encoded without metadata.

Re-encoding drops everything the original file carried besides pixels (EXIF with GPS
position, comments, embedded scripts in polyglot files). The pixel limit is checked from
the header before decoding, so a decompression bomb never reaches memory.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
MAX_PIXELS = 25_000_000  # 25 megapixels: any phone photo, not a decompression bomb


@dataclass(frozen=True)
class ProcessedImage:
    file: ContentFile
    width: int
    height: int


def reencode_image(upload, *, max_side: int, square: bool = False) -> ProcessedImage:
    """Validate an uploaded image and return it re-encoded as WebP, at most `max_side` wide.

    Raises ValidationError with a message a member can act on.
    """
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s; images can be at most %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.MAX_UPLOAD_BYTES),
            },
            code="too_big",
        )
    upload.seek(0)
    try:
        # Image.open reads only the header: format and size are known before decoding.
        with Image.open(upload) as original:
            if original.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    _("This is not a JPEG, PNG, GIF or WebP image."), code="format"
                )
            width, height = original.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _(
                        "This image is %(width)s × %(height)s pixels; "
                        "images can have at most %(megapixels)s megapixels."
                    )
                    % {"width": width, "height": height, "megapixels": MAX_PIXELS // 1_000_000},
                    code="too_many_pixels",
                )
            original.load()
            image = ImageOps.exif_transpose(original)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("This file is not an image we can read. Choose a JPEG, PNG, GIF or WebP image."),
            code="unreadable",
        ) from exc
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    if square:
        image = ImageOps.fit(image, (max_side, max_side), Image.Resampling.LANCZOS)
    else:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    image.save(output, format="WEBP", quality=85, method=4)
    return ProcessedImage(
        file=ContentFile(output.getvalue()), width=image.width, height=image.height
    )


def prepare_images(uploads, *, max_count: int, side: int, thumbnail_side: int) -> list[tuple]:
    """Validate and re-encode every upload, and its thumbnail, before anything is written
    (all or nothing). Raises ValidationError naming what is wrong with the first bad file."""
    prepared = []
    for upload in list(uploads)[:max_count]:
        full = reencode_image(upload, max_side=side)
        upload.seek(0)
        thumbnail = reencode_image(upload, max_side=thumbnail_side)
        prepared.append((full, thumbnail))
    return prepared


def save_images(model, owner, prepared: list[tuple], start: int = 0) -> None:
    """Store prepared images as rows of `model` (PostImage, MessageImage) belonging to
    `owner`; the model's first foreign key names the owner."""
    owner_field = next(
        field.name for field in model._meta.fields if field.is_relation and field.many_to_one
    )
    for position, (full, thumbnail) in enumerate(prepared, start=start):
        image = model(
            **{owner_field: owner},
            position=position,
            width=full.width,
            height=full.height,
            thumbnail_width=thumbnail.width,
            thumbnail_height=thumbnail.height,
        )
        name = f"{owner.pk}-{position}.webp"
        image.image.save(name, full.file, save=False)
        image.thumbnail.save(name, thumbnail.file, save=False)
        image.save()
