"""Welcomes: a one-tap greeting reply to a newcomer's introduction."""

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext, override

from accounts.models import Member
from core import caching
from forum import permissions, selectors, signals
from forum.models import Introduction, Post, Welcome
from forum.services.threads import _write_reply
from translation.detection import detect_language

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def _greeting_template(welcomer: Member) -> str:
    """A short greeting in the welcomer's language, with a %(name)s for the newcomer's; each
    welcomer has their own wording, so a newcomer's replies do not all read alike."""
    with override(welcomer.preferred_language):
        greetings = [
            # Translators: posted as a reply to a newcomer's introduction when a member taps
            # "Welcome 👋"; %(name)s is the newcomer's name.
            gettext("Welcome to Halfway, %(name)s! 👋"),
            # Translators: another one-tap greeting to a newcomer; %(name)s is their name.
            gettext("Hi %(name)s, so glad you found us! Welcome to Halfway 👋"),
            # Translators: another one-tap greeting to a newcomer; %(name)s is their name.
            gettext("Welcome aboard, %(name)s! Great to meet you here 👋"),
        ]
    return greetings[welcomer.pk % len(greetings)]


def welcome_newcomer(*, member: Member, introduction: Introduction, region_code: str) -> Welcome:
    """Welcome a newcomer with one tap: a greeting reply in the member's language (the newcomer
    is notified and reads it translated). Once per member: a second tap changes nothing."""
    permissions.check_can_welcome(member, introduction)
    if existing := Welcome.objects.filter(introduction=introduction, member=member).first():
        return existing
    template = _greeting_template(member)
    # A name is text: not Markdown, and not a mention (a display name "@alice @bob" would
    # have every welcomer notify them; the full-width ＠ reads the same and links nothing).
    name = MARKDOWN_SPECIAL.sub(r"\\\1", introduction.member.name).replace("@", "＠")
    # The greeting's own words say its language: a long Latin name in a short Chinese
    # greeting would sway the detector towards English (and the newcomer would get no
    # translation).
    written_in = detect_language(template % {"name": ""}).code
    try:
        with transaction.atomic():
            # Not through add_reply: a welcome is not a post for the posting limits.
            post = _write_reply(
                author=member,
                thread=introduction.thread,
                verdict=signals.check_welcome(member, body=template % {"name": name}),
                region_code=region_code,
            )
            if written_in and (post.language, post.language_is_mixed) != (written_in, False):
                Post.objects.filter(pk=post.pk).update(language=written_in, language_is_mixed=False)
                post.language, post.language_is_mixed = written_in, False
            welcome = Welcome.objects.create(introduction=introduction, member=member, post=post)
            caching.changed_for_members(selectors.WELCOMED, [member.pk])
            return welcome
    except IntegrityError:
        # A double tap raced this one and won: its greeting stands, this one is rolled back
        # (with the notification it would have sent).
        return Welcome.objects.get(introduction=introduction, member=member)
