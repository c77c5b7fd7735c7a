"""The forum's pages, one module per concern. No module is named like a view it holds, which
the star imports below would hide."""

from forum.views.bookmarks import *  # noqa: F403
from forum.views.feeds import *  # noqa: F403
from forum.views.following import *  # noqa: F403
from forum.views.newcomers import *  # noqa: F403
from forum.views.notifying import *  # noqa: F403
from forum.views.posts import *  # noqa: F403
from forum.views.reactions import *  # noqa: F403
from forum.views.searching import *  # noqa: F403
from forum.views.threads import *  # noqa: F403
from forum.views.translations import *  # noqa: F403
