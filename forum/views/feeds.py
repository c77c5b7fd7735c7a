"""The home feed, following and category feeds, and a member's feed settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import caching
from core.redirects import local_url
from forum import selectors, services
from forum.feed import chips as feed_chips
from forum.feed import home_feed, newer_defaults, preference_for
from forum.feed_settings import answer_new_defaults, remove_chip, save_feed_settings
from forum.forms import FeedSettingsForm
from regions.names import country_name


def _feed_page(request, *, feed: str, category=None, template="forum/feed.html"):
    language = request.GET.get("language", "")
    page = selectors.thread_feed(
        request.user,
        feed=feed,
        category=category,
        language=language,
        page_number=request.GET.get("page"),
    )
    read = selectors.read_positions(request.user, page.object_list)
    return render(
        request,
        template,
        {
            "page": page,
            "feed": feed,
            "category": category,
            "language": language if language in selectors.LANGUAGE_FILTERS else "",
            "categories": selectors.categories(),
            # The home page's New arrivals panel (not on category or following pages).
            "new_arrivals": selectors.new_arrivals(request.user) if feed == "latest" else [],
            "read_positions": read,
            "has_unread": read.any_unread(page.object_list),
        },
    )


@caching.cache_page(lambda **kwargs: (caching.POSTS, caching.MEMBERS))
def feed(request, feed="latest"):
    if feed == "latest" and request.user.is_authenticated:
        return _home_feed(request)
    return _feed_page(request, feed=feed)


def _region_name(code: str) -> str:
    return country_name(code, get_language() or "en") or code


def _home_feed(request):
    """A signed-in member's home: their own settings, shown as chips, each thread with why."""
    member = request.user
    threads = selectors.visible_threads(member).select_related("author", "category")
    home = home_feed(member, threads, request.GET.get("page"))
    read = selectors.read_positions(member, home.page.object_list)
    return render(
        request,
        "forum/feed.html",
        {
            "page": home.page,
            "feed": "latest",
            "categories": selectors.categories(),
            "chips": feed_chips(home.preference, _region_name),
            "newer_defaults": newer_defaults(home.preference),
            "new_arrivals": selectors.new_arrivals(member),
            "read_positions": read,
            "has_unread": read.any_unread(home.page.object_list),
        },
    )


@login_required
def feed_settings(request):
    preference = preference_for(request.user)
    regions = [(code, _region_name(code)) for code in selectors.regions_written_from()]
    initial = {
        "languages": FeedSettingsForm.languages_key(preference.languages),
        "only_following": preference.only_following,
        "muted_categories": list(preference.muted_categories.all()),
        "emphasised_regions": preference.emphasised_regions,
        "hidden_regions": preference.hidden_regions,
    }
    form = FeedSettingsForm(request.POST or None, initial=initial, regions=regions)
    if request.method == "POST" and form.is_valid():
        save_feed_settings(
            member=request.user,
            languages=FeedSettingsForm.LANGUAGE_CHOICES[form.cleaned_data["languages"]],
            muted_categories=list(form.cleaned_data["muted_categories"]),
            only_following=form.cleaned_data["only_following"],
            emphasised_regions=form.cleaned_data["emphasised_regions"],
            hidden_regions=form.cleaned_data["hidden_regions"],
        )
        messages.success(request, _("Your feed is updated."))
        return redirect("home")
    return render(request, "forum/feed_settings.html", {"form": form})


@require_POST
@login_required
def mark_all_read(request):
    services.mark_all_read(member=request.user)
    messages.success(request, _("Every thread you have opened is marked read."))
    return HttpResponseRedirect(local_url(request, request.POST.get("next"), reverse("home")))


@require_POST
@login_required
def feed_chip_remove(request):
    remove_chip(member=request.user, key=request.POST.get("chip", ""))
    return redirect("home")


@require_POST
@login_required
def feed_defaults(request):
    answer_new_defaults(member=request.user, accept=request.POST.get("accept") == "1")
    return redirect("home")


@caching.cache_page(lambda **kwargs: (caching.POSTS, caching.MEMBERS))
def category(request, slug):
    found = selectors.category_by_slug(slug)
    if found.is_introductions:
        return redirect("forum:introductions")
    return _feed_page(request, feed="category", category=found)
