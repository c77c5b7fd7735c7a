"""Reads for forum pages, one module per concern, each a fixed number of queries however long
the page. Callers use this package: `from forum import selectors`."""

from forum.selectors.bookmarks import *  # noqa: F403
from forum.selectors.follows import *  # noqa: F403
from forum.selectors.introductions import *  # noqa: F403
from forum.selectors.notifications import *  # noqa: F403
from forum.selectors.reading import *  # noqa: F403
from forum.selectors.search_results import *  # noqa: F403
from forum.selectors.threads import *  # noqa: F403
