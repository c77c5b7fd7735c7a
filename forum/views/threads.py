"""Starting, reading and replying to a thread."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from chat import selectors as chat_selectors
from core import caching
from core.ids import parse_id
from core.request_size import accepts_uploads
from forum import permissions, selectors, services
from forum.forms import ReplyForm, ThreadForm
from forum.models import Post, Reaction

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


def _with_errors_kept(form, error: ValidationError, field: str) -> None:
    """Show why the post was refused, in the form that still holds what the member typed."""
    form.add_error(field if getattr(error, "code", None) in PHOTO_ERRORS else None, error)


@accepts_uploads(files=services.MAX_IMAGES_PER_POST)
@login_required
def new_thread(request):
    permissions.check_can_start_thread(request.user)
    initial = request.GET.dict()
    if request.method == "GET" and (draft := account_selectors.draft_for(request.user, "thread")):
        initial.update(title=draft.title, body=draft.body)
    form = ThreadForm(request.POST or None, request.FILES or None, initial=initial)
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
    if request.user.is_authenticated and page.posts:
        services.mark_read(
            member=request.user, thread_id=page.thread.pk, number=page.posts[-1].number
        )
    quoted = None
    if request.GET.get("quote"):
        quoted = Post.objects.filter(
            pk=parse_id(request.GET["quote"]) or 0,
            thread=page.thread,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            held_at__isnull=True,
        ).first()
    # What the member had typed here, on this device or another, then the quote they asked for.
    draft = account_selectors.draft_for(request.user, f"reply:{page.thread.pk}")
    body = "\n\n".join(
        part for part in (draft and draft.body.rstrip(), quoted and _quote_markdown(quoted)) if part
    )
    reply_form = ReplyForm(initial={"quoted_post": quoted.pk if quoted else None, "body": body})
    return _render_thread(request, page, reply_form)


def new_replies(request, thread_id):
    """The replies after `after` (a post number), as list items for a page with the thread
    open (static/js/live_replies.js): a member who taps "2 new replies" reads them in place."""
    page = selectors.replies_after(request.user, thread_id, parse_id(request.GET.get("after")) or 0)
    if request.user.is_authenticated and page.posts:  # shown now: read, as on the page
        services.mark_read(
            member=request.user, thread_id=page.thread.pk, number=page.posts[-1].number
        )
    return _render_thread(request, page, None, "forum/_new_replies.html")


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


def _render_thread(request, page, reply_form, template="forum/thread.html"):
    member = request.user
    can_moderate = permissions.can_moderate_thread(member, page.thread)
    can_reply = permissions.can_reply(member, page.thread)
    return render(
        request,
        template,
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
            "regions": page.regions,
            # The live bar's words in the reader's language, its count filled in by the page.
            "new_replies_text": [
                ngettext("%(count)s new reply", "%(count)s new replies", n) % {"count": count}
                for n, count in ((1, 1), (2, "{count}"))
            ],
        },
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
