"""The community glossary: kept by staff, synced to DeepL per direction, used by every call."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory, reply_by, thread_by
from translation import services
from translation.exceptions import RetryLater
from translation.models import GlossaryEntry, GlossarySync, Translation

pytestmark = pytest.mark.django_db

HTMX = {"hx-request": "true"}


@pytest.fixture
def staff():
    return MemberFactory(username="mod", is_staff=True)


@pytest.fixture
def glossary(deepl, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.save_glossary_entry(staff=staff, english="Rednote", chinese="小红书")
        services.save_glossary_entry(staff=staff, english="cat tax", chinese="猫税")
    return GlossarySync.objects.get()


def translate(client, post, capture):
    with capture(execute=True):
        return client.post(reverse("forum:post-translate", args=[post.pk]), headers=HTMX)


def test_staff_add_a_term_and_deepl_gets_a_glossary_for_each_direction(
    deepl, staff, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            reverse("translation:glossary"),
            {"english": "TikTok refugee", "chinese": "TikTok难民", "note": "January 2025"},
        )
    assert response.status_code == 302
    sync = GlossarySync.objects.get()
    assert sync.synced_version == sync.version == 1
    by_direction = {
        (g["source_lang"], g["target_lang"]): g["entries"]
        for g in deepl.behaviour.glossaries.values()
    }
    assert by_direction == {
        ("EN", "ZH"): {"TikTok refugee": "TikTok难民"},
        ("ZH", "EN"): {"TikTok难民": "TikTok refugee"},
    }
    page = client_for(staff).get(reverse("translation:glossary")).content.decode()
    assert "TikTok难民" in page and "DeepL has the current glossary" in page


def test_every_translation_in_the_pair_uses_the_glossary_in_its_direction(
    deepl, glossary, member, other_member, client_for, django_capture_on_commit_callbacks
):
    thread = thread_by(member, title="Hello", body="I moved here from Rednote. Here is my cat tax.")
    chinese = reply_by(other_member, thread, body="欢迎从小红书来！")
    translate(client_for(other_member), thread.posts.first(), django_capture_on_commit_callbacks)
    translate(client_for(member), chinese, django_capture_on_commit_callbacks)

    to_chinese, to_english = deepl.translate_requests
    assert to_chinese["glossary_id"] == glossary.english_to_chinese_id
    assert to_english["glossary_id"] == glossary.chinese_to_english_id
    made = dict(Translation.objects.values_list("target_language", "html"))
    assert "小红书" in made["zh-hans"] and "猫税" in made["zh-hans"]
    assert "Rednote" in made["en"]


def test_names_code_links_and_tags_are_kept_as_written(
    deepl, glossary, member, other_member, client_for, django_capture_on_commit_callbacks
):
    thread = thread_by(
        member,
        title="Names",
        body="Rednote is great. Ask @xiaolan, run `Rednote --help`, see "
        "<https://example.com/Rednote> and #Rednote",
    )
    translate(client_for(other_member), thread.posts.first(), django_capture_on_commit_callbacks)
    html = Translation.objects.get().html
    assert html.count("小红书") == 1  # only the prose
    assert '<code translate="no">Rednote --help</code>' in html
    assert ">@xiaolan</a>" in html
    assert ">https://example.com/Rednote</a>" in html
    assert '<span class="hashtag" translate="no">#Rednote</span>' in html


def test_changing_a_term_outdates_only_the_translations_that_contain_it(
    deepl, glossary, staff, member, other_member, client_for, django_capture_on_commit_callbacks
):
    reader = client_for(other_member)
    thread = thread_by(
        member, title="Two posts", body="Rednote was a lot of fun, and I made many friends there."
    )
    unrelated = reply_by(member, thread, body="The weather is nice today, so we went for a walk.")
    about_rednote = thread.posts.first()
    translate(reader, about_rednote, django_capture_on_commit_callbacks)
    translate(reader, unrelated, django_capture_on_commit_callbacks)
    assert len(deepl.translate_requests) == 2
    old_ids = set(deepl.behaviour.glossaries)

    entry = GlossaryEntry.objects.get(english="Rednote")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(
            reverse("translation:glossary-entry", args=[entry.pk]),
            {"english": "Rednote", "chinese": "小红书App"},
        )
    states = dict(Translation.objects.values_list("source_html", "status"))
    assert states[about_rednote.body_html] == "outdated"
    assert states[unrelated.body_html] == "done"
    # DeepL's old glossaries are gone; the new ones replace them.
    assert not old_ids & set(deepl.behaviour.glossaries)
    assert len(deepl.behaviour.glossaries) == 2

    again = translate(reader, about_rednote, django_capture_on_commit_callbacks)
    assert 'data-translation-state="pending"' in again.content.decode()
    assert "小红书App" in Translation.objects.get(source_html=about_rednote.body_html).html
    translate(reader, unrelated, django_capture_on_commit_callbacks)
    assert len(deepl.translate_requests) == 3  # the unrelated one came from the cache


def test_a_hand_made_translation_survives_a_glossary_change(
    deepl, glossary, staff, member, django_capture_on_commit_callbacks
):
    post = thread_by(member, title="Hi", body="Rednote friends").posts.first()
    services.store_translation_by_hand(
        source_html=post.body_html,
        source_language="en",
        target_language="zh-hans",
        html="<p>小红书的朋友们</p>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.save_glossary_entry(
            staff=staff,
            english="Rednote",
            chinese="红书",
            entry=GlossaryEntry.objects.get(english="Rednote"),
        )
    assert Translation.objects.get().status == "done"


def test_only_staff_keep_the_glossary(deepl, member, client_for):
    assert client_for(member).get(reverse("translation:glossary")).status_code == 403
    response = client_for(member).post(
        reverse("translation:glossary"), {"english": "x", "chinese": "叉"}
    )
    assert response.status_code == 403
    assert not GlossaryEntry.objects.exists()


def test_a_term_already_there_gets_a_clear_error_and_keeps_what_was_typed(
    glossary, staff, client_for
):
    response = client_for(staff).post(
        reverse("translation:glossary"), {"english": "rednote", "chinese": "红笔记", "note": "n"}
    )
    page = response.content.decode()
    assert "“rednote” is already in the glossary." in page
    assert 'value="红笔记"' in page
    assert GlossaryEntry.objects.count() == 2


def test_deepl_refusing_the_glossary_is_shown_to_staff(
    deepl, settings, staff, client_for, django_capture_on_commit_callbacks
):
    settings.DEEPL_AUTH_KEY = "a-revoked-key:fx"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_glossary_entry(staff=staff, english="Rednote", chinese="小红书")
    assert deepl.behaviour.glossaries == {}
    sync = GlossarySync.objects.get()
    assert sync.synced_version == 0 and "Authorization" in sync.failure
    page = client_for(staff).get(reverse("translation:glossary")).content.decode()
    assert "DeepL did not take the latest glossary" in page


def test_a_glossary_deepl_lost_does_not_break_translation_and_is_given_again(
    deepl, glossary, member, other_member, client_for, django_capture_on_commit_callbacks
):
    deepl.behaviour.glossaries.clear()  # deleted at DeepL, outside Halfway
    thread = thread_by(member, title="Hi", body="I moved here from Rednote and I love it here.")
    response = translate(
        client_for(other_member), thread.posts.first(), django_capture_on_commit_callbacks
    )
    assert 'data-translation-state="pending"' in response.content.decode()
    assert Translation.objects.get().status == "done"  # made without the glossary this time
    # The worker gave DeepL the glossary again, for the next translations.
    sync = GlossarySync.objects.get()
    assert sync.english_to_chinese_id in deepl.behaviour.glossaries


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_sync_runs_at_a_time_across_workers(deepl, staff):
    """A second sync while one is talking to DeepL leaves it the work: two glossaries, not
    four, and none left behind."""
    import threading

    services.save_glossary_entry(staff=staff, english="Rednote", chinese="小红书")
    deepl.behaviour.glossary_requests.clear()
    deepl.behaviour.delay_seconds = 1.5  # DeepL takes its time: the first holds the lease
    first = threading.Thread(target=services.sync_glossary)
    GlossarySync.objects.filter(pk=1).update(synced_at=None)
    first.start()
    try:
        while not GlossarySync.objects.filter(syncing_until__isnull=False).exists():
            assert first.is_alive()
        services.sync_glossary()  # as a second worker would, while the first holds the lease
    finally:
        first.join()
    creates = [request for request in deepl.behaviour.glossary_requests if request[0] == "POST"]
    assert len(creates) == 2
    assert len(deepl.behaviour.glossaries) == 2
    assert GlossarySync.objects.get().syncing_until is None  # released


def test_a_refused_sync_is_sent_again_by_the_periodic_job(
    deepl, staff, settings, django_capture_on_commit_callbacks
):
    from halfway.celery import app

    deepl.behaviour.fail_with = None
    settings.DEEPL_AUTH_KEY = "refused-key:fx"  # 403: not worth retrying at once
    with django_capture_on_commit_callbacks(execute=True):
        services.save_glossary_entry(staff=staff, english="Rednote", chinese="小红书")
    assert GlossarySync.objects.get().failure

    settings.DEEPL_AUTH_KEY = "test-deepl-key:fx"  # the cause is gone
    job = settings.CELERY_BEAT_SCHEDULE["sync-glossary"]
    app.tasks[job["task"]].apply()
    sync = GlossarySync.objects.get()
    assert sync.synced_version == sync.version and not sync.failure
    assert len(deepl.behaviour.glossaries) == 2


def test_glossaries_a_lost_race_left_behind_are_deleted_at_the_next_sync(
    deepl, staff, glossary, django_capture_on_commit_callbacks
):
    client = services.deepl_client()
    orphan = client.create_glossary("Halfway v1 en→zh", "EN", "ZH", {"a": "b"}).glossary_id
    theirs = client.create_glossary("Someone else's", "EN", "ZH", {"a": "b"}).glossary_id

    with django_capture_on_commit_callbacks(execute=True):
        services.save_glossary_entry(staff=staff, english="dog tax", chinese="狗税")
    sync = GlossarySync.objects.get()
    kept = {sync.english_to_chinese_id, sync.chinese_to_english_id}
    assert set(deepl.behaviour.glossaries) == kept | {theirs}
    assert orphan not in deepl.behaviour.glossaries


@pytest.mark.parametrize(
    ("refusal", "outcome"),
    [(456, "QuotaExceededException"), (503, RetryLater)],
    ids=["refused", "deepl-away"],
)
def test_a_pair_deepl_made_only_half_of_is_not_kept_and_the_next_sync_makes_both(
    deepl, staff, settings, refusal, outcome
):
    from halfway.celery import app

    services.save_glossary_entry(staff=staff, english="Rednote", chinese="小红书")
    deepl.behaviour.glossary_creation_failures = [None, refusal]  # en→zh made, zh→en refused
    if outcome is RetryLater:
        with pytest.raises(RetryLater):  # the task retries it with backoff
            services.sync_glossary()
    else:
        services.sync_glossary()
    creates = [method for method, _path in deepl.behaviour.glossary_requests if method == "POST"]
    assert len(creates) == 2  # the first direction was made, then the second refused
    assert deepl.behaviour.glossaries == {}  # the half made pair is not left at DeepL
    sync = GlossarySync.objects.get()
    assert sync.synced_version == 0 < sync.version  # still to sync: the periodic job will
    assert not sync.english_to_chinese_id and not sync.chinese_to_english_id
    if outcome is not RetryLater:
        assert sync.failure == outcome  # shown to staff

    job = settings.CELERY_BEAT_SCHEDULE["sync-glossary"]
    app.tasks[job["task"]].apply()
    sync = GlossarySync.objects.get()
    assert sync.synced_version == sync.version and not sync.failure
    assert set(deepl.behaviour.glossaries) == {
        sync.english_to_chinese_id,
        sync.chinese_to_english_id,
    }
    by_direction = sorted(
        (g["source_lang"], g["target_lang"]) for g in deepl.behaviour.glossaries.values()
    )
    assert by_direction == [("EN", "ZH"), ("ZH", "EN")]
