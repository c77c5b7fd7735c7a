"""Language exchange partners: who is suggested to whom, in what order, and what saying hello
does. Suggestions go both ways and only between members who opted in."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Member
from chat import selectors as chat_selectors
from chat import services as chat_services
from chat.models import Participant
from community import selectors
from forum import services as forum_services
from moderation import services as moderation_services
from tests.factories import InterestFactory, MemberFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:exchange-partners")


def learner(username, *, speaks, learns, interests=(), opted_in=True, introduced=False):
    """A member who said what they speak and learn (in an introduction, or in settings)."""
    member = MemberFactory(username=username, display_name=username.title())
    if introduced:
        forum_services.post_introduction(
            member=member,
            title=f"Hello from {username}",
            who_i_am="A learner",
            where_from="Somewhere",
            hope_to_learn="",
            languages_spoken=speaks,
            languages_learning=learns,
            interests=interests,
            region_code="FR",
        )
    else:
        services.update_profile(
            member=member,
            display_name=member.display_name,
            bio="",
            languages_spoken=speaks,
            languages_learning=learns,
            interests=interests,
        )
    services.set_open_to_exchange(member=member, open_to_exchange=opted_in)
    member.refresh_from_db()
    return member


def usernames(viewer) -> list[str]:
    return [partner.username for partner in selectors.exchange_partners(viewer).object_list]


def test_a_speaker_of_what_i_learn_who_learns_what_i_speak_is_suggested_both_ways():
    jess = learner("jess", speaks=["en"], learns=["zh"])
    lan = learner("lan", speaks=["zh"], learns=["en"])
    learner("sofia", speaks=["es"], learns=["en"])  # speaks nothing Jess learns
    learner("wei", speaks=["zh"], learns=["ja"])  # learns nothing Jess speaks

    assert usernames(jess) == ["lan"]
    assert usernames(lan) == ["jess"]


def test_more_matched_languages_then_shared_interests_then_recent_activity_rank_first():
    tea = InterestFactory(slug="tea")
    viewer = learner("ana", speaks=["en", "fr"], learns=["zh", "es"], interests=[tea])
    learner("one_pair", speaks=["zh"], learns=["en"])
    learner("both_pairs", speaks=["zh", "es"], learns=["en", "fr"])
    learner("one_pair_tea", speaks=["es"], learns=["fr"], interests=[tea])
    recent = learner("one_pair_recent", speaks=["zh"], learns=["fr"])
    Member.objects.filter(username="one_pair").update(
        last_login=timezone.now() - timedelta(days=30)
    )
    Member.objects.filter(pk=recent.pk).update(last_login=timezone.now())

    assert usernames(viewer) == ["both_pairs", "one_pair_tea", "one_pair_recent", "one_pair"]


def test_nobody_who_opted_out_ever_appears_and_only_members_who_opted_in_see_partners(
    client_for,
):
    jess = learner("jess", speaks=["en"], learns=["zh"], opted_in=False)
    lan = learner("lan", speaks=["zh"], learns=["en"])
    quiet = learner("quiet", speaks=["zh"], learns=["en"], opted_in=False)
    client = client_for(jess)

    page = client.get(URL).content.decode()
    assert "Suggest me and show my partners" in page
    assert "exchange-card" not in page  # Jess is not suggested, so she is shown nobody
    assert usernames(lan) == []  # and nobody is shown her

    client.post(reverse("accounts:settings-exchange"), {"open_to_exchange": "on", "next": URL})
    page = client.get(URL).content.decode()
    assert reverse("chat:start", args=["lan"]) in page
    assert reverse("chat:start", args=["quiet"]) not in page
    assert usernames(lan) == ["jess"]

    services.set_open_to_exchange(member=quiet, open_to_exchange=True)
    jess.refresh_from_db()
    assert sorted(usernames(jess)) == ["lan", "quiet"]
    client.post(reverse("accounts:settings-exchange"), {"next": URL})  # unchecked: opts out
    jess.refresh_from_db()
    assert usernames(lan) == []
    assert usernames(quiet) == []
    assert usernames(jess) == []


def test_members_blocked_either_way_are_never_suggested():
    jess = learner("jess", speaks=["en"], learns=["zh"])
    lan = learner("lan", speaks=["zh"], learns=["en"])
    wei = learner("wei", speaks=["zh"], learns=["en"])
    chat_services.block_member(blocker=jess, blocked=lan)
    chat_services.block_member(blocker=wei, blocked=jess)

    assert usernames(jess) == []
    assert "jess" not in usernames(lan) + usernames(wei)

    chat_services.unblock_member(blocker=jess, blocked=lan)
    chat_services.unblock_member(blocker=wei, blocked=jess)
    assert sorted(usernames(jess)) == ["lan", "wei"]


def test_a_member_is_never_suggested_to_themselves():
    # Lists saved before a language could not be both spoken and learned.
    jess = MemberFactory(
        username="jess", languages_spoken=["en", "zh"], languages_learning=["zh", "en"]
    )
    services.set_open_to_exchange(member=jess, open_to_exchange=True)
    learner("lan", speaks=["zh"], learns=["en"])

    assert usernames(jess) == ["lan"]


def test_banned_and_inactive_members_and_those_who_take_no_messages_are_not_suggested(
    moderator,
):
    jess = learner("jess", speaks=["en"], learns=["zh"])
    banned, gone, closed = (
        learner(username, speaks=["zh"], learns=["en"]) for username in ("banned", "gone", "shut")
    )
    moderation_services.ban_member(moderator=moderator, member=banned, reason="Spam")
    Member.objects.filter(pk=gone.pk).update(is_active=False)  # an account closed in admin
    Member.objects.filter(pk=closed.pk).update(who_may_message="nobody")

    assert usernames(jess) == []


def test_a_card_shows_languages_shared_interests_region_and_introduction(client_for):
    tea, hiking = InterestFactory(slug="tea"), InterestFactory(slug="hiking")
    jess = learner("jess", speaks=["en"], learns=["zh"], interests=[tea])
    lan = learner("lan", speaks=["zh"], learns=["en"], interests=[tea, hiking], introduced=True)
    services.record_sign_in(member=lan, region_code="CN")

    page = client_for(jess).get(URL).content.decode()

    assert "<strong>Chinese</strong>" in page and "<strong>English</strong>" in page
    assert "Tea" in page and "Hiking" not in page  # only what they share
    assert "IP region" in page
    assert lan.introduction.thread.get_absolute_url() in page
    assert reverse("chat:start", args=["lan"]) in page
    chinese = client_for(jess).get(URL, headers={"accept-language": "zh-CN"})
    assert "中文" in chinese.content.decode()


def test_without_languages_the_page_says_where_to_set_them(client_for):
    jess = learner("jess", speaks=["en"], learns=[])
    page = client_for(jess).get(URL).content.decode()
    assert reverse("accounts:settings") + "#profile" in page


def test_the_partners_page_is_for_signed_in_members(anonymous):
    response = anonymous.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_partners_page_queries_at_2_and_12_candidates(client_for, django_assert_num_queries):
    tea = InterestFactory(slug="tea")
    jess = learner("jess", speaks=["en"], learns=["zh"], interests=[tea])

    def add_partners(start, count):
        for index in range(start, start + count):
            learner(
                f"partner{index}",
                speaks=["zh"],
                learns=["en"],
                interests=[tea],
                introduced=index % 2 == 0,
            )

    add_partners(0, 2)
    client = client_for(jess)
    client.get(URL)
    # the ranked partners, who among them blocked Jess, the page's partners with their
    # introductions, shared interests (the session, Jess's row, the header's unread counts and
    # whom Jess blocked were kept by the first page)
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.content.decode().count('class="card exchange-card"') == 2
    add_partners(2, 10)
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.content.decode().count('class="card exchange-card"') == 12


def test_saying_hello_to_a_partner_who_does_not_follow_me_is_a_message_request(client_for):
    jess = learner("jess", speaks=["en"], learns=["zh"])
    lan = learner("lan", speaks=["zh"], learns=["en"])
    client = client_for(jess)
    hello = reverse("chat:start", args=[lan.username])
    assert f'href="{hello}"' in client.get(URL).content.decode()

    start_page = client.get(hello)
    assert start_page.status_code == 200
    assert start_page.context["reason"] is None
    client.post(hello, {"body": "你好! Shall we practise?", "client_id": "0" * 32})

    (request,) = chat_selectors.requests_for(lan)
    assert request.participants.get(member=lan).state == Participant.State.REQUEST
    assert chat_selectors.inbox(lan) == []
