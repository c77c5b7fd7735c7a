"""A post's text made ready: HTML, language, mentions, photo sizes, what search finds."""

from dataclasses import dataclass

from django.db.models import Q

from accounts.models import Member
from core.images import prepare_images
from core.markup import render_markdown
from forum.mentions import link_mentions, mentioned_usernames
from translation.detection import detect_language

IMAGE_SIDE = 1600
THUMBNAIL_SIDE = 480
MAX_IMAGES_PER_POST = 9


@dataclass(frozen=True)
class RenderedPost:
    html: str
    language: str
    language_is_mixed: bool
    mentioned: list[Member]


def render_post(body: str) -> RenderedPost:
    """Markdown to sanitized HTML with @mentions linked; the language detected once, here."""
    names = mentioned_usernames(body)
    mentioned = []
    if names:
        matching = Q()
        for name in names:
            matching |= Q(username__iexact=name)
        mentioned = list(Member.objects.filter(matching, is_active=True))
    html = render_markdown(link_mentions(body, {m.username.lower(): m.username for m in mentioned}))
    detected = detect_language(body)
    return RenderedPost(
        html=html, language=detected.code, language_is_mixed=detected.is_mixed, mentioned=mentioned
    )


def _prepare_post_images(uploads) -> list[tuple]:
    return prepare_images(
        uploads, max_count=MAX_IMAGES_PER_POST, side=IMAGE_SIDE, thumbnail_side=THUMBNAIL_SIDE
    )


def introduction_search_text(*, who_i_am: str, where_from: str, hope_to_learn: str) -> str:
    """What search finds an introduction's opening post by: all three answers, no labels."""
    return "\n".join(part for part in (who_i_am, where_from, hope_to_learn) if part)
