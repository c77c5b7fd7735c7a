"""A member's profile page: what it shows of the member (their account, introduction and
latest post's region) and what it offers the reader (follow, message, block, report)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import InterestFactory, MemberFactory, thread_by


@pytest.mark.django_db
def test_a_member_edits_their_profile_and_others_see_it(member, other_member, client_for):
    cats = InterestFactory(slug="cats", name_en="Cats", name_zh="猫")
    response = client_for(member).post(
        reverse("accounts:settings"),
        {
            "display_name": "Jess from Texas",
            "bio": "Night-shift nurse. **Biscuit** is my cat. <script>alert(1)</script>",
            "languages_spoken": ["en"],
            "languages_learning": ["zh"],
            "interests": [cats.pk],
        },
    )
    assert response.status_code == 302

    page = client_for(other_member).get(reverse("accounts:profile", args=["JESS"]))
    html = page.content.decode()
    assert "Jess from Texas" in html
    assert "<strong>Biscuit</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "猫" in html  # the reader's language
    assert "英语" in html  # "English", for a Chinese reader


@pytest.mark.django_db
def test_an_inactive_members_profile_is_not_found(banned_member, anonymous):
    response = anonymous.get(reverse("accounts:profile", args=[banned_member.username]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_profile_page_runs_the_same_queries_however_many_interests(
    member, anonymous, django_assert_num_queries
):
    url = reverse("accounts:profile", args=[member.username])
    member.interests.set([InterestFactory()])
    anonymous.get(url)  # warm per-process caches (content types, sites)
    # the member, their interests, their introduction, the region of their latest post
    with django_assert_num_queries(4):
        anonymous.get(url)
    member.interests.set([InterestFactory() for _ in range(10)])
    with django_assert_num_queries(4):
        response = anonymous.get(url)
    assert response.content.decode().count('class="chip"') == 10


@pytest.mark.django_db
def test_a_profile_is_read_once_for_every_reader_until_it_changes(
    member, other_member, client_for, settings, django_capture_on_commit_callbacks
):
    """What a profile shows of its member is shared between readers (the test settings turn
    that off), and an edit shows at once."""
    settings.PAGE_CACHE_SECONDS = 30
    url = reverse("accounts:profile", args=[member.username])
    client_for(MemberFactory()).get(url)  # another reader's view keeps it
    reader = client_for(other_member)
    reader.get(url)  # the reader's first view keeps their own answers (follows, blocks …)
    with CaptureQueriesContext(connection) as queries:
        assert "Jess" in reader.get(url).content.decode()
    # Not even the session and the member: kept in the cache by the first view.
    assert len(queries) == 0, [query["sql"] for query in queries]
    with django_capture_on_commit_callbacks(execute=True):
        client_for(member).post(
            reverse("accounts:settings"),
            {"display_name": "Jess from Texas", "bio": "Biscuit is my cat."},
        )
    page = reader.get(url).content.decode()
    assert "Jess from Texas" in page and "Biscuit is my cat." in page
    assert "IP属地：巴西" not in page
    with django_capture_on_commit_callbacks(execute=True):
        thread_by(member, region_code="BR")  # the profile's tag: their latest post's region
    assert "IP属地：巴西" in reader.get(url).content.decode()


@pytest.mark.django_db
def test_an_introduction_is_not_followed_by_a_claim_that_they_wrote_nothing(
    member, other_member, client_for
):
    from tests.forum.test_welcomes import introduce

    url = reverse("accounts:profile", args=[member.username])
    # An empty bio is an empty bio (个人简介), not a missing introduction (自我介绍).
    before = client_for(other_member).get(url).content.decode()
    assert "还没有写个人简介" in before and "还没有写自我介绍" not in before

    introduce(member, title="Hi from Texas, cat person!")
    for reader in (client_for(other_member), client_for(member)):
        html = reader.get(url).content.decode()
        assert "Hi from Texas, cat person!" in html
        assert "has not written anything" not in html
        assert "还没有写" not in html


@pytest.mark.django_db
def test_profile_actions_sit_in_one_row_with_block_and_report_in_a_menu(
    member, other_member, client_for
):
    html = (
        client_for(member)
        .get(reverse("accounts:profile", args=[other_member.username]))
        .content.decode()
    )
    row = re.search(r'<div class="profile-actions">(.*?)\n      </div>', html, re.S).group(1)
    # Follow and Message first, then one disclosure menu holding the less-used actions.
    follow = row.index(reverse("forum:member-follow", args=[other_member.username]))
    message = row.index(reverse("chat:start", args=[other_member.username]))
    menu = re.search(r'<details class="action-menu">(.*?)</details>', row, re.S)
    assert follow < message < menu.start()
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", menu.group(1), re.S).group(1)
    assert '<span class="visually-hidden">More actions</span>' in summary  # a named button
    # Block leads to the question (a link), never a form that blocks at once; Report as before.
    block = reverse("chat:block", args=[other_member.username])
    assert f'<a href="{block}">Block</a>' in menu.group(1)
    assert 'name="block" value="1"' not in html
    assert reverse("moderation:report-member", args=[other_member.username]) in menu.group(1)


@pytest.mark.django_db
def test_no_translate_offer_under_ones_own_bio(member, other_member, client_for):
    client_for(member).post(
        reverse("accounts:settings"),
        {
            "display_name": "Jess",
            "bio": "Night-shift nurse. Biscuit is my cat.",
            "languages_spoken": ["en"],
        },
    )
    url = reverse("accounts:profile", args=[member.username])
    own = client_for(member).get(url).content.decode()
    assert 'id="bio-translation"' not in own
    other = client_for(other_member).get(url).content.decode()
    assert 'id="bio-translation"' in other  # "Translate anyway", for someone else
