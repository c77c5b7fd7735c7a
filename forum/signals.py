"""What forum asks of the apps above it, which it never imports: before anything is written,
an app that cares (moderation: watched words, the limits for new members, posting rates)
connects a receiver, in its receivers.py from its AppConfig.ready. A receiver refuses with a
ValidationError whose localized message the form shows with the text kept, or answers what may
be written; with no receiver, everything may."""

from dataclasses import dataclass

from django.dispatch import Signal


@dataclass(frozen=True)
class Verdict:
    """What may be written: the text after replacements, and why it waits for a moderator's
    approval ("": it does not)."""

    body: str
    title: str = ""
    hold_reason: str = ""

    @property
    def is_held(self) -> bool:
        return bool(self.hold_reason)


# A new thread, reply or introduction. Arguments: author, body, title, image_count, is_thread.
# Answer: a Verdict.
post_checked = Signal()
# A one-tap welcome's greeting (the site's words, once per newcomer). Arguments: author, body.
# Answer: a Verdict.
welcome_checked = Signal()
# An edit's text (a post's body or title, an introduction's answer). Arguments: text.
# Answer: the text to write.
edit_checked = Signal()
# A reaction a member adds (taking one back is free). Arguments: member. Answer: none.
reaction_checked = Signal()


def _answer(signal: Signal, default, **arguments):
    """The last receiver's answer to `signal`, or `default` when no receiver answered."""
    answers = [
        each for _receiver, each in signal.send(sender=None, **arguments) if each is not None
    ]
    return answers[-1] if answers else default


def check_post(author, *, body: str, image_count: int, is_thread: bool, title: str = "") -> Verdict:
    arguments = {"body": body, "title": title, "image_count": image_count, "is_thread": is_thread}
    return _answer(post_checked, Verdict(body=body, title=title), author=author, **arguments)


def check_welcome(author, *, body: str) -> Verdict:
    return _answer(welcome_checked, Verdict(body=body), author=author, body=body)


def check_edit(text: str) -> str:
    return _answer(edit_checked, text, text=text)


def check_reaction(member) -> None:
    reaction_checked.send(sender=None, member=member)
