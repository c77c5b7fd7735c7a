"""The theme setting (settings → Appearance): light, dark, or as the member's device asks.

A choice of light or dark is on <html data-theme> from the first byte of every page, so no
page flashes in the other theme; "Match my device" and signed-out visitors get no attribute,
and the stylesheet follows the device (prefers-color-scheme). The browser side is in
tests/browser/test_accessibility.py."""

import re

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Member
from tests.accounts.test_signed_in_member import kept

pytestmark = pytest.mark.django_db

SETTINGS = reverse("accounts:settings")
APPEARANCE = reverse("accounts:settings-appearance")
HOME = reverse("home")


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode())[0]


def color_scheme(response) -> str:
    return re.search(r'<meta name="color-scheme" content="([^"]+)">', response.content.decode())[1]


def test_the_settings_page_offers_the_three_themes_with_the_members_checked(member, client_for):
    html = client_for(member).get(SETTINGS).content.decode()
    assert f'action="{APPEARANCE}"' in html
    for value in ("system", "light", "dark"):
        assert f'name="theme" value="{value}"' in html
    assert re.search(r'name="theme" value="system"[^>]*checked', html)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_chosen_theme_is_saved_and_drawn_from_the_next_page_on(member, client_for, theme):
    # The member's row is kept in the cache first: saving must not leave the old theme there.
    client = kept(client_for(member), member)
    response = client.post(APPEARANCE, {"theme": theme})
    assert response.status_code == 302
    assert response["Location"] == SETTINGS + "#appearance"
    member.refresh_from_db()
    assert member.theme == theme

    page = client.get(HOME)
    assert f'data-theme="{theme}"' in html_tag(page)
    assert color_scheme(page) == theme
    settings_page = client.get(SETTINGS).content.decode()
    assert re.search(rf'name="theme" value="{theme}"[^>]*checked', settings_page)


def test_match_my_device_leaves_the_page_to_the_device(member, client_for):
    services.set_theme(member=member, theme=Member.Theme.DARK)
    client = kept(client_for(member), member)
    assert 'data-theme="dark"' in html_tag(client.get(HOME))

    client.post(APPEARANCE, {"theme": "system"})
    page = client.get(HOME)
    assert "data-theme" not in html_tag(page)
    assert color_scheme(page) == "light dark"


def test_signed_out_visitors_follow_their_device(anonymous):
    page = anonymous.get(HOME)
    assert page.status_code == 200
    assert "data-theme" not in html_tag(page)
    assert color_scheme(page) == "light dark"
    html = page.content.decode()
    assert 'name="theme-color" content="#c8373d" media="(prefers-color-scheme: light)"' in html
    assert 'media="(prefers-color-scheme: dark)"' in html


@pytest.mark.parametrize("sent", [{"theme": "sepia"}, {"theme": ""}, {}, {"theme": "9" * 30}])
def test_a_theme_no_form_offers_is_refused_with_the_forms_error(member, client_for, sent):
    client = client_for(member)
    response = client.post(APPEARANCE, sent)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="appearance-heading"' in html
    assert "Please correct the errors below." in html
    member.refresh_from_db()
    assert member.theme == Member.Theme.SYSTEM


def test_the_error_is_in_the_members_language(other_member, client_for):
    response = client_for(other_member).post(APPEARANCE, {"theme": "sepia"})
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()


def test_the_setting_needs_a_signed_in_member_and_a_post(anonymous, member, client_for):
    response = anonymous.post(APPEARANCE, {"theme": "dark"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert client_for(member).get(APPEARANCE).status_code == 405


def test_the_service_refuses_a_theme_it_does_not_know(member):
    with pytest.raises(ValueError):
        services.set_theme(member=member, theme="sepia")
