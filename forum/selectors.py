"""Reads for forum pages. Each runs a fixed number of queries, however long the page."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext

from accounts import selectors as account_selectors
from accounts.models import Interest, Member
from chat import selectors as chat_selectors
from core import caching
from core.markup import html_to_text
from core.pagination import CountedPaginator, SharedCountPaginator, requested_page
from forum import permissions, search
from forum.models import (
    REACTION_EMOJI,
    Category,
    Introduction,
    Notification,
    Post,
    PostImage,
    Reaction,
    Thread,
    ThreadFollow,
    Welcome,
)
from regions.names import UNKNOWN_REGION

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 20
INTRODUCTIONS_PER_PAGE = 24
NOTIFICATIONS_PER_PAGE = 30

LANGUAGE_FILTERS = ("en", "zh")


def categories() -> list[Category]:
    """Every category, in order (the feeds' aside): shared between readers, as kept pages are
    (an edit in the admin shows within PAGE_CACHE_SECONDS)."""
    return caching.cached("categories", (), lambda: list(Category.objects.all()))


def category_by_slug(slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise Http404
    return category


def thread_visibility(member) -> tuple:
    """Everything visible_threads(member) depends on, for keys of answers kept for readers."""
    return (
        permissions.is_moderator(member),
        permissions.is_site_moderator(member),
        member.pk if member is not None and member.is_authenticated else None,
    )


def visible_threads(member) -> QuerySet[Thread]:
    threads = Thread.objects.all()
    if not permissions.is_moderator(member):
        threads = threads.filter(deleted_at__isnull=True)
    if not permissions.is_site_moderator(member):
        # A thread waiting for approval is listed for its author (and moderators) only.
        listed = Q(held_at__isnull=True)
        if member is not None and member.is_authenticated:
            listed |= Q(author_id=member.pk)
        threads = threads.filter(listed)
    return threads


def thread_feed(
    member,
    *,
    feed: str = "latest",
    category: Category | None = None,
    language: str | None = None,
    page_number=1,
) -> Page:
    """One page of threads, newest activity first, with what each row shows (one query + count)."""
    threads = visible_threads(member).select_related("author", "category")
    if category is not None:
        threads = threads.filter(category=category)
    elif feed == "following":
        if not member.is_authenticated:
            threads = threads.none()
        else:
            threads = threads.filter(
                Q(author__followers__follower=member) | Q(follows__member=member)
            ).distinct()
    if language in LANGUAGE_FILTERS:
        threads = threads.filter(language=language)
    ordering = ["-last_posted_at", "-pk"]
    if category is not None:
        # Threads moderators pinned come first in their category, newest pin first.
        ordering.insert(0, F("pinned_at").desc(nulls_last=True))
    # A count kept until content changes, except where follows decide it (they do not drop
    # kept answers).
    threads = threads.order_by(*ordering)
    if feed == "following":
        paginator = Paginator(threads, THREADS_PER_PAGE)
    else:
        language = language if language in LANGUAGE_FILTERS else None
        parts = (thread_visibility(member), category.pk if category else None, language)
        paginator = SharedCountPaginator(threads, THREADS_PER_PAGE, name="threads", parts=parts)
    return paginator.get_page(requested_page(page_number))


def get_thread_for(member, thread_id: int) -> Thread:
    """The thread if this member may see it; 404 for missing and hidden alike."""
    thread = (
        Thread.objects.select_related("category", "author", "introduction")
        .filter(pk=thread_id)
        .first()
    )
    if thread is None:
        raise Http404
    permissions.check_can_see_thread(member, thread)
    return thread


def get_post_for(member, post_id: int) -> Post:
    post = (
        Post.objects.select_related("thread", "thread__category", "thread__introduction", "author")
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        raise Http404
    permissions.check_can_see_thread(member, post.thread)
    if not permissions.can_see_post_text(member, post):
        raise Http404  # hidden or held: as if it were not there
    return post


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
    author_id: int
    language: str
    language_is_mixed: bool
    created_at: datetime
    # An introduction's answers, shown under its opening post.
    answers: IntroductionAnswers | None = None
    reaction_counts: dict[str, int] = field(default_factory=dict)
    # The counts, and which are the reader's (reading_page): each reader's own.
    reaction_summaries: list["ReactionSummary"] = field(default_factory=list)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "reaction_summaries": []}

    @classmethod
    def of(cls, post: Post, reaction_counts: dict[str, int]) -> "PostData":
        return cls(
            answers=IntroductionAnswers.of(post),
            reaction_counts=reaction_counts,
            pk=post.pk,
            thread_id=post.thread_id,
            author_id=post.author_id,
            language=post.language,
            language_is_mixed=post.language_is_mixed,
            created_at=post.created_at,
        )


@dataclass
class ThreadData:
    """A thread as a list of threads reads it: what its row's key needs, not the thread (a
    page of rows is cached; a row the cache lost loads its thread again)."""

    pk: int
    author_id: int
    language: str
    region_code: str  # where its opening post was written from
    last_posted_at: datetime
    # The home feed's "Why am I seeing this?": each reader's own, set on every view.
    reasons_key: tuple | None = None
    home_feed: object = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "home_feed": None}

    @classmethod
    def of(cls, thread: Thread) -> "ThreadData":
        """`thread` with its author and category, and its opening post's region_code."""
        return cls(
            pk=thread.pk,
            author_id=thread.author_id,
            language=thread.language,
            region_code=getattr(thread, "region_code", ""),
            last_posted_at=thread.last_posted_at,
        )


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


def _reaction_summaries(counts: dict[str, int], mine: set[str]) -> list[ReactionSummary]:
    labels = dict(Reaction.Kind.choices)
    return [
        ReactionSummary(
            kind=kind,
            emoji=REACTION_EMOJI[kind],
            label=str(labels[kind]),
            count=counts.get(kind, 0),
            mine=kind in mine,
        )
        for kind in Reaction.Kind.values
    ]


def _page_of_posts(member, thread: Thread, page_number) -> tuple[Page, list[Post]]:
    """A page of the thread's posts this member may see, with authors and images ("last"
    works): count, posts, images; three queries at any length."""
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
    paginator = Paginator(posts, POSTS_PER_PAGE)
    page = paginator.get_page(
        paginator.num_pages if page_number == "last" else requested_page(page_number)
    )
    return page, list(page.object_list)


def thread_page(member, thread: Thread, page_number=1) -> ThreadPage:
    """A page of a thread's posts as they are (to translate them), with authors and images."""
    page, posts = _page_of_posts(member, thread, page_number)
    return ThreadPage(thread=thread, page=page, posts=posts)


def _reading_page(thread_id: int, page_number, member) -> ReadingPage:
    thread = (
        Thread.objects.select_related("category", "author", "introduction")
        .filter(pk=thread_id)
        .first()
    )
    if thread is None:
        return ReadingPage(None, 0, 1, [], frozenset(), [])
    return _reading_page_of(thread, page_number, member)


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

    Every reader who sees the same posts reads the same page: it is cached for them all until
    the thread or a member changes (core/caching.py), with the thread and its "Who's here"
    strip. Moderators of the thread, and members with posts waiting for approval
    in it, see more than the others: their page is their own, read from the database (count,
    posts, images, who has posts waiting, Who's here: five queries). Reactions and follows are
    kept per member.
    """
    number = "last" if page_number == "last" else requested_page(page_number)
    anonymous = AnonymousUser()
    kept = caching.cached(
        "thread-reading-page",
        (thread_id, number),
        lambda: _reading_page(thread_id, number, anonymous),
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
        post.reaction_summaries = _reaction_summaries(
            post.reaction_counts, {kind for pk, kind in mine if pk == post.pk}
        )
    return ThreadPage(
        thread=kept.thread,
        page=CountedPaginator([], POSTS_PER_PAGE, count=kept.count).page(kept.number),
        posts=kept.posts,
        is_following=kept.thread.pk in follows_of(member).threads,
        regions=kept.regions,
    )


def page_of_post(post: Post) -> int:
    return (post.number - 1) // POSTS_PER_PAGE + 1


def reactions_for_post(post: Post, member) -> list[ReactionSummary]:
    mine = my_reactions_in(member, post.thread_id)
    return _reaction_summaries(
        _count_reactions([post.pk])[post.pk], {kind for pk, kind in mine if pk == post.pk}
    )


REACTIONS_PER_PAGE = 50


def who_reacted(post: Post, page_number=1) -> Page:
    reactions = post.reactions.select_related("member").order_by("kind", "created_at", "pk")
    return Paginator(reactions, REACTIONS_PER_PAGE).get_page(requested_page(page_number))


def revisions_of(post: Post) -> list:
    return list(post.revisions.select_related("editor").order_by("-replaced_at"))


@dataclass(frozen=True)
class IntroductionFilters:
    interest: str = ""
    language: str = ""
    region: str = ""
    welcomed: str = ""  # "no": only introductions nobody has welcomed yet


def introduction_cards(filters: IntroductionFilters, number: int):
    """The grid's cards: member, thread, region, welcome count, first photo, interests, latest
    welcomers (count + four queries). Returns the count, the page number (clamped as
    get_page does), and that page's cards. (The page shows them as kept HTML:
    fragments.introductions_grid.)"""
    introductions = (
        _live_introductions()
        .select_related("member", "thread")
        .annotate(region_code=opening_post_region(), welcome_count=_welcome_count())
        .order_by("-created_at", "-pk")
    )
    if filters.welcomed == "no":
        introductions = introductions.filter(welcome_count=0)
    if filters.interest:
        introductions = introductions.filter(member__interests__slug=filters.interest)
    if filters.language:
        introductions = introductions.filter(_speaks(filters.language))
    if filters.region:
        introductions = introductions.filter(region_code=filters.region.upper())
    page = Paginator(introductions, INTRODUCTIONS_PER_PAGE).get_page(number)
    cards = list(page.object_list)
    members = [card.member for card in cards]
    _prefetch_interests(members)
    photos = {
        image.post.thread_id: image
        for image in PostImage.objects.filter(
            post__thread_id__in=[card.thread_id for card in cards], post__number=1, position=0
        ).select_related("post")
    }
    for card in cards:
        card.photo = photos.get(card.thread_id)
    _attach_welcomers(cards)
    return page.paginator.count, page.number, cards


def _live_introductions() -> QuerySet[Introduction]:
    """Introductions anyone may read: not deleted, not waiting for approval, by active members
    who are not banned or suspended."""
    return Introduction.objects.filter(
        thread__deleted_at__isnull=True,
        thread__held_at__isnull=True,
        member__is_active=True,
        member__banned_at__isnull=True,
    ).exclude(member__suspended_until__gt=timezone.now())


WELCOMERS_SHOWN = 5


def _shown_welcomes() -> QuerySet[Welcome]:
    """Welcomes whose greeting everyone can read: a deleted, hidden or held one does not count."""
    return Welcome.objects.filter(
        post__deleted_at__isnull=True, post__hidden_at__isnull=True, post__held_at__isnull=True
    )


def _welcome_count() -> Coalesce:
    """How many members welcomed each introduction, as a subquery of the introductions' query."""
    counted = (
        _shown_welcomes()
        .filter(introduction_id=OuterRef("pk"))
        .order_by()
        .values("introduction_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted), 0)


def _attach_welcomers(introductions: list[Introduction]) -> None:
    """Give each introduction its latest few welcomers, newest first (one query for all)."""
    latest = (
        _shown_welcomes()
        .filter(introduction_id__in=[introduction.pk for introduction in introductions])
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("introduction_id"),
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=WELCOMERS_SHOWN)
        .select_related("member")
        .order_by("-created_at", "-pk")
    )
    by_introduction: dict[int, list[Member]] = defaultdict(list)
    for welcome in latest if introductions else []:
        by_introduction[welcome.introduction_id].append(welcome.member)
    for introduction in introductions:
        introduction.welcomers = by_introduction[introduction.pk]


def opening_post_region(thread_field: str = "thread_id") -> Subquery:
    """The region tag of the opening post of the thread in `thread_field` of the outer query."""
    # order_by(): the posts' default order would join their threads inside every row's lookup.
    return Subquery(
        Post.objects.filter(thread_id=OuterRef(thread_field), number=1)
        .order_by()
        .values("region_code")[:1]
    )


def _speaks(language: str) -> Q:
    # JSON containment where the database has it (PostgreSQL); SQLite stores the list as text.
    if connection.features.supports_json_field_contains:
        return Q(member__languages_spoken__contains=[language])
    return Q(member__languages_spoken__icontains=f'"{language}"')


def _prefetch_interests(members: list[Member]) -> None:
    prefetch_related_objects(
        members, Prefetch("interests", queryset=Interest.objects.order_by("slug"))
    )


def introduction_regions() -> list[str]:
    """The regions introductions were written from, for the grid's filter (each once).

    Reading them means visiting every introduction (about 10 ms at 2,000), for a list that
    rarely changes: it is shared until content changes, as kept pages are."""

    def regions() -> list[str]:
        return list(
            Post.objects.filter(
                number=1, thread__category__is_introductions=True, thread__deleted_at__isnull=True
            )
            .order_by("region_code")
            .values_list("region_code", flat=True)
            .distinct()
        )

    return caching.cached("introduction-regions", (), regions)


def introduction_of(member: Member) -> Introduction | None:
    return (
        Introduction.objects.filter(member=member, thread__deleted_at__isnull=True)
        .select_related("thread")
        .first()
    )


def live_introductions_of(member_ids: list[int]) -> dict[int, Introduction]:
    """The introductions of these members that are not deleted, by member id (one query)."""
    found = Introduction.objects.filter(member_id__in=member_ids, thread__deleted_at__isnull=True)
    return {each.member_id: each for each in found.select_related("thread")}


def shown_introduction_of(member: Member) -> Introduction | None:
    """introduction_of() for pages (a profile, the grid's "Edit my introduction"): shared
    between readers until content changes, as kept pages are. Forms read the database."""
    return caching.cached("introduction-of", (member.pk,), lambda: introduction_of(member))


NEW_ARRIVALS_SHOWN = 8
NEW_ARRIVALS_SINCE = timedelta(hours=24)


def new_arrivals(viewer, *, limit: int = NEW_ARRIVALS_SHOWN) -> list[Introduction]:
    """The last day's introductions, newest first, for the New arrivals panel.

    The list is the same for every reader (shared until content changes, as kept pages are:
    two queries, the introductions with their members, threads, regions and welcome counts,
    and their latest welcomers); each reader's answers, which of them the reader welcomed and
    which of the newcomers blocked them, are kept for the reader (welcomed_lately, blocks).
    """

    def latest() -> list[Introduction]:
        since = timezone.now() - NEW_ARRIVALS_SINCE
        return _arrival_cards(_live_introductions().filter(created_at__gte=since), limit=limit)

    cards = caching.cached("new-arrivals", (limit,), latest)
    return _for_viewer(viewer, cards, welcomed=welcomed_lately(viewer))


def new_arrival(viewer, introduction_id: int) -> Introduction:
    """One New arrivals card (the one a Welcome 👋 just changed), whatever its age."""
    cards = _arrival_cards(_live_introductions().filter(pk=introduction_id), limit=1)
    if not cards:
        raise Http404
    return _for_viewer(viewer, cards)[0]


def _arrival_cards(introductions: QuerySet[Introduction], *, limit: int) -> list[Introduction]:
    cards = list(
        introductions.select_related("member", "thread")
        .annotate(region_code=opening_post_region(), welcome_count=_welcome_count())
        .order_by("-created_at", "-pk")[:limit]
    )
    _attach_welcomers(cards)
    return cards


# Which of the last days' newcomers a member welcomed: the home page's New arrivals shows it on
# each card. Dropped by services.welcome_newcomer. Two days, so that an answer kept for its
# WELCOMED_SECONDS still covers every card the panel shows (a day's introductions).
WELCOMED = caching.prefetched("welcomed-lately")
WELCOMED_SECONDS = 300
WELCOMED_SINCE = 2 * NEW_ARRIVALS_SINCE


def welcomed_lately(member) -> frozenset[int]:
    """The introductions of the last two days `member` welcomed, as kept for them."""
    if not member.is_authenticated:
        return frozenset()
    return caching.cached_for_member(
        WELCOMED,
        member.pk,
        lambda: frozenset(
            Welcome.objects.filter(
                member=member, introduction__created_at__gte=timezone.now() - WELCOMED_SINCE
            ).values_list("introduction_id", flat=True)
        ),
        WELCOMED_SECONDS,
    )


def _for_viewer(
    viewer, cards: list[Introduction], welcomed: frozenset[int] | None = None
) -> list[Introduction]:
    """Whether the viewer welcomed each newcomer already (`welcomed`, when known), and may."""
    blockers: frozenset[int] = frozenset()
    if viewer.is_authenticated and cards:
        if welcomed is None:
            welcomed = frozenset(
                Welcome.objects.filter(
                    member_id=viewer.pk, introduction_id__in=[card.pk for card in cards]
                ).values_list("introduction_id", flat=True)
            )
        blockers = chat_selectors.block_relations(viewer).blockers
    welcomed = welcomed or frozenset()
    for card in cards:
        card.welcomed_by_viewer = card.pk in welcomed
        card.can_welcome = not card.welcomed_by_viewer and permissions.can_welcome(
            viewer, card, is_blocked=card.member_id in blockers
        )
    return cards


def get_introduction_for(member, introduction_id: int) -> Introduction:
    """The introduction if this member may see its thread; 404 for missing and hidden alike."""
    introduction = (
        Introduction.objects.select_related("member", "thread", "thread__category")
        .filter(pk=introduction_id)
        .first()
    )
    if introduction is None:
        raise Http404
    permissions.check_can_see_thread(member, introduction.thread)
    return introduction


@dataclass(frozen=True)
class RegionCount:
    code: str
    posts: int


def thread_regions(thread: Thread) -> list[RegionCount]:
    """Where a thread's posts were written from, most first, unknown last: its "Who's here"
    strip (one query; reading_page() keeps it with the page). Only posts everyone can read
    count: not deleted, hidden or held."""
    rows = (
        Post.objects.filter(
            thread=thread,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            held_at__isnull=True,
        )
        .exclude(region_code="")
        .order_by()
        .values("region_code")
        .annotate(posts=Count("pk"))
    )
    counts = [RegionCount(code=row["region_code"], posts=row["posts"]) for row in rows]
    return sorted(counts, key=lambda each: (each.code == UNKNOWN_REGION, -each.posts, each.code))


NOTIFICATION_PREVIEW_CHARACTERS = 120
# Kinds about a member's words; a moderation notice quotes its reason, not the post.
PREVIEWED_KINDS = {"reply", "quote", "mention", "reaction"}


def notifications_for(member, page_number=1) -> Page:
    """A page of the member's notifications, each with `is_welcome` (the reply is a one-tap
    welcome) and `preview` (the post's opening words as plain text, or "" where the post is
    gone, waiting, hidden or by a member they blocked). Two queries: the count and the page."""
    notifications = (
        Notification.objects.filter(recipient=member)
        .select_related("actor", "post", "post__thread")
        .annotate(is_welcome=Exists(Welcome.objects.filter(post_id=OuterRef("post_id"))))
    )
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(requested_page(page_number))
    blocked = chat_selectors.blocked_ids(member)
    for notification in page.object_list:
        notification.preview = _notification_preview(notification, blocked)
    return page


def _notification_preview(notification: Notification, blocked: set[int]) -> str:
    post = notification.post
    if (
        post is None
        or notification.kind not in PREVIEWED_KINDS
        or post.deleted_at is not None
        or post.hidden_at is not None
        or post.held_at is not None
        or post.author_id in blocked
    ):
        return ""
    text = " ".join(html_to_text(post.body_html).split())
    return Truncator(text).chars(NOTIFICATION_PREVIEW_CHARACTERS)


# Every page's header shows it; notify() and mark_notifications_read() drop the kept one.
UNREAD_NOTIFICATIONS = caching.prefetched("unread-notifications")
UNREAD_NOTIFICATIONS_SECONDS = 300


def unread_notification_count(member) -> int:
    if not member.is_authenticated:
        return 0
    return caching.cached_for_member(
        UNREAD_NOTIFICATIONS,
        member.pk,
        lambda: Notification.objects.filter(recipient=member, read_at__isnull=True).count(),
        UNREAD_NOTIFICATIONS_SECONDS,
    )


# Pages read whom and what a member follows (the home feed's "only people I follow" and its
# reasons, a thread's and a profile's Follow button); only the member's own follows change it,
# and the services that write them drop the kept answer. Permission checks on writes (who may
# message whom) read the database (accounts.selectors.follows_member).
FOLLOWS = caching.prefetched("follows")
FOLLOWS_SECONDS = 300


@dataclass(frozen=True)
class Follows:
    members: frozenset[int] = frozenset()
    threads: frozenset[int] = frozenset()


def follows_of(member) -> Follows:
    """The members and threads `member` follows, as kept for their pages."""
    if not member.is_authenticated:
        return Follows()

    def stored() -> Follows:
        return Follows(
            account_selectors.followed_ids(member),
            frozenset(
                ThreadFollow.objects.filter(member=member).values_list("thread_id", flat=True)
            ),
        )

    return caching.cached_for_member(FOLLOWS, member.pk, stored, FOLLOWS_SECONDS)


def latest_post_region(member: Member) -> str:
    """The region of the member's latest post (the profile's tag), or their sign-in region."""
    latest = (
        Post.objects.filter(author=member, deleted_at__isnull=True)
        .order_by("-created_at")
        .values_list("region_code", flat=True)
        .first()
    )
    return latest or member.region_code


SEARCH_RESULTS_PER_PAGE = 20


@dataclass(frozen=True)
class CategoryNames:
    """A category's names, for the category_name filter."""

    name_en: str
    name_zh: str

    def name_in(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en


@dataclass(frozen=True)
class SearchResult:
    """One match as the results list shows it: plain values, cheap to keep and to read back
    (a kept page of model objects took longer to unpickle than to query)."""

    post_id: int
    language: str
    snippet: str  # escaped, the query's words in <mark>
    region_code: str
    created_at: datetime
    title: str
    thread_language: str
    category: CategoryNames
    author_username: str
    author_display_name: str

    @property
    def url(self) -> str:
        return reverse("forum:post", kwargs={"post_id": self.post_id})

    @property
    def author_name(self) -> str:
        return self.author_display_name or self.author_username


def _search_result(post: Post, query: str) -> SearchResult:
    category = post.thread.category
    return SearchResult(
        post_id=post.pk,
        language=post.language,
        snippet=search.highlighted_snippet(post.body_html, query),
        region_code=post.region_code,
        created_at=post.created_at,
        title=post.thread.title,
        thread_language=post.thread.language,
        category=CategoryNames(category.name_en, category.name_zh),
        author_username=post.author.username,
        author_display_name=post.author.display_name,
    )


def search_results(member, query: str, page_number=1) -> Page:
    """Posts matching `query` in either language, newest first, each with a highlighted
    snippet (two queries; one more for a page past the last), as SearchResults."""
    # Hidden and held posts are not for search (their authors find them in their threads).
    posts = Post.objects.filter(
        deleted_at__isnull=True,
        thread__deleted_at__isnull=True,
        hidden_at__isnull=True,
        held_at__isnull=True,
    )
    matches = search.matching(posts, query).order_by("-created_at", "-pk")
    number = requested_page(page_number)
    start = (number - 1) * SEARCH_RESULTS_PER_PAGE

    def page_of_results() -> tuple[int, list[SearchResult]]:
        # The page's ids and the number of matches in one pass over the matches (a common
        # word has thousands); then only those posts with their threads and authors: joined
        # before the sort, every match carried its thread and author.
        found = list(
            matches.annotate(total=Window(Count("pk"))).values_list("pk", "total")[
                start : start + SEARCH_RESULTS_PER_PAGE
            ]
        )
        rows = Post.objects.select_related("thread", "thread__category", "author").in_bulk(
            [pk for pk, _total in found]
        )
        return (found[0][1] if found else 0), [_search_result(rows[pk], query) for pk, _ in found]

    # The same for every reader (hidden and held posts are nobody's results): a common word
    # is sorted once until a post changes or a few seconds pass (core/caching.py). The
    # snippet marks the words as typed, so the query itself is in the key.
    count, results = caching.cached(
        "search-results", (search.query_tokens(query), query, number), page_of_results
    )
    if not results and number > 1:
        # Past the last page the window counts nothing: count, and show the last page.
        count = matches.count()
        last = CountedPaginator([], SEARCH_RESULTS_PER_PAGE, count=count).get_page(number)
        if last.number != number:
            return search_results(member, query, last.number)
    page = CountedPaginator([], SEARCH_RESULTS_PER_PAGE, count=count).get_page(number)
    page.object_list = results
    return page


def regions_written_from(limit: int = 60) -> list[str]:
    """Region codes members write from, most used first (for the feed's region settings)."""
    return list(
        Post.objects.exclude(region_code="")
        .values("region_code")
        .annotate(total=Count("pk"))
        .order_by("-total")
        .values_list("region_code", flat=True)[:limit]
    )
