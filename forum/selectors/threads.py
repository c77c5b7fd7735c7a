"""Categories, lists of threads and the home feed's query, a thread's regions."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.models import Member
from core import caching
from core.pagination import CountedPaginator, requested_page
from forum import permissions
from forum.models import Category, Post, Thread, ThreadRead
from regions.names import UNKNOWN_REGION

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 20  # a thread's page

LANGUAGE_FILTERS = ("en", "zh")


def categories() -> list[Category]:
    """Every category, in order (the feeds' aside): shared between readers, as kept pages are
    (an edit in the admin shows within PAGE_CACHE_SECONDS)."""
    return caching.cached("categories", (), lambda: list(Category.objects.all()))


def category_by_slug(slug: str) -> Category:
    category = next((each for each in categories() if each.slug == slug), None)
    if category is None:
        raise Http404
    return category


def held_thread_authors() -> frozenset[int]:
    """Who has a thread waiting for approval, which lists show its author alone: shared until
    content changes (holding and approving are writes)."""
    return caching.cached(
        "held-thread-authors",
        (),
        lambda: frozenset(
            Thread.objects.filter(held_at__isnull=False).values_list("author_id", flat=True)
        ),
        versions=(caching.POSTS,),
    )


def thread_visibility(member) -> tuple:
    """Everything visible_threads(member) depends on, for keys of values shared by readers:
    the member's id only while a thread of theirs waits for approval, so every other member
    shares one home feed and one count per list."""
    authenticated = member is not None and member.is_authenticated
    return (
        permissions.sees_deleted_threads(member),
        permissions.is_site_moderator(member),
        member.pk if authenticated and member.pk in held_thread_authors() else None,
    )


def visible_threads(member) -> QuerySet[Thread]:
    threads = Thread.objects.all()
    if not permissions.sees_deleted_threads(member):
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
    """One page of threads, newest activity first: Threads for the following feed, read
    afresh; elsewhere what each row's key needs (ThreadData), shared until content changes."""
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
    threads = threads.order_by(*ordering)
    if feed == "following":
        # Follows do not change versions: this list is read afresh.
        return Paginator(threads, THREADS_PER_PAGE).get_page(requested_page(page_number))

    def read_page(number: int) -> tuple[int, int, list[ThreadData]]:
        # What a row's key needs; rendering a row reads its thread (forum/fragments.py).
        fields = ("pk", "author_id", "language", "last_posted_at")
        paginator = Paginator(threads.select_related(None).only(*fields), THREADS_PER_PAGE)
        shown = paginator.get_page(number)
        return paginator.count, shown.number, [ThreadData.of(each) for each in shown]

    # The page's rows, as plain values, shared by its readers until content changes: counting
    # visits every thread, and reading twenty with their authors costs more than rendering
    # their cached rows.
    language = language if language in LANGUAGE_FILTERS else None
    number = requested_page(page_number)
    count, number, rows = caching.cached(
        "thread-list-page",
        (thread_visibility(member), category.pk if category else None, language, number),
        lambda: read_page(number),
    )
    page = CountedPaginator([], THREADS_PER_PAGE, count=count).page(number)
    page.object_list = rows
    return page


def get_thread_for(member, thread_id: int) -> Thread:
    """The thread if this member may see it; 404 for missing and hidden alike."""
    thread = get_object_or_404(
        Thread.objects.select_related("category", "author", "introduction"), pk=thread_id
    )
    permissions.check_can_see_thread(member, thread)
    return thread


def get_post_for(member, post_id: int) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("thread", "thread__category", "thread__introduction", "author"),
        pk=post_id,
    )
    permissions.check_can_see_thread(member, post.thread)
    if not permissions.can_see_post_text(member, post):
        raise Http404  # hidden or held: as if it were not there
    return post


@dataclass
class ThreadData:
    """A thread as a list of threads reads it: what its row's key needs, not the thread (a
    page of rows is cached; a row the cache lost loads its thread again)."""

    pk: int
    author_id: int
    language: str
    region_code: str  # where its opening post was written from
    last_posted_at: datetime
    last_number: int = 1
    # The home feed's "Why am I seeing this?": each reader's own, set on every view.
    reasons_key: tuple | None = None
    home_feed: object = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "home_feed": None}

    @classmethod
    def of(cls, thread: Thread) -> "ThreadData":
        """`thread` with its author and category, and its opening post's region_code."""
        copied = ("pk", "author_id", "language", "last_number")
        values = {name: getattr(thread, name) for name in copied}
        region_code = getattr(thread, "region_code", "")
        return cls(region_code=region_code, last_posted_at=thread.last_posted_at, **values)


@dataclass(frozen=True)
class ReadPositions:
    """How far a member has read the threads of a list (ThreadRead)."""

    positions: dict[int, int] = field(default_factory=dict)

    def unread(self, row: "ThreadData | Thread") -> int | None:
        """Posts after the member's position; None for a thread they never opened."""
        read = self.positions.get(row.pk)
        return None if read is None else max(0, row.last_number - read)

    def any_unread(self, rows) -> bool:
        return any(self.unread(row) for row in rows)

    def of(self, row: "ThreadData | Thread") -> dict:
        """What a row shows of it: the count, and the address of the first unread post."""
        unread = self.unread(row)
        if not unread:
            return {"unread": unread, "first_unread": ""}
        number = row.last_number - unread + 1
        page = (number - 1) // POSTS_PER_PAGE + 1
        query = f"?page={page}" if page > 1 else ""
        url = f"{reverse('forum:thread', args=[row.pk])}{query}#post-{number}"
        return {"unread": unread, "first_unread": url}


def read_positions(member, rows) -> ReadPositions:
    """The member's positions in these threads (one query; none signed out)."""
    ids = [row.pk for row in rows]
    if not member.is_authenticated or not ids:
        return ReadPositions()
    found = ThreadRead.objects.filter(member=member, thread_id__in=ids)
    return ReadPositions(dict(found.values_list("thread_id", "last_read_number")))


def opening_post_region(thread_field: str = "thread_id") -> Subquery:
    """The region tag of the opening post of the thread in `thread_field` of the outer query."""
    # order_by(): the posts' default order would join their threads inside every row's lookup.
    return Subquery(
        Post.objects.filter(thread_id=OuterRef(thread_field), number=1)
        .order_by()
        .values("region_code")[:1]
    )


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
            thread=thread, deleted_at__isnull=True, hidden_at__isnull=True, held_at__isnull=True
        )
        .exclude(region_code="")
        .order_by()
        .values("region_code")
        .annotate(posts=Count("pk"))
    )
    counts = [RegionCount(code=row["region_code"], posts=row["posts"]) for row in rows]
    return sorted(counts, key=lambda each: (each.code == UNKNOWN_REGION, -each.posts, each.code))


def latest_post_region(member: Member) -> str:
    """The region of the member's latest post (the profile's tag), or their sign-in region."""
    latest = (
        Post.objects.filter(author=member, deleted_at__isnull=True)
        .order_by("-created_at")
        .values_list("region_code", flat=True)
        .first()
    )
    return latest or member.region_code


def regions_written_from(limit: int = 60) -> list[str]:
    """Region codes members write from, most used first (for the feed's region settings)."""
    return list(
        Post.objects.exclude(region_code="")
        .values("region_code")
        .annotate(total=Count("pk"))
        .order_by("-total")
        .values_list("region_code", flat=True)[:limit]
    )
