"""Watched words: staff list the words and phrases to block, hold for review or replace."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from moderation import permissions
from moderation.forms import WatchedWordForm
from moderation.models import WatchedWord
from moderation.watched_words import add_watched_word, remove_watched_word
from moderation.watched_words import watched_words as all_watched_words


@login_required
@require_http_methods(["GET", "POST"])
def watched_words(request):
    permissions.check_can_manage_watched_words(request.user)
    form = WatchedWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = add_watched_word(moderator=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Now watching “%(word)s”.") % {"word": added.word})
            return redirect("moderation:watched-words")
    return render(
        request,
        "moderation/watched_words.html",
        {"form": form, "words": all_watched_words(), "replace": WatchedWord.Response.REPLACE},
    )


@login_required
@require_POST
def delete_watched_word(request, word_id):
    permissions.check_can_manage_watched_words(request.user)
    found = get_object_or_404(WatchedWord, pk=word_id)
    remove_watched_word(moderator=request.user, watched_word=found)
    messages.success(request, _("No longer watching “%(word)s”.") % {"word": found.word})
    return redirect("moderation:watched-words")
