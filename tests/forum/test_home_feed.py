"""A home feed the member controls: settings, chips, why each thread is there, and defaults
that never change an existing member's feed without asking."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from forum import feed, selectors, services
from forum.models import Category, FeedPreference
from tests.factories import MemberFactory, category, thread_by

pytestmark = pytest.mark.django_db

HOME = reverse("home")
LONG_AGO = datetime(2025, 1, 20, tzinfo=UTC)


def titles(client, **params) -> list[str]:
    html = client.get(HOME, params).content.decode()
    return re.findall(r'class="thread-row-title"><a [^>]*>([^<]+)</a>', html)


@pytest.fixture
def world():
    english, chinese = MemberFactory(), MemberFactory(preferred_language="zh-hans")
    return {
        "english daily": thread_by(english, title="Weekend plans", body="Going hiking on Sunday."),
        "chinese pets": thread_by(
            chinese, title="猫税来了", body="我家的猫今天又睡了一整天。", category=category("pets")
        ),
        "chinese food": thread_by(
            chinese, title="麻婆豆腐", body="关键是郫县豆瓣和花椒。", category=category("food")
        ),
        "english pets": thread_by(
            english, title="Dog tax", body="My dog says hello.", category=category("pets")
        ),
    }


def test_a_chinese_only_pets_muted_feed_never_shows_english_or_pets(world, client_for):
    long_timer = MemberFactory(preferred_language="zh-hans", date_joined=LONG_AGO)
    client = client_for(long_timer)
    assert set(titles(client)) == {"Weekend plans", "猫税来了", "麻婆豆腐", "Dog tax"}

    saved = client.post(
        reverse("forum:feed-settings"),
        {"languages": "zh", "muted_categories": [category("pets").pk]},
    )
    assert saved.status_code == 302
    assert titles(client) == ["麻婆豆腐"]
    for page in range(1, 3):
        assert "Weekend plans" not in titles(client, page=page)
    # The settings show as chips above the feed, each removable with one tap.
    html = client.get(HOME).content.decode()
    assert html.count('class="feed-chip"') == 2 and "萌宠" in html  # (their interface is Chinese)
    client.post(reverse("forum:feed-chip-remove"), {"chip": f"mute:{category('pets').pk}"})
    assert set(titles(client)) == {"麻婆豆腐", "猫税来了"}
    client.post(reverse("forum:feed-chip-remove"), {"chip": "languages"})
    assert len(titles(client)) == 4


def test_why_am_i_seeing_this_names_the_rule(world, member, client_for):
    services.follow_member(follower=member, member=world["english daily"].author, follow=True)
    services.follow_thread(member=member, thread=world["chinese food"], follow=True)
    client = client_for(member)
    client.post(reverse("forum:feed-settings"), {"languages": "en_first"})
    html = client.get(HOME).content.decode()
    rows = dict(
        re.findall(
            r'class="thread-row-title"><a [^>]*>([^<]+)</a>.*?<details class="why">(.*?)</details>',
            html,
            re.S,
        )
    )
    author = world["english daily"].author.name
    assert f"You follow {author}." in rows["Weekend plans"]
    assert "which your feed shows first" in rows["Weekend plans"]
    assert "You follow this thread." in rows["麻婆豆腐"]
    assert "one of your feed&#x27;s languages" in rows["麻婆豆腐"]
    assert "a category you have not muted" in rows["猫税来了"]


def test_only_people_and_threads_i_follow(world, member, client_for):
    services.follow_member(follower=member, member=world["chinese pets"].author, follow=True)
    client = client_for(member)
    client.post(reverse("forum:feed-settings"), {"languages": "all", "only_following": "on"})
    assert set(titles(client)) == {"猫税来了", "麻婆豆腐"}


def test_regions_put_first_or_hidden(world, member, client_for):
    chinese_region_thread = thread_by(
        MemberFactory(), title="From Chengdu", body="Hot pot tonight.", region_code="CN"
    )
    client = client_for(member)
    client.post(
        reverse("forum:feed-settings"),
        {"languages": "all", "emphasised_regions": ["CN"]},
    )
    assert titles(client)[0] == "From Chengdu"
    client.post(reverse("forum:feed-settings"), {"languages": "all", "hidden_regions": ["CN"]})
    assert chinese_region_thread.title not in titles(client)
    # A region cannot be both: the form says so and keeps the choices.
    both = client.post(
        reverse("forum:feed-settings"),
        {"languages": "zh", "emphasised_regions": ["CN"], "hidden_regions": ["CN"]},
    )
    assert both.status_code == 200
    assert "cannot be both first and hidden" in both.content.decode()
    assert FeedPreference.objects.get(member=member).languages == []


def test_a_long_time_chinese_member_reads_chinese_first_by_default(world, client_for):
    long_timer = MemberFactory(preferred_language="zh-hans", date_joined=LONG_AGO)
    english_member = MemberFactory(date_joined=LONG_AGO)
    # Within the day, the member's own language leads; nothing is hidden.
    ordered = titles(client_for(long_timer))
    assert set(ordered[:2]) == {"猫税来了", "麻婆豆腐"} and len(ordered) == 4
    assert titles(client_for(english_member))[0] == "Dog tax"  # plain newest first


def test_new_defaults_apply_to_new_members_and_existing_ones_are_asked(
    world, client_for, monkeypatch
):
    long_timer = MemberFactory(preferred_language="zh-hans", date_joined=LONG_AGO)
    old_client = client_for(long_timer)
    assert set(titles(old_client)[:2]) == {"猫税来了", "麻婆豆腐"}  # settings stored now

    # The site changes its defaults: from today, everyone starts with plain newest-first.
    newer = feed.Defaults(
        2, datetime.now(UTC) - timedelta(minutes=1), "Everyone starts newest first.", False
    )
    monkeypatch.setattr(feed, "DEFAULTS", [*feed.DEFAULTS, newer])
    newcomer = MemberFactory(preferred_language="zh-hans")
    assert titles(client_for(newcomer))[0] == "Dog tax"
    assert "feed-defaults" not in client_for(newcomer).get(HOME).content.decode()

    # The long-time member's feed does not change; they are asked, and may keep it.
    assert set(titles(old_client)[:2]) == {"猫税来了", "麻婆豆腐"}
    assert "Everyone starts newest first." in old_client.get(HOME).content.decode()
    old_client.post(reverse("forum:feed-defaults"), {"accept": "0"})
    assert set(titles(old_client)[:2]) == {"猫税来了", "麻婆豆腐"}
    assert "feed-defaults" not in old_client.get(HOME).content.decode()

    # Another long-time member takes the new defaults.
    other = MemberFactory(preferred_language="zh-hans", date_joined=LONG_AGO)
    client = client_for(other)
    client.get(HOME)
    client.post(reverse("forum:feed-defaults"), {"accept": "1"})
    assert titles(client)[0] == "Dog tax"


def test_feed_queries_are_fixed_whatever_the_settings_and_length(
    world, member, client_for, django_assert_num_queries
):
    client = client_for(member)
    client.get(HOME)
    # who has a thread waiting for approval, page count, the page's reach (which days it
    # draws from), its order, its threads, the aside's categories, New arrivals (the session,
    # the member's row, the feed settings, the member's follows and the header's unread
    # counts were kept by the first page; with PAGE_CACHE_SECONDS above 0, as in production,
    # the held threads' authors, the count, the reach, the order and the categories are kept
    # as well); and how far the member has read the page's threads
    with django_assert_num_queries(8):
        client.get(HOME)
    thread_by(MemberFactory(), title="From Chengdu", region_code="CN")
    saved = client.post(
        reverse("forum:feed-settings"),
        {
            "languages": "zh_first",
            "only_following": "on",
            "muted_categories": [category("pets").pk, category("food").pk],
            "emphasised_regions": ["CN"],
            "hidden_regions": ["US"],
        },
    )
    assert saved.status_code == 302  # every setting taken
    followed = MemberFactory()
    services.follow_member(follower=member, member=followed, follow=True)
    for index in range(25):
        thread_by(followed, title=f"More {index}", body="Another day.", region_code="CN")
    # changed: the feed settings and their muted categories, whom and what the member follows;
    # and the new threads' rows, their threads read again after their versions (one query)
    with django_assert_num_queries(13):
        page = client.get(HOME).content.decode()
    assert page.count('class="thread-row"') == 20
    assert client.post(reverse("forum:feed-settings"), {"languages": "all"}).status_code == 302
    with django_assert_num_queries(11):  # and page 2's rows, first seen
        client.get(HOME, {"page": 2})
    assert Category.objects.count() > 2


def test_every_page_is_the_one_ranking_the_whole_forum_would_give(member, client_for):
    """The feed takes each page only from the days it can reach (forum/feed.py): the pages are
    the same as ranking every thread, for any settings, on a forum spread over many days."""
    english, chinese = MemberFactory(), MemberFactory(preferred_language="zh-hans")
    start = datetime(2026, 11, 1, 12, tzinfo=UTC)
    for index in range(75):
        writer = chinese if index % 3 else english
        thread = thread_by(
            writer,
            title=f"{'猫咪' if index % 3 else 'Cats'} {index:02d}",
            body="我家的猫整天睡觉。" if index % 3 else "My cat sleeps all day.",
            region_code="CN" if index % 5 == 0 else "US",
        )
        # Several threads a day, days apart, hours apart within a day.
        thread.last_posted_at = start + timedelta(days=index // 7, hours=index % 7)
        thread.save(update_fields=["last_posted_at"])
    client = client_for(member)
    for settings in (
        {"languages": "all"},
        {"languages": "zh_first", "emphasised_regions": ["CN"]},
        {"languages": "en_first", "hidden_regions": ["CN"]},
    ):
        client.post(reverse("forum:feed-settings"), settings)
        preference = feed.preference_for(member)
        whole = feed.home_feed(member, threads_of(member), 1)
        everything = ranked_without_narrowing(member, preference)
        last = whole.page.paginator.num_pages
        assert last >= 3
        pages = [titles(client, page=number) for number in range(1, last + 1)]
        assert whole.page.paginator.count == len(everything)
        assert [title for page in pages for title in page] == everything, settings


def threads_of(member):
    return selectors.visible_threads(member)


def ranked_without_narrowing(member, preference) -> list[str]:
    """The feed's order, computed in Python over every visible thread."""
    rows = []
    for thread in threads_of(member):
        region = thread.posts.get(number=1).region_code
        if region in preference.hidden_regions:
            continue
        languages = preference.languages
        language_rank = 0 if len(languages) > 1 and thread.language == languages[0] else 1
        if len(languages) < 2:
            language_rank = 0
        region_rank = 0 if region in preference.emphasised_regions else 1
        if not preference.emphasised_regions:
            region_rank = 0
        rows.append(
            (
                -thread.last_posted_at.date().toordinal(),
                region_rank,
                language_rank,
                -thread.last_posted_at.timestamp(),
                -thread.pk,
                thread.title,
            )
        )
    return [row[-1] for row in sorted(rows)]
