"""Every page's header is each reader's own: their name, menu, search text, language switcher
and way back, and a change shows at once."""

import re

import pytest
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

from tests.factories import rename

pytestmark = pytest.mark.django_db


def header(client, url="/") -> str:
    page = client.get(url).content.decode()
    return re.search(r'<header class="site-header">.*?</header>', page, re.S).group(0)


def test_each_member_gets_their_own_header(member, other_member, moderator, client_for):
    jess, lan, mod = (client_for(each) for each in (member, other_member, moderator))
    assert "Jess" in header(jess) and other_member.name not in header(jess)
    assert other_member.name in header(lan) and "Jess" not in header(lan)
    assert "Review queue" in header(mod) and "Watched words" in header(mod)
    assert "Review queue" not in header(jess) and "Watched words" not in header(jess)
    assert "Log in" in header(Client()) and "Jess" not in header(Client())  # signed out


def test_the_header_follows_the_page_and_the_search(member, client_for):
    jess = client_for(member)
    assert 'name="next" value="/introductions/"' in header(jess, "/introductions/")
    on_grid = header(jess, "/introductions/")
    assert re.search(r'href="/introductions/"\s+aria-current="page"', on_grid)
    searched = header(jess, reverse("forum:search") + "?q=dumplings")
    assert 'value="dumplings"' in searched
    assert 'name="next" value="/search/?q=dumplings"' in searched
    assert 'value="dumplings"' not in header(jess, "/")


def test_a_new_name_and_a_language_show_in_the_header_at_once(member, client_for):
    jess = client_for(member)
    assert "Jess" in header(jess)
    rename(member, "Jess the Tea Lover")
    assert "Jess the Tea Lover" in header(jess)
    member.preferred_language = "zh-hans"
    member.save(update_fields=["preferred_language"])
    assert "我的资料" in header(jess) and "Your profile" not in header(jess)


def test_each_reader_gets_their_own_csrf_token_in_the_kept_header(member, other_member, client_for):
    tokens = []
    for each in (member, other_member):
        client = client_for(each)
        found = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', header(client))
        assert found and len(set(found)) == 1
        tokens.append(found[0])
        # The token works: the language switcher in the header accepts it.
        answer = client.post(
            reverse("switch-language"),
            {"csrfmiddlewaretoken": found[0], "language": "en", "next": "/"},
        )
        assert answer.status_code == 302
    assert tokens[0] != tokens[1]
    assert "@@" not in get_template("partials/header.html").template.source


def _menu_rendered(client) -> bool:
    """Whether this view rendered the member's menu (its badge's template) or served it cached."""
    response = client.get("/")
    return "chat/_unread_badge.html" in [each.name for each in response.templates]


def test_the_members_menu_is_rendered_again_only_when_what_it_shows_changes(
    member, client_for, monkeypatch
):
    jess = client_for(member)
    assert _menu_rendered(jess)
    assert not _menu_rendered(jess)  # the same menu: served from the cache
    rename(member, "Jess the Tea Lover")
    assert _menu_rendered(jess) and "Jess the Tea Lover" in header(jess)
    member.is_category_moderator = True
    member.save(update_fields=["is_category_moderator"])
    assert "Review queue" in header(jess)
    monkeypatch.setattr("core.context_processors.release", lambda: "a later release")
    assert _menu_rendered(jess)  # a release never serves what an older one rendered
