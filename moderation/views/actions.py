"""A moderator's actions on a post, a thread, a member or a case. Each opens a small form
(in place with htmx, or as a page) that asks what the action needs, then calls the service."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from core.ids import parse_id
from core.redirects import local_url
from forum import selectors as forum_selectors
from moderation import permissions, selectors, services
from moderation.forms import ActionForm
from moderation.models import Action

POST_ACTIONS = ("hide", "unhide", "delete", "edit", "approve")
THREAD_ACTIONS = ("lock", "unlock", "pin", "unpin", "move")
MEMBER_ACTIONS = ("warn", "silence", "suspend", "ban", "restore")


def _next_url(request, fallback: str) -> str:
    return local_url(request, request.POST.get("next") or request.GET.get("next"), fallback)


def _done(request, next_url: str):
    messages.success(request, _("Done. The audit log has it."))
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = next_url
        return response
    return redirect(next_url)


def _form_page(request, *, form, action: str, subject: str, next_url: str, slot: str):
    context = {
        "form": form,
        "action": action,
        "action_label": Action(action).label,
        "subject": subject,
        "next": next_url,
        "post_url": request.path,
        "slot": slot,
    }
    template = "moderation/_action_form.html" if request.htmx else "moderation/action.html"
    return render(request, template, context)


def _case_from(request, moderator, member=None):
    case_id = parse_id(request.POST.get("case") or request.GET.get("case"))
    if case_id is None:
        return None
    case = selectors.get_case_for(moderator, case_id)
    if member is not None and case.member_id != member.pk:
        raise Http404
    return case


@login_required
def post_action(request, post_id: int, action: str):
    if action not in POST_ACTIONS:
        raise Http404
    post = forum_selectors.get_post_for(request.user, post_id)
    permissions.check_can_moderate_post(request.user, post)
    next_url = _next_url(request, post.get_absolute_url())
    form = ActionForm(request.POST or None, action=action, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data.get("reason", "")
        try:
            if action == "hide":
                services.hide_post(moderator=request.user, post=post, reason=reason)
            elif action == "unhide":
                services.unhide_post(moderator=request.user, post=post, reason=reason)
            elif action == "delete":
                services.delete_post(moderator=request.user, post=post, reason=reason)
            elif action == "edit":
                services.edit_post(
                    moderator=request.user, post=post, body=form.cleaned_data["body"], reason=reason
                )
            else:
                services.approve_post(moderator=request.user, post=post)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, next_url)
    return _form_page(
        request,
        form=form,
        action=action,
        subject=_("Post #%(number)s in “%(title)s”")
        % {"number": post.number, "title": post.thread.title},
        next_url=next_url,
        slot=f"post-{post.number}-moderate",
    )


@login_required
def thread_action(request, thread_id: int, action: str):
    if action not in THREAD_ACTIONS:
        raise Http404
    thread = forum_selectors.get_thread_for(request.user, thread_id)
    permissions.check_can_moderate_thread(request.user, thread)
    next_url = _next_url(request, thread.get_absolute_url())
    form = ActionForm(request.POST or None, action=action, initial={"category": thread.category})
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data.get("reason", "")
        try:
            if action == "move":
                services.move_thread(
                    moderator=request.user,
                    thread=thread,
                    category=form.cleaned_data["category"],
                    reason=reason,
                )
            else:
                services.flag_thread(
                    moderator=request.user, thread=thread, action=action, reason=reason
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, next_url)
    return _form_page(
        request,
        form=form,
        action=action,
        subject=_("Thread “%(title)s”") % {"title": thread.title},
        next_url=next_url,
        slot="thread-moderate",
    )


@login_required
def member_action(request, username: str, action: str):
    if action not in MEMBER_ACTIONS:
        raise Http404
    member = account_selectors.member_named(username, active=False)
    if action == "warn":
        permissions.check_can_warn_member(request.user, member)
    else:
        permissions.check_can_restrict_member(request.user, member)
    case = _case_from(request, request.user, member)
    next_url = _next_url(request, member.get_absolute_url())
    form = ActionForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        acting = {"moderator": request.user, "member": member, "reason": reason}
        until = None
        if action in ("silence", "suspend"):
            until = timezone.now() + timedelta(days=form.days())
        try:
            if action == "warn":
                services.warn_member(**acting, case=case)
            elif action == "silence":
                services.silence_member(**acting, until=until, case=case)
            elif action == "suspend":
                services.suspend_member(**acting, until=until, case=case)
            elif action == "ban":
                services.ban_member(**acting, case=case)
            else:
                services.lift_restrictions(**acting)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, next_url)
    return _form_page(
        request,
        form=form,
        action=action,
        subject=_("Member %(name)s (@%(username)s)")
        % {"name": member.name, "username": member.username},
        next_url=next_url,
        slot=f"case-{case.pk}-moderate" if case else "member-moderate",
    )


@login_required
def dismiss(request, case_id: int):
    case = selectors.get_case_for(request.user, case_id)
    permissions.check_can_decide_case(request.user, case)
    next_url = _next_url(request, reverse("moderation:queue"))
    form = ActionForm(request.POST or None, action="dismiss")
    if request.method == "POST" and form.is_valid():
        services.dismiss_case(moderator=request.user, case=case, reason=form.cleaned_data["reason"])
        return _done(request, next_url)
    return _form_page(
        request,
        form=form,
        action="dismiss",
        subject=_("Reports about this"),
        next_url=next_url,
        slot=f"case-{case.pk}-moderate",
    )
