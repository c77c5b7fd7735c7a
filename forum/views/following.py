"""Following a thread or a member."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from forum import selectors, services


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
