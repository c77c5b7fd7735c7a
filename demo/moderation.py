"""The demo community's moderation: a spam reply two members reported (in English and
Chinese, translated by hand for the demo), and a thread staff pinned. Idempotent."""

from django.db import transaction
from django.utils.html import escape

from accounts.models import Member
from core.markup import render_markdown
from forum import services as forum_services
from forum.models import Thread
from moderation import services
from moderation.models import Action, AuditEntry, Case
from moderation.services import Target
from translation import services as translation_services

SPAMMER = "deals4u"
SPAM = "Cheap followers 便宜粉丝 ✅ 1000 for $5, DM me now!!! 私信我"
SPAM_THREAD = "说实话，一下子来了这么多新人，有点不习惯"
# (reporter, reason, note, the note in the other language)
REPORTS = [
    (
        "meimei",
        "spam",
        "广告，这个人在好几个帖子里都发了。",
        "An ad. This person posted it in several threads.",
    ),
    ("jess_tx", "spam", "Same message landed in my DMs twice.", "同样的消息我私信里收到了两次。"),
]
SPAM_TRANSLATIONS = {
    "en": "Cheap followers ✅ 1000 for $5, DM me now!!! Message me",
    "zh-hans": "便宜粉丝 ✅ 5 美元 1000 个，马上私信我！！！私信我",
}
PINNED = "Why does every post show an IP region?"
PIN_REASON = "Newcomers ask this every day: pinned so they find the answer."


@transaction.atomic
def seed_demo_moderation() -> int:
    """Return how many cases were opened (0 when already seeded)."""
    if Case.objects.exists() or AuditEntry.objects.exists():
        return 0
    staff = Member.objects.filter(is_staff=True, username="chen_hk").first()
    thread = Thread.objects.filter(title=SPAM_THREAD).first()
    pinned = Thread.objects.filter(title=PINNED).first()
    if staff is None or thread is None or pinned is None:
        return 0
    spammer, _created = Member.objects.get_or_create(
        username=SPAMMER,
        defaults={"email": f"{SPAMMER}@demo.halfway.localhost", "display_name": "Deals 4 U"},
    )
    spam = forum_services.add_reply(author=spammer, thread=thread, body=SPAM, region_code="SG")
    for language, text in SPAM_TRANSLATIONS.items():
        translation_services.store_translation_by_hand(
            source_html=spam.body_html,
            source_language=spam.language,
            target_language=language,
            html=render_markdown(text),
        )
    for username, reason, note, other_language_note in REPORTS:
        reporter = Member.objects.get(username=username)
        report = services.file_report(
            reporter=reporter, target=Target.of_post(spam), reason=reason, note=note
        )
        translation_services.store_translation_by_hand(
            source_html=report.note_html,
            source_language=report.note_language,
            target_language="en" if report.note_language.startswith("zh") else "zh-hans",
            html=f"<p>{escape(other_language_note)}</p>",
            private=True,
        )
    services.flag_thread(moderator=staff, thread=pinned, action=Action.PIN, reason=PIN_REASON)
    return 1
