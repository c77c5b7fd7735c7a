"""Members report; moderators decide; authors and reporters are told; the audit log keeps it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from chat import services as chat_services
from forum.models import Notification
from moderation import services
from moderation.models import Action, AuditEntry, Case, Report
from moderation.services import Target
from tests.factories import MemberFactory, category, reply_by, thread_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese_reply(member, other_member):
    thread = thread_by(member, title="Learning Chinese together")
    return reply_by(other_member, thread, body="你的中文太差了，别在这里丢人。")


def report(reporter, post, reason="harassment", note=""):
    return services.file_report(
        reporter=reporter, target=Target.of_post(post), reason=reason, note=note
    )


def test_reports_about_one_post_form_one_case_ordered_by_urgency(member, chinese_reply):
    spam_thread = thread_by(MemberFactory(), title="Cheap watches")
    report(MemberFactory(), spam_thread.posts.get(), reason="spam")
    report(member, chinese_reply, note="This is bullying")
    report(MemberFactory(), chinese_reply, reason="hate")

    case = Case.objects.get(post=chinese_reply)
    assert case.report_count == 2 and case.reports.count() == 2
    assert case.language.startswith("zh")
    # Two reports for harm outrank one for spam.
    ordered = list(Case.objects.order_by("-urgency").values_list("post_id", flat=True))
    assert ordered[0] == chinese_reply.pk


def test_a_member_cannot_report_the_same_thing_twice_or_their_own_post(
    member, other_member, chinese_reply
):
    report(member, chinese_reply)
    with pytest.raises(ValidationError, match="already reported"):
        report(member, chinese_reply, reason="spam")
    with pytest.raises(PermissionDenied):
        report(other_member, chinese_reply)
    # Even once the case is decided, the same member does not report it again.
    moderator = MemberFactory(is_staff=True)
    services.dismiss_case(moderator=moderator, case=Case.objects.get())
    with pytest.raises(ValidationError):
        report(member, chinese_reply)
    assert Report.objects.count() == 1


def test_report_form_keeps_the_note_when_no_reason_is_chosen(member, chinese_reply, client_for):
    client = client_for(member)
    url = reverse("moderation:report-post", args=[chinese_reply.pk])
    page = client.post(url, {"note": "They keep doing this"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Choose a reason." in html and "They keep doing this" in html
    assert not Report.objects.exists()

    done = client.post(url, {"reason": "harassment", "note": "They keep doing this"})
    assert done.status_code == 302
    assert Report.objects.get().note == "They keep doing this"
    again = client.get(url).content.decode()
    assert "You have already reported this." in again


def test_hiding_a_reported_reply_tells_author_and_reporter_and_is_audited(
    member, other_member, moderator, chinese_reply, client_for, django_capture_on_commit_callbacks
):
    report(member, chinese_reply, note="这是在欺负新人")
    case = Case.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_post(moderator=moderator, post=chinese_reply, reason="Personal attack")

    case.refresh_from_db()
    assert case.status == Case.Status.ACTIONED and case.outcome == "hide"
    to_author = Notification.objects.get(recipient=other_member, kind="moderation")
    assert to_author.note == "Personal attack" and to_author.post == chinese_reply
    outcome = Notification.objects.get(recipient=member, kind="report")
    assert outcome.action == "hide"
    entry = AuditEntry.objects.get(action=Action.HIDE)
    assert entry.moderator == moderator and entry.member == other_member
    assert entry.reason == "Personal attack"

    thread_url = chinese_reply.thread.get_absolute_url()
    # Other members see that it was hidden, not what it said.
    seen_by_member = client_for(MemberFactory()).get(thread_url).content.decode()
    assert "Hidden by moderators." in seen_by_member and "丢人" not in seen_by_member
    # The author sees it, and why.
    seen_by_author = client_for(other_member).get(thread_url).content.decode()
    assert "丢人" in seen_by_author and "Personal attack" in seen_by_author
    # Notifications read well for both.
    # (The author reads Chinese.)
    author_page = client_for(other_member).get(reverse("forum:notifications")).content.decode()
    assert "版主隐藏了" in author_page and "Personal attack" in author_page
    reporter_page = client_for(member).get(reverse("forum:notifications")).content.decode()
    assert "and hid it" in reporter_page


def test_hiding_needs_a_reason_and_a_moderator(member, moderator, chinese_reply):
    with pytest.raises(ValidationError):
        services.hide_post(moderator=moderator, post=chinese_reply, reason="  ")
    with pytest.raises(PermissionDenied):
        services.hide_post(moderator=member, post=chinese_reply, reason="I dislike it")
    chinese_reply.refresh_from_db()
    assert chinese_reply.hidden_at is None
    services.hide_post(moderator=moderator, post=chinese_reply, reason="Rude")
    chinese_reply.refresh_from_db()
    assert chinese_reply.hidden_at is not None


def test_a_category_moderator_moderates_only_their_categories(member, other_member):
    admin = MemberFactory(is_superuser=True, is_staff=True)
    keeper = MemberFactory()
    services.appoint_category_moderator(admin=admin, member=keeper, category=category("pets"))
    pets_post = thread_by(member, category=category("pets")).posts.get()
    other_post = thread_by(member).posts.get()

    services.hide_post(moderator=keeper, post=pets_post, reason="Off-topic photo")
    with pytest.raises(PermissionDenied):
        services.hide_post(moderator=keeper, post=other_post, reason="Off-topic photo")
    # They warn members but do not suspend them.
    services.warn_member(moderator=keeper, member=other_member, reason="Be kind")
    with pytest.raises(PermissionDenied):
        services.suspend_member(
            moderator=keeper,
            member=other_member,
            until=timezone.now() + timedelta(days=1),
            reason="x",
        )


def test_moderators_do_not_act_on_each_other_but_admins_do(member):
    first, second = MemberFactory(is_staff=True), MemberFactory(is_staff=True)
    admin = MemberFactory(is_staff=True, is_superuser=True)
    with pytest.raises(PermissionDenied):
        services.ban_member(moderator=first, member=second, reason="Disagreement")
    with pytest.raises(PermissionDenied):
        services.ban_member(moderator=first, member=first, reason="Oops")
    services.ban_member(moderator=admin, member=second, reason="Abuse of tools")
    second.refresh_from_db()
    assert second.banned_at is not None


def test_an_edit_by_a_moderator_keeps_the_original_and_the_reason(
    member, other_member, moderator, client_for
):
    post = reply_by(other_member, thread_by(member), body="Call me on +1 555 0100")
    with pytest.raises(ValidationError):
        services.edit_post(moderator=moderator, post=post, body="Call me", reason="")
    services.edit_post(
        moderator=moderator, post=post, body="(phone number removed)", reason="No phone numbers"
    )
    post.refresh_from_db()
    assert post.body == "(phone number removed)"
    revision = post.revisions.get()
    assert revision.body == "Call me on +1 555 0100" and revision.reason == "No phone numbers"
    assert revision.editor == moderator
    history = client_for(other_member).get(reverse("forum:post-history", args=[post.pk]))
    assert "Call me on +1 555 0100" in history.content.decode()


def test_lock_pin_and_move_a_thread(member, other_member, moderator):
    thread = thread_by(member)
    services.flag_thread(moderator=moderator, thread=thread, action=Action.LOCK)
    with pytest.raises(PermissionDenied, match="locked"), translation.override("en"):
        reply_by(other_member, thread)
    reply_by(moderator, thread, body="Locked while we look into it.")
    services.flag_thread(moderator=moderator, thread=thread, action=Action.UNLOCK)
    reply_by(other_member, thread)

    older = thread_by(other_member, title="An older thread")
    services.flag_thread(moderator=moderator, thread=thread, action=Action.PIN)
    listing = [t.pk for t in _category_page(thread.category)]
    assert listing[0] == thread.pk and older.pk in listing

    services.move_thread(moderator=moderator, thread=thread, category=category("pets"))
    thread.refresh_from_db()
    assert thread.category.slug == "pets"
    moved = AuditEntry.objects.get(action=Action.MOVE)
    assert moved.details == {"from": "daily-life", "to": "pets"}
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "lock",
        "unlock",
        "pin",
        "move",
    ]


def _category_page(found_category):
    from forum.selectors import thread_feed

    return thread_feed(None, feed="category", category=found_category).object_list


def test_silenced_members_read_but_do_not_write(member, other_member, moderator, client_for):
    thread = thread_by(member)
    services.silence_member(
        moderator=moderator,
        member=other_member,
        until=timezone.now() + timedelta(days=3),
        reason="Cool down",
    )
    other_member.refresh_from_db()
    with pytest.raises(PermissionDenied, match="read-only"), translation.override("en"):
        reply_by(other_member, thread)
    page = client_for(other_member).get(thread.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "<textarea" not in html  # no reply form; instead, why not:
    assert "read-only" in html or "只读" in html
    with pytest.raises(PermissionDenied):
        conversation = chat_services.direct_conversation(sender=other_member, recipient=member)

    services.lift_restrictions(moderator=moderator, member=other_member, reason="Served")
    other_member.refresh_from_db()
    reply_by(other_member, thread)
    conversation = chat_services.direct_conversation(sender=other_member, recipient=member)
    assert conversation.pk


def test_a_suspended_member_cannot_sign_in_and_is_signed_out(other_member, moderator, client):
    signed_in = client
    signed_in.force_login(other_member)
    services.suspend_member(
        moderator=moderator,
        member=other_member,
        until=timezone.now() + timedelta(days=7),
        reason="Spamming chat",
    )
    page = signed_in.get(reverse("forum:notifications"))
    assert page.status_code == 403
    assert "Spamming chat" in page.content.decode()
    # The session is over.
    assert signed_in.get(reverse("forum:notifications")).status_code == 302

    login = client.post(
        reverse("account_login"),
        {"login": other_member.username, "password": "correct horse battery staple"},
    )
    assert login.status_code == 403
    assert "suspended" in login.content.decode()
    assert "_auth_user_id" not in client.session


def test_reporting_a_chat_message_shares_only_what_the_reporter_chooses(
    member, other_member, moderator
):
    conversation = chat_services.direct_conversation(sender=other_member, recipient=member)
    chat_services.accept_request(member=member, conversation=conversation)
    sent = []
    for index in range(8):
        author = other_member if index % 2 else member
        message, _new = chat_services.send_message(
            author=author, conversation=conversation, body=f"message {index}", client_id=None
        )
        sent.append(message)
    reported = sent[5]
    outsider = MemberFactory()
    with pytest.raises(PermissionDenied):
        services.file_report(
            reporter=outsider, target=Target.of_message(reported), reason="harassment"
        )
    alone = services.file_report(
        reporter=member, target=Target.of_message(reported), reason="harassment"
    )
    assert list(alone.shared_messages.all()) == [reported]

    Report.objects.all().delete()
    Case.objects.all().delete()
    shared = services.file_report(
        reporter=member,
        target=Target.of_message(reported),
        reason="harassment",
        share_context=True,
    )
    assert {m.body for m in shared.shared_messages.all()} == {f"message {i}" for i in range(8)}


def test_block_and_report_a_message_request(member, other_member, client_for):
    from chat.models import Block, Participant

    conversation = chat_services.direct_conversation(sender=other_member, recipient=member)
    message, _new = chat_services.send_message(
        author=other_member, conversation=conversation, body="Hey sexy, send pics", client_id=None
    )
    client = client_for(member)
    requests_page = client.get(reverse("chat:requests")).content.decode()
    url = reverse("moderation:report-message", args=[message.pk])
    assert f"{url}?block=1" in requests_page
    form = client.get(url, {"block": "1"}).content.decode()
    assert 'name="also_block"' in form and "checked" in form

    done = client.post(url, {"reason": "sexual", "also_block": "on"})
    assert done.status_code == 302 and done["Location"] == reverse("chat:inbox")
    assert Block.objects.filter(blocker=member, blocked=other_member).exists()
    assert Report.objects.get().case.message == message
    assert Participant.objects.get(member=member).state == Participant.State.DECLINED
    # The sender still cannot tell: their view is unchanged until moderators act.
    assert client_for(other_member).get(conversation.get_absolute_url()).status_code == 200


def test_hidden_posts_leave_search(member, other_member, moderator, anonymous):
    post = reply_by(other_member, thread_by(member), body="Buy followers at spamsite today")
    search = reverse("forum:search")
    assert (
        "at <mark>spamsite</mark> today"
        in anonymous.get(search, {"q": "spamsite"}).content.decode()
    )
    services.hide_post(moderator=moderator, post=post, reason="Spam")
    assert "today" not in anonymous.get(search, {"q": "spamsite"}).content.decode()


def test_a_held_thread_waits_unseen_until_approved_then_notifies(
    member, other_member, moderator, client_for, settings
):
    from moderation.models import WatchedWord

    WatchedWord.objects.create(word="crypto", response=WatchedWord.Response.HOLD)
    thread = thread_by(other_member, title="Ask me", body="Crypto tips for @jess")
    opening = thread.posts.get()
    assert opening.held_at is not None and thread.held_at is not None
    assert not Notification.objects.filter(recipient=member).exists()
    assert client_for(member).get(thread.get_absolute_url()).status_code == 404
    assert "Ask me" not in client_for(member).get(reverse("home")).content.decode()
    assert "Ask me" in client_for(other_member).get(reverse("home")).content.decode()
    assert client_for(moderator).get(thread.get_absolute_url()).status_code == 200

    services.approve_post(moderator=moderator, post=opening)
    assert client_for(member).get(thread.get_absolute_url()).status_code == 200
    assert "Ask me" in client_for(member).get(reverse("home")).content.decode()
    # The mention is delivered now, and the author hears it was approved.
    assert Notification.objects.filter(recipient=member, kind="mention").exists()
    assert Notification.objects.filter(recipient=other_member, action="approve").exists()


def test_the_audit_log_can_be_read_but_not_changed(member, moderator, client_for):
    admin = MemberFactory(is_staff=True, is_superuser=True)
    thread = thread_by(member)
    services.flag_thread(
        moderator=moderator, thread=thread, action=Action.LOCK, reason="Cooling off"
    )
    entry = AuditEntry.objects.get()
    staff_page = client_for(moderator).get(reverse("moderation:audit-log")).content.decode()
    assert "Cooling off" in staff_page
    filtered = client_for(moderator).get(reverse("moderation:audit-log"), {"action": "ban"})
    assert "Cooling off" not in filtered.content.decode()
    assert client_for(member).get(reverse("moderation:audit-log")).status_code == 403

    admin_client = client_for(admin)
    assert admin_client.get(reverse("admin:moderation_auditentry_changelist")).status_code == 200
    change = reverse("admin:moderation_auditentry_change", args=[entry.pk])
    assert admin_client.post(change, {"reason": "Nothing happened"}).status_code == 403
    delete = reverse("admin:moderation_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.reason == "Cooling off"


def test_a_held_reply_is_counted_once_approved(member, other_member, moderator):
    from moderation.models import WatchedWord

    WatchedWord.objects.create(word="刷粉", response=WatchedWord.Response.HOLD)
    thread = thread_by(member)
    held = reply_by(other_member, thread, body="需要刷粉的私信我")
    thread.refresh_from_db()
    assert held.held_at is not None
    assert thread.reply_count == 0 and thread.last_poster == member
    services.approve_post(moderator=moderator, post=held)
    thread.refresh_from_db()
    assert thread.reply_count == 1 and thread.last_poster == other_member


def test_a_hidden_post_cannot_be_quoted_translated_or_reported_by_others(
    deepl, member, other_member, moderator, chinese_reply, client_for
):
    services.hide_post(moderator=moderator, post=chinese_reply, reason="Rude")
    outsider = client_for(MemberFactory())
    thread_url = chinese_reply.thread.get_absolute_url()
    quoted = outsider.get(thread_url, {"quote": chinese_reply.pk}).content.decode()
    assert "丢人" not in quoted
    translate = reverse("forum:post-translate", args=[chinese_reply.pk])
    assert outsider.post(translate, headers={"hx-request": "true"}).status_code == 404
    page = reverse("forum:thread-translate-page", args=[chinese_reply.thread.pk])
    assert "丢人" not in outsider.post(page).content.decode()
    report_url = reverse("moderation:report-post", args=[chinese_reply.pk])
    assert outsider.get(report_url).status_code == 404
    # Its author and moderators still can.
    assert (
        client_for(other_member).post(translate, headers={"hx-request": "true"}).status_code == 200
    )
    assert client_for(moderator).get(report_url).status_code == 200
