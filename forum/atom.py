"""Atom feeds for readers outside the site (Django's syndication framework): the latest
threads, a category's, and a thread's posts. Only what a signed-out visitor sees.

A title is in the thread's own language, with its translation into the feed's language
alongside when the site has one already (a feed never asks DeepL). The feed's language is
`?lang=` (the pages link their own), else the request's."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.markup import html_to_text
from forum import selectors
from forum.models import Category, Post, Thread
from translation.selectors import stored_translations
from translation.services import already_in

ENTRIES = 30


def _with_translated_titles(threads: list[Thread]) -> list[Thread]:
    """Each thread's `feed_title`: its title, and the stored translation beside it."""
    language = translation.get_language()
    wanted = {t.pk: escape(t.title) for t in threads if not already_in(t.language, language)}
    found = stored_translations(None, wanted, done=True, language=language)
    for thread in threads:
        thread.feed_title = thread.title
        if thread.pk in found and (translated := html_to_text(found[thread.pk].html).strip()):
            thread.feed_title = _("%(title)s (%(translated)s)") % {
                "title": thread.title,
                "translated": translated,
            }
    return threads


class _HalfwayFeed(Feed):
    feed_type = Atom1Feed

    # One instance serves every request: the feed's language is the active one, not state.
    def __call__(self, request, *args, **kwargs):
        language = request.GET.get("lang")
        if language not in ("en", "zh-hans"):
            language = translation.get_language()
        with translation.override(language):
            return super().__call__(request, *args, **kwargs)

    def item_link(self, item):
        return item.get_absolute_url()


class LatestThreadsFeed(_HalfwayFeed):
    """The newest threads, each with its opening post."""

    def title(self, obj=None):
        return _("Halfway: latest threads")

    def subtitle(self, obj=None):
        return _("Halfway is a community where newcomers and long-time members meet in the middle.")

    def link(self, obj=None):
        return "/"

    def threads(self, obj=None):
        return selectors.visible_threads(AnonymousUser())

    def items(self, obj=None):
        opening = Post.objects.filter(
            thread=OuterRef("pk"), number=1, held_at=None, hidden_at=None, deleted_at=None
        )
        threads = (
            self.threads(obj)
            .select_related("author", "category")
            .annotate(opening_html=Subquery(opening.values("body_html")[:1]))
            .order_by("-created_at")[:ENTRIES]
        )
        return _with_translated_titles(list(threads))

    def item_title(self, thread):
        return thread.feed_title

    def item_description(self, thread):
        return thread.opening_html or ""

    def item_author_name(self, thread):
        return thread.author.name

    def item_pubdate(self, thread):
        return thread.created_at

    def item_updateddate(self, thread):
        return thread.last_posted_at

    def item_categories(self, thread):
        return [thread.category.name_in(translation.get_language())]


class CategoryFeed(LatestThreadsFeed):
    def get_object(self, request, slug):
        return selectors.category_by_slug(slug)

    def title(self, category: Category):
        return _("Halfway: %(category)s") % {
            "category": category.name_in(translation.get_language())
        }

    def subtitle(self, category: Category):
        return category.description_in(translation.get_language())

    def link(self, category: Category):
        return category.get_absolute_url()

    def threads(self, category: Category):
        return super().threads().filter(category=category)


class ThreadFeed(_HalfwayFeed):
    """A thread's newest posts."""

    def get_object(self, request, thread_id):
        thread = selectors.visible_threads(AnonymousUser()).filter(pk=thread_id).first()
        if thread is None:
            raise Http404
        return _with_translated_titles([thread])[0]

    def title(self, thread: Thread):
        return thread.feed_title

    def link(self, thread: Thread):
        return thread.get_absolute_url()

    def items(self, thread: Thread):
        posts = thread.posts.filter(held_at=None, hidden_at=None, deleted_at=None)
        posts = list(posts.select_related("author").order_by("-number")[:ENTRIES])
        for post in posts:
            post.thread = thread  # with its feed_title
        return posts

    def item_title(self, post: Post):
        return _("%(author)s in %(thread)s") % {
            "author": post.author.name,
            "thread": post.thread.feed_title,
        }

    def item_description(self, post: Post):
        return post.body_html

    def item_author_name(self, post: Post):
        return post.author.name

    def item_pubdate(self, post: Post):
        return post.created_at

    def item_updateddate(self, post: Post):
        return post.edited_at or post.created_at
