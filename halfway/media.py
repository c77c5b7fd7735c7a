"""Who may read an uploaded file, asked of the app that owns its folder.

Every file is served by halfway.views.media after this check, from the local folder or the
bucket alike (core/storage.py). A name is served only when a row names it exactly and its
app says the reader may see it: an old name, a detour in the path or a file no row names is
missing, whoever asks.
"""

from collections.abc import Callable

from django.core.files.storage import default_storage
from django.http import Http404

from accounts import permissions as accounts_permissions
from chat import permissions as chat_permissions
from chat.models import MessageImage
from forum import permissions as forum_permissions
from forum.models import PostImage

# Folder → (may this member read this name, may shared caches keep the file). Post photos are
# kept by the reader's browser only: a post can be hidden after a proxy kept its photo.
READERS: dict[str, tuple[Callable[[object, str], bool], bool]] = {
    "avatars": (accounts_permissions.can_see_avatar, True),
    PostImage.photo_folder: (forum_permissions.can_see_photo, False),
    MessageImage.photo_folder: (chat_permissions.can_see_photo, False),
}


def check_can_read(member, name: str) -> bool:
    """Return whether shared caches may keep the file; raise Http404 when `member` may not
    read it (a missing file and a forbidden one look the same)."""
    folder = name.split("/", 1)[0]
    if folder not in READERS or "\x00" in name:  # PostgreSQL text cannot hold a NUL
        raise Http404
    may_read, public = READERS[folder]
    if not may_read(member, name):
        raise Http404
    return public


def open_file(name: str):
    """Open a stored file for reading, or raise Http404 when the storage does not have it."""
    try:
        return default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404 from None
