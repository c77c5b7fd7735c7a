import re

import pytest
from django.core.cache import cache
from django.test import Client

from community import services
from community.models import AggregateRefresh, DailyJoinCount
from tests.community.conftest import CHINESE, ENGLISH, start_conversation
from tests.factories import MemberFactory, reply_by, thread_by

pytestmark = pytest.mark.django_db

URL = "/community/"


def charts_in(html: str) -> int:
    return html.count('<svg class="chart"')


@pytest.mark.parametrize(
    "who", ["anonymous", "member", "other_member", "newcomer", "moderator", "banned_member"]
)
def test_everyone_sees_the_four_charts(world, who, request, client_for):
    person = request.getfixturevalue(who)
    client = person if isinstance(person, Client) else client_for(person)
    services.refresh_aggregates()

    response = client.get(URL)

    assert response.status_code == 200
    assert charts_in(response.content.decode()) == 4


def test_the_page_draws_the_counts_with_words_people_read(world, anonymous):
    services.refresh_aggregates()

    html = anonymous.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for title in [
        "New members each day",
        "Posts each week",
        "Welcomes each day",
        "Conversations across regions",
    ]:
        assert "<h2 id=" in html and title in html
    assert "<strong>5</strong> new members in the last 30 days" in html
    assert "<strong>6</strong> posts in the last 12 weeks" in html
    assert "<strong>1</strong> welcome for newcomers in the last 30 days" in html
    assert "<strong>1</strong> conversation between members in different regions" in html
    # Legends name the regions and languages; "Elsewhere" holds the unknown region.
    for name in ["United States", "China", "Elsewhere", "Chinese", "English", "Other languages"]:
        assert f"</svg>{name}</li>" in html
    # Each chart is an image with a title and a description, and has a table for screen
    # readers: today's row of the new-members table holds US 1, China 1, elsewhere 1.
    assert html.count('role="img"') == 4
    assert '<desc id="chart-joins-desc">Stacked bar chart' in html
    assert re.search(r"<td>1</td><td>1</td><td>1</td>\s*<td>3</td>\s*</tr>\s*</tbody>", html)
    assert "Counted" in html
    # Under the site's Content-Security-Policy: no style attributes, no inline script.
    assert " style=" not in html and "<script>" not in html


def test_the_page_renders_in_chinese_for_a_chinese_member_and_browser(
    world, other_member, client_for, anonymous
):
    services.refresh_aggregates()

    for client, headers in [
        (client_for(other_member), {}),  # prefers zh-hans
        (anonymous, {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}),
    ]:
        response = client.get(URL, **headers)
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="zh-Hans">' in html
        assert charts_in(html) == 4
        # Region names come from regions.names, in Chinese whatever the catalog holds.
        assert "</svg>美国</li>" in html and "</svg>中国</li>" in html


def grow(world, members: int) -> None:
    """More of everything, counted on several days."""
    for index in range(members):
        newcomer = MemberFactory(region_code=["BR", "GB", "DE", "MX"][index % 4])
        thread = thread_by(newcomer, body=ENGLISH if index % 2 else CHINESE)
        reply_by(world.chen, thread, body=CHINESE)
        start_conversation(newcomer, world.chen)
    services.refresh_aggregates()


def test_the_page_runs_five_queries_whatever_the_size_of_the_forum(
    world, anonymous, member, client_for, django_assert_num_queries
):
    services.refresh_aggregates()
    anonymous.get(URL)  # takes the refresh key: later visits do not enqueue
    # the latest refresh, new members by day and region, posts by week and language,
    # welcomes by day, conversations across regions by day
    with django_assert_num_queries(5):
        anonymous.get(URL)
    grow(world, 12)
    with django_assert_num_queries(5):
        response = anonymous.get(URL)
    # The world's five members, Jess (the signed-in member below) and twelve newcomers.
    assert "<strong>18</strong> new members" in response.content.decode()

    # A member's visit adds none: their session and their row come from the cache, as do the
    # header's unread counts (all kept by their first page).
    signed_in = client_for(member)
    signed_in.get(URL)
    with django_assert_num_queries(5):
        signed_in.get(URL)


def test_a_visit_asks_the_worker_for_fresh_counts_at_most_once_per_window(world, anonymous):
    # The test settings run the task in-process, so a request that enqueues it refreshes.
    assert not AggregateRefresh.objects.exists()

    anonymous.get(URL)
    first = AggregateRefresh.objects.get()
    assert DailyJoinCount.objects.get(day=world.today, region_code="US").count == 1

    MemberFactory(region_code="US")
    for _ in range(3):
        response = anonymous.get(URL)
    assert AggregateRefresh.objects.get().refreshed_at == first.refreshed_at
    assert DailyJoinCount.objects.get(day=world.today, region_code="US").count == 1
    assert "<strong>5</strong> new members" in response.content.decode()

    cache.delete(services.REFRESH_KEY)  # what the key's expiry does after REFRESH_EVERY
    response = anonymous.get(URL)
    assert AggregateRefresh.objects.get().refreshed_at > first.refreshed_at
    assert DailyJoinCount.objects.get(day=world.today, region_code="US").count == 2
    assert "<strong>6</strong> new members" in response.content.decode()


def test_the_page_never_counts_the_forum_itself(world, anonymous):
    assert services.request_refresh()  # asked already: the worker has not answered yet
    DailyJoinCount.objects.all().delete()
    AggregateRefresh.objects.all().delete()

    html = anonymous.get(URL).content.decode()

    assert charts_in(html) == 4
    assert "<strong>0</strong> new members" in html
    assert "The first counts are on their way." in html
