"""Introductions: a member's guided first thread about themselves, posted or updated."""

from collections.abc import Iterable, Sequence

from django.db import transaction

from accounts import services as account_services
from accounts.models import Interest, Member
from core.images import save_images
from forum import permissions, signals
from forum.models import Category, Introduction, PostImage
from forum.services.edits import edit_post
from forum.services.rendering import (
    MAX_IMAGES_PER_POST,
    _prepare_post_images,
    introduction_search_text,
    render_post,
)
from forum.services.threads import _create_thread

# Between the introduction's parts while the content rules read them as one text (a control
# character nobody types, and one the form's text never holds: see post_introduction).
_PART_SEPARATOR = "\n\n\x1e\n\n"


def post_introduction(
    *,
    member: Member,
    title: str,
    who_i_am: str,
    where_from: str,
    hope_to_learn: str,
    languages_spoken: list[str],
    languages_learning: list[str],
    interests: Iterable[Interest],
    photos: Sequence = (),
    region_code: str,
) -> Introduction:
    """Post the member's introduction, or update the live one (a member has only one).

    The opening post holds the member's own words about themselves; where they are from and
    what they hope to learn are the introduction's own fields, shown under the post with
    labels in each reader's language (and translated without them)."""
    permissions.check_can_start_thread(member)
    who_i_am, where_from, hope_to_learn = [
        part.replace("\x1e", "").strip() for part in (who_i_am, where_from, hope_to_learn)
    ]
    prepared = _prepare_post_images(photos)  # all photos checked before anything is written
    with transaction.atomic():
        account_services.update_profile(
            member=member,
            display_name=member.display_name,
            bio=member.bio,
            languages_spoken=languages_spoken,
            languages_learning=languages_learning,
            interests=interests,
        )
        introduction = Introduction.objects.filter(member=member).select_related("thread").first()
        if introduction is None:
            # The guided form invites up to nine photos of oneself: the new-member photo
            # limit is for other posts. (Changing it later goes through edit_post's checks.)
            # The rules read every answer (a watched word, a new member's links).
            verdict = signals.check_post(
                member,
                title=title,
                body=_PART_SEPARATOR.join([who_i_am, where_from, hope_to_learn]),
                image_count=0,
                is_thread=True,
            )
            who_i_am, where_from, hope_to_learn = verdict.body.split(_PART_SEPARATOR)
            thread = _create_thread(
                author=member,
                category=Category.objects.get(is_introductions=True),
                title=verdict.title,
                body=who_i_am,
                rendered=render_post(who_i_am),
                region_code=region_code,
                prepared_images=prepared,
                hold_reason=verdict.hold_reason,
                search_text=introduction_search_text(
                    who_i_am=who_i_am, where_from=where_from, hope_to_learn=hope_to_learn
                ),
            )
            return Introduction.objects.create(
                member=member,
                thread=thread,
                who_i_am=who_i_am,
                where_from=where_from,
                hope_to_learn=hope_to_learn,
            )
        introduction.who_i_am = who_i_am
        introduction.where_from = signals.check_edit(where_from)
        introduction.hope_to_learn = signals.check_edit(hope_to_learn)
        introduction.save(update_fields=["who_i_am", "where_from", "hope_to_learn"])
        opening = introduction.thread.posts.get(number=1)
        edit_post(editor=member, post=opening, body=who_i_am, title=title, answers_changed=True)
        if prepared:
            existing = opening.images.count()
            room = max(0, MAX_IMAGES_PER_POST - existing)
            save_images(PostImage, opening, prepared[:room], start=existing)
    return introduction
