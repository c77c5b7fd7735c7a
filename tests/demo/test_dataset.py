import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.models import Member
from chat.models import Conversation, Message, Participant
from community.models import DailyJoinCount, DailyWelcomeCount, WeeklyPostCount
from demo import dataset
from forum.models import Introduction, Post, Reaction, Thread, Welcome

SIZES = dataset.Sizes(members=40, threads=30, posts=300, messages=200)


@pytest.fixture
def generated(db):
    return dataset.generate(SIZES, seed=7)


def test_the_dataset_has_the_sizes_asked_for_and_every_counter_equals_its_rows(generated):
    counts = generated.counts
    assert (counts["members"], counts["threads"], counts["posts"], counts["messages"]) == (
        40,
        30,
        300,
        200,
    )
    assert counts["introductions"] > 0 and counts["welcomes"] > 0
    assert counts["reactions"] == Reaction.objects.count() > 0
    assert Member.objects.filter(preferred_language="zh-hans").count() in range(10, 31)

    newest = Post.objects.filter(thread=OuterRef("pk")).order_by("-number")
    threads = Thread.objects.annotate(
        posts_count=Count("posts"),
        replies=Count("posts", filter=Q(posts__number__gt=1)),
        lowest=Min("posts__number"),
        highest=Max("posts__number"),
        newest_at=Subquery(newest.values("created_at")[:1]),
        newest_author=Subquery(newest.values("author_id")[:1]),
        opening_language=Subquery(
            Post.objects.filter(thread=OuterRef("pk"), number=1).values("language")[:1]
        ),
    )
    for thread in threads:
        assert (thread.lowest, thread.highest) == (1, thread.posts_count)  # numbers 1..n
        assert thread.reply_count == thread.replies
        assert thread.last_posted_at == thread.newest_at
        assert thread.last_poster_id == thread.newest_author
        assert thread.language == thread.opening_language
    assert max(thread.reply_count for thread in threads) >= 50

    for post in Post.objects.select_related("author", "thread"):
        assert post.region_code == (post.author.region_code or "ZZ")
        assert post.created_at >= post.author.date_joined
        assert post.body_html and post.search_document
        if post.quoted_post_id:
            assert post.quoted_post.thread_id == post.thread_id
            assert post.quoted_post.number < post.number
    for welcome in Welcome.objects.select_related("post", "introduction"):
        assert welcome.post.thread_id == welcome.introduction.thread_id

    newest_message = Message.objects.filter(conversation=OuterRef("pk")).order_by("-pk")
    for conversation in Conversation.objects.annotate(
        newest=Subquery(newest_message.values("pk")[:1]),
        newest_at=Subquery(newest_message.values("created_at")[:1]),
    ):
        assert conversation.last_message_id == conversation.newest
        assert conversation.last_message_at == conversation.newest_at
    for place in Participant.objects.exclude(last_read_message_id=0):
        assert Message.objects.filter(
            pk=place.last_read_message_id, conversation_id=place.conversation_id
        ).exists()
    assert Participant.objects.filter(state=Participant.State.REQUEST).exists()

    # The community page's counts, rebuilt from the rows.
    assert sum(DailyJoinCount.objects.values_list("count", flat=True)) == 40
    assert sum(WeeklyPostCount.objects.values_list("count", flat=True)) == 300
    assert sum(DailyWelcomeCount.objects.values_list("count", flat=True)) == counts["welcomes"]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM forum_post_fts_docsize")
            assert cursor.fetchone()[0] == 300


def test_a_generated_member_signs_in_with_the_shared_password(generated):
    browser = Client()
    response = browser.post(
        reverse("account_login"),
        {"login": dataset.USERNAME.format(3), "password": dataset.PASSWORD},
    )
    assert response.status_code == 302
    signed_in = Member.objects.get(username=dataset.USERNAME.format(3))
    assert browser.session["_auth_user_id"] == str(signed_in.pk)


def test_the_pages_show_the_generated_community(generated, client_for):
    chinese_reader = Member.objects.filter(preferred_language="zh-hans").first()
    browser = client_for(chinese_reader)

    home = browser.get(reverse("home"))
    assert home.status_code == 200
    assert escape(Thread.objects.latest("last_posted_at").title) in home.content.decode()

    longest = Thread.objects.order_by("-reply_count").first()
    page = browser.get(reverse("forum:thread", args=[longest.pk]), {"page": "last"})
    assert page.status_code == 200
    assert longest.posts.order_by("-number").first().body_html in page.content.decode()

    grid = browser.get(reverse("forum:introductions"))
    assert grid.status_code == 200
    newest = Introduction.objects.select_related("member").latest("created_at")
    assert escape(newest.member.name) in grid.content.decode()

    profile = browser.get(reverse("accounts:profile", args=[newest.member.username]))
    assert profile.status_code == 200
    assert escape(newest.thread.title) in profile.content.decode()

    english = Post.objects.filter(language="en").first()
    word = max(re.findall(r"\b[A-Za-z]{4,}\b", english.body), key=len).lower()
    chinese = Post.objects.filter(language="zh").first()
    pair = re.search(r"[\u4e00-\u9fff]{2}", chinese.body).group(0)
    for query in (word, pair):
        results = browser.get(reverse("forum:search"), {"q": query})
        assert results.status_code == 200
        assert f"<mark>{query}</mark>".lower() in results.content.decode().lower()

    place = (
        Participant.objects.filter(state=Participant.State.ACTIVE)
        .exclude(conversation__last_message=None)
        .select_related("member", "conversation__last_message")
        .first()
    )
    chat = client_for(place.member).get(reverse("chat:conversation", args=[place.conversation_id]))
    assert chat.status_code == 200
    assert place.conversation.last_message.body_html in chat.content.decode()


def test_the_command_prints_how_to_sign_in_and_refuses_a_database_with_posts(db):
    sizes = ["--members", "12", "--threads", "6", "--posts", "30", "--messages", "20"]
    out = io.StringIO()
    call_command("generate_dataset", *sizes, stdout=out)
    assert "member_<n>" in out.getvalue() and dataset.PASSWORD in out.getvalue()
    assert Post.objects.count() == 30

    with pytest.raises(CommandError, match="already has threads, posts"):
        call_command("generate_dataset", *sizes, stdout=io.StringIO())
    assert Post.objects.count() == 30
