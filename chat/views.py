"""Chat pages. Thin: who may see what is asked of selectors/permissions, changes of services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors as account_selectors
from chat import permissions, selectors, services
from chat.forms import GroupForm, MessageForm, MessagePolicyForm
from chat.models import Conversation, Message, Participant
from core.ids import parse_id
from core.markup import render_markdown
from core.redirects import local_url
from core.request_size import accepts_uploads
from translation import services as translation_services
from translation.detection import detect_language
from translation.responses import translate_and_respond


def _place_or_404(request, conversation_id: int) -> Participant:
    """The viewer's place in the conversation; anyone else learns nothing, not even that."""
    place = selectors.participation(request.user, conversation_id)
    if place is None:
        raise Http404
    return place


@login_required
@require_GET
def inbox(request):
    return render(
        request,
        "chat/chat.html",
        {
            "conversations": selectors.inbox(request.user),
            "request_count": selectors.request_count(request.user),
        },
    )


@login_required
@require_GET
def conversation(request, conversation_id: int):
    place = _place_or_404(request, conversation_id)
    current = place.conversation
    history, has_older = selectors.messages_before(current)
    if history and place.state == Participant.State.ACTIVE:
        services.mark_read(member=request.user, conversation=current, message_id=history[-1].pk)
    others = selectors.others_in(current, request.user)
    draft = account_selectors.draft_for(request.user, f"chat:{current.pk}")
    return render(
        request,
        "chat/chat.html",
        {
            "conversations": selectors.inbox(request.user),
            "request_count": selectors.request_count(request.user),
            "current": current,
            "place": place,
            "others": others,
            "history": history,
            "has_older": has_older,
            "seen_up_to": selectors.seen_up_to(current, request.user),
            "blocked": selectors.blocked_ids(request.user),
            "write_refusal": permissions.why_cannot_write_in(request.user, current, others),
            "form": MessageForm(initial={"body": draft.body if draft else ""}),
        },
    )


@login_required
@require_GET
def older(request, conversation_id: int):
    """The page of history above what the member has scrolled to (infinite scroll upwards)."""
    place = _place_or_404(request, conversation_id)
    before = parse_id(request.GET.get("before", ""))
    if before is None:
        raise Http404
    history, has_older = selectors.messages_before(place.conversation, before)
    return render(
        request,
        "chat/_history.html",
        {
            "current": place.conversation,
            "place": place,
            "history": history,
            "has_older": has_older,
            "seen_up_to": selectors.seen_up_to(place.conversation, request.user),
            "blocked": selectors.blocked_ids(request.user),
        },
    )


@login_required
@require_GET
def since(request, conversation_id: int):
    """What a page missed while its socket was down."""
    place = _place_or_404(request, conversation_id)
    after = parse_id(request.GET.get("after", ""))
    if after is None:
        raise Http404
    return render(
        request,
        "chat/_messages.html",
        {
            "messages_": selectors.messages_after(place.conversation, after),
            "place": place,
            "seen_up_to": selectors.seen_up_to(place.conversation, request.user),
            "blocked": selectors.blocked_ids(request.user),
        },
    )


@login_required
@require_GET
def row(request, conversation_id: int):
    """One conversation's row in the list, for a page that gets a message of one it lacks."""
    _place_or_404(request, conversation_id)
    found = selectors.inbox_row(request.user, conversation_id)
    if found is None:
        raise Http404
    return render(request, "chat/_conversation_row.html", {"conversation": found})


@accepts_uploads(files=services.MAX_IMAGES_PER_MESSAGE)
@login_required
@require_POST
def send(request, conversation_id: int):
    """Send a message (htmx or a plain form post: both work without the socket)."""
    # Everyone's place, read once: the viewer's for this page, all of them for the send.
    places = selectors.places_for_message(conversation_id, request.user.pk)
    place = places.get(request.user.pk)
    if place is None or place.state not in Participant.READING:
        raise Http404
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message, _new = services.send_message(
                author=request.user,
                conversation=place.conversation,
                places=places,
                body=form.cleaned_data["body"],
                client_id=form.cleaned_data["client_id"],
                region_code=request.region_code,
                images=form.cleaned_data["images"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error("body", getattr(error, "messages", None) or [str(error)])
    if not request.htmx:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(place.conversation)
    if form.errors:
        response = render(
            request, "chat/_composer.html", {"form": form, "current": place.conversation}
        )
        response["HX-Retarget"] = "#composer"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(
        request,
        "chat/_messages.html",
        {"messages_": [message], "place": place, "seen_up_to": 0, "blocked": set()},
    )


@login_required
@require_POST
def preview(request, conversation_id: int):
    """How the other member will read the draft: translated into their language, before it
    is sent (one-to-one conversations)."""
    place = _place_or_404(request, conversation_id)
    others = selectors.others_in(place.conversation, request.user)
    if place.conversation.kind != Conversation.Kind.DIRECT or not others:
        raise Http404
    other = others[0].member
    body = (request.POST.get("body") or "").strip()
    context = {"other": other, "element_id": f"draft-preview-{place.conversation.pk}"}
    if not body:
        context["state"] = "empty"
    else:
        html = render_markdown(body[: services.MAX_MESSAGE_CHARACTERS])
        outcome = translation_services.request_translation(
            reader=request.user,
            source_html=html,
            source_language=detect_language(body).code,
            element_id=context["element_id"],
            for_member=other,
            private=True,
        )
        context.update(state=outcome.state, translation=outcome.translation)
    return render(request, "chat/_preview.html", context)


@login_required
@require_POST
def read(request, conversation_id: int):
    place = _place_or_404(request, conversation_id)
    message_id = parse_id(request.POST.get("message_id", ""))
    if message_id is None:
        raise BadRequest("message_id is not an id")
    services.mark_read(member=request.user, conversation=place.conversation, message_id=message_id)
    return HttpResponse(status=204)


@login_required
@require_POST
def auto_translate(request, conversation_id: int):
    place = _place_or_404(request, conversation_id)
    services.set_auto_translate(
        member=request.user, conversation=place.conversation, on=request.POST.get("on") == "1"
    )
    return redirect(place.conversation)


@login_required
@require_POST
def translate_message(request, message_id: int):
    message = get_object_or_404(Message, pk=message_id)
    _place_or_404(request, message.conversation_id)
    return translate_and_respond(
        request,
        source_html=message.body_html,
        source_language=message.language,
        element_id=message.translation_element_id,
        translate_url=reverse("chat:message-translate", args=[message.pk]),
        back_to=message.conversation,
        private=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request, username: str):
    """Write a first message to a member (from their profile)."""
    recipient = account_selectors.member_named(username)
    existing = Conversation.objects.filter(
        direct_key=Conversation.key_for(request.user.pk, recipient.pk)
    ).first()
    if existing is not None and selectors.participation(request.user, existing.pk):
        return redirect(existing)
    reason = permissions.why_cannot_start(request.user, recipient)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and reason is None and form.is_valid():
        try:
            started = services.direct_conversation(sender=request.user, recipient=recipient)
            services.send_message(
                author=request.user,
                conversation=started,
                body=form.cleaned_data["body"],
                client_id=form.cleaned_data["client_id"],
                region_code=request.region_code,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error("body", getattr(error, "messages", None) or [str(error)])
        else:
            return redirect(started)
    return render(
        request, "chat/start.html", {"recipient": recipient, "reason": reason, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_group(request):
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(
                creator=request.user,
                title=form.cleaned_data["title"],
                members=form.cleaned_data["usernames"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(group)
    return render(request, "chat/new_group.html", {"form": form})


@login_required
@require_POST
def leave(request, conversation_id: int):
    place = _place_or_404(request, conversation_id)
    services.leave(member=request.user, conversation=place.conversation)
    messages.info(request, _("You left the group."))
    return redirect("chat:inbox")


@login_required
@require_GET
def requests(request):
    return render(
        request, "chat/requests.html", {"conversations": selectors.request_cards(request.user)}
    )


def _block_confirmation(request, blocked, *, action: str, back: str):
    """The page that says what blocking does before it is done (GET); its form posts to
    `action`, the endpoint that blocks."""
    return render(
        request,
        "chat/block_confirm.html",
        {
            "blocked": blocked,
            "action": action,
            "back": back,
            "reason": permissions.why_cannot_block(request.user, blocked),
            "has_blocked": blocked.pk in selectors.blocked_ids(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def block_request(request, conversation_id: int):
    """Block the sender of a message request: asked first (GET), done on POST."""
    place = _place_or_404(request, conversation_id)
    others = selectors.others_in(place.conversation, request.user)
    if request.method == "GET":
        if place.conversation.kind != Conversation.Kind.DIRECT or not others:
            raise Http404
        return _block_confirmation(
            request,
            others[0].member,
            action=reverse("chat:block-request", args=[place.conversation.pk]),
            back=reverse("chat:requests"),
        )
    return decide_request(request, conversation_id, decision="block")


@login_required
@require_POST
def decide_request(request, conversation_id: int, decision: str):
    place = _place_or_404(request, conversation_id)
    if decision == "accept":
        services.accept_request(member=request.user, conversation=place.conversation)
        return redirect(place.conversation)
    services.delete_request(member=request.user, conversation=place.conversation)
    if decision == "block":
        for other in selectors.others_in(place.conversation, request.user):
            services.block_member(blocker=request.user, blocked=other.member)
        messages.info(request, _("Blocked. They can no longer message you."))
    else:
        messages.info(request, _("Request deleted."))
    return redirect("chat:requests")


@login_required
@require_http_methods(["GET", "POST"])
def block(request, username: str):
    """Block a member (asked first: GET shows what it does), or unblock them."""
    blocked = account_selectors.member_named(username, active=False)
    if request.method == "GET":
        return _block_confirmation(
            request,
            blocked,
            action=reverse("chat:block", args=[blocked.username]),
            back=local_url(request, request.GET.get("next"), blocked.get_absolute_url()),
        )
    if request.POST.get("block") == "0":
        services.unblock_member(blocker=request.user, blocked=blocked)
        messages.info(request, _("Unblocked."))
    else:
        try:
            services.block_member(blocker=request.user, blocked=blocked)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.info(request, _("Blocked. They can no longer message you."))
    return HttpResponseRedirect(
        local_url(request, request.POST.get("next"), blocked.get_absolute_url())
    )


@login_required
@require_http_methods(["GET", "POST"])
def privacy(request):
    """Who may message me, and the members I have blocked."""
    form = MessagePolicyForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("chat:privacy")
    return render(
        request, "chat/privacy.html", {"form": form, "blocks": selectors.blocks(request.user)}
    )
