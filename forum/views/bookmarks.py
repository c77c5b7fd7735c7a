"""Bookmarking posts and threads, and the list of a member's bookmarks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.redirects import local_url
from forum import selectors, services
from forum.forms import BookmarkForm


@login_required
def bookmark_post(request, post_id):
    """Keep a post, set its reminder, or let it go."""
    post = selectors.get_post_for(request.user, post_id)
    bookmark = selectors.bookmark_of(request.user, post)
    form = BookmarkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        back = local_url(request, request.POST.get("next"), post.get_absolute_url())
        if request.POST.get("remove"):
            services.remove_bookmark(member=request.user, post=post)
            messages.success(request, _("Bookmark removed."))
            return HttpResponseRedirect(back)
        if form.is_valid():
            services.bookmark_post(
                member=request.user, post=post, remind_in=form.cleaned_data["remind_in"]
            )
            messages.success(request, _("Bookmarked. Find it under Bookmarks in your menu."))
            return HttpResponseRedirect(back)
    next_url = local_url(request, request.GET.get("next"), post.get_absolute_url())
    context = {"post": post, "bookmark": bookmark, "form": form, "next_url": next_url}
    return render(request, "forum/bookmark_form.html", context)


@login_required
def bookmark_thread(request, thread_id):
    """A thread is kept by its opening post."""
    thread = selectors.get_thread_for(request.user, thread_id)
    opening = thread.posts.filter(number=1).first()
    if opening is None:
        raise Http404
    return bookmark_post(request, opening.pk)


@login_required
def bookmarks(request):
    page = selectors.bookmarks_of(request.user, request.GET.get("page"))
    return render(request, "forum/bookmarks.html", {"page": page})
