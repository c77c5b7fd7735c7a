"""The interface language: the member's setting, else the cookie, else Accept-Language."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import Member


def page_language(response) -> str:
    return response.headers["Content-Language"]


@pytest.mark.django_db
def test_a_visitor_gets_the_language_their_browser_asks_for(anonymous):
    response = anonymous.get("/", headers={"accept-language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert page_language(response) == "zh-hans"
    assert "在中间相遇" in response.content.decode()


@pytest.mark.django_db
def test_the_switcher_cookie_outranks_the_browser(anonymous):
    anonymous.post(reverse("switch-language"), {"language": "zh-hans", "next": "/"})
    response = anonymous.get("/", headers={"accept-language": "en-US,en"})
    assert page_language(response) == "zh-hans"


@pytest.mark.django_db
def test_a_members_setting_outranks_the_cookie_and_the_browser(member, client_for):
    member.preferred_language = Member.Language.CHINESE
    member.save()
    client = client_for(member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/", headers={"accept-language": "en-US,en"})
    assert page_language(response) == "zh-hans"


@pytest.mark.django_db
def test_switching_language_while_signed_in_saves_the_setting(member, client_for):
    client = client_for(member)
    response = client.post(
        reverse("switch-language"), {"language": "zh-hans", "next": reverse("accounts:settings")}
    )
    assert response["Location"] == reverse("accounts:settings")
    member.refresh_from_db()
    assert member.preferred_language == "zh-hans"
    # A fresh browser session, no cookie: the setting still decides.
    fresh = Client()
    fresh.force_login(member)
    assert page_language(fresh.get("/")) == "zh-hans"


@pytest.mark.django_db
def test_the_switcher_never_redirects_to_another_site(anonymous):
    response = anonymous.post(
        reverse("switch-language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(member, client_for):
    client_for(member).post(reverse("switch-language"), {"language": "xx", "next": "/"})
    member.refresh_from_db()
    assert member.preferred_language == "en"


@pytest.mark.django_db
def test_dates_are_localized(member, client_for, other_member):
    member.date_joined = member.date_joined.replace(year=2025, month=1, day=14)
    member.save()
    page = client_for(other_member).get(member.get_absolute_url()).content.decode()
    assert "2025年1月14日" in page
    english = client_for(member).get(member.get_absolute_url()).content.decode()
    assert "Jan. 14, 2025" in english
