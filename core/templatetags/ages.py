"""How long ago something happened, in one style across the site.

Django's humanize `naturaltime` mixes two styles: its own under a day ("43秒之前") and
`timesince`'s two-unit phrases after ("2 日，4 小时前", "2 days, 4 hours ago"). Here, as in the
social apps members compare us with, every age is one unit ("4 hours ago", "2天前"). The
strings are our own, so `makemessages` keeps them (entries overriding Django's humanize
catalog would be dropped as obsolete).
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.html import avoid_wrapping
from django.utils.translation import gettext, ngettext_lazy

register = template.Library()

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
# timesince's own lengths: a month is 30 days, a year 365, so no calendar is read.
MONTH = 30 * DAY
YEAR = 365 * DAY

# Largest unit first; each message takes its plural form from "count".
UNITS = [
    # Translators: how long ago something happened, in whole years ("2年前").
    (YEAR, ngettext_lazy("%(count)s year ago", "%(count)s years ago", "count")),
    # Translators: how long ago something happened, in whole months ("3个月前").
    (MONTH, ngettext_lazy("%(count)s month ago", "%(count)s months ago", "count")),
    # Translators: how long ago something happened, in whole days ("2天前").
    (DAY, ngettext_lazy("%(count)s day ago", "%(count)s days ago", "count")),
    # Translators: how long ago something happened, in whole hours ("4小时前").
    (HOUR, ngettext_lazy("%(count)s hour ago", "%(count)s hours ago", "count")),
    # Translators: how long ago something happened, in whole minutes ("5分钟前").
    (MINUTE, ngettext_lazy("%(count)s minute ago", "%(count)s minutes ago", "count")),
    # Translators: how long ago something happened, in whole seconds ("43秒前").
    (1, ngettext_lazy("%(count)s second ago", "%(count)s seconds ago", "count")),
]


def age(when: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """How long before `now` `when` was, in the largest whole unit ("2 days ago")."""
    now = now or timezone.now()
    if timezone.is_aware(now) and not timezone.is_aware(when):
        when = timezone.make_aware(when)
    seconds = int((now - when).total_seconds())
    if seconds < 1:  # a clock a little ahead of ours says "just now", not "in 2 seconds"
        return gettext("just now")
    length, text = next((length, text) for length, text in UNITS if seconds >= length)
    return avoid_wrapping(text % {"count": seconds // length})


@register.filter
def ago(when) -> str:
    """`{{ post.created_at|ago }}`: "2 days ago" / "2天前" (empty for no time)."""
    if not isinstance(when, datetime.datetime):
        return ""
    return age(when)
