"""Writes in moderation: reports, and every moderator action with its audit row.

`reports` files reports; each action (`cases`, `posts`, `threads`, `members`) checks its
permission, changes the target and, through `audit`, writes one `AuditEntry`, decides the open
case and tells the member, in one transaction; `roles` appoints category moderators.
"""

from moderation.services.audit import *  # noqa: F403
from moderation.services.cases import *  # noqa: F403
from moderation.services.members import *  # noqa: F403
from moderation.services.posts import *  # noqa: F403
from moderation.services.reports import *  # noqa: F403
from moderation.services.roles import *  # noqa: F403
from moderation.services.threads import *  # noqa: F403
