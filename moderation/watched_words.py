"""Watched words: staff add and remove the words and phrases posts and messages are checked
for (moderation.content_rules applies them). Every change is in the audit log."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Member
from moderation import content_rules, permissions
from moderation.models import Action, AuditEntry, WatchedWord


def watched_words() -> list[WatchedWord]:
    """Every watched word, alphabetically, with who added it."""
    return list(WatchedWord.objects.select_related("created_by").order_by("word"))


def _changed() -> None:
    # Forget now, so this process sees the change at once, and again after the commit, in
    # case another process cached the old list in between.
    content_rules.forget_watched_words()
    transaction.on_commit(content_rules.forget_watched_words)


def add_watched_word(
    *, moderator: Member, word: str, response: str, replacement: str = ""
) -> WatchedWord:
    """Watch a word or phrase (in either language); "replace" needs what to put instead."""
    permissions.check_can_manage_watched_words(moderator)
    word = " ".join(word.split())
    replacement = " ".join(replacement.split()) if response == WatchedWord.Response.REPLACE else ""
    if not word:
        raise ValidationError(_("Write the word or phrase to watch for."), code="required")
    if response not in WatchedWord.Response.values:
        raise ValidationError(_("Choose what happens to a post with this word."), code="response")
    if response == WatchedWord.Response.REPLACE and not replacement:
        raise ValidationError(_("Write what replaces the word."), code="replacement")
    duplicate = ValidationError(
        _("“%(word)s” is already watched."), params={"word": word}, code="duplicate"
    )
    if WatchedWord.objects.filter(word__iexact=word).exists():
        raise duplicate
    try:
        with transaction.atomic():
            watched = WatchedWord.objects.create(
                word=word, response=response, replacement=replacement, created_by=moderator
            )
            AuditEntry.objects.create(
                moderator=moderator,
                action=Action.WATCHED_WORD,
                target_label=word,
                details={"response": response, "change": "added"},
            )
            _changed()
    except IntegrityError:  # another moderator added it at the same moment
        raise duplicate from None
    return watched


def remove_watched_word(*, moderator: Member, watched_word: WatchedWord) -> None:
    """Stop watching a word; the audit log keeps what it was."""
    permissions.check_can_manage_watched_words(moderator)
    with transaction.atomic():
        deleted, _counts = WatchedWord.objects.filter(pk=watched_word.pk).delete()
        if not deleted:  # already removed (a double click): nothing to record
            return
        AuditEntry.objects.create(
            moderator=moderator,
            action=Action.WATCHED_WORD,
            target_label=watched_word.word,
            details={"response": watched_word.response, "change": "removed"},
        )
        _changed()
