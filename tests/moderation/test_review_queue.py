"""The review queue: grouped, urgent first, filterable by language, read in the moderator's
language, at a fixed number of queries."""

import re

import pytest
from django.urls import reverse

from chat import services as chat_services
from moderation import services
from moderation.models import Case
from moderation.services import Target
from tests.accounts.conftest import refusing_broker  # noqa: F401 (a fixture)
from tests.factories import MemberFactory, category, reply_by, thread_by

pytestmark = pytest.mark.django_db

QUEUE = reverse("moderation:queue")


def reported_posts(count: int, *, language="en"):
    body = {"en": "You are all idiots here.", "zh": "你们这里的人都是笨蛋。"}[language]
    thread = thread_by(MemberFactory(), title="Busy thread")
    for index in range(count):
        post = reply_by(MemberFactory(), thread, body=f"{body} ({index})")
        services.file_report(
            reporter=MemberFactory(),
            target=Target.of_post(post),
            reason="harassment",
            note="请看一下" if index % 2 else "Please look",
        )


def test_members_cannot_open_the_queue(member, client_for, anonymous):
    assert client_for(member).get(QUEUE).status_code == 403
    assert anonymous.get(QUEUE).status_code == 302


def test_queue_queries_are_the_same_for_2_and_15_cases(
    moderator, client_for, django_assert_num_queries
):
    client = client_for(moderator)
    reported_posts(2)
    client.get(QUEUE)
    # language counts, case count, cases with their posts and members, reports with
    # reporters, post counts, past moderation, translations already made, posts waiting for
    # approval (the session, the moderator's row and the header's unread counts were kept by
    # the first page)
    with django_assert_num_queries(8):
        few = client.get(QUEUE)
    reported_posts(13, language="zh")
    with django_assert_num_queries(8):
        many = client.get(QUEUE)
    assert few.content.decode().count('class="card case"') == 2
    assert many.content.decode().count('class="card case"') == 15


def test_most_urgent_first_and_filter_by_language(moderator, client_for):
    reported_posts(1, language="en")
    thread = thread_by(MemberFactory(), title="另一个帖子")
    worst = reply_by(MemberFactory(), thread, body="滚回你自己的国家去。")
    for reporter in MemberFactory.create_batch(3):
        services.file_report(reporter=reporter, target=Target.of_post(worst), reason="hate")
    client = client_for(moderator)
    page = client.get(QUEUE).content.decode()
    assert page.index("滚回你自己的国家去") < page.index("You are all idiots")
    assert "3 reports" in page
    chinese_only = client.get(QUEUE, {"language": "zh"}).content.decode()
    assert "滚回你自己的国家去" in chinese_only and "You are all idiots" not in chinese_only
    english_only = client.get(QUEUE, {"language": "en"}).content.decode()
    assert "You are all idiots" in english_only and "滚回你自己的国家去" not in english_only


def test_content_and_notes_are_translated_for_the_moderator(
    deepl, moderator, member, other_member, client_for, django_capture_on_commit_callbacks
):
    thread = thread_by(member, title="Hello from Ohio")
    reply = reply_by(other_member, thread, body="你的中文太差了，别在这里丢人。")
    services.file_report(
        reporter=member,
        target=Target.of_post(reply),
        reason="harassment",
        note="这是在欺负新人，请处理。",
    )
    client = client_for(moderator)
    first = client.get(QUEUE).content.decode()
    assert 'data-translation-state="waiting"' in first
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("moderation:queue-translate"))
    assert asked.status_code == 200
    # The worker (eager in unit tests) has made both; the page now shows them in place.
    page = client.get(QUEUE).content.decode()
    assert "[EN-US] <p>你的中文太差了" in page
    assert "[EN-US] <p>这是在欺负新人" in page
    assert page.count("Translated from Chinese") == 2
    assert 'data-translation-state="waiting"' not in page
    assert len(deepl.translate_requests) >= 1


def test_category_moderators_see_their_categories_only(client_for, member):
    admin = MemberFactory(is_superuser=True, is_staff=True)
    keeper = MemberFactory()
    services.appoint_category_moderator(admin=admin, member=keeper, category=category("pets"))
    pets = thread_by(member, category=category("pets"), title="Cat fight").posts.get()
    daily = thread_by(member, title="Daily grumble").posts.get()
    for post in (pets, daily):
        services.file_report(reporter=MemberFactory(), target=Target.of_post(post), reason="spam")
    page = client_for(keeper).get(QUEUE).content.decode()
    assert "Cat fight" in page and "Daily grumble" not in page


def test_chat_reports_reach_site_moderators_with_the_shared_messages(
    member, other_member, moderator, client_for
):
    conversation = chat_services.direct_conversation(sender=other_member, recipient=member)
    chat_services.accept_request(member=member, conversation=conversation)
    message, _new = chat_services.send_message(
        author=other_member, conversation=conversation, body="Send me money now", client_id=None
    )
    services.file_report(
        reporter=member, target=Target.of_message(message), reason="spam", share_context=True
    )
    page = client_for(moderator).get(QUEUE).content.decode()
    assert "Chat message" in page and "Send me money now" in page


def test_dismissing_from_the_queue_closes_the_case(moderator, client_for):
    reported_posts(1)
    case = Case.objects.get()
    client = client_for(moderator)
    form = client.get(reverse("moderation:case-dismiss", args=[case.pk]))
    assert form.status_code == 200
    done = client.post(reverse("moderation:case-dismiss", args=[case.pk]), {"next": QUEUE})
    assert done.status_code == 302 and done["Location"] == QUEUE
    case.refresh_from_db()
    assert case.status == Case.Status.DISMISSED
    assert 'class="card case"' not in client.get(QUEUE).content.decode()


def test_held_posts_wait_in_the_queue_for_approval(member, moderator, client_for):
    from moderation.models import WatchedWord

    WatchedWord.objects.create(word="刷粉", response=WatchedWord.Response.HOLD)
    held = reply_by(MemberFactory(), thread_by(member), body="需要刷粉的私信我")
    page = client_for(moderator).get(QUEUE).content.decode()
    assert "Waiting for approval" in page and "需要刷粉的私信我" in page
    approve = reverse("moderation:post-action", args=[held.pk, "approve"])
    assert approve in page
    client_for(moderator).post(approve, {"next": QUEUE})
    assert "需要刷粉的私信我" not in client_for(moderator).get(QUEUE).content.decode()


def test_a_failed_translation_on_the_queue_offers_try_again_and_it_works(
    deepl, moderator, member, other_member, client_for, django_capture_on_commit_callbacks
):
    from core import event_log
    from translation.models import Translation

    thread = thread_by(member, title="Hello from Ohio")
    reply = reply_by(other_member, thread, body="你的中文太差了，别在这里丢人。")
    services.file_report(
        reporter=member,
        target=Target.of_post(reply),
        reason="harassment",
        note="这是在欺负新人，请处理。",
    )
    client = client_for(moderator)
    deepl.behaviour.fail_with = 456  # DeepL's quota is spent: both translations fail
    before, _frames = event_log.frames_after(moderator.pk, 0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("moderation:queue-translate"))
    assert set(Translation.objects.values_list("status", flat=True)) == {"failed"}

    # The failures reach the queue page over the socket, each with its own "Try again".
    _seq, frames = event_log.frames_after(moderator.pk, before)
    targets = [
        target
        for frame in frames
        if frame["type"] == "translation.ready"
        for target in frame["targets"]
    ]
    buttons = {}
    for target in targets:
        assert 'data-translation-state="failed"' in target["html"]
        (action,) = re.findall(r'hx-post="([^"]+)"', target["html"])
        buttons[target["id"]] = action
    case = Case.objects.get()
    report = case.reports.get()
    assert buttons == {
        f"case-{case.pk}-content": reverse("moderation:case-translate", args=[case.pk]),
        report.translation_element_id: reverse("moderation:report-translate", args=[report.pk]),
    }

    deepl.behaviour.fail_with = None  # the quota is back
    for element_id, action in buttons.items():
        with django_capture_on_commit_callbacks(execute=True):
            again = client.post(action, headers={"hx-request": "true"})
        assert again.status_code == 200
        assert f'id="{element_id}" data-translation-state="pending"' in again.content.decode()
    assert set(Translation.objects.values_list("status", flat=True)) == {"done"}
    page = client.get(QUEUE).content.decode()
    assert "[EN-US] <p>你的中文太差了" in page and "[EN-US] <p>这是在欺负新人" in page


def test_only_moderators_who_may_see_the_case_can_ask_for_its_translation(
    deepl, moderator, member, other_member, category_moderator, client_for
):
    conversation = chat_services.direct_conversation(sender=other_member, recipient=member)
    chat_services.accept_request(member=member, conversation=conversation)
    message, _new = chat_services.send_message(
        author=other_member, conversation=conversation, body="给我钱。", client_id=None
    )
    report = services.file_report(
        reporter=member, target=Target.of_message(message), reason="spam", note="骗子。"
    )
    urls = [
        reverse("moderation:case-translate", args=[report.case.pk]),
        reverse("moderation:report-translate", args=[report.pk]),
    ]
    htmx = {"hx-request": "true"}
    for url in urls:
        assert client_for(member).post(url, headers=htmx).status_code == 403
        # Chat is for site moderators only: to a category moderator the case is not there.
        assert client_for(category_moderator).post(url, headers=htmx).status_code == 404
        answer = client_for(moderator).post(url, headers=htmx)
        assert 'data-translation-state="pending"' in answer.content.decode()
    missing = reverse("moderation:report-translate", args=[report.pk + 1000])
    assert client_for(moderator).post(missing, headers=htmx).status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("refusing_broker")
def test_a_translation_the_worker_cannot_be_told_of_offers_try_again_at_once(
    deepl, moderator, member, other_member, client_for
):
    # No test transaction around the request: the task is handed over inside it.
    reply = reply_by(other_member, thread_by(member), body="你的中文太差了，别在这里丢人。")
    services.file_report(reporter=member, target=Target.of_post(reply), reason="harassment")
    case = Case.objects.get()
    answer = client_for(moderator).post(reverse("moderation:queue-translate")).content.decode()
    assert 'data-translation-state="failed"' in answer
    assert f'hx-post="{reverse("moderation:case-translate", args=[case.pk])}"' in answer
