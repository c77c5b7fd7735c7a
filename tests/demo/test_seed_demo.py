import pytest
from django.core.management import call_command
from django.urls import reverse

from forum.models import Post, Thread
from translation.models import Translation

pytestmark = pytest.mark.django_db


def test_the_demo_forum_is_seeded_once_with_hand_written_translations(client_for, settings):
    call_command("seed_demo")
    threads, posts = Thread.objects.count(), Post.objects.count()
    call_command("seed_demo")
    assert (Thread.objects.count(), Post.objects.count()) == (threads, posts)
    assert Thread.objects.filter(category__is_introductions=True).exists()
    assert Post.objects.filter(images__isnull=False).exists()  # introductions with photos
    assert {"zh", "en"} <= set(Post.objects.values_list("language", flat=True))

    # Every demo post reads in the other language without a DeepL key.
    settings.DEEPL_AUTH_KEY = None
    assert Translation.objects.filter(by_hand=True).count() >= posts
    chinese_post = Post.objects.filter(language="zh", number=1).first()
    reader = Post.objects.filter(language="en").first().author
    response = client_for(reader).post(
        reverse("forum:post-translate", args=[chinese_post.pk]), headers={"hx-request": "true"}
    )
    assert 'data-translation-state="done"' in response.content.decode()
    assert "(by hand)" in response.content.decode()


def test_the_demo_has_a_glossary_and_a_suggestion_waiting_for_votes(client_for):
    from accounts.models import Member
    from translation.models import GlossaryEntry, Suggestion

    call_command("seed_demo")
    call_command("seed_demo")
    entries = dict(GlossaryEntry.objects.values_list("english", "chinese"))
    assert entries["Rednote"] == "小红书"
    assert entries["Daily life"]  # category names are in it too
    suggestion = Suggestion.objects.get()  # once, however often the demo is seeded
    assert suggestion.status == "open"
    reviewer = Member.objects.get(username="meimei")  # speaks both languages
    assert reviewer.username == suggestion.author.username
    other_bilingual = Member.objects.filter(is_staff=True).first()
    queue = client_for(other_bilingual).get(reverse("translation:suggestions"))
    assert "跟个风" in queue.content.decode()


def test_the_demo_has_a_conversation_and_a_request_readable_without_a_key(client_for, settings):
    from accounts.models import Member
    from chat import selectors
    from chat.models import Message

    call_command("seed_demo")
    call_command("seed_demo")
    assert Message.objects.count() == 6  # once, however often the demo is seeded
    laowang = Member.objects.get(username="laowang_cd")
    (conversation,) = selectors.inbox(laowang)
    settings.DEEPL_AUTH_KEY = None
    english = Message.objects.filter(conversation=conversation, language="en").first()
    response = client_for(laowang).post(
        reverse("chat:message-translate", args=[english.pk]), headers={"hx-request": "true"}
    )
    assert "麻婆豆腐" in response.content.decode()
    xiaolan = Member.objects.get(username="xiaolan")
    requests = client_for(xiaolan).get(reverse("chat:requests")).content.decode()
    assert "Liam" in requests and "它们和狗合得来吗" in requests
