"""allauth's pages, in Halfway's layout, for the people who may use them."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["account_email", "account_change_password", "account_logout", "accounts:settings"]
)
def test_account_pages_are_for_signed_in_members(url_name, member, client_for, anonymous):
    assert anonymous.get(reverse(url_name)).status_code == 302
    response = client_for(member).get(reverse(url_name))
    assert response.status_code == 200
    assert 'class="site-header"' in response.content.decode()  # Halfway's layout


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_login", "account_signup", "account_reset_password"])
def test_entrance_pages_render_in_both_languages(url_name, anonymous):
    english = anonymous.get(reverse(url_name), headers={"accept-language": "en"})
    chinese = anonymous.get(reverse(url_name), headers={"accept-language": "zh-CN"})
    assert english.status_code == chinese.status_code == 200
    assert "Skip to content" in english.content.decode()
    assert "跳到正文" in chinese.content.decode()


@pytest.mark.django_db
def test_a_member_resets_a_forgotten_password(
    member, anonymous, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(reverse("account_reset_password"), {"email": "jess@example.com"})
    (message,) = mail.outbox
    path = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", message.body)[1]

    form_page = anonymous.get(path, follow=True)
    anonymous.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": "a brand new passphrase 7", "password2": "a brand new passphrase 7"},
    )
    member.refresh_from_db()
    assert member.check_password("a brand new passphrase 7")
    assert not member.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_member_changes_their_password(member, client_for):
    client = client_for(member)
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "another long phrase 9",
            "password2": "another long phrase 9",
        },
    )
    member.refresh_from_db()
    assert member.check_password("another long phrase 9")
