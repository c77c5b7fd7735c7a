"""Images members upload: checked, decoded once, re-encoded without metadata.

Re-encoding writes the WebP from pixels alone, so nothing else the original file carried
survives: EXIF with a GPS position, comments, ICC and XMP blocks, the script in a polyglot
file. Size, format, pixel count and side lengths are checked from the header before
decoding, so a decompression bomb never reaches memory, and only the first frame of an
animation (or of a multi-picture JPEG) is ever decoded.
"""

import hashlib
import io
import re
import struct
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps

# MPO is Pillow's name for a JPEG that carries more pictures after the photo (many cameras
# and phones write one): to a member it is a JPEG, and its first picture is the photo.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "GIF", "WEBP"}
MAX_PIXELS = 25_000_000  # 25 megapixels: any phone photo, not a decompression bomb
MAX_SIDE = 20_000  # a phone panorama (about 16000 wide), not a 60000 × 1 strip

# Pillow refuses an image over twice its own limit while reading the header, and reading
# some headers already sets aside a canvas of the declared size (a GIF whose first frame is
# disposed to the background, an animated WebP). With its limit at ours, a file of a few
# bytes can make it allocate at most 50 MP, less than decoding an accepted photo takes.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Between 25 and 50 MP Pillow only warns; the checks below refuse those images, naming their
# dimensions, so the warning would be noise in the log.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

# What Pillow raises for a file it cannot read: OSError (UnidentifiedImageError, truncated
# data), SyntaxError, ValueError (a PNG text or colour-profile chunk inflating past its limit),
# and EOFError, IndexError, TypeError and struct.error for malformed headers and EXIF blocks.
UNREADABLE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    TypeError,
    struct.error,
)

# EXIF orientation → the turn that shows the picture the way the camera was held.
UPRIGHT_TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class ProcessedImage:
    file: ContentFile
    width: int
    height: int


def reencode_image(upload, *, max_side: int, square: bool = False) -> ProcessedImage:
    """Validate an uploaded image and return it re-encoded as WebP, at most `max_side` wide;
    raise ValidationError with a message a member can act on."""
    image = _decoded(upload)
    if square:
        image = ImageOps.fit(image, (max_side, max_side), Image.Resampling.LANCZOS)
    return _encoded(image, side=max_side)


def prepare_images(uploads, *, max_count: int, side: int, thumbnail_side: int) -> list[tuple]:
    """Validate and re-encode every upload, and its thumbnail, before anything is written
    (all or nothing). Raises ValidationError naming what is wrong with the first bad file."""
    prepared = []
    for upload in list(uploads)[:max_count]:
        # Decoded once: the thumbnail is shrunk from the full size, after that is encoded.
        image = _decoded(upload)
        prepared.append((_encoded(image, side=side), _encoded(image, side=thumbnail_side)))
    return prepared


def _decoded(upload) -> Image.Image:
    """Return the first frame of an uploaded image, decoded, upright, in RGB or RGBA and
    without metadata, once its size, format and dimensions are known to be acceptable; raise
    ValidationError with a message a member can act on."""
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
        image, turn = _first_frame(upload)
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            _(
                # Translators: %(megapixels)s is a whole number of megapixels (25).
                "This image has far too many pixels; "
                "images can have at most %(megapixels)s megapixels."
            )
            % {"megapixels": MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        ) from exc
    except UNREADABLE_ERRORS as exc:
        raise ValidationError(
            _("This file is not an image we can read. Choose a JPEG, PNG, GIF or WebP image."),
            code="unreadable",
        ) from exc
    if turn is not None:
        image = image.transpose(turn)
    image.info = {}  # pixels alone: no profile, EXIF, XMP or comment can reach the WebP
    return image


def _first_frame(upload) -> tuple[Image.Image, Image.Transpose | None]:
    """Return the first frame of `upload`, converted to RGB or RGBA, and the turn that
    makes it upright. The decoded original is released on return: only the copy lives on."""
    # Image.open reads only the header: format and size are known before decoding.
    with Image.open(upload) as original:
        if original.format not in ACCEPTED_FORMATS:
            raise ValidationError(_("This is not a JPEG, PNG, GIF or WebP image."), code="format")
        _check_dimensions(*original.size)
        # Only the frame the file opens on (the first) is decoded, however many follow.
        original.load()
        image = original.convert("RGBA" if original.mode in ("RGBA", "LA", "P") else "RGB")
        return image, UPRIGHT_TURNS.get(_orientation(original))


def _check_dimensions(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _(
                "This image is %(width)s × %(height)s pixels; "
                "images can have at most %(megapixels)s megapixels."
            )
            % {"width": width, "height": height, "megapixels": MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        )
    if max(width, height) > MAX_SIDE:
        raise ValidationError(
            _(
                # Translators: %(side)s is a number of pixels (20000), the longest side allowed.
                "This image is %(width)s × %(height)s pixels; "
                "images can be at most %(side)s pixels on each side."
            )
            % {"width": width, "height": height, "side": MAX_SIDE},
            code="side_too_long",
        )


def _orientation(image: Image.Image) -> int | None:
    """Return the EXIF orientation of `image`, or None when it has none that can be read."""
    try:
        orientation = image.getexif().get(ExifTags.Base.Orientation)
    except UNREADABLE_ERRORS:
        # A damaged EXIF block does not make the pixels unreadable: show them as stored.
        return None
    return orientation if isinstance(orientation, int) else None


def _encoded(image: Image.Image, *, side: int) -> ProcessedImage:
    """Shrink `image`, in place, to fit in `side` × `side`, and return it encoded as WebP."""
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    image.save(output, format="WEBP", quality=85, method=4)
    return ProcessedImage(
        file=ContentFile(output.getvalue()), width=image.width, height=image.height
    )


# What follows the folder in a content name (see content_name).
CONTENT_NAME = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}\.webp")


def content_name(folder: str, content: bytes) -> str:
    """Return the storage name of `content` in `folder`: the SHA-256 of its bytes, under a
    folder named by its first two digits (no folder grows past a few thousand files).

    The name reveals nothing (not the post, not the order) and cannot be guessed without the
    file itself; identical files share one name, so they are stored once."""
    digest = hashlib.sha256(content).hexdigest()
    return f"{folder}/{digest[:2]}/{digest}.webp"


def store_content(storage: Storage, folder: str, content: bytes) -> str:
    """Store `content` under its content name unless it is already there; return the name.

    Nothing ever deletes a photo's file, so a file found under its name is the same bytes
    and stays. Two uploads of the same bytes at the same moment may both write: the storage
    then keeps both, under two names, and each row names its own."""
    name = content_name(folder, content)
    if storage.exists(name):
        return name
    return storage.save(name, ContentFile(content))


def _bytes(processed: ProcessedImage) -> bytes:
    processed.file.seek(0)  # from the start, whatever read it before
    return processed.file.read()


def save_images(model, owner, prepared: list[tuple], start: int = 0) -> None:
    """Store prepared images as rows of `model` (PostImage, MessageImage) belonging to
    `owner`; the model's first foreign key names the owner."""
    owner_field = next(
        field.name for field in model._meta.fields if field.is_relation and field.many_to_one
    )
    storage = model._meta.get_field("image").storage
    for position, (full, thumbnail) in enumerate(prepared, start=start):
        model.objects.create(
            **{owner_field: owner},
            position=position,
            image=store_content(storage, model.photo_folder, _bytes(full)),
            width=full.width,
            height=full.height,
            thumbnail=store_content(storage, model.photo_folder, _bytes(thumbnail)),
            thumbnail_width=thumbnail.width,
            thumbnail_height=thumbnail.height,
        )


def rename_to_content_names(model, folder: str) -> None:
    """Move the files of `model`'s rows (PostImage, MessageImage, historical ones in a data
    migration) from their old guessable names (`posts/133-0.webp`, `posts/thumbs/133-0.webp`)
    to content names. Old files are deleted once the new names are committed; a row whose file
    is missing keeps its name (and is served to nobody, having no file)."""
    storage = model._meta.get_field("image").storage
    for photo in model.objects.all().iterator():
        renamed = []
        for field in ("image", "thumbnail"):
            old = getattr(photo, field).name
            if CONTENT_NAME.fullmatch(old.removeprefix(folder + "/")):
                continue
            try:
                with storage.open(old, "rb") as stored:
                    content = stored.read()
            except FileNotFoundError:
                continue
            setattr(photo, field, store_content(storage, folder, content))
            renamed.append(old)
        if renamed:
            photo.save(update_fields=["image", "thumbnail"])
            transaction.on_commit(lambda old_names=renamed: _delete(storage, old_names))


def _delete(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)
