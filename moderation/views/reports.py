"""A member reports a post, a chat message or a profile. The form works as a page and, with
htmx, in place under the thing reported; what was typed survives every error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from chat import selectors as chat_selectors
from forum import selectors as forum_selectors
from moderation import permissions, services
from moderation.forms import ReportForm
from moderation.services import Target


def _report(request, *, target: Target, back_to: str, slot: str, subject: str):
    permissions.check_can_report(request.user, target.member)
    already = permissions.already_reported(request.user, **target.lookup)
    form = ReportForm(request.POST or None, initial={"also_block": "block" in request.GET})
    if target.message is None:
        del form.fields["share_context"]
    if chat_selectors.is_blocked_by(target.member.pk, request.user.pk):
        del form.fields["also_block"]  # already blocked
    if request.method == "POST" and not already and form.is_valid():
        try:
            services.file_report(
                reporter=request.user,
                target=target,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                share_context=form.cleaned_data.get("share_context", False),
                also_block=form.cleaned_data.get("also_block", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            thanks = _("Thank you. Moderators will look at it, and you will hear what they decide.")
            if target.message is not None and form.cleaned_data.get("also_block"):
                back_to = reverse("chat:inbox")  # the conversation is closed to them now
            if request.htmx:
                return render(request, "moderation/_report_thanks.html", {"message": thanks})
            messages.success(request, thanks)
            return redirect(back_to)
    context = {
        "form": form,
        "already": already,
        "action": request.path,
        "back_to": back_to,
        "slot": slot,
        "subject": subject,
    }
    template = "moderation/_report_form.html" if request.htmx else "moderation/report.html"
    return render(request, template, context)


@login_required
def report_post(request, post_id: int):
    post = forum_selectors.get_post_for(request.user, post_id)
    if post.deleted_at is not None:
        raise Http404
    return _report(
        request,
        target=Target.of_post(post),
        back_to=post.get_absolute_url(),
        slot=f"post-{post.number}-report",
        subject=_("Report this post"),
    )


@login_required
def report_message(request, message_id: int):
    message = chat_selectors.message_with_author(message_id)
    # Only a member of the conversation may report (or learn of) a message.
    if message is None or not chat_selectors.participation(request.user, message.conversation_id):
        raise Http404
    return _report(
        request,
        target=Target.of_message(message),
        back_to=message.conversation.get_absolute_url(),
        slot=f"message-{message.pk}-report",
        subject=_("Report this message"),
    )


@login_required
def report_member(request, username: str):
    member = account_selectors.profile_for(username)
    return _report(
        request,
        target=Target.of_member(member),
        back_to=member.get_absolute_url(),
        slot="profile-report",
        subject=_("Report this profile"),
    )
