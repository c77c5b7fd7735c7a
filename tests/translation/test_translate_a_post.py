"""The Translate button on a post: the cache, the worker, DeepL (the fake), failures."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory, reply_by, thread_by
from translation import tasks
from translation.models import Reader, Translation

pytestmark = pytest.mark.django_db

HTMX = {"hx-request": "true"}


@pytest.fixture
def chinese_post(other_member, member):
    thread = thread_by(member, title="Cats", body="My cat sleeps all day.")
    return reply_by(other_member, thread, body="我家的猫也是，**整天**睡觉。")


def click_translate(client, post, **form):
    return client.post(reverse("forum:post-translate", args=[post.pk]), form, headers=HTMX)


def test_a_reader_gets_the_translation_made_once_for_everyone(
    deepl, chinese_post, member, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = click_translate(client_for(member), chinese_post)
    assert 'data-translation-state="pending"' in first.content.decode()
    (request,) = deepl.translate_requests
    assert request["target_lang"] == "EN-US"
    assert request["source_lang"] == "ZH"
    assert request["tag_handling"] == "html"

    translation = Translation.objects.get()
    assert translation.status == "done"
    assert translation.html.startswith("[EN-US] <p>我家的猫也是，<strong>整天</strong>睡觉。</p>")

    # Every later click, by anyone reading English, comes from the cache at once.
    for reader in [member, *[MemberFactory() for _ in range(4)]]:
        again = click_translate(client_for(reader), chinese_post)
        assert 'data-translation-state="done"' in again.content.decode()
        assert "Translated from Chinese" in again.content.decode()
    assert len(deepl.translate_requests) == 1


def test_concurrent_first_clicks_cost_one_call(
    deepl, chinese_post, client_for, django_capture_on_commit_callbacks
):
    readers = [MemberFactory() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for reader in readers:
            click_translate(client_for(reader), chinese_post)
    assert Translation.objects.count() == 1
    assert Reader.objects.count() == 3
    for callback in callbacks:
        callback()
    assert len(deepl.translate_requests) == 1


def test_an_edited_post_gets_a_new_translation(
    deepl, chinese_post, other_member, member, client_for, django_capture_on_commit_callbacks
):
    from forum import services

    with django_capture_on_commit_callbacks(execute=True):
        click_translate(client_for(member), chinese_post)
        services.edit_post(editor=other_member, post=chinese_post, body="我家的猫今天醒着。")
        chinese_post.refresh_from_db()
        click_translate(client_for(member), chinese_post)
    assert len(deepl.translate_requests) == 2


def test_text_in_the_readers_language_is_not_sent_unless_asked_anyway(
    deepl, chinese_post, other_member, client_for, django_capture_on_commit_callbacks
):
    client = client_for(other_member)  # reads Chinese
    response = click_translate(client, chinese_post)
    assert 'data-translation-state="same_language"' in response.content.decode()
    assert "这已经是你的语言了。" in response.content.decode()
    assert deepl.translate_requests == []
    with django_capture_on_commit_callbacks(execute=True):
        click_translate(client, chinese_post, anyway="1")
    (request,) = deepl.translate_requests
    assert request.get("source_lang") in (None, "")  # DeepL decides
    assert request["target_lang"] == "ZH-HANS"


def test_a_hostile_translation_is_made_inert(
    deepl, chinese_post, member, client_for, django_capture_on_commit_callbacks
):
    deepl.behaviour.inject = (
        '<script>alert(1)</script><img src=x onerror="alert(2)">'
        '<a href="/x" hx-get="/admin/" hx-trigger="load">click</a>'
    )
    with django_capture_on_commit_callbacks(execute=True):
        click_translate(client_for(member), chinese_post)
    html = Translation.objects.get().html
    for hostile in ("<script", "onerror", "hx-get", "hx-trigger", "<img"):
        assert hostile not in html


@pytest.mark.parametrize(("status", "cause"), [(456, "QuotaExceeded"), (403, "Authorization")])
def test_a_permanent_failure_says_so_in_place_and_a_later_click_works(
    deepl, chinese_post, member, client_for, django_capture_on_commit_callbacks, status, cause
):
    client = client_for(member)
    deepl.behaviour.fail_with = status
    with django_capture_on_commit_callbacks(execute=True):
        click_translate(client, chinese_post)
    translation = Translation.objects.get()
    assert translation.status == "failed" and cause in translation.failure  # for staff

    deepl.behaviour.fail_with = None
    with django_capture_on_commit_callbacks(execute=True):
        click_translate(client, chinese_post)
    assert Translation.objects.get().status == "done"


def test_a_busy_deepl_is_retried_by_the_task(
    deepl, chinese_post, member, client_for, django_capture_on_commit_callbacks
):
    deepl.behaviour.fail_with = 429
    deepl.behaviour.fail_times = 1  # the client does not retry: the task does, with backoff
    with django_capture_on_commit_callbacks(execute=False):
        click_translate(client_for(member), chinese_post)
    translation = Translation.objects.get()
    # As a worker would run it: the Retry runs the task again (no countdown when eager).
    tasks.translate_contents.apply(args=[[translation.pk]], throw=False)
    assert Translation.objects.get().status == "done"
    assert len(deepl.translate_requests) == 2


def test_the_task_gives_up_after_its_retries_and_says_so(
    deepl, chinese_post, member, client_for, django_capture_on_commit_callbacks
):
    deepl.behaviour.fail_with = 503
    with django_capture_on_commit_callbacks(execute=False):
        click_translate(client_for(member), chinese_post)
    translation = Translation.objects.get()
    # The last of the task's attempts: one call (the client does not retry inside it).
    last = tasks.translate_contents.max_retries
    tasks.translate_contents.apply(args=[[translation.pk]], retries=last, throw=False)
    translation.refresh_from_db()
    assert translation.status == "failed" and "503" in translation.failure
    assert len(deepl.translate_requests) == 1


def test_without_a_key_the_button_says_translation_is_not_configured(
    deepl, chinese_post, member, client_for, settings
):
    settings.DEEPL_AUTH_KEY = None
    response = click_translate(client_for(member), chinese_post)
    assert "Translation is not configured on this site." in response.content.decode()
    assert not Translation.objects.exists()
    assert deepl.translate_requests == []


def test_the_follow_up_request_is_for_the_waiting_reader_only(
    deepl, chinese_post, member, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        click_translate(client_for(member), chinese_post)
    translation = Translation.objects.get()
    url = reverse("translation:state", args=[translation.pk, chinese_post.translation_element_id])
    assert client_for(MemberFactory()).get(url).status_code == 404
    still = client_for(member).get(url)
    assert 'data-translation-state="still_pending"' in still.content.decode()


def test_the_socket_frame_carries_the_translation_to_the_waiting_element(
    deepl, chinese_post, member, client_for, django_capture_on_commit_callbacks
):
    from core import event_log, realtime

    before, _frames = event_log.frames_after(member.pk, 0)
    with django_capture_on_commit_callbacks(execute=True):
        click_translate(client_for(member), chinese_post)
    translation = Translation.objects.get()
    # Rendered for the member when the worker published it: the frame their pages got.
    _seq, frames = event_log.frames_after(member.pk, before)
    (frame,) = [frame for frame in frames if frame["type"] == "translation.ready"]
    (target,) = frame["targets"]
    assert target["id"] == chinese_post.translation_element_id
    assert "[EN-US]" in target["html"]
    render = realtime.renderer_for("translation.ready")
    assert render(member, {"translation_id": translation.pk}) is None  # delivered once


def test_anonymous_readers_see_no_translate_button(chinese_post, anonymous, member, client_for):
    page = anonymous.get(chinese_post.thread.get_absolute_url()).content.decode()
    assert "translate-button" not in page
    assert (
        anonymous.post(reverse("forum:post-translate", args=[chinese_post.pk])).status_code == 302
    )
    reader_page = client_for(member).get(chinese_post.thread.get_absolute_url()).content.decode()
    assert "translate-button" in reader_page  # prominent: Chinese text, English reader


def test_a_member_who_asks_too_often_is_told_to_wait_and_the_cache_still_answers(
    deepl, member, other_member, client_for, settings, django_capture_on_commit_callbacks
):
    settings.TRANSLATION_RATE_LIMIT = (2, 600)
    thread = thread_by(member, title="Cats", body="My cat.")
    posts = [reply_by(other_member, thread, body=f"第{n}只猫睡觉了。") for n in range(3)]
    client = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        states = [click_translate(client, post).content.decode() for post in posts]
    assert 'data-translation-state="rate_limited"' in states[2]
    assert "Try again in a few minutes." in states[2]
    assert len(deepl.translate_requests) == 2
    # What is already translated still comes from the cache.
    again = click_translate(client, posts[0]).content.decode()
    assert 'data-translation-state="done"' in again


def test_an_overlong_text_is_not_sent(deepl, member, other_member, client_for):
    thread = thread_by(member)
    long_post = reply_by(other_member, thread, body="猫" * 19_000 + " **粗体**" * 200)
    response = click_translate(client_for(member), long_post).content.decode()
    assert 'data-translation-state="too_long"' in response
    assert deepl.translate_requests == []


def test_thread_titles_and_profile_bios_translate_too(
    deepl, member, other_member, client_for, django_capture_on_commit_callbacks
):
    from accounts import services as account_services

    thread = thread_by(other_member, title="周末去哪儿玩", body="大家周末都去哪儿？")
    account_services.update_profile(
        member=other_member,
        display_name="小蓝",
        bio="上海人，喜欢拍猫。",
        languages_spoken=["zh"],
        languages_learning=["en"],
        interests=[],
    )
    client = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum:thread-translate", args=[thread.pk]), headers=HTMX)
        client.post(reverse("accounts:profile-translate", args=["xiaolan"]), headers=HTMX)
    texts = sorted(str(request["text"]) for request in deepl.translate_requests)
    assert texts == ["['<p>上海人，喜欢拍猫。</p>\\n']", "['周末去哪儿玩']"]
    title = client.post(reverse("forum:thread-translate", args=[thread.pk]), headers=HTMX)
    assert "[EN-US] 周末去哪儿玩" in title.content.decode()
    bio = client.post(reverse("accounts:profile-translate", args=["xiaolan"]), headers=HTMX)
    assert "[EN-US] <p>上海人" in bio.content.decode()
    assert len(deepl.translate_requests) == 2


def test_staff_see_cost_cache_hits_and_failures(
    deepl, chinese_post, member, moderator, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for reader in (member, *[MemberFactory() for _ in range(3)]):
            click_translate(client_for(reader), chinese_post)
    url = reverse("translation:dashboard")
    assert client_for(member).get(url).status_code == 403  # staff only
    page = client_for(moderator).get(url).content.decode()
    assert "75%" in page  # four requests, one call
    billed = Translation.objects.get().billed_characters
    assert billed == len(chinese_post.body_html)  # what DeepL counted, as it said
    assert f"<td>{billed}</td>" in page  # characters sent today
    assert "4 requests" in page
    assert "→ English" in page  # the language's name, not its code


def test_a_translation_written_by_hand_replaces_deepls_for_everyone(
    deepl, chinese_post, member, client_for, django_capture_on_commit_callbacks, settings
):
    from translation.services import store_translation_by_hand

    with django_capture_on_commit_callbacks(execute=True):
        click_translate(client_for(member), chinese_post)
    store_translation_by_hand(
        source_html=chinese_post.body_html,
        source_language="zh",
        target_language="en",
        html="<p>My cat does too: sleeps <strong>all day</strong>.</p><script>x()</script>",
    )
    settings.DEEPL_AUTH_KEY = None  # the cache needs no key
    page = click_translate(client_for(MemberFactory()), chinese_post).content.decode()
    assert "My cat does too" in page and "(by hand)" in page
    assert "<script>x()" not in page
    assert len(deepl.translate_requests) == 1
