"""Search results with their snippets."""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page
from django.db.models import Count, Window
from django.urls import reverse

from core import caching
from core.pagination import CountedPaginator, requested_page
from forum import search
from forum.models import Post

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
