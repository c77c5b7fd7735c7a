"""Writes in the forum, one submodule per concern. Callers use this package:
`from forum import services`."""

from forum.services.bookmarks import *  # noqa: F403
from forum.services.edits import *  # noqa: F403
from forum.services.emails import *  # noqa: F403
from forum.services.follows import *  # noqa: F403
from forum.services.introductions import *  # noqa: F403
from forum.services.notifications import *  # noqa: F403
from forum.services.push import *  # noqa: F403
from forum.services.reactions import *  # noqa: F403
from forum.services.rendering import *  # noqa: F403
from forum.services.threads import *  # noqa: F403
from forum.services.welcomes import *  # noqa: F403
