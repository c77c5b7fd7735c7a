"""Pieces of pages rendered once and kept in the cache for every reader who would see the
same HTML: a thread's posts and their reactions, its empty reply form, the home feed's thread
rows, introduction cards (and a page of the grid as a whole), New arrivals and search results.

Most of a page's time went to the templates of its twenty-odd repeated items (a post is about
1 ms: the byline, the region tag, the translation form, the tools and menus; a card or a row
a few tenths). An item's HTML depends on the item itself; on the reader only through a few
answers (their language and time zone, whether they wrote the post, may moderate or reply,
blocked the author …); and on the clock only through "3 minutes ago". Every one of those is
part of the key, with a digest of the templates, so a kept fragment cannot be stale: any
change makes a new key, and the old one ages out of the cache.

The mechanism (keys, templates' digests, each reader's CSRF token) is halfway/fragments.py.
A post's reactions (the counts, and which ones are the reader's) are a fragment of their own,
filled into the post's slot.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accounts.models import Member
from forum import selectors
from forum.forms import ReplyForm
from forum.models import Introduction, Post, Thread
from halfway.fragments import Fragment, as_list_items, render_kept, template_digest
from halfway.page_cache import shared_answer
from halfway.pagination import CountedPaginator, requested_page
from translation.selectors import offer_for

POST_TEMPLATE = "forum/_post.html"
REACTIONS_TEMPLATE = "forum/_reactions.html"
THREAD_ROW_TEMPLATE = "forum/_thread_row.html"
INTRODUCTION_CARD_TEMPLATE = "forum/_introduction_card.html"
NEW_ARRIVAL_TEMPLATE = "forum/_new_arrival.html"
SEARCH_RESULT_TEMPLATE = "forum/_search_result.html"
REPLY_FORM_TEMPLATE = "forum/_reply_form.html"
CLIENT_ID_PLACEHOLDER = "@@reply-client-id@@"
REACTIONS_SLOT = "@@post-reactions@@"


def _member_parts(member: Member) -> tuple:
    """What an avatar and a name show of a member."""
    return (member.pk, member.username, member.display_name, member.avatar.name or "")


def _moment(when, now) -> tuple:
    """A time as a fragment shows it: the moment, and how long ago to the precision
    "3 minutes ago" has (naturaltime is slow enough to matter twenty times a page). Seconds
    under a minute; minutes under a day ("2 hours ago" changes on the hour, so a minute is
    finer); hours after that ("3 days, 4 hours ago"; month and year boundaries fall on a
    whole number of days after the moment, so on an hour too)."""
    if when is None:
        return (None, None)
    seconds = int((now - when).total_seconds())
    if seconds < 60:
        age = ("s", seconds)
    elif seconds < 24 * 3600:
        age = ("m", seconds // 60)
    else:
        age = ("h", seconds // 3600)
    return (when.isoformat(), age)


# Posts ----------------------------------------------------------------------------------


def _post_parts(post: Post, reader: "PostReader", now) -> tuple:
    """A post's key: the post as it is now, and the reader's answers."""
    images = [
        (image.pk, image.image.name, image.thumbnail.name, image.thumbnail_width)
        for image in post.images.all()  # prefetched with the page
    ]
    return (
        # the post
        post.pk,
        post.thread_id,
        post.number,
        hashlib.sha256(post.body_html.encode()).hexdigest(),
        post.language,
        post.language_is_mixed,
        post.region_code,
        _moment(post.created_at, now),
        post.edited_at,
        post.deleted_at,
        post.deleted_by_moderators,
        post.hidden_at,
        post.hidden_reason,
        post.held_at,
        images,
        _member_parts(post.author),
        # the reader's answers: theirs for the page, and about this post
        reader.answers,
        reader.member is not None and reader.member.pk == post.author_id,  # wrote it
        post.author_id in reader.blocked,  # blocked its author
        offer_for(reader.member, post.language, post.language_is_mixed) if reader.member else "",
    )


@dataclass(frozen=True)
class PostReader:
    """What a post shows of its reader, asked once a page, not once a post (the reader is a
    lazy object, and asking twenty times cost more than the rest of the key)."""

    answers: tuple  # the same for every post of the page: part of each key
    member: object  # the signed-in member (for the Translate offer), or None
    blocked: frozenset  # whom they blocked


def _post_reader(context: Context) -> PostReader:
    reader = context["user"]
    signed_in = reader.is_authenticated
    return PostReader(
        answers=(
            signed_in,
            reader.is_staff,
            bool(context.get("can_moderate")),
            bool(context.get("can_reply")),
            bool(context.get("side_by_side")),
        ),
        member=reader if signed_in else None,
        blocked=frozenset(context.get("blocked", ())),
    )


def _reactions_parts(post: Post, reader: PostReader) -> tuple:
    return (
        post.pk,
        reader.member is not None and reader.member.pk != post.author_id,  # may react
        tuple((each.kind, each.count, each.mine) for each in post.reaction_summaries),
    )


def render_posts(context: Context, posts: Iterable[Post]) -> SafeString:
    """Each post as a list item, with its reactions in their slot."""
    now = timezone.now()
    posts = list(posts)
    slot = mark_safe(REACTIONS_SLOT)  # noqa: S308 (a constant of ours)
    reader = _post_reader(context)
    can_react = reader.member is not None
    fragments = [
        Fragment(
            POST_TEMPLATE,
            _post_parts(post, reader, now),
            {"post": post, "reactions_slot": slot},
        )
        for post in posts
    ] + [
        Fragment(
            REACTIONS_TEMPLATE,
            _reactions_parts(post, reader),
            {
                "post": post,
                "reactions": post.reaction_summaries,
                "can_react": can_react,
                "refusal": None,
            },
        )
        for post in posts
    ]
    rendered = render_kept(context, fragments)
    posts_html, reactions_html = rendered[: len(posts)], rendered[len(posts) :]
    return as_list_items(
        mark_safe(html.replace(REACTIONS_SLOT, reactions))  # noqa: S308 (both rendered here)
        for html, reactions in zip(posts_html, reactions_html, strict=True)
    )


def render_reply_form(context: Context, form: ReplyForm) -> SafeString:
    """A thread's reply form. Empty, it is the same for every reader of the thread but for
    two values put back on each view: the CSRF token and the form's own id (which makes a
    double submission one reply). With the member's text (a quote, or a refused reply and its
    errors) it is theirs alone, and rendered."""
    template = get_template(REPLY_FORM_TEMPLATE).template
    if form.is_bound or form.initial.get("body") or form.initial.get("quoted_post"):
        with context.push(reply_form=form):
            return mark_safe(template.render(context))  # noqa: S308 (our template, escaped)
    client_id = str(form["client_id"].value())
    blank = ReplyForm(initial={"client_id": CLIENT_ID_PLACEHOLDER})
    html = render_kept(
        context, [Fragment(REPLY_FORM_TEMPLATE, (context["thread"].pk,), {"reply_form": blank})]
    )[0]
    return mark_safe(html.replace(CLIENT_ID_PLACEHOLDER, client_id))  # noqa: S308 (a UUID)


# Thread rows ----------------------------------------------------------------------------


def _thread_row_parts(thread: Thread, now) -> tuple:
    return (
        thread.pk,
        thread.title,
        thread.language,
        thread.category_id,
        thread.category.slug,
        thread.category.name_en,
        thread.category.name_zh,
        _member_parts(thread.author),
        thread.reply_count,
        _moment(thread.last_posted_at, now),
        thread.pinned_at is not None,
        thread.locked_at is not None,
        thread.deleted_at is not None,
        getattr(thread, "reasons_key", None),  # the home feed's "Why am I seeing this?"
    )


def render_thread_rows(context: Context, threads: Iterable[Thread]) -> SafeString:
    now = timezone.now()
    return as_list_items(
        render_kept(
            context,
            [
                Fragment(THREAD_ROW_TEMPLATE, _thread_row_parts(thread, now), {"thread": thread})
                for thread in threads
            ],
        )
    )


# Introductions --------------------------------------------------------------------------


def _introduction_parts(introduction: Introduction, now) -> tuple:
    """What both kinds of card show (the grid's adds the interests)."""
    photo = getattr(introduction, "photo", None)
    return (
        introduction.pk,
        introduction.thread_id,
        introduction.thread.title,
        _member_parts(introduction.member),
        (photo.pk, photo.thumbnail.name, photo.thumbnail_width) if photo else None,
        introduction.region_code,
        _moment(introduction.created_at, now),
        introduction.welcome_count,
        tuple(_member_parts(welcomer) for welcomer in introduction.welcomers),
    )


def _interests(introduction: Introduction) -> list[tuple]:
    # Prefetched with the grid: no query.
    return [(each.slug, each.name_en, each.name_zh) for each in introduction.member.interests.all()]


def introductions_grid(filters, page_number) -> tuple[Page, SafeString]:
    """A page of the introductions grid and its cards' HTML.

    Nothing on a card is the reader's, so the cards' HTML for a page of the grid is shared
    by every reader in a language and time zone until content changes, as a kept page is
    (page_cache.shared_answer): a page view reads one cache entry, not the cards (whose model
    objects took longer to unpickle than the HTML takes to read). "3 days ago" may lag by
    up to PAGE_CACHE_SECONDS, as on a kept page."""
    number = requested_page(page_number)
    template = get_template(INTRODUCTION_CARD_TEMPLATE).template

    def grid() -> tuple[int, int, str]:
        count, shown_number, cards = selectors.introduction_cards(filters, number)
        # Each card is still a fragment: a new generation renders only the cards that changed.
        return count, shown_number, str(render_introduction_cards(Context(), cards))

    count, number, cards = shared_answer(
        "introductions-grid-html",
        (
            filters,
            number,
            get_language(),
            timezone.get_current_timezone_name(),
            template_digest(template),
        ),
        grid,
    )
    page = CountedPaginator([], selectors.INTRODUCTIONS_PER_PAGE, count=count).page(number)
    return page, mark_safe(cards)  # noqa: S308 (rendered by our templates, escaped there)


def render_introduction_cards(context: Context, introductions: Iterable[Introduction]):
    now = timezone.now()
    return as_list_items(
        render_kept(
            context,
            [
                Fragment(
                    INTRODUCTION_CARD_TEMPLATE,
                    (_introduction_parts(introduction, now), _interests(introduction)),
                    {"introduction": introduction},
                )
                for introduction in introductions
            ],
        )
    )


def render_new_arrivals(context: Context, introductions: Iterable[Introduction]) -> SafeString:
    now = timezone.now()
    next_url = context.get("next_url") or context["request"].get_full_path()
    return as_list_items(
        render_kept(
            context,
            [
                Fragment(
                    NEW_ARRIVAL_TEMPLATE,
                    (
                        _introduction_parts(introduction, now),
                        introduction.can_welcome,
                        introduction.welcomed_by_viewer,
                        next_url,
                    ),
                    {"introduction": introduction, "next_url": next_url, "refusal": None},
                )
                for introduction in introductions
            ],
        )
    )


# Search results ---------------------------------------------------------------------------


def _search_result_parts(result, now) -> tuple:
    """A SearchResult (forum/selectors.py) holds only what the result shows."""
    return (
        result.post_id,
        result.language,
        result.snippet,
        result.region_code,
        _moment(result.created_at, now),
        result.title,
        result.thread_language,
        result.category.name_en,
        result.category.name_zh,
        result.author_username,
        result.author_display_name,
    )


def render_search_results(context: Context, results: Iterable) -> SafeString:
    now = timezone.now()
    return as_list_items(
        render_kept(
            context,
            [
                Fragment(
                    SEARCH_RESULT_TEMPLATE, _search_result_parts(result, now), {"result": result}
                )
                for result in results
            ],
        ),
        item_class="search-result",
    )
