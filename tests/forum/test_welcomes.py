"""Welcoming newcomers: the New arrivals panel on the home page, the one-tap "Welcome 👋" (a
greeting reply in the welcomer's language), who welcomed whom, and the grid's "Not yet
welcomed" filter."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from chat import services as chat_services
from forum import selectors, services
from forum.models import Introduction, Notification, Welcome
from moderation import services as moderation_services
from tests.factories import MemberFactory
from translation.models import Translation

pytestmark = pytest.mark.django_db

HTMX = {"hx-request": "true"}
GREETINGS = [
    "Welcome to Halfway, %(name)s! 👋",
    "Hi %(name)s, so glad you found us! Welcome to Halfway 👋",
    "Welcome aboard, %(name)s! Great to meet you here 👋",
]


def introduce(member, *, title="Hi from Texas, cat person!", region_code="US") -> Introduction:
    return services.post_introduction(
        member=member,
        title=title,
        who_i_am="Nurse, knitter, and Biscuit's human.",
        where_from="Austin, Texas",
        hope_to_learn="How families celebrate Spring Festival.",
        languages_spoken=["en"],
        languages_learning=["zh"],
        interests=[],
        region_code=region_code,
    )


def greetings_in(language: str, name: str) -> set[str]:
    with override(language):
        return {gettext(greeting) % {"name": name} for greeting in GREETINGS}


def welcome_url(introduction) -> str:
    return reverse("forum:introduction-welcome", args=[introduction.pk])


def tap_welcome(client, introduction, *, htmx=True, next_url="/"):
    return client.post(welcome_url(introduction), {"next": next_url}, headers=HTMX if htmx else {})


def click_translate(client, post):
    return client.post(reverse("forum:post-translate", args=[post.pk]), headers=HTMX)


def welcome_count_in(html: str) -> int:
    """The number in a card's "Welcomed by N members" (in either language)."""
    return int(re.search(r'class="welcome-count">\D*(\d+)', html).group(1))


def test_a_newcomer_appears_in_new_arrivals_is_welcomed_three_times_and_reads_it_translated(
    newcomer, member, other_member, client_for, deepl, django_capture_on_commit_callbacks
):
    introduction = introduce(newcomer)
    laowang = MemberFactory(username="laowang", display_name="老王", preferred_language="zh-hans")

    # The newcomer's introduction is among today's new arrivals, with the button to welcome.
    home = client_for(member).get("/").content.decode()
    assert 'class="card aside-card new-arrivals"' in home
    assert f'id="arrival-{introduction.pk}"' in home
    assert "Hi from Texas, cat person!" in home
    assert f'hx-post="{welcome_url(introduction)}"' in home

    # Three members tap "Welcome 👋", each writing in their own language; the card changes in
    # place, counting them.
    for count, welcomer in enumerate([member, other_member, laowang], start=1):
        with django_capture_on_commit_callbacks(execute=True):
            card = tap_welcome(client_for(welcomer), introduction).content.decode()
        assert card.lstrip().startswith(f'<article class="arrival" id="arrival-{introduction.pk}"')
        assert 'class="arrival-welcomed"' in card and "hx-post" not in card
        assert welcome_count_in(card) == count

    welcomes = {welcome.member: welcome.post for welcome in Welcome.objects.all()}
    assert welcomes[member].body in greetings_in("en", "Newbie")
    assert welcomes[member].language == "en"
    for chinese_welcomer in (other_member, laowang):
        greeting = welcomes[chinese_welcomer]
        assert greeting.body in greetings_in("zh-hans", "Newbie")
        assert "欢迎" in greeting.body and greeting.language == "zh"
    for greeting in welcomes.values():
        assert greeting.region_code == "ZZ"  # the test client writes from nowhere in particular
        assert greeting.thread_id == introduction.thread_id
    introduction.thread.refresh_from_db()
    assert introduction.thread.reply_count == 3

    # The newcomer is told of each greeting, once.
    notifications = Notification.objects.filter(recipient=newcomer)
    assert sorted((n.kind, n.actor.username) for n in notifications) == [
        ("reply", "jess"),
        ("reply", "laowang"),
        ("reply", "xiaolan"),
    ]
    assert {n.post for n in notifications} == set(welcomes.values())

    # The newcomer opens their introduction: the Chinese greetings are offered in English...
    client = client_for(newcomer)
    page = client.get(introduction.thread.get_absolute_url()).content.decode()
    for greeting in welcomes.values():
        assert f'id="post-{greeting.number}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        for chinese_welcomer in (other_member, laowang):
            click_translate(client, welcomes[chinese_welcomer])
    assert [request["source_lang"] for request in deepl.translate_requests] == ["ZH", "ZH"]
    assert {request["target_lang"] for request in deepl.translate_requests} == {"EN-US"}
    assert Translation.objects.filter(status="done").count() == 2

    # ...and reads them translated; the English one is already in their language.
    for chinese_welcomer in (other_member, laowang):
        shown = click_translate(client, welcomes[chinese_welcomer]).content.decode()
        assert 'data-translation-state="done"' in shown
        assert "Translated from Chinese" in shown
        assert "[EN-US]" in shown and "Newbie" in shown
    same = click_translate(client, welcomes[member]).content.decode()
    assert 'data-translation-state="same_language"' in same
    assert len(deepl.translate_requests) == 2

    # Their own card has no button; anyone's shows who welcomed them.
    own = client.get("/").content.decode()
    assert f'id="arrival-{introduction.pk}"' in own
    assert welcome_url(introduction) not in own
    assert welcome_count_in(own) == 3
    for name in ("Jess", "小蓝", "老王"):
        assert f'<span class="visually-hidden" translate="no">{name}</span>' in own


def test_a_second_tap_adds_no_reply(newcomer, member, client_for):
    introduction = introduce(newcomer)
    first = services.welcome_newcomer(member=member, introduction=introduction, region_code="GB")

    again = tap_welcome(client_for(member), introduction)
    assert again.status_code == 200
    assert welcome_count_in(again.content.decode()) == 1
    second = services.welcome_newcomer(member=member, introduction=introduction, region_code="GB")
    assert second == first
    assert Welcome.objects.get() == first
    assert introduction.thread.posts.count() == 2  # the introduction and one greeting
    assert Notification.objects.filter(recipient=newcomer).count() == 1


def test_nobody_welcomes_themselves(newcomer, member, client_for):
    introduction = introduce(newcomer)
    with pytest.raises(PermissionDenied):
        services.welcome_newcomer(member=newcomer, introduction=introduction, region_code="US")
    assert tap_welcome(client_for(newcomer), introduction).status_code == 403
    assert not Welcome.objects.exists()

    services.welcome_newcomer(member=member, introduction=introduction, region_code="US")
    assert Welcome.objects.get().member == member


def test_a_member_the_newcomer_blocked_cannot_welcome_them(newcomer, member, client_for):
    introduction = introduce(newcomer)
    chat_services.block_member(blocker=newcomer, blocked=member)
    home = client_for(member).get("/").content.decode()
    assert f'id="arrival-{introduction.pk}"' in home
    assert welcome_url(introduction) not in home
    with pytest.raises(PermissionDenied):
        services.welcome_newcomer(member=member, introduction=introduction, region_code="GB")
    assert tap_welcome(client_for(member), introduction).status_code == 403

    chat_services.unblock_member(blocker=newcomer, blocked=member)
    assert welcome_url(introduction) in client_for(member).get("/").content.decode()
    services.welcome_newcomer(member=member, introduction=introduction, region_code="GB")
    assert Welcome.objects.filter(member=member).exists()


def test_visitors_see_new_arrivals_without_buttons(newcomer, anonymous):
    introduction = introduce(newcomer)
    home = anonymous.get("/").content.decode()
    assert f'id="arrival-{introduction.pk}"' in home
    assert welcome_url(introduction) not in home
    response = tap_welcome(anonymous, introduction, htmx=False)
    assert response["Location"].startswith("/accounts/login/")
    assert not Welcome.objects.exists()


def test_without_javascript_the_tap_goes_back_to_the_page_with_a_message(
    newcomer, member, client_for
):
    introduction = introduce(newcomer)
    client = client_for(member)
    response = tap_welcome(client, introduction, htmx=False, next_url="/?page=1")
    assert response.status_code == 302 and response["Location"] == "/?page=1"
    assert "You welcomed Newbie." in client.get("/").content.decode()
    elsewhere = tap_welcome(client, introduction, htmx=False, next_url="https://example.org/")
    assert elsewhere["Location"] == "/"
    assert Welcome.objects.count() == 1


def test_a_long_latin_name_does_not_make_a_chinese_greeting_english(other_member):
    newcomer = MemberFactory(display_name="Margaret Biscuit-Thompson the Third")
    introduction = introduce(newcomer)
    welcome = services.welcome_newcomer(
        member=other_member, introduction=introduction, region_code="CN"
    )
    welcome.post.refresh_from_db()
    assert "Margaret Biscuit\\-Thompson" in welcome.post.body  # a name, not Markdown
    assert "Margaret Biscuit-Thompson" in welcome.post.body_html
    assert (welcome.post.language, welcome.post.language_is_mixed) == ("zh", False)


def test_new_arrivals_are_the_last_days_introductions_newest_first(newcomer, member):
    earlier = introduce(MemberFactory(display_name="Earlier"))
    old = introduce(MemberFactory(display_name="Old timer"))
    Introduction.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    latest = introduce(newcomer)
    arrivals = selectors.new_arrivals(member)
    assert arrivals == [latest, earlier]
    assert [card.can_welcome for card in arrivals] == [True, True]
    assert not selectors.new_arrivals(newcomer)[0].can_welcome  # one's own


def test_a_deleted_greeting_no_longer_counts(newcomer, member):
    introduction = introduce(newcomer)
    welcome = services.welcome_newcomer(member=member, introduction=introduction, region_code="GB")
    assert selectors.new_arrivals(member)[0].welcome_count == 1
    services.delete_post(author=member, post=welcome.post)
    (card,) = selectors.new_arrivals(member)
    assert (card.welcome_count, card.welcomers, card.welcomed_by_viewer) == (0, [], True)
    assert not card.can_welcome  # one welcome each, even taken back


def test_a_hidden_greeting_no_longer_counts(newcomer, member, moderator):
    introduction = introduce(newcomer)
    welcome = services.welcome_newcomer(member=member, introduction=introduction, region_code="GB")
    moderation_services.hide_post(moderator=moderator, post=welcome.post, reason="Spam link")
    assert selectors.new_arrivals(moderator)[0].welcome_count == 0


def test_a_card_shows_the_five_latest_welcomers_and_counts_them_all(newcomer):
    introduction = introduce(newcomer)
    welcomers = [MemberFactory(display_name=f"Welcomer {n}") for n in range(7)]
    for welcomer in welcomers:
        services.welcome_newcomer(member=welcomer, introduction=introduction, region_code="BR")
    (card,) = selectors.new_arrivals(AnonymousUser())
    assert card.welcome_count == 7
    assert card.welcomers == welcomers[:1:-1]  # the latest five, newest first
    assert card.can_welcome is False and card.welcomed_by_viewer is False


def test_the_grid_filters_introductions_nobody_has_welcomed_yet(member, anonymous):
    welcomed = introduce(MemberFactory(display_name="Welcomed Wendy"), title="Hello from Leeds")
    waiting = introduce(MemberFactory(display_name="Waiting Wei"), title="大家好，我来自成都")
    services.welcome_newcomer(member=member, introduction=welcomed, region_code="GB")
    url = reverse("forum:introductions")

    everyone = anonymous.get(url).content.decode()
    assert "Hello from Leeds" in everyone and "大家好，我来自成都" in everyone
    assert "Welcomed by 1 member" in everyone
    assert '<span class="visually-hidden" translate="no">Jess</span>' in everyone
    assert "Not welcomed yet" in everyone

    only_waiting = anonymous.get(url, {"welcomed": "no"}).content.decode()
    assert "大家好，我来自成都" in only_waiting
    assert "Hello from Leeds" not in only_waiting
    assert 'href="?welcomed=no" aria-current="true"' in only_waiting
    # The other filters keep it.
    assert '<input type="hidden" name="welcomed" value="no">' in only_waiting
    with_region = anonymous.get(url, {"welcomed": "no", "region": "US"}).content.decode()
    assert waiting.thread.title in with_region and welcomed.thread.title not in with_region


@pytest.mark.parametrize("viewer_role", ["member", "anonymous"])
def test_new_arrivals_queries_at_1_and_6_introductions(
    viewer_role, member, django_assert_num_queries
):
    viewer = member if viewer_role == "member" else AnonymousUser()

    def arrive(count):
        for _ in range(count):
            introduction = introduce(MemberFactory())
            for _ in range(2):
                services.welcome_newcomer(
                    member=MemberFactory(), introduction=introduction, region_code="CN"
                )

    arrive(1)
    services.welcome_newcomer(
        member=member, introduction=Introduction.objects.get(), region_code="US"
    )
    # A member's first page keeps which of the last days' newcomers they welcomed, and every
    # block they are on either side of.
    selectors.new_arrivals(viewer)
    # introductions with members, threads, regions and welcome counts; their latest welcomers
    expected = 2
    with django_assert_num_queries(expected):
        cards = selectors.new_arrivals(viewer)
        assert [len(card.welcomers) for card in cards] == [3]
    arrive(5)
    with django_assert_num_queries(expected):
        cards = selectors.new_arrivals(viewer)
        assert [card.welcome_count for card in cards] == [2, 2, 2, 2, 2, 3]
        assert sum(len(card.welcomers) for card in cards) == 13
        assert [card.member.name for card in cards]  # loaded with the cards
