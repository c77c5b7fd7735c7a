"""A member's bookmarks."""

from django.core.paginator import Page, Paginator
from django.utils.text import Truncator

from core.markup import html_to_text
from core.pagination import requested_page
from forum.models import Bookmark, Post

BOOKMARKS_PER_PAGE = 30


def bookmark_of(member, post: Post) -> Bookmark | None:
    return Bookmark.objects.filter(member=member, post=post).first()


def bookmarks_of(member, page_number=1) -> Page:
    """The member's bookmarks, newest first, each with `preview` (the post's opening words).
    Two queries: the count and the page."""
    bookmarks = (
        Bookmark.objects.filter(member=member)
        .select_related("post__thread", "post__author")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(bookmarks, BOOKMARKS_PER_PAGE).get_page(requested_page(page_number))
    for bookmark in page.object_list:
        post = bookmark.post
        text = " ".join(html_to_text(post.body_html[:4000]).split())
        bookmark.preview = Truncator(text).chars(160)
    return page
