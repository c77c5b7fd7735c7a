"""Writes in the forum: threads, replies, edits, reactions, follows, introductions, welcomes."""

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from accounts import services as account_services
from accounts.models import Interest, Member
from chat.selectors import blockers_of
from core import caching, realtime
from core.images import prepare_images, save_images
from core.markup import render_markdown
from forum import permissions, search, selectors, signals
from forum.mentions import link_mentions, mentioned_usernames
from forum.models import (
    Category,
    Introduction,
    Notification,
    Post,
    PostImage,
    PostRevision,
    Reaction,
    Thread,
    ThreadFollow,
    Welcome,
)
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
        html=html,
        language=detected.code,
        language_is_mixed=detected.is_mixed,
        mentioned=mentioned,
    )


def _prepare_post_images(uploads) -> list[tuple]:
    return prepare_images(
        uploads, max_count=MAX_IMAGES_PER_POST, side=IMAGE_SIDE, thumbnail_side=THUMBNAIL_SIDE
    )


def notify(
    *,
    recipients: Iterable[Member],
    kind: str,
    actor: Member,
    post: Post | None = None,
    reaction_kind: str = "",
    url: str = "",
    action: str = "",
    note: str = "",
) -> None:
    """Notify members (never the actor of their own doing); their open pages' bells update."""
    rows = [
        Notification(
            recipient=recipient,
            kind=kind,
            actor=actor,
            post=post,
            reaction_kind=reaction_kind,
            url=url,
            action=action,
            note=note[:500],
        )
        for recipient in recipients
        if recipient.pk != actor.pk
    ]
    if rows:
        Notification.objects.bulk_create(rows)
        recipient_ids = [row.recipient_id for row in rows]
        caching.changed_for_members(selectors.UNREAD_NOTIFICATIONS, recipient_ids)
        realtime.publish_on_commit("notifications.changed", to=recipient_ids)


def announce_post(post: Post) -> None:
    """What a held post did not do when it was written, done on approval: count the reply
    and send the notifications."""
    if not post.is_opening:
        _count_reply(post, at=timezone.now())  # approved now: the thread moves up now
    _notify_about_post(post, render_post(post.body))


def _notify_about_post(post: Post, rendered: RenderedPost) -> None:
    """Tell the thread's author, the quoted author and the mentioned members, once each."""
    notified: set[int] = {post.author_id}
    if post.quoted_post is not None and post.quoted_post.author_id not in notified:
        notify(recipients=[post.quoted_post.author], kind="quote", actor=post.author, post=post)
        notified.add(post.quoted_post.author_id)
    # A member who blocked the author is not reached by their @mention.
    blockers = blockers_of(post.author_id, [member.pk for member in rendered.mentioned])
    mentioned = [
        member
        for member in rendered.mentioned
        if member.pk not in notified and member.pk not in blockers
    ]
    notify(recipients=mentioned, kind="mention", actor=post.author, post=post)
    notified |= {member.pk for member in mentioned}
    thread_author = post.thread.author
    if post.number > 1 and thread_author.pk not in notified:
        notify(recipients=[thread_author], kind="reply", actor=post.author, post=post)


def start_thread(
    *,
    author: Member,
    category: Category,
    title: str,
    body: str,
    region_code: str,
    images: Sequence = (),
    client_id: uuid.UUID | None = None,
) -> Thread:
    """Start a thread: its opening post carries the body, the region tag and the language.

    A new member's link or a held watched word makes it wait for a moderator's approval.
    The same form sent again (same `client_id`) returns the thread it made the first time.
    """
    if sent_before := _post_sent_before(author, client_id):
        return sent_before.thread
    permissions.check_can_start_thread(author)
    verdict = signals.check_post(
        author, title=title, body=body, image_count=len(images), is_thread=True
    )
    rendered = render_post(verdict.body)
    prepared = prepare_images(
        images, max_count=MAX_IMAGES_PER_POST, side=IMAGE_SIDE, thumbnail_side=THUMBNAIL_SIDE
    )  # outside the transaction, which stays short
    try:
        return _create_thread(
            author=author,
            category=category,
            title=verdict.title,
            body=verdict.body,
            rendered=rendered,
            region_code=region_code,
            prepared_images=prepared,
            hold_reason=verdict.hold_reason,
            client_id=client_id,
        )
    except IntegrityError:
        # The same form, sent twice at once: the other request made the thread.
        if sent_before := _post_sent_before(author, client_id):
            return sent_before.thread
        raise


def _post_sent_before(author: Member, client_id: uuid.UUID | None) -> Post | None:
    """The post this member already made from the same form, if any."""
    if client_id is None:
        return None
    return Post.objects.select_related("thread").filter(author=author, client_id=client_id).first()


def _create_thread(
    *,
    author: Member,
    category: Category,
    title: str,
    body: str,
    rendered: RenderedPost,
    region_code: str,
    prepared_images: list[tuple],
    hold_reason: str = "",
    client_id: uuid.UUID | None = None,
    search_text: str | None = None,
) -> Thread:
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            category=category,
            author=author,
            title=title.strip(),
            last_posted_at=now,
            last_poster=author,
            language=rendered.language,
            held_at=now if hold_reason else None,
        )
        post = Post.objects.create(
            thread=thread,
            author=author,
            number=1,
            body=body,
            body_html=rendered.html,
            search_document=search.search_document(
                thread.title, body if search_text is None else search_text
            ),
            language=rendered.language,
            language_is_mixed=rendered.language_is_mixed,
            region_code=region_code,
            held_at=now if hold_reason else None,
            held_reason=hold_reason,
            client_id=client_id,
        )
        save_images(PostImage, post, prepared_images)
        ThreadFollow.objects.create(member=author, thread=thread)
        follows_changed([author.pk])
        if not hold_reason:  # nobody is sent to a post they cannot see yet
            _notify_about_post(post, rendered)
        caching.changed(caching.POSTS, caching.thread(thread.pk))
    return thread


def add_reply(
    *,
    author: Member,
    thread: Thread,
    body: str,
    region_code: str,
    quoted_post: Post | None = None,
    images: Sequence = (),
    client_id: uuid.UUID | None = None,
) -> Post:
    """Add a reply and tell the people it concerns once it is committed.

    The same form sent again (same `client_id`) returns the reply it made the first time."""
    if sent_before := _post_sent_before(author, client_id):
        return sent_before
    permissions.check_can_reply(author, thread)
    if quoted_post is not None and quoted_post.thread_id != thread.pk:
        quoted_post = None
    if quoted_post is not None:
        permissions.check_can_quote(author, quoted_post)
    verdict = signals.check_post(author, body=body, image_count=len(images), is_thread=False)
    return _write_reply(
        author=author,
        thread=thread,
        verdict=verdict,
        region_code=region_code,
        quoted_post=quoted_post,
        images=images,
        client_id=client_id,
    )


def _write_reply(
    *,
    author: Member,
    thread: Thread,
    verdict: signals.Verdict,
    region_code: str,
    quoted_post: Post | None = None,
    images: Sequence = (),
    client_id: uuid.UUID | None = None,
) -> Post:
    """Write a reply its caller has checked (permission, content rules)."""
    body = verdict.body
    rendered = render_post(body)
    prepared = prepare_images(
        images, max_count=MAX_IMAGES_PER_POST, side=IMAGE_SIDE, thumbnail_side=THUMBNAIL_SIDE
    )
    with transaction.atomic():
        # Locking the thread row serialises numbering among concurrent replies.
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        # Checked again under the lock: the same form sent twice at once waits here, then
        # finds the reply the first request made.
        if sent_before := _post_sent_before(author, client_id):
            return sent_before
        number = (locked.posts.aggregate(highest=Max("number"))["highest"] or 0) + 1
        post = Post.objects.create(
            thread=locked,
            author=author,
            number=number,
            body=body,
            body_html=rendered.html,
            search_document=search.search_document("", body),
            language=rendered.language,
            language_is_mixed=rendered.language_is_mixed,
            region_code=region_code,
            quoted_post=quoted_post,
            held_at=timezone.now() if verdict.is_held else None,
            held_reason=verdict.hold_reason,
            client_id=client_id,
        )
        save_images(PostImage, post, prepared)
        post.thread = locked
        if not verdict.is_held:
            # A held reply counts (and notifies) once approved: nobody is sent to, or told
            # of, a post they cannot see yet.
            _count_reply(post)
            _notify_about_post(post, rendered)
        caching.changed(caching.POSTS, caching.thread(post.thread_id))
    return post


def _count_reply(post: Post, at=None) -> None:
    """One more reply in the thread, which moves up the feeds."""
    Thread.objects.filter(pk=post.thread_id).update(
        reply_count=F("reply_count") + 1,
        last_posted_at=at or post.created_at,
        last_poster=post.author_id,
    )


def edit_post(
    *,
    editor: Member,
    post: Post,
    body: str,
    title: str | None = None,
    reason: str = "",
    answers_changed: bool = False,
) -> Post:
    """Change a post's text, keeping what it said before. The region tag never changes.

    A moderator's edit carries its `reason` into the history (moderation.services asks for it).
    An introduction's opening post is its "who I am": the introduction keeps the same words.
    `answers_changed`: post_introduction changed the introduction's other answers, which
    search finds the post by, so the post is saved even if its own text is the same.
    """
    permissions.check_can_edit_post(editor, post, reason)
    body = signals.check_edit(body)
    if title is not None:
        title = signals.check_edit(title)
    thread = post.thread
    title_changes = post.is_opening and title is not None and title.strip() != thread.title
    if body == post.body and not title_changes and not answers_changed:
        return post
    introduction = (
        Introduction.objects.filter(thread_id=post.thread_id).first() if post.is_opening else None
    )
    search_text = body
    if introduction is not None:
        search_text = introduction_search_text(
            who_i_am=body,
            where_from=introduction.where_from,
            hope_to_learn=introduction.hope_to_learn,
        )
    if body == post.body and not title_changes:
        # Only the introduction's other answers changed: the post's text has no new version.
        Post.objects.filter(pk=post.pk).update(
            search_document=search.search_document(thread.title, search_text)
        )
        caching.changed(caching.POSTS, caching.thread(post.thread_id), caching.post(post.pk))
        return post
    rendered = render_post(body)
    with transaction.atomic():
        PostRevision.objects.create(
            post=post,
            title=thread.title if post.is_opening else "",
            body=post.body,
            body_html=post.body_html,
            written_at=post.edited_at or post.created_at,
            editor=editor,
            reason=reason,
        )
        if post.is_opening:
            thread.language = rendered.language
            if title_changes:
                thread.title = title.strip()
            thread.save(update_fields=["language", "title"])
        post.body = body
        post.body_html = rendered.html
        post.language = rendered.language
        post.language_is_mixed = rendered.language_is_mixed
        post.search_document = search.search_document(
            thread.title if post.is_opening else "", search_text
        )
        if introduction is not None and introduction.who_i_am != body:
            Introduction.objects.filter(pk=introduction.pk).update(who_i_am=body)
        post.edited_at = timezone.now()
        post.save(
            update_fields=[
                "body",
                "body_html",
                "language",
                "language_is_mixed",
                "search_document",
                "edited_at",
            ]
        )
        caching.changed(caching.POSTS, caching.thread(post.thread_id), caching.post(post.pk))
    return post


def delete_post(*, author: Member, post: Post) -> Post:
    """Soft-delete a post (the opening post takes its thread with it). Nothing is erased."""
    permissions.check_can_delete_post(author, post)
    return soft_delete_post(post=post, by_moderators=False)


def soft_delete_post(*, post: Post, by_moderators: bool) -> Post:
    """The deletion itself, for the author (above) and for moderation.services, which checks
    its own permission and writes the audit log."""
    now = timezone.now()
    with transaction.atomic():
        Post.objects.filter(pk=post.pk, deleted_at__isnull=True).update(
            deleted_at=now, deleted_by_moderators=by_moderators
        )
        post.deleted_at = now
        post.deleted_by_moderators = by_moderators
        if post.is_opening:
            Thread.objects.filter(pk=post.thread_id).update(deleted_at=now)
            Introduction.objects.filter(thread_id=post.thread_id).delete()
        caching.changed(caching.POSTS, caching.thread(post.thread_id), caching.post(post.pk))
    return post


def toggle_reaction(*, member: Member, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back if it was there. Returns whether it is now on."""
    permissions.check_can_react(member, post)
    if kind not in Reaction.Kind.values:
        raise ValueError(kind)
    with transaction.atomic():
        deleted, _counts = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
        if deleted:
            _reactions_changed(member, post)
            return False
        signals.check_reaction(member)  # only adding counts; taking back is free
        try:
            with transaction.atomic():
                Reaction.objects.create(post=post, member=member, kind=kind)
        except IntegrityError:  # a double click raced us: it is on either way
            return True
        _reactions_changed(member, post)
        notify(
            recipients=[post.author],
            kind="reaction",
            actor=member,
            post=post,
            reaction_kind=kind,
        )
    return True


def _reactions_changed(member: Member, post: Post) -> None:
    """The post's counts, the member's reactions in its thread, and its thread's page."""
    caching.changed(
        caching.thread(post.thread_id),
        caching.post(post.pk),
        caching.member_version(selectors.my_reactions_name(post.thread_id), member.pk),
    )


def categories_changed() -> None:
    """A category's names are on every list of threads and every row (an admin's edit)."""
    caching.changed(caching.POSTS, caching.MEMBERS)


def follows_changed(member_ids: Iterable[int]) -> None:
    """The members' follows (selectors.follows_of)."""
    caching.changed_for_members(selectors.FOLLOWS, member_ids)


def follow_thread(*, member: Member, thread: Thread, follow: bool) -> None:
    permissions.check_can_follow_thread(member, thread)
    if follow:
        ThreadFollow.objects.get_or_create(member=member, thread=thread)
    else:
        ThreadFollow.objects.filter(member=member, thread=thread).delete()
    follows_changed([member.pk])


def follow_member(*, follower: Member, member: Member, follow: bool) -> None:
    permissions.check_can_follow_member(follower, member)
    with transaction.atomic():
        follows_changed([follower.pk])
        if account_services.set_follow(follower=follower, member=member, follow=follow):
            notify(recipients=[member], kind="follow", actor=follower)


def end_follow_on_block(*, blocker: Member, blocked: Member) -> None:
    """A blocked member no longer follows the blocker (nor may again: permissions)."""
    account_services.set_follow(follower=blocked, member=blocker, follow=False)
    follows_changed([blocked.pk])


def mark_notifications_read(
    *, member: Member, notification_ids: Iterable[int] | None = None
) -> int:
    """Mark some (or all) of a member's unread notifications read; return how many changed."""
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    changed = unread.update(read_at=timezone.now())
    if changed:
        caching.changed_for_members(selectors.UNREAD_NOTIFICATIONS, [member.pk])
        realtime.publish_on_commit("notifications.changed", to=[member.pk])
    return changed


def notify_of_message_request(*, recipient: Member, sender: Member) -> None:
    """Tell a member that a first message from someone they don't follow waits in Requests."""
    notify(
        recipients=[recipient],
        kind=Notification.Kind.MESSAGE_REQUEST,
        actor=sender,
        url=reverse("chat:requests"),
    )


def mark_message_request_read(*, recipient: Member, sender: Member) -> None:
    """The member decided on the sender's request: its notification has nothing left to say."""
    unread = Notification.objects.filter(
        recipient=recipient,
        actor=sender,
        kind=Notification.Kind.MESSAGE_REQUEST,
        read_at__isnull=True,
    )
    if unread.update(read_at=timezone.now()):
        caching.changed_for_members(selectors.UNREAD_NOTIFICATIONS, [recipient.pk])
        realtime.publish_on_commit("notifications.changed", to=[recipient.pk])


# Between the introduction's parts while the content rules read them as one text (a control
# character nobody types, and one the form's text never holds: see _introduction_parts).
_PART_SEPARATOR = "\n\n\x1e\n\n"


def _introduction_parts(who_i_am: str, where_from: str, hope_to_learn: str) -> list[str]:
    return [part.replace("\x1e", "").strip() for part in (who_i_am, where_from, hope_to_learn)]


def introduction_search_text(*, who_i_am: str, where_from: str, hope_to_learn: str) -> str:
    """What search finds an introduction's opening post by: all three answers, no labels."""
    return "\n".join(part for part in (who_i_am, where_from, hope_to_learn) if part)


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
    who_i_am, where_from, hope_to_learn = _introduction_parts(who_i_am, where_from, hope_to_learn)
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


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def _greeting_template(welcomer: Member) -> str:
    """A short greeting in the welcomer's language, with a %(name)s for the newcomer's; each
    welcomer has their own wording, so a newcomer's replies do not all read alike."""
    with override(welcomer.preferred_language):
        greetings = [
            # Translators: posted as a reply to a newcomer's introduction when a member taps
            # "Welcome 👋"; %(name)s is the newcomer's name.
            gettext("Welcome to Halfway, %(name)s! 👋"),
            # Translators: another one-tap greeting to a newcomer; %(name)s is their name.
            gettext("Hi %(name)s, so glad you found us! Welcome to Halfway 👋"),
            # Translators: another one-tap greeting to a newcomer; %(name)s is their name.
            gettext("Welcome aboard, %(name)s! Great to meet you here 👋"),
        ]
    return greetings[welcomer.pk % len(greetings)]


def welcome_newcomer(*, member: Member, introduction: Introduction, region_code: str) -> Welcome:
    """Welcome a newcomer with one tap: a greeting reply in the member's language (the newcomer
    is notified and reads it translated). Once per member: a second tap changes nothing."""
    permissions.check_can_welcome(member, introduction)
    existing = Welcome.objects.filter(introduction=introduction, member=member).first()
    if existing is not None:
        return existing
    template = _greeting_template(member)
    # A name is text: not Markdown, and not a mention (a display name "@alice @bob" would
    # have every welcomer notify them; the full-width ＠ reads the same and links nothing).
    name = MARKDOWN_SPECIAL.sub(r"\\\1", introduction.member.name).replace("@", "＠")
    # The greeting's own words say its language: a long Latin name in a short Chinese
    # greeting would sway the detector towards English (and the newcomer would get no
    # translation).
    written_in = detect_language(template % {"name": ""}).code
    try:
        with transaction.atomic():
            # Not through add_reply: a welcome is not a post for the posting limits.
            post = _write_reply(
                author=member,
                thread=introduction.thread,
                verdict=signals.check_welcome(member, body=template % {"name": name}),
                region_code=region_code,
            )
            if written_in and (post.language, post.language_is_mixed) != (written_in, False):
                Post.objects.filter(pk=post.pk).update(language=written_in, language_is_mixed=False)
                post.language, post.language_is_mixed = written_in, False
            welcome = Welcome.objects.create(introduction=introduction, member=member, post=post)
            caching.changed_for_members(selectors.WELCOMED, [member.pk])
            return welcome
    except IntegrityError:
        # A double tap raced this one and won: its greeting stands, this one is rolled back
        # (with the notification it would have sent).
        return Welcome.objects.get(introduction=introduction, member=member)
