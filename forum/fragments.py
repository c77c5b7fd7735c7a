"""A thread page's posts, rendered once and kept in the cache for every reader who would see
the same HTML.

Most of a thread page's time went to the template of its twenty posts (about 1 ms each: the
byline, the region tag, the translation form, the tools and menus). A post's HTML depends on
the post and its author; on the reader only through a few answers (their language and time
zone, whether they wrote the post, may moderate or reply, read side by side, blocked the
author, whether the post is in their language); and on the clock only through "3 minutes
ago". Every one of those is part of the key, so a kept fragment cannot be stale: any change
makes a new key, and the old one ages out of the cache.

Two parts are each reader's own and are put back on every view: the CSRF token (rendered as
a placeholder) and the reactions (rendered live in their slot: the counts, and which ones are
the reader's).
"""

import hashlib
from collections.abc import Iterable

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.cache import cache
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from forum.models import Post
from translation.selectors import offer_for

POST_TEMPLATE = "forum/_post.html"
REACTIONS_TEMPLATE = "forum/_reactions.html"
# Keys change with everything a fragment shows; the expiry only bounds the cache's size.
FRAGMENT_SECONDS = 24 * 3600
CSRF_PLACEHOLDER = "@@post-csrf-token@@"
REACTIONS_SLOT = "@@post-reactions@@"
# The templates a post's HTML comes from: a release that changes one makes new keys.
_SOURCES = (
    POST_TEMPLATE,
    "partials/avatar.html",
    "partials/region_tag.html",
    "translation/_translation.html",
    "translation/_translate_button.html",
)
_templates_digest: str | None = None


def _templates_version() -> str:
    global _templates_digest
    if _templates_digest is None:
        sources = "\0".join(get_template(name).template.source for name in _SOURCES)
        _templates_digest = hashlib.sha256(sources.encode()).hexdigest()[:12]
    return _templates_digest


def _fragment_key(post: Post, context: Context) -> str:
    reader = context["user"]
    author = post.author
    images = [
        (image.pk, image.image.name, image.thumbnail.name, image.thumbnail_width)
        for image in post.images.all()  # prefetched with the page
    ]
    parts = (
        _templates_version(),
        get_language(),
        timezone.get_current_timezone_name(),
        # the post
        post.pk,
        post.thread_id,
        post.number,
        hashlib.sha256(post.body_html.encode()).hexdigest(),
        post.language,
        post.language_is_mixed,
        post.region_code,
        post.created_at.isoformat(),
        naturaltime(post.created_at),
        post.edited_at,
        post.deleted_at,
        post.deleted_by_moderators,
        post.hidden_at,
        post.hidden_reason,
        post.held_at,
        images,
        # its author
        author.pk,
        author.username,
        author.display_name,
        author.avatar.name if author.avatar else "",
        # the reader's answers
        reader.is_authenticated,
        reader.is_authenticated and reader.pk == post.author_id,
        reader.is_staff,
        bool(context.get("can_moderate")),
        bool(context.get("can_reply")),
        bool(context.get("side_by_side")),
        post.author_id in context.get("blocked", ()),
        offer_for(reader, post.language, post.language_is_mixed) if reader.is_authenticated else "",
    )
    return "post-html:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def render_posts(context: Context, posts: Iterable[Post]) -> SafeString:
    """Each post as a list item, from the cache where it can be (one round trip for all)."""
    posts = list(posts)
    keys = {post.pk: _fragment_key(post, context) for post in posts}
    kept = cache.get_many(list(keys.values()))
    post_template = get_template(POST_TEMPLATE).template
    reactions_template = get_template(REACTIONS_TEMPLATE).template
    token = str(context.get("csrf_token", ""))
    rendered, new = [], {}
    for post in posts:
        html = kept.get(keys[post.pk])
        if html is None:
            slot = mark_safe(REACTIONS_SLOT)  # noqa: S308 (a constant of ours)
            with context.push(post=post, csrf_token=CSRF_PLACEHOLDER, reactions_slot=slot):
                html = post_template.render(context)
            new[keys[post.pk]] = html
        if REACTIONS_SLOT in html:
            with context.push(
                post=post,
                reactions=post.reaction_summaries,
                can_react=context["user"].is_authenticated,
            ):
                reactions = reactions_template.render(context)
            html = html.replace(REACTIONS_SLOT, reactions)
        # Template output (escaped as it was rendered) with a token of letters and digits.
        rendered.append(mark_safe(html.replace(CSRF_PLACEHOLDER, token)))  # noqa: S308
    if new:
        cache.set_many(new, FRAGMENT_SECONDS)
    return format_html_join("\n", "<li>{}</li>", ((html,) for html in rendered))
