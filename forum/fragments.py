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

The mechanism (keys, templates' digests, slots for what is each reader's own) is
halfway/fragments.py. A post's reactions (the counts, and which ones are the reader's) are a
fragment of their own, filled into the post's slot.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Prefetch
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from forum import selectors
from forum.feed import reasons
from forum.forms import ReplyForm
from forum.models import Introduction, Post, PostImage, Thread
from forum.selectors import PostData, ThreadData, shown_of_member
from halfway import caching
from halfway.fragments import Fragment, Slot, as_list_items, render_fragments
from halfway.pagination import CountedPaginator, requested_page
from translation.selectors import offer_for

POST_TEMPLATE = "forum/_post.html"
REACTIONS_TEMPLATE = "forum/_reactions.html"
THREAD_ROW_TEMPLATE = "forum/_thread_row.html"
INTRODUCTION_CARD_TEMPLATE = "forum/_introduction_card.html"
NEW_ARRIVAL_TEMPLATE = "forum/_new_arrival.html"
SEARCH_RESULT_TEMPLATE = "forum/_search_result.html"
REPLY_FORM_TEMPLATE = "forum/_reply_form.html"
CLIENT_ID_SLOT = Slot("client_id")
REACTIONS_SLOT = Slot("reactions")


def _moment(when, now) -> tuple:
    """A time as a fragment shows it: the moment, and how long ago to the precision
    "3 minutes ago" has (rendering it is slow enough to matter twenty times a page). Seconds
    under a minute; minutes under a day ("2 hours ago" changes on the hour, so a minute is
    finer); hours after that (finer than "3 days ago" needs; month and year boundaries fall on a
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


def _post_parts(post: PostData, reader: "PostReader", now) -> tuple:
    """A post's key: the post as it is now, and the reader's answers."""
    return (
        # the post
        post.shown,
        _moment(post.created_at, now),
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


def _reactions_parts(post: PostData, reader: PostReader) -> tuple:
    return (
        post.pk,
        reader.member is not None and reader.member.pk != post.author_id,  # may react
        tuple((each.kind, each.count, each.mine) for each in post.reaction_summaries),
    )


def render_posts(context: Context, posts: Iterable[PostData]) -> SafeString:
    """Each post as a list item, with its reactions in their slot."""
    now = timezone.now()
    posts = list(posts)
    reader = _post_reader(context)
    can_react = reader.member is not None
    fragments = [
        Fragment(
            POST_TEMPLATE,
            _post_parts(post, reader, now),
            {
                "post_id": post.pk,
                "post": post.source,
                "answers": post.answers,
                "reactions_slot": REACTIONS_SLOT,
            },
            slots={
                "reactions": Fragment(
                    REACTIONS_TEMPLATE,
                    _reactions_parts(post, reader),
                    {
                        "post": post,  # the template reads its id and author's id
                        "reactions": post.reaction_summaries,
                        "can_react": can_react,
                        "refusal": None,
                    },
                )
            },
        )
        for post in posts
    ]
    return as_list_items(render_fragments(context, fragments, prepare=_load_posts))


def _load_posts(missing: list[Fragment]) -> list[Fragment]:
    """The posts whose kept HTML the cache lost, read to render it again (two queries: the
    posts with their authors, their images); returns the fragments of posts now gone."""
    wanted = [each for each in missing if each.context.get("post") is None]
    if not wanted:
        return []
    found = (
        Post.objects.select_related("author")
        .prefetch_related(Prefetch("images", queryset=PostImage.objects.order_by("position")))
        .in_bulk([each.context["post_id"] for each in wanted])
    )
    gone = []
    for each in wanted:
        if each.context["post_id"] in found:
            each.context["post"] = found[each.context["post_id"]]
        else:
            gone.append(each)
    return gone


def render_reply_form(context: Context, form: ReplyForm) -> SafeString:
    """A thread's reply form. Empty, it is the same for every reader of the thread but for
    two values filled in on each view: the CSRF token and the form's own id (which makes a
    double submission one reply). With the member's text (a quote, or a refused reply and its
    errors) it is theirs alone, and rendered."""
    template = get_template(REPLY_FORM_TEMPLATE).template
    if form.is_bound or form.initial.get("body") or form.initial.get("quoted_post"):
        with context.push(reply_form=form):
            return mark_safe(template.render(context))  # noqa: S308 (our template, escaped)
    blank = ReplyForm(initial={"client_id": CLIENT_ID_SLOT})
    kept = Fragment(
        REPLY_FORM_TEMPLATE,
        (context["thread"].pk,),
        {"reply_form": blank},
        slots={"client_id": str(form["client_id"].value())},
    )
    return render_fragments(context, [kept])[0]


# Thread rows ----------------------------------------------------------------------------


def _thread_row_parts(row: ThreadData, now) -> tuple:
    return (
        row.shown,
        _moment(row.last_posted_at, now),
        row.reasons_key,  # the home feed's "Why am I seeing this?"
    )


def render_thread_rows(context: Context, threads: Iterable[Thread | ThreadData]) -> SafeString:
    """Rows of a list of threads: threads read from the database (a category's), or kept
    values (the home feed's, whose rows the cache lost load their threads again)."""
    now = timezone.now()
    rows = [each if isinstance(each, ThreadData) else ThreadData.of(each) for each in threads]
    fragments = [
        Fragment(
            THREAD_ROW_TEMPLATE,
            _thread_row_parts(row, now),
            {"thread_id": row.pk, "thread": row.source, "home_feed": row.home_feed},
        )
        for row in rows
    ]
    return as_list_items(render_fragments(context, fragments, prepare=_load_threads))


def _load_threads(missing: list[Fragment]) -> list[Fragment]:
    """The threads of the rows the cache lost, read to render them again unless the request
    has them (one query), each with why it is in the member's home feed; returns the rows of
    threads now gone."""
    wanted = [each for each in missing if each.context["thread"] is None]
    found = (
        Thread.objects.select_related("author", "category")
        .annotate(region_code=selectors.opening_post_region("pk"))
        .in_bulk([each.context["thread_id"] for each in wanted])
        if wanted
        else {}
    )
    gone = []
    for each in missing:
        thread = each.context["thread"] or found.get(each.context["thread_id"])
        if thread is None:
            gone.append(each)
            continue
        if each.context["home_feed"] is not None:
            thread.reasons = functools.partial(reasons, thread, each.context["home_feed"])
        each.context["thread"] = thread
    return gone


# Introductions --------------------------------------------------------------------------


def _introduction_parts(introduction: Introduction, now) -> tuple:
    """What both kinds of card show (the grid's adds the interests)."""
    photo = getattr(introduction, "photo", None)
    return (
        introduction.pk,
        introduction.thread_id,
        introduction.thread.title,
        shown_of_member(introduction.member),
        (photo.pk, photo.thumbnail.name, photo.thumbnail_width) if photo else None,
        introduction.region_code,
        _moment(introduction.created_at, now),
        introduction.welcome_count,
        tuple(shown_of_member(welcomer) for welcomer in introduction.welcomers),
    )


def _interests(introduction: Introduction) -> list[tuple]:
    # Prefetched with the grid: no query.
    return [(each.slug, each.name_en, each.name_zh) for each in introduction.member.interests.all()]


def introductions_grid(filters, page_number) -> tuple[Page, SafeString]:
    """A page of the introductions grid and its cards' HTML.

    Nothing on a card is the reader's, so the cards' HTML for a page of the grid is shared
    by every reader in a language and time zone until content changes, as a kept page is
    (caching.cached): a page view reads one cache entry, not the cards (whose model
    objects took longer to unpickle than the HTML takes to read). "3 days ago" may lag by
    up to PAGE_CACHE_SECONDS, as on a kept page."""
    number = requested_page(page_number)

    def grid() -> tuple[int, int, str]:
        count, shown_number, cards = selectors.introduction_cards(filters, number)
        # Each card is still a fragment: a new generation renders only the cards that changed.
        return count, shown_number, str(render_introduction_cards(Context(), cards))

    count, number, cards = caching.cached(
        "introductions-grid-html",
        (
            filters,
            number,
            get_language(),
            timezone.get_current_timezone_name(),
        ),
        grid,
    )
    page = CountedPaginator([], selectors.INTRODUCTIONS_PER_PAGE, count=count).page(number)
    return page, mark_safe(cards)  # noqa: S308 (rendered by our templates, escaped there)


def render_introduction_cards(context: Context, introductions: Iterable[Introduction]):
    now = timezone.now()
    return as_list_items(
        render_fragments(
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
        render_fragments(
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
        render_fragments(
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
