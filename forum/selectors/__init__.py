"""Reads for forum pages. Each runs a fixed number of queries, however long the page: lists of
threads (threads), a thread's page (reading), introductions, notifications, follows and search
results, each in its own module; other apps and the forum's views use them through this one
name, `forum.selectors`."""

from forum.selectors.follows import *  # noqa: F403
from forum.selectors.introductions import *  # noqa: F403
from forum.selectors.notifications import *  # noqa: F403
from forum.selectors.reading import *  # noqa: F403
from forum.selectors.search_results import *  # noqa: F403
from forum.selectors.threads import *  # noqa: F403
