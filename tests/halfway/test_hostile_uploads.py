"""Hostile uploads, through the pages members upload on: the avatar, a chat photo, a photo in
a forum reply. Each is refused with a message the member can act on, in their language, with
what they typed kept and nothing stored; or, where a real picture hides something, accepted
as a WebP made of its pixels alone."""

import functools
import io
import os
import re
import struct
import uuid
import zlib
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from chat import services as chat_services
from chat.models import Message, MessageImage
from core.images import MAX_SIDE
from forum import services as forum_services
from forum.models import PostImage
from tests.factories import cat_photo, thread_by

pytestmark = pytest.mark.django_db

TYPED = "Look at my cat, she is the one on the left!"
PAYLOAD = "<script>alert('halfway-payload')</script>"
PAYLOAD_MARKS = (b"<script", b"alert(", b"halfway-payload", b"<html", b"<svg")
MB = 1024 * 1024

TOO_MANY_PIXELS = "This image has far too many pixels; images can have at most 25 megapixels."
UNREADABLE = "This file is not an image we can read. Choose a JPEG, PNG, GIF or WebP image."
NOT_ACCEPTED = "This is not a JPEG, PNG, GIF or WebP image."


def side_too_long(width, height):
    return (
        f"This image is {width} × {height} pixels; "
        f"images can be at most {MAX_SIDE} pixels on each side."
    )


# Files. Built by hand where Pillow would refuse to write them; cached, as some take a
# moment to compress.


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@functools.cache
def flat_png(width: int, height: int) -> bytes:
    """A valid PNG of one colour: 1-bit greyscale rows of zeros, which deflate about 1000:1,
    so 30000 × 30000 pixels take about 100 KB."""
    row = bytes(1 + (width + 7) // 8)  # the filter byte, then the row
    deflate = zlib.compressobj(9)
    idat = b"".join(deflate.compress(row) for _ in range(height)) + deflate.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


@functools.cache
def png_with_inflating_chunk(kind: bytes) -> bytes:
    """A small PNG with a compressed text (zTXt) or colour profile (iCCP) chunk of 50 MB of
    zeros, which deflate to 50 KB."""
    name = b"k\0\0"  # keyword, end, compression method
    chunk = png_chunk(kind, name + zlib.compress(bytes(50 * MB), 9))
    small = pillow_file("PNG")
    after_ihdr = 8 + 25  # signature, then IHDR: length, type, 13 bytes, CRC
    return small[:after_ihdr] + chunk + small[after_ihdr:]


def pillow_file(image_format: str, size=(64, 48), **options) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (240, 160, 80))
    image.paste((40, 90, 200), (0, 0, size[0] // 2, size[1]))  # two halves: orientation shows
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


GIF_HEADER = b"GIF89a"
GIF_PALETTE = b"\x00\x00\x00\xff\xff\xff"  # two colours: black, white


def gif_frame(width: int, height: int, *, disposal: int = 0) -> bytes:
    """A graphic control extension and an image descriptor whose data is one black pixel
    (LZW, minimum code size 2: clear, 0, end)."""
    control = b"\x21\xf9\x04" + bytes([disposal << 2]) + b"\x00\x00\x00\x00"
    descriptor = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return control + descriptor + b"\x02\x02\x44\x01\x00"


def gif(screen_width: int, screen_height: int, *frames: bytes) -> bytes:
    screen = struct.pack("<HHBBB", screen_width, screen_height, 0x80, 0, 0)  # 2-colour table
    return GIF_HEADER + screen + GIF_PALETTE + b"".join(frames) + b";"


@functools.cache
def animated_gif(frame_count: int, side: int = 1000) -> bytes:
    """A GIF of `frame_count` full frames of `side` × `side` pixels: one frame as Pillow
    writes it, repeated."""
    single = pillow_gif_parts(side)
    control = b"\x21\xf9\x04\x00\x0a\x00\x00\x00"  # no disposal, 0.1 s
    return single.head + (control + single.frame) * frame_count + b";"


def pillow_gif_parts(side: int) -> SimpleNamespace:
    buffer = io.BytesIO()
    Image.new("P", (side, side), 0).save(buffer, format="GIF")
    data = buffer.getvalue()
    flags = data[10]
    position = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    while data[position] == 0x21:  # skip extensions: label, then sub-blocks
        position += 2
        while data[position]:
            position += data[position] + 1
        position += 1
    assert data[position : position + 1] == b","
    return SimpleNamespace(head=GIF_HEADER + data[6:position], frame=data[position:-1])


def javascript_gif() -> bytes:
    """A GIF that is also a script: its width, 10799, is the bytes "/*", so to a JavaScript
    parser the header opens a comment that closes after the trailer, leaving
    `GIF89a = alert(...)`."""
    image = gif(0x2A2F, 1, gif_frame(1, 1))
    assert image[6:8] == b"/*" and b"*/" not in image
    return image + b"*/=alert('halfway-payload');"


def jpeg_declaring(width: int, height: int) -> bytes:
    data = bytearray(pillow_file("JPEG"))
    frame = data.index(b"\xff\xc0")  # start of frame: length, precision, height, width
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def webp_declaring(width: int, height: int) -> bytes:
    """The header of an extended WebP whose canvas is `width` × `height`, and nothing else."""
    canvas = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    chunk = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00" + canvas
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def exif_block(*entries: tuple[int, int, int, bytes], data: bytes = b"") -> bytes:
    """A big-endian TIFF block of one IFD; each entry is (tag, type, count, value)."""
    header = b"MM\x00*" + struct.pack(">I", 8)
    ifd = struct.pack(">H", len(entries))
    for tag, kind, count, value in entries:
        ifd += struct.pack(">HHI", tag, kind, count) + value.ljust(4, b"\x00")
    return header + ifd + b"\x00\x00\x00\x00" + data


def jpeg_with_damaged_exif() -> bytes:
    """A photo turned by its EXIF (orientation 6), whose EXIF also holds a tag with a value of
    the wrong type (text where numbers belong), as a buggy camera app might write it."""
    text_at = 8 + 2 + 2 * 12 + 4
    exif = exif_block(
        (0x0119, 2, 6, struct.pack(">I", text_at)),  # MaxSampleValue, as ASCII "Maker"
        (0x0112, 3, 1, struct.pack(">H", 6)),  # Orientation: turn 90° clockwise
        data=b"Maker\x00",
    )
    return pillow_file("JPEG", exif=b"Exif\x00\x00" + exif)


def png_polyglot() -> bytes:
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", PAYLOAD)
    text.add_text("Description", PAYLOAD, zip=True)
    text.add_itxt("Title", PAYLOAD, lang="en")
    xmp = f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{PAYLOAD}</x:xmpmeta>"
    text.add_itxt("XML:com.adobe.xmp", xmp)
    image = pillow_file("PNG", pnginfo=text, icc_profile=PAYLOAD.encode())
    return image + f"<html><body>{PAYLOAD}</body></html>".encode()


def jpeg_polyglot() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = PAYLOAD  # ImageDescription
    image = pillow_file(
        "JPEG",
        comment=PAYLOAD.encode(),
        exif=exif,
        xmp=f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{PAYLOAD}</x:xmpmeta>".encode(),
        icc_profile=PAYLOAD.encode(),
    )
    return image + f"<html><body>{PAYLOAD}</body></html>".encode()


def webp_polyglot() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = PAYLOAD
    return pillow_file(
        "WEBP",
        exif=exif,
        xmp=f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{PAYLOAD}</x:xmpmeta>".encode(),
        icc_profile=PAYLOAD.encode(),
    )


def gif_polyglot() -> bytes:
    return pillow_file("GIF", comment=PAYLOAD.encode()) + PAYLOAD.encode()


def apng_declaring_frames(count: int) -> bytes:
    """An animated PNG of two frames whose animation control chunk declares `count`."""
    buffer = io.BytesIO()
    first = Image.new("RGB", (64, 48), (240, 160, 80))
    first.save(buffer, format="PNG", save_all=True, append_images=[first.rotate(90)])
    data = buffer.getvalue()
    start = data.index(b"acTL") - 4
    body = struct.pack(">II", count, 0)
    return data[:start] + png_chunk(b"acTL", body) + data[start + 20 :]


def multi_picture_jpeg() -> bytes:
    """A JPEG carrying a second picture after the photo (Pillow calls it MPO), as many
    cameras and phones write them."""
    buffer = io.BytesIO()
    photo = Image.new("RGB", (64, 48), (240, 160, 80))
    photo.save(buffer, format="MPO", save_all=True, append_images=[photo.resize((32, 24))])
    return buffer.getvalue()


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="10" height="10">'
    b"<script>alert('halfway-payload')</script></svg>"
)
HTML = f"<!doctype html><html><body>{PAYLOAD}</body></html>".encode()


def first_half(content: bytes) -> bytes:
    return content[: len(content) // 2]


def upload(content: bytes, name: str, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# What is refused, with the message the member reads.
REFUSED = {
    # Decompression bombs: tiny files whose headers declare far more pixels than allowed.
    # Over 50 MP Pillow's own limit (set to ours) stops the header; below it, ours.
    "png of 30000 × 30000 pixels": (
        lambda: upload(flat_png(30000, 30000), "flat.png"),
        TOO_MANY_PIXELS,
    ),
    "png of 7000 × 5000 pixels": (
        lambda: upload(flat_png(7000, 5000), "flat.png"),
        "This image is 7000 × 5000 pixels; images can have at most 25 megapixels.",
    ),
    "gif with a 65535 × 65535 screen": (
        lambda: upload(gif(65535, 65535, gif_frame(1, 1)), "screen.gif", "image/gif"),
        TOO_MANY_PIXELS,
    ),
    "gif whose first frame grows the canvas to 13000 × 13000 and is disposed": (
        lambda: upload(gif(1, 1, gif_frame(13000, 13000, disposal=2)), "grow.gif", "image/gif"),
        TOO_MANY_PIXELS,
    ),
    "jpeg declaring 65500 × 65500 pixels": (
        lambda: upload(jpeg_declaring(65500, 65500), "huge.jpg", "image/jpeg"),
        TOO_MANY_PIXELS,
    ),
    "webp declaring 16383 × 16383 pixels": (
        lambda: upload(webp_declaring(16383, 16383), "huge.webp", "image/webp"),
        TOO_MANY_PIXELS,
    ),
    # Extreme shapes under the pixel limit.
    "png of 60000 × 1 pixels": (
        lambda: upload(flat_png(60000, 1), "strip.png"),
        side_too_long(60000, 1),
    ),
    "png of 1 × 60000 pixels": (
        lambda: upload(flat_png(1, 60000), "strip.png"),
        side_too_long(1, 60000),
    ),
    # Scripts dressed as images.
    "svg with a script, as svg": (lambda: upload(SVG, "cat.svg", "image/svg+xml"), UNREADABLE),
    "svg with a script, as png": (lambda: upload(SVG, "cat.png", "image/png"), UNREADABLE),
    "html named photo.jpg": (lambda: upload(HTML, "photo.jpg", "image/jpeg"), UNREADABLE),
    "html behind a gif signature": (lambda: upload(b"GIF89a" + HTML, "photo.gif"), UNREADABLE),
    "html behind a png signature": (
        lambda: upload(b"\x89PNG\r\n\x1a\n" + HTML, "photo.png"),
        UNREADABLE,
    ),
    "html behind a jpeg signature": (
        lambda: upload(b"\xff\xd8\xff\xe0" + HTML, "photo.jpg"),
        UNREADABLE,
    ),
    "html behind a webp signature": (
        lambda: upload(b"RIFF\x00\x01\x00\x00WEBPVP8 " + HTML, "photo.webp"),
        UNREADABLE,
    ),
    # A real image in a format members cannot upload.
    "bmp named photo.png": (lambda: upload(pillow_file("BMP"), "photo.png"), NOT_ACCEPTED),
    "tiff named photo.jpg": (lambda: upload(pillow_file("TIFF"), "photo.jpg"), NOT_ACCEPTED),
    # Cut short or corrupt.
    "jpeg cut in half": (
        lambda: upload(first_half(cat_photo().read()), "cut.jpg", "image/jpeg"),
        UNREADABLE,
    ),
    "png cut in its image data": (
        lambda: upload(flat_png(4000, 4000)[:300], "cut.png"),
        UNREADABLE,
    ),
    "png with a broken checksum": (
        lambda: upload(
            flat_png(100, 100)[:29] + b"\x00\x00\x00\x00" + flat_png(100, 100)[33:], "crc.png"
        ),
        UNREADABLE,
    ),
    "gif cut after its header": (
        lambda: upload(gif(10, 10, gif_frame(10, 10))[:19], "cut.gif"),
        UNREADABLE,
    ),
    "webp cut in half": (lambda: upload(first_half(pillow_file("WEBP")), "cut.webp"), UNREADABLE),
    "png whose text chunk inflates to 50 MB": (
        lambda: upload(png_with_inflating_chunk(b"zTXt"), "text.png"),
        UNREADABLE,
    ),
    "png whose colour profile inflates to 50 MB": (
        lambda: upload(png_with_inflating_chunk(b"iCCP"), "profile.png"),
        UNREADABLE,
    ),
}

# Real pictures carrying a payload, or misnamed: accepted, as a WebP of their pixels alone.
ACCEPTED = {
    "gif that is also javascript": lambda: upload(javascript_gif(), "cat.gif", "image/gif"),
    "gif with a script in a comment and after the trailer": lambda: upload(
        gif_polyglot(), "cat.gif", "image/gif"
    ),
    "png with a script in text chunks, xmp and profile, and html after the end": lambda: upload(
        png_polyglot(), "cat.png"
    ),
    "jpeg with a script in comment, exif, xmp and profile, and html after the end": lambda: upload(
        jpeg_polyglot(), "cat.jpg", "image/jpeg"
    ),
    "webp with a script in exif, xmp and profile": lambda: upload(
        webp_polyglot(), "cat.webp", "image/webp"
    ),
    "png named photo.exe": lambda: upload(
        pillow_file("PNG"), "photo.exe", "application/x-msdownload"
    ),
    "png named without an extension": lambda: upload(
        pillow_file("PNG"), "photo", "application/octet-stream"
    ),
    "png named photo.png.html": lambda: upload(pillow_file("PNG"), "photo.png.html", "text/html"),
    "png named ../../settings.php": lambda: upload(
        pillow_file("PNG"), "../../settings.php", "image/png"
    ),
    "jpeg from a camera that adds a second picture (mpo)": lambda: upload(
        multi_picture_jpeg(), "camera.jpg", "image/jpeg"
    ),
    "png of 20000 × 2 pixels, the longest side allowed": lambda: upload(
        flat_png(20000, 2), "wide.png"
    ),
}


# Where members upload.


def media_files(settings) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


class AvatarPage:
    """The avatar form in the member's settings."""

    typed = None

    def __init__(self, uploader, client):
        self.uploader, self.client = uploader, client

    def send(self, file):
        return self.client.post(reverse("accounts:settings-avatar"), {"avatar": file})

    def was_accepted(self, response) -> bool:
        return response.status_code == 302

    def rows(self) -> int:
        self.uploader.refresh_from_db()
        return 1 if self.uploader.avatar else 0

    def stored(self) -> list[str]:
        self.uploader.refresh_from_db()
        return [self.uploader.avatar.name] if self.uploader.avatar else []


class ChatComposer:
    """A photo sent in a conversation (the htmx composer)."""

    typed = TYPED

    def __init__(self, uploader, client, conversation):
        self.uploader, self.client, self.conversation = uploader, client, conversation

    def send(self, file):
        return self.client.post(
            reverse("chat:send", args=[self.conversation.pk]),
            {"body": self.typed, "client_id": str(uuid.uuid4()), "images": [file]},
            headers={"hx-request": "true"},
        )

    def was_accepted(self, response) -> bool:
        return response.status_code == 200 and self.rows() > 0

    def images(self):
        return MessageImage.objects.filter(message__conversation=self.conversation)

    def rows(self) -> int:
        return (
            Message.objects.filter(conversation=self.conversation).count() + self.images().count()
        )

    def stored(self) -> list[str]:
        return [
            name for image in self.images() for name in (image.image.name, image.thumbnail.name)
        ]

    def stored_sizes(self) -> list[tuple[int, int]]:
        return [(image.width, image.height) for image in self.images()]


class ForumReply:
    """A photo in a reply to a forum thread."""

    typed = TYPED

    def __init__(self, uploader, client, thread):
        self.uploader, self.client, self.thread = uploader, client, thread

    def send(self, file):
        return self.client.post(
            reverse("forum:thread-reply", args=[self.thread.pk]),
            {"body": self.typed, "images": [file]},
        )

    def was_accepted(self, response) -> bool:
        return response.status_code == 302

    def images(self):
        return PostImage.objects.filter(post__thread=self.thread)

    def rows(self) -> int:
        replies = self.thread.posts.count() - 1  # after the opening post
        return replies + self.images().count()

    def stored(self) -> list[str]:
        return [
            name for image in self.images() for name in (image.image.name, image.thumbnail.name)
        ]

    def stored_sizes(self) -> list[tuple[int, int]]:
        return [(image.width, image.height) for image in self.images()]


PLACES = ["avatar", "chat photo", "reply photo"]


@pytest.fixture
def place_for(member, other_member, client_for):
    """Where `uploader` (`member` or `other_member`) uploads, by name."""

    def make(name, uploader):
        client = client_for(uploader)
        if name == "avatar":
            return AvatarPage(uploader, client)
        if name == "chat photo":
            forum_services.follow_member(follower=other_member, member=member, follow=True)
            forum_services.follow_member(follower=member, member=other_member, follow=True)
            recipient = other_member if uploader == member else member
            conversation = chat_services.direct_conversation(sender=uploader, recipient=recipient)
            return ChatComposer(uploader, client, conversation)
        return ForumReply(uploader, client, thread_by(member))

    return make


@pytest.fixture(params=PLACES)
def place(request, member, place_for):
    return place_for(request.param, member)


@contextmanager
def measured():
    """Count the blocks of image memory Pillow allocates in the block (pixels decoded or
    canvases set aside). Work, not wall-clock time: a busy machine makes any request slow,
    while a decoded frame or canvas always shows here."""
    usage = SimpleNamespace()
    blocks_before = Image.core.get_stats()["allocated_blocks"]
    yield usage
    usage.pillow_blocks = Image.core.get_stats()["allocated_blocks"] - blocks_before


def assert_refused(place, response, message, settings, files_before):
    page = response.content.decode()
    assert response.status_code == 200, "the form comes back, not an error page"
    assert message in page
    if place.typed:
        assert place.typed in page, "what the member typed is kept"
    assert place.rows() == 0
    assert media_files(settings) == files_before, "no file is written"


def assert_pixels_alone(path: Path):
    content = path.read_bytes()
    assert content[:4] == b"RIFF" and content[8:12] == b"WEBP"
    for mark in PAYLOAD_MARKS:
        assert mark not in content, mark
    with Image.open(path) as stored:
        assert stored.format == "WEBP"
        assert not getattr(stored, "is_animated", False)
        for metadata in ("exif", "xmp", "icc_profile"):
            assert not stored.info.get(metadata), metadata


# Refused.


@pytest.mark.parametrize("case", REFUSED)
def test_a_hostile_file_is_refused_with_a_clear_message_and_nothing_is_stored(
    case, place, settings
):
    make_file, message = REFUSED[case]
    files_before = media_files(settings)
    file = make_file()
    response = place.send(file)
    assert_refused(place, response, message, settings, files_before)


BOMBS = [
    "png of 30000 × 30000 pixels",
    "gif with a 65535 × 65535 screen",
    "gif whose first frame grows the canvas to 13000 × 13000 and is disposed",
    "jpeg declaring 65500 × 65500 pixels",
    "webp declaring 16383 × 16383 pixels",
    "png of 7000 × 5000 pixels",
    "png of 60000 × 1 pixels",
    "png of 1 × 60000 pixels",
]


@pytest.mark.parametrize("case", BOMBS)
def test_a_decompression_bomb_is_refused_from_its_header_without_decoding_a_pixel(
    case, member, place_for, settings
):
    make_file, message = REFUSED[case]
    file = make_file()
    assert file.size < 200_000
    place = place_for("avatar", member)
    files_before = media_files(settings)
    place.send(upload(b"warm-up", "warm.png"))  # templates and translations loaded once

    with measured() as usage:
        response = place.send(file)

    assert_refused(place, response, message, settings, files_before)
    assert usage.pillow_blocks == 0, "not one pixel decoded, no canvas set aside"


def resident_memory(field: str) -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1)) * 1024


@pytest.mark.skipif(
    not os.access("/proc/self/clear_refs", os.W_OK),
    reason="resetting the peak resident memory needs Linux's /proc/self/clear_refs",
)
@pytest.mark.parametrize("case", BOMBS)
def test_a_decompression_bomb_leaves_peak_memory_where_it_was(case, member, place_for):
    make_file, _message = REFUSED[case]
    file = make_file()
    place = place_for("chat photo", member)
    place.send(upload(b"warm-up", "warm.png"))

    Path("/proc/self/clear_refs").write_text("5")  # peak := current
    before = resident_memory("VmRSS")
    response = place.send(file)
    peak_growth = resident_memory("VmHWM") - before

    assert response.status_code == 200
    assert peak_growth < 16 * MB, f"peak resident memory rose {peak_growth // MB} MB"


def test_a_chinese_member_reads_why_in_chinese_and_keeps_their_text(other_member, place_for):
    reply = place_for("reply photo", other_member)
    refused = reply.send(upload(flat_png(7000, 5000), "flat.png"))
    page = refused.content.decode()
    assert "这张图片是 7000 × 5000 像素，图片最多只能有 25 百万像素。" in page
    assert TYPED in page
    assert reply.rows() == 0

    avatar = place_for("avatar", other_member)
    refused = avatar.send(upload(SVG, "cat.png"))
    assert (
        "无法读取这个文件，请选择 JPEG、PNG、GIF 或 WebP 格式的图片。" in refused.content.decode()
    )
    assert avatar.rows() == 0


def test_a_refusal_proves_its_reason_the_same_form_accepts_a_photo(place):
    refused = place.send(upload(SVG, "cat.png"))
    assert not place.was_accepted(refused)
    accepted = place.send(cat_photo())
    assert place.was_accepted(accepted)


# Accepted, and neutralized.


@pytest.mark.parametrize("case", ACCEPTED)
def test_a_real_picture_is_kept_as_a_webp_of_its_pixels_alone_under_our_own_name(
    case, place, settings
):
    file = ACCEPTED[case]()
    uploaded_name = file.name
    response = place.send(file)

    assert place.was_accepted(response), response.content.decode()[:2000]
    stored = place.stored()
    assert stored
    uploaded = Path(uploaded_name)
    for name in stored:
        assert name.endswith(".webp")
        assert uploaded.name.split(".")[0] not in Path(name).name
        for suffix in set(uploaded.suffixes) - {".webp"}:
            assert suffix not in name
        assert_pixels_alone(Path(settings.MEDIA_ROOT) / name)


def test_a_gif_of_2000_frames_is_read_from_its_first_frame_only(member, place_for, settings):
    # Decoding every frame takes Pillow about 8 ms each (15 s in all); the first alone, 4 ms.
    file = upload(animated_gif(2000), "many.gif", "image/gif")
    assert file.size < settings.MAX_UPLOAD_BYTES
    place = place_for("chat photo", member)

    with measured() as usage:
        response = place.send(file)

    assert place.was_accepted(response)
    assert usage.pillow_blocks < 20  # one frame, the WebPs, and thumbnails: not 2000 frames
    assert place.stored_sizes() == [(1000, 1000)]
    for name in place.stored():
        assert_pixels_alone(Path(settings.MEDIA_ROOT) / name)


def test_an_animated_png_declaring_two_billion_frames_is_read_from_its_first(
    member, place_for, settings
):
    apng = apng_declaring_frames(2**31 - 1)
    with Image.open(io.BytesIO(apng)) as declared:
        assert declared.n_frames == 2**31 - 1
    place = place_for("reply photo", member)
    with measured() as usage:
        response = place.send(upload(apng, "many.png"))
    assert place.was_accepted(response)
    assert usage.pillow_blocks < 20  # its first frame, the WebPs and thumbnails
    for name in place.stored():
        assert_pixels_alone(Path(settings.MEDIA_ROOT) / name)


def test_a_photo_with_a_damaged_exif_block_is_accepted_and_turned_upright(
    member, place_for, settings
):
    place = place_for("reply photo", member)
    response = place.send(upload(jpeg_with_damaged_exif(), "turned.jpg", "image/jpeg"))
    assert place.was_accepted(response)
    assert place.stored_sizes() == [(48, 64)]  # 64 × 48 as stored, 48 × 64 as held
    with Image.open(Path(settings.MEDIA_ROOT) / place.stored()[0]) as stored:
        pixels = stored.convert("RGB")
        top, bottom = pixels.getpixel((24, 2)), pixels.getpixel((24, 61))
    assert top[2] > 150 and bottom[0] > 150  # the blue half, turned clockwise, is on top
