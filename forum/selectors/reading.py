"""A page of a thread as its readers see it: posts, reactions, revisions."""

import functools
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils.translation import get_language, gettext

from core import caching
from core.pagination import CountedPaginator, requested_page
from forum import permissions
from forum.models import REACTION_EMOJI, Post, PostImage, Reaction, Thread
from forum.selectors.follows import follows_of
from forum.selectors.threads import POSTS_PER_PAGE, RegionCount, thread_regions


@dataclass
class ReactionSummary:
    kind: str
    emoji: str
    label: str
    count: int
    mine: bool

    @property
    def aria_label(self) -> str:
        # Here rather than a {% blocktranslate %} in the template: five per post on every page.
        return gettext("%(reaction)s: %(count)s") % {"reaction": self.label, "count": self.count}


@dataclass(frozen=True)
class IntroductionAnswers:
    """An introduction's answers under its opening post: the member's words only. Their
    labels are the template's, in the reader's language, and a translation is of the words."""

    where_from: str
    hope_to_learn: str
    language: str  # the opening post's

    @classmethod
    def of(cls, post: Post) -> "IntroductionAnswers | None":
        """The answers if `post` opens an introduction (its thread read with its introduction,
        select_related: no query)."""
        if not post.is_opening:
            return None
        introduction = getattr(post.thread, "introduction", None)
        if introduction is None:
            return None
        return cls(introduction.where_from, introduction.hope_to_learn, post.language)

    @property
    def parts(self) -> list[tuple[str, str, str]]:
        """(name, words, id of the element their translation fills) for each given answer."""
        return [
            (name, words, f"post-1-{name.replace('_', '-')}-translation")
            for name, words in (
                ("where_from", self.where_from),
                ("hope_to_learn", self.hope_to_learn),
            )
            if words
        ]


@dataclass
class PostData:
    """A post as a thread page reads it: what its cached HTML's key and a reader's reactions
    need, not the post itself (whose HTML is cached: forum/fragments.py). A page of them is
    cached for every reader (reading_page); HTML the cache lost loads its post again."""

    pk: int
    thread_id: int
    number: int
    author_id: int
    language: str
    language_is_mixed: bool
    created_at: datetime
    answers: IntroductionAnswers | None = None
    reaction_counts: dict[str, int] = field(default_factory=dict)
    # The counts, and which are the reader's (reading_page): each reader's own.
    reaction_summaries: list["ReactionSummary"] = field(default_factory=list)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "reaction_summaries": []}

    @classmethod
    def of(cls, post: Post, reaction_counts: dict[str, int]) -> "PostData":
        copied = ("pk", "thread_id", "number", "author_id", "language", "language_is_mixed")
        copied += ("created_at",)
        values = {name: getattr(post, name) for name in copied}
        return cls(answers=IntroductionAnswers.of(post), reaction_counts=reaction_counts, **values)


@dataclass
class ThreadPage:
    thread: Thread
    page: Page
    posts: list
    is_following: bool = False
    regions: list = field(default_factory=list)  # its "Who's here" strip


@dataclass(frozen=True)
class ReadingPage:
    """A page of a thread as kept for its readers (reading_page)."""

    thread: Thread | None  # None: no such thread
    count: int  # the posts the readers see
    number: int  # the page shown (a number past the end shows the last)
    posts: list[PostData]
    held_authors: frozenset[int]  # who wrote posts waiting for approval (they see them)
    regions: list["RegionCount"]


# Which reactions in a thread are the member's own: a thread page shows them on each post.
MY_REACTIONS = "my-reactions"
MY_REACTIONS_SECONDS = 300


def _count_reactions(post_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {pk: {} for pk in post_ids}
    rows = (
        Reaction.objects.filter(post_id__in=post_ids)
        .values_list("post_id", "kind")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for post_id, kind, total in rows:
        counts[post_id][kind] = total
    return counts


def my_reactions_name(thread_id: int) -> str:
    return f"{MY_REACTIONS}:{thread_id}"


def my_reactions_in(member, thread_id: int) -> frozenset[tuple[int, str]]:
    """(post id, kind) of each reaction the member gave in the thread, as cached for them."""
    if not member.is_authenticated:
        return frozenset()
    return caching.cached_for_member(
        my_reactions_name(thread_id),
        member.pk,
        lambda: frozenset(
            Reaction.objects.filter(member=member, post__thread_id=thread_id).values_list(
                "post_id", "kind"
            )
        ),
        MY_REACTIONS_SECONDS,
    )


@functools.lru_cache(maxsize=len(settings.LANGUAGES))
def _reaction_labels(language: str) -> dict[str, str]:
    """The reactions' names in `language`: read once, not once per post and reaction."""
    return {kind: str(label) for kind, label in Reaction.Kind.choices}


def _reaction_summaries(
    counts: dict[str, int], mine: frozenset[tuple[int, str]], post_id: int
) -> list[ReactionSummary]:
    """The post's reactions, each marked if it is among the member's `mine` (post id, kind)."""
    labels = _reaction_labels(get_language())
    return [
        ReactionSummary(
            kind=kind,
            emoji=REACTION_EMOJI[kind],
            label=labels[kind],
            count=counts.get(kind, 0),
            mine=(post_id, kind) in mine,
        )
        for kind in Reaction.Kind.values
    ]


def _posts_seen_by(member, thread: Thread):
    posts = (
        thread.posts.select_related("author")
        .prefetch_related(Prefetch("images", queryset=PostImage.objects.order_by("position")))
        .order_by("number")
    )
    # A held post waits for approval, seen only by its author and moderators. (The
    # moderator answer is cached on the member for the request: the page asks it anyway.)
    if not permissions.can_moderate_thread(member, thread):
        visible = Q(held_at__isnull=True)
        if member.is_authenticated:
            visible |= Q(author_id=member.pk)
        posts = posts.filter(visible)
    return posts


def _page_of_posts(member, thread: Thread, page_number) -> tuple[Page, list[Post]]:
    """A page of the thread's posts this member may see, with authors and images ("last"
    works): count, posts, images; three queries at any length."""
    paginator = Paginator(_posts_seen_by(member, thread), POSTS_PER_PAGE)
    page = paginator.get_page(
        paginator.num_pages if page_number == "last" else requested_page(page_number)
    )
    return page, list(page.object_list)


def thread_page(member, thread: Thread, page_number=1) -> ThreadPage:
    """A page of a thread's posts as they are (to translate them), with authors and images."""
    page, posts = _page_of_posts(member, thread, page_number)
    return ThreadPage(thread=thread, page=page, posts=posts)


def _reading_page(thread_id: int, page_number) -> ReadingPage:
    thread = (
        Thread.objects.select_related("category", "author", "introduction")
        .filter(pk=thread_id)
        .first()
    )
    if thread is None:
        return ReadingPage(None, 0, 1, [], frozenset(), [])
    return _reading_page_of(thread, page_number, AnonymousUser())


def _reading_page_of(thread: Thread, page_number, member) -> ReadingPage:
    page, posts = _page_of_posts(member, thread, page_number)
    reactions = _count_reactions([post.pk for post in posts])
    held_authors = frozenset(
        thread.posts.filter(held_at__isnull=False)
        .order_by()
        .values_list("author_id", flat=True)
        .distinct()
    )
    return ReadingPage(
        thread=thread,
        count=page.paginator.count,
        number=page.number,
        posts=[PostData.of(post, reactions[post.pk]) for post in posts],
        held_authors=held_authors,
        regions=thread_regions(thread),
    )


def reading_page(member, thread_id: int, page_number=1) -> ThreadPage:
    """A page of a thread to read, if the member may see the thread (404 for missing and
    hidden alike), with each post's reactions and whether the member follows the thread.

    Readers who see the same posts share one cached page until the thread or a member changes.
    The thread's moderators, and members with posts waiting for approval in it, see more:
    their page is read from the database (five queries). Reactions and follows are per member.
    """
    number = "last" if page_number == "last" else requested_page(page_number)
    kept = caching.cached(
        "thread-reading-page",
        (thread_id, number),
        lambda: _reading_page(thread_id, number),
        versions=(caching.thread(thread_id), caching.MEMBERS),
    )
    if kept.thread is None:
        raise Http404
    permissions.check_can_see_thread(member, kept.thread)
    if member.is_authenticated and (
        member.pk in kept.held_authors or permissions.can_moderate_thread(member, kept.thread)
    ):
        kept = _reading_page_of(kept.thread, number, member)
    mine = my_reactions_in(member, thread_id)
    for post in kept.posts:
        post.reaction_summaries = _reaction_summaries(post.reaction_counts, mine, post.pk)
    return ThreadPage(
        thread=kept.thread,
        page=CountedPaginator([], POSTS_PER_PAGE, count=kept.count).page(kept.number),
        posts=kept.posts,
        is_following=kept.thread.pk in follows_of(member).threads,
        regions=kept.regions,
    )


NEW_REPLIES_AT_ONCE = 50


def replies_after(member, thread_id: int, after: int) -> ThreadPage:
    """The posts after number `after` the member may see, at most NEW_REPLIES_AT_ONCE: what a
    reader with the thread open has not seen yet, with reactions as on its page."""
    thread = reading_page(member, thread_id).thread  # the cached page: checks, and the thread
    posts = list(_posts_seen_by(member, thread).filter(number__gt=after)[:NEW_REPLIES_AT_ONCE])
    reactions = _count_reactions([post.pk for post in posts])
    mine = my_reactions_in(member, thread_id)
    found = [PostData.of(post, reactions[post.pk]) for post in posts]
    for post in found:
        post.reaction_summaries = _reaction_summaries(post.reaction_counts, mine, post.pk)
    page = CountedPaginator([], POSTS_PER_PAGE, count=len(found)).page(1)
    return ThreadPage(thread=thread, page=page, posts=found)


def page_of_post(post: Post) -> int:
    return (post.number - 1) // POSTS_PER_PAGE + 1


def reactions_for_post(post: Post, member) -> list[ReactionSummary]:
    mine = my_reactions_in(member, post.thread_id)
    return _reaction_summaries(_count_reactions([post.pk])[post.pk], mine, post.pk)


REACTIONS_PER_PAGE = 50


def who_reacted(post: Post, page_number=1) -> Page:
    reactions = post.reactions.select_related("member").order_by("kind", "created_at", "pk")
    return Paginator(reactions, REACTIONS_PER_PAGE).get_page(requested_page(page_number))


def revisions_of(post: Post) -> list:
    return list(post.revisions.select_related("editor").order_by("-replaced_at"))
