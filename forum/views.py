from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from chat import selectors as chat_selectors
from core import caching
from core.ids import parse_id
from core.redirects import local_url
from core.request_size import accepts_uploads
from forum import fragments, permissions, selectors, services
from forum.feed import chips as feed_chips
from forum.feed import home_feed, newer_defaults, preference_for
from forum.feed_settings import answer_new_defaults, remove_chip, save_feed_settings
from forum.forms import (
    EditPostForm,
    FeedSettingsForm,
    IntroductionForm,
    ReplyForm,
    ThreadForm,
)
from forum.models import Post, Reaction
from regions.names import country_name
from translation import services as translation_services
from translation.responses import translate_and_respond
from translation.services import Wanted


def _feed_page(request, *, feed: str, category=None, template="forum/feed.html"):
    language = request.GET.get("language", "")
    page = selectors.thread_feed(
        request.user,
        feed=feed,
        category=category,
        language=language,
        page_number=request.GET.get("page"),
    )
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


# Refusals about the photos themselves; any other (a limit, a watched word) is about the whole
# post and shows above the form.
PHOTO_ERRORS = {
    "too_big",
    "format",
    "too_many_pixels",
    "side_too_long",
    "unreadable",
    "too_many_images",
}


def _with_errors_kept(form, error: ValidationError, field: str):
    """Show why the post was refused, in the form that still holds what the member typed."""
    form.add_error(field if getattr(error, "code", None) in PHOTO_ERRORS else None, error)
    return form


@accepts_uploads(files=services.MAX_IMAGES_PER_POST)
@login_required
def new_thread(request):
    permissions.check_can_start_thread(request.user)
    form = ThreadForm(request.POST or None, request.FILES or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.start_thread(
                author=request.user,
                category=form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                region_code=request.region_code,
                images=form.cleaned_data["images"],
                client_id=form.cleaned_data["client_id"],
            )
        except ValidationError as error:
            _with_errors_kept(form, error, "images")
        else:
            return redirect(thread)
    return render(request, "forum/thread_form.html", {"form": form})


@caching.cache_page(lambda thread_id: (caching.thread(thread_id), caching.MEMBERS))
def thread(request, thread_id):
    page = selectors.reading_page(request.user, thread_id, request.GET.get("page"))
    quoted = None
    if request.GET.get("quote"):
        quoted = Post.objects.filter(
            pk=parse_id(request.GET["quote"]) or 0,
            thread=page.thread,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            held_at__isnull=True,
        ).first()
    reply_form = ReplyForm(
        initial={
            "quoted_post": quoted.pk if quoted else None,
            "body": _quote_markdown(quoted) if quoted else "",
        }
    )
    return _render_thread(request, page, reply_form)


def _quote_markdown(post: Post) -> str:
    quoted_lines = "\n".join(f"> {line}" for line in post.body.splitlines())
    return f"> **@{post.author.username}**\n{quoted_lines}\n\n"


def _thread_actions(thread) -> list[tuple[str, str]]:
    """The thread's moderation menu: the names moderation's thread-action page takes."""
    return [
        ("unlock", _("Unlock thread")) if thread.locked_at else ("lock", _("Lock thread")),
        ("unpin", _("Unpin thread")) if thread.pinned_at else ("pin", _("Pin thread")),
        ("move", _("Move thread")),
    ]


def _render_thread(request, page, reply_form, status=200):
    member = request.user
    can_moderate = permissions.can_moderate_thread(member, page.thread)
    can_reply = permissions.can_reply(member, page.thread)
    return render(
        request,
        "forum/thread.html",
        {
            "thread_page": page,
            "thread": page.thread,
            "reply_form": reply_form,
            "can_reply": can_reply,
            # Where the form would be, a signed-in member who may not reply reads why.
            "reply_refusal": None
            if can_reply or not member.is_authenticated
            else permissions.why_cannot_reply(member, page.thread),
            # One answer for the page: every post is in the thread's category.
            "can_moderate": can_moderate,
            "thread_actions": _thread_actions(page.thread) if can_moderate else [],
            "reaction_kinds": Reaction.Kind.choices,
            # Posts by members the reader blocked show as one collapsed line.
            "blocked": chat_selectors.blocked_ids(member),
            # For language learners: each post's original and translation side by side (the
            # mode rides in the query string, so pagination keeps it and no query is added).
            "side_by_side": member.is_authenticated
            and request.GET.get("reading") == "side-by-side",
            # Who's here: where the thread's posts were written from.
            "regions": page.regions,
        },
        status=status,
    )


@accepts_uploads(files=services.MAX_IMAGES_PER_POST)
@login_required
@require_POST
def reply(request, thread_id):
    current = selectors.get_thread_for(request.user, thread_id)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        quoted_id = form.cleaned_data.get("quoted_post")
        quoted = Post.objects.filter(pk=quoted_id, thread=current).first() if quoted_id else None
        try:
            post = services.add_reply(
                author=request.user,
                thread=current,
                body=form.cleaned_data["body"],
                region_code=request.region_code,
                quoted_post=quoted,
                images=form.cleaned_data["images"],
                client_id=form.cleaned_data["client_id"],
            )
        except ValidationError as error:
            _with_errors_kept(form, error, "images")
        else:
            return redirect(post)
    # The member's text stays in the form, with the reason it was refused.
    last_page = selectors.reading_page(request.user, current.pk, "last")
    return _render_thread(request, last_page, form)


def post(request, post_id):
    """A post's own address: its thread, at the page it is on, scrolled to it."""
    found = selectors.get_post_for(request.user, post_id)
    url = reverse("forum:thread", kwargs={"thread_id": found.thread_id})
    page = selectors.page_of_post(found)
    query = f"?page={page}" if page > 1 else ""
    return HttpResponseRedirect(f"{url}{query}#post-{found.number}")


@login_required
def edit_post(request, post_id):
    found = selectors.get_post_for(request.user, post_id)
    permissions.check_can_edit_post(request.user, found)
    if selectors.IntroductionAnswers.of(found) is not None and found.author_id == request.user.pk:
        # One's own introduction is edited in its guided form, answer by answer.
        return redirect("forum:introduction-mine")
    initial = {"body": found.body, "title": found.thread.title if found.is_opening else ""}
    form = EditPostForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(
                editor=request.user,
                post=found,
                body=form.cleaned_data["body"],
                title=form.cleaned_data["title"] if found.is_opening else None,
            )
        except ValidationError as error:
            _with_errors_kept(form, error, "body")
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(found)
    return render(request, "forum/post_edit.html", {"form": form, "post": found})


@login_required
@require_POST
def delete_post(request, post_id):
    found = selectors.get_post_for(request.user, post_id)
    services.delete_post(author=request.user, post=found)
    messages.success(request, _("Your post is deleted."))
    if found.is_opening:
        return redirect("home")
    return redirect(found)


@login_required
def post_history(request, post_id):
    found = selectors.get_post_for(request.user, post_id)
    permissions.check_can_see_history(request.user, found)
    return render(
        request,
        "forum/post_history.html",
        {"post": found, "revisions": selectors.revisions_of(found)},
    )


@require_POST
@login_required
def react(request, post_id):
    found = selectors.get_post_for(request.user, post_id)
    kind = request.POST.get("kind", "")
    refusal = None
    if kind in Reaction.Kind.values:
        try:
            services.toggle_reaction(member=request.user, post=found, kind=kind)
        except ValidationError as error:
            refusal = error.messages[0]
    if request.htmx:
        return render(
            request,
            "forum/_reactions.html",
            {
                "post": found,
                "reactions": selectors.reactions_for_post(found, request.user),
                "can_react": permissions.can_react(request.user, found),
                "refusal": refusal,
            },
        )
    if refusal:
        messages.error(request, refusal)
    return redirect(found)


def _answers_wanted(post: Post, *, anyway: bool = False) -> list[Wanted]:
    """An introduction's answers, each to translate on its own (its label is the page's, in
    the reader's language, and never sent)."""
    answers = selectors.IntroductionAnswers.of(post)
    if answers is None:
        return []
    return [
        Wanted(escape(words), answers.language, element_id, anyway)
        for _name, words, element_id in answers.parts
    ]


@require_POST
@login_required
def translate_post(request, post_id):
    """Translate a post for this reader: at once from the cache, else by the worker."""
    found = selectors.get_post_for(request.user, post_id)
    translate_url = reverse("forum:post-translate", args=[found.pk])
    answers = _answers_wanted(found, anyway=request.POST.get("anyway") == "1")
    if not answers:
        return translate_and_respond(
            request,
            source_html=found.body_html,
            source_language=found.language,
            element_id=found.translation_element_id,
            translate_url=translate_url,
            back_to=found,
        )
    # An introduction's opening post: its text and its answers, in one request.
    outcomes = translation_services.request_translations(
        reader=request.user,
        wanted=[
            Wanted(
                found.body_html,
                found.language,
                found.translation_element_id,
                request.POST.get("anyway") == "1",
                translate_url,
            ),
            *answers,
        ],
    )
    if not request.htmx:
        return redirect(found)
    post_outcome = outcomes.pop(found.translation_element_id)
    return render(
        request,
        "forum/_translated_introduction.html",
        {
            "element_id": found.translation_element_id,
            "translation": post_outcome.translation,
            "state": post_outcome.state,
            "translate_url": translate_url,
            "blocks": [
                {"element_id": element_id, "outcome": outcome}
                for element_id, outcome in outcomes.items()
                if outcome.state in ANSWER_STATES_SHOWN
            ],
        },
    )


# An answer's own block shows its translation or that it is coming; what went wrong (or that
# it needs none) the post's block says once for all.
ANSWER_STATES_SHOWN = {"done", "pending", "still_pending"}


@require_POST
@login_required
def translate_thread_page(request, thread_id):
    """Translate the title and every visible post of one page of a thread, in one batch."""
    current = selectors.get_thread_for(request.user, thread_id)
    page = selectors.thread_page(request.user, current, request.GET.get("page"))
    title_url = reverse("forum:thread-translate", args=[current.pk])
    shown = [
        post
        for post in page.posts
        if post.deleted_at is None and permissions.can_see_post_text(request.user, post)
    ]
    wanted = [
        Wanted(
            escape(current.title), current.language, "thread-title-translation", False, title_url
        )
    ] + [
        wanted
        for post in shown
        for wanted in [
            Wanted(
                post.body_html,
                post.language,
                post.translation_element_id,
                translate_url=reverse("forum:post-translate", args=[post.pk]),
            ),
            *_answers_wanted(post),
        ]
    ]
    outcomes = translation_services.request_translations(reader=request.user, wanted=wanted)
    blocks = [
        {"element_id": element_id, "outcome": outcome}
        for element_id, outcome in outcomes.items()
        if outcome.state != "same_language"
    ]
    return render(request, "forum/_translated_page.html", {"blocks": blocks})


@require_POST
@login_required
def translate_title(request, thread_id):
    current = selectors.get_thread_for(request.user, thread_id)
    return translate_and_respond(
        request,
        source_html=escape(current.title),
        source_language=current.language,
        element_id="thread-title-translation",
        translate_url=reverse("forum:thread-translate", args=[current.pk]),
        back_to=current,
    )


def who_reacted(request, post_id):
    found = selectors.get_post_for(request.user, post_id)
    return render(
        request,
        "forum/who_reacted.html",
        {"post": found, "page": selectors.who_reacted(found, request.GET.get("page"))},
    )


@require_POST
@login_required
def follow_thread(request, thread_id):
    current = selectors.get_thread_for(request.user, thread_id)
    services.follow_thread(
        member=request.user, thread=current, follow=request.POST.get("follow") == "1"
    )
    return redirect(current)


@require_POST
@login_required
def follow_member(request, username):
    member = account_selectors.profile_for(username)
    services.follow_member(
        follower=request.user, member=member, follow=request.POST.get("follow") == "1"
    )
    return redirect(member)


@caching.cache_page(lambda **kwargs: (caching.POSTS, caching.MEMBERS))
def introductions(request):
    filters = selectors.IntroductionFilters(
        interest=request.GET.get("interest", ""),
        language=request.GET.get("language", ""),
        region=request.GET.get("region", ""),
        welcomed="no" if request.GET.get("welcomed") == "no" else "",
    )
    page, cards = fragments.introductions_grid(filters, request.GET.get("page"))
    return render(
        request,
        "forum/introductions.html",
        {
            "page": page,
            "cards": cards,
            "filters": filters,
            "interests": account_selectors.shown_suggested_interests(),
            "regions": selectors.introduction_regions(),
            "member_languages": settings.MEMBER_LANGUAGES,
            "mine": (
                selectors.shown_introduction_of(request.user)
                if request.user.is_authenticated
                else None
            ),
        },
    )


@accepts_uploads(files=services.MAX_IMAGES_PER_POST)
@login_required
def my_introduction(request):
    member = request.user
    existing = selectors.introduction_of(member)
    initial = {
        "languages_spoken": member.languages_spoken,
        "languages_learning": member.languages_learning,
        "interests": list(member.interests.all()),
    }
    if existing:
        initial.update(
            title=existing.thread.title,
            who_i_am=existing.who_i_am,
            where_from=existing.where_from,
            hope_to_learn=existing.hope_to_learn,
        )
    form = IntroductionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            introduction = services.post_introduction(
                member=member, region_code=request.region_code, **form.cleaned_data
            )
        except ValidationError as error:
            _with_errors_kept(form, error, "photos")
        else:
            return redirect(introduction.thread)
    return render(request, "forum/introduction_form.html", {"form": form, "existing": existing})


@require_POST
@login_required
def welcome_newcomer(request, introduction_id):
    """One tap on "Welcome 👋": a greeting reply in the member's language. htmx swaps the
    New arrivals card in place; without JavaScript, back to the page the tap came from."""
    introduction = selectors.get_introduction_for(request.user, introduction_id)
    refusal = None
    try:
        services.welcome_newcomer(
            member=request.user, introduction=introduction, region_code=request.region_code
        )
    except ValidationError as error:  # a posting limit
        refusal = error.messages[0]
    if request.htmx:
        card = selectors.new_arrival(request.user, introduction.pk)
        return render(
            request,
            "forum/_new_arrival.html",
            # A refused tap keeps its button, which still goes back to the same page.
            {"introduction": card, "refusal": refusal, "next_url": request.POST.get("next", "")},
        )
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(request, _("You welcomed %(name)s.") % {"name": introduction.member.name})
    return HttpResponseRedirect(local_url(request, request.POST.get("next"), reverse("home")))


@caching.cache_page(lambda **kwargs: (caching.POSTS, caching.MEMBERS))
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    return render(
        request,
        "forum/search.html",
        {
            "query": query,
            "page": selectors.search_results(request.user, query, request.GET.get("page"))
            if query
            else None,
        },
    )


@login_required
def notifications(request):
    return render(
        request,
        "forum/notifications.html",
        {"page": selectors.notifications_for(request.user, request.GET.get("page"))},
    )


@login_required
@require_POST
def mark_notifications_read(request):
    notification_id = request.POST.get("notification")
    # The page's buttons send a notification's id or none (all of them); anything else is no
    # request the site makes, and marking nothing would look like a success.
    if notification_id is not None and parse_id(notification_id) is None:
        raise BadRequest
    services.mark_notifications_read(
        member=request.user,
        notification_ids=None if notification_id is None else [parse_id(notification_id)],
    )
    fallback = reverse("forum:notifications")
    return HttpResponseRedirect(local_url(request, request.POST.get("next"), fallback))
