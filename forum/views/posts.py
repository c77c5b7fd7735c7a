"""A post's own address, its editing and deletion, and its history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import permissions, selectors, services
from forum.forms import EditPostForm
from forum.views.threads import _with_errors_kept


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
