"""E-mail for members who are away: replies, quotes, mentions and chat messages still unread
after the delay, one e-mail per thread or conversation per window, in the member's language,
with region tags, translated titles and a one-click unsubscribe (RFC 8058)."""

import datetime
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import set_follow
from chat import services as chat
from forum import services
from forum.models import AwayEmail, Notification, NotificationSettings
from tests.factories import MemberFactory, reply_by, thread_by

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def delay(settings):
    settings.AWAY_EMAIL_DELAY_MINUTES = 15
    settings.SITE_URL = "https://halfway.example"


@pytest.fixture
def run_job(django_capture_on_commit_callbacks):
    """The minute job at `now`, its e-mails handed to the (eager) worker as after a commit."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_away_emails(now=now)

    return run


def written_at(when, *notices_or_messages):
    for row in notices_or_messages:
        type(row).objects.filter(pk=row.pk).update(created_at=when)


def notices_to(member):
    return list(Notification.objects.filter(recipient=member).order_by("pk"))


def test_a_burst_of_twenty_replies_in_ten_minutes_makes_one_email(member, run_job):
    thread = thread_by(member, title="Dumplings at midnight")
    start = timezone.now()
    for number in range(20):
        reply_by(MemberFactory(), thread, body=f"Reply number {number}", region_code="CN")
    for number, notice in enumerate(notices_to(member)):
        written_at(start + number * 30 * datetime.timedelta(seconds=1), notice)

    sent_each_minute = [run_job(start + minute * MINUTE) for minute in range(0, 61)]

    assert sum(sent_each_minute) == 1
    assert sent_each_minute.index(1) == 15  # the first reply is 15 minutes old
    (email,) = mail.outbox
    assert email.to == ["jess@example.com"]
    assert email.subject == "20 new posts for you in “Dumplings at midnight”"
    assert all(f"Reply number {number}\n" in email.body for number in range(20))
    assert email.body.count("IP region: China") == 20


def test_what_comes_after_an_email_waits_for_the_next_window(member, other_member, run_job):
    thread = thread_by(member)
    start = timezone.now()
    written_at(start, reply_by(other_member, thread, body="First").notification_set.get())
    assert run_job(start + 15 * MINUTE) == 1
    later = reply_by(other_member, thread, body="Second")
    written_at(start + 20 * MINUTE, later.notification_set.get())

    assert run_job(start + 30 * MINUTE) == 0  # not yet 15 minutes unread
    assert run_job(start + 35 * MINUTE) == 1
    assert "Second" in mail.outbox[1].body and "First" not in mail.outbox[1].body
    assert run_job(start + 60 * MINUTE) == 0  # nothing is e-mailed twice


def test_read_before_the_delay_means_no_email(member, other_member, run_job, client_for):
    thread = thread_by(member)
    start = timezone.now()
    written_at(start, reply_by(other_member, thread).notification_set.get())
    client_for(member).get(reverse("forum:thread", args=[thread.pk]))  # the thread, read
    mentioned = thread_by(other_member, title="Where to eat", body="Ask @jess")
    (mention,) = Notification.objects.filter(recipient=member, kind="mention")
    written_at(start, mention)
    services.mark_notifications_read(member=member, notification_ids=[mention.pk])

    assert run_job(start + 20 * MINUTE) == 0
    assert mail.outbox == []
    assert mentioned.pk


def test_a_mention_in_chinese_for_a_chinese_reader_with_the_title_translated_beside(
    member, other_member, run_job, deepl
):
    thread = thread_by(member, title="Best noodles in Ohio", body="Any tips?")
    start = timezone.now()
    reply = reply_by(member, thread, body="@xiaolan what do you think?", region_code="US")
    written_at(start, reply.notification_set.get(recipient=other_member))

    assert run_job(start + 15 * MINUTE) == 1
    (email,) = mail.outbox
    translated = "Best noodles in Ohio（[ZH-HANS] Best noodles in Ohio）"
    assert email.subject == f"Jess 在“{translated}”中提到了你"
    assert "IP属地：美国" in email.body and "提到了你" in email.body
    html = email.alternatives[0][0]
    assert 'lang="zh-hans"' in html and "IP属地：美国" in html
    assert f"https://halfway.example/p/{reply.pk}/" in email.body


def test_chat_messages_unread_after_the_delay_are_emailed_and_requests_are_not(
    member, other_member, run_job
):
    set_follow(follower=other_member, member=member, follow=True)
    conversation = chat.direct_conversation(sender=member, recipient=other_member)
    start = timezone.now()
    messages = [
        chat.send_message(
            author=member,
            conversation=conversation,
            body=text,
            client_id=uuid.uuid4(),
            region_code="US",
        )[0]
        for text in ("Hi!", "Are you around <b>tomorrow</b>?")
    ]
    written_at(start, *messages)
    stranger = MemberFactory(username="stranger")
    request = chat.direct_conversation(sender=stranger, recipient=other_member)
    sent = chat.send_message(
        author=stranger, conversation=request, body="Hello", client_id=uuid.uuid4()
    )
    written_at(start, sent[0])

    assert run_job(start + 16 * MINUTE) == 1
    (email,) = mail.outbox
    assert email.to == ["xiaolan@example.com"]
    assert email.subject == "Jess 发来 2 条新消息"
    # What was typed, as typed; markup in it is text in the HTML part too.
    assert "Are you around <b>tomorrow</b>?" in email.body
    html = email.alternatives[0][0]
    assert "Are you around &lt;b&gt;tomorrow&lt;/b&gt;?" in html and "<b>" not in html
    assert f"/chat/{conversation.pk}/#message-{messages[1].pk}" in email.body


def test_a_chat_read_in_time_sends_nothing(member, other_member, run_job):
    set_follow(follower=other_member, member=member, follow=True)
    conversation = chat.direct_conversation(sender=member, recipient=other_member)
    start = timezone.now()
    message, _new = chat.send_message(
        author=member, conversation=conversation, body="Hi!", client_id=uuid.uuid4()
    )
    written_at(start, message)
    chat.mark_read(member=other_member, conversation=conversation, message_id=message.pk)

    assert run_job(start + 20 * MINUTE) == 0


def test_nothing_from_a_member_blocked_since(member, other_member, run_job):
    thread = thread_by(member)
    start = timezone.now()
    reply = reply_by(other_member, thread)
    written_at(start, reply.notification_set.get())
    chat.block_member(blocker=member, blocked=other_member)

    assert run_job(start + 20 * MINUTE) == 0
    assert mail.outbox == []
    # Passed over for good, not looked at again in each later window.
    assert AwayEmail.objects.get(member=member, thread=thread).covered_through == reply.pk


def test_members_who_turned_it_off_or_have_no_verified_address_get_nothing(run_job):
    quiet = MemberFactory(username="quiet")
    NotificationSettings.objects.create(member=quiet, email_away=False)
    unverified = MemberFactory(username="unverified", verified_email=False)
    start = timezone.now()
    for author in (quiet, unverified):
        thread = thread_by(author)
        written_at(start, reply_by(MemberFactory(), thread).notification_set.get())

    assert run_job(start + 20 * MINUTE) == 0


def test_every_email_has_a_one_click_unsubscribe_that_works_without_a_cookie(
    member, other_member, run_job
):
    thread = thread_by(member)
    start = timezone.now()
    written_at(start, reply_by(other_member, thread).notification_set.get())
    run_job(start + 15 * MINUTE)
    (email,) = mail.outbox
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://halfway.example/email/unsubscribe/")
    assert link in email.body and "https://halfway.example/notifications/settings/" in email.body
    path = link.removeprefix("https://halfway.example")

    # A link checker's GET changes nothing: the page asks first.
    page = Client().get(path)
    assert page.status_code == 200 and b"Unsubscribe" in page.content
    assert NotificationSettings.objects.filter(member=member).first() is None

    # The mail program's POST: no cookie, no CSRF token.
    mail_program = Client(enforce_csrf_checks=True)
    answer = mail_program.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 200 and b"You are unsubscribed" in answer.content
    chosen = NotificationSettings.objects.get(member=member)
    assert (chosen.email_away, chosen.email_digest) == (False, True)

    written_at(start + 20 * MINUTE, reply_by(other_member, thread).notification_set.get())
    assert run_job(start + 40 * MINUTE) == 0


def test_unsubscribe_links_cannot_be_forged_or_bent(member, other_member):
    token = services.unsubscribe_token(member, "away")
    signature = token.rsplit(":", 1)[1]
    forged = services.unsubscribe_token(other_member, "away").rsplit(":", 1)[0] + ":" + signature
    for bad in (forged, token + "x", "nothing", services.unsubscribe_token(member, "all")):
        answer = Client().post(reverse("forum:unsubscribe", args=[bad]))
        assert answer.status_code == 400, bad
    assert not NotificationSettings.objects.exists()


def test_the_unsubscribe_page_speaks_the_members_language(other_member):
    path = reverse("forum:unsubscribe", args=[services.unsubscribe_token(other_member, "digest")])
    page = Client().get(path, headers={"accept-language": "en"}).content.decode()
    assert "不再接收每周精选？" in page


def test_the_settings_page_turns_emails_off_and_on(member, client_for):
    client = client_for(member)
    page = client.get(reverse("forum:notification-settings")).content.decode()
    assert "E-mail me replies, mentions and chat messages I have not read" in page
    assert "after 15 minutes" in page
    client.post(reverse("forum:notification-settings"), {"follows": "each", "email_digest": "on"})
    chosen = NotificationSettings.objects.get(member=member)
    assert (chosen.email_away, chosen.email_digest) == (False, True)
