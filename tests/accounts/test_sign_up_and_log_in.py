import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import Member
from tests.factories import PASSWORD


def sign_up(client, username, email, **headers):
    return client.post(
        reverse("account_signup"),
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
        headers=headers,
    )


@pytest.mark.django_db
def test_a_newcomer_signs_up_confirms_the_email_and_is_signed_in(
    anonymous, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(anonymous, "小明", "xiaoming@example.com", accept_language="zh-CN")
    assert response.status_code == 302
    member = Member.objects.get(username="小明")
    assert member.preferred_language == "zh-hans"  # the language they signed up in
    assert not EmailAddress.objects.get(user=member).verified

    (message,) = mail.outbox
    assert "[Halfway]" in message.subject
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)
    path = link.split("testserver", 1)[1]
    anonymous.post(path)
    assert EmailAddress.objects.get(user=member).verified
    assert anonymous.get(reverse("accounts:settings")).status_code == 200


@pytest.mark.django_db
def test_a_username_taken_in_another_case_is_refused(member, anonymous):
    response = sign_up(anonymous, "JeSS", "new@example.com")
    assert response.status_code == 200
    assert Member.objects.filter(username__iexact="jess").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["jess", "JESS", "jess@example.com"])
def test_members_log_in_with_username_or_email(member, anonymous, login):
    response = anonymous.post(reverse("account_login"), {"login": login, "password": PASSWORD})
    assert response.status_code == 302
    assert anonymous.get(reverse("accounts:settings")).status_code == 200


@pytest.mark.django_db
def test_the_sign_in_records_the_region_not_the_address(member, anonymous):
    anonymous.post(
        reverse("account_login"),
        {"login": "jess", "password": PASSWORD},
        REMOTE_ADDR="200.147.67.142",
    )
    member.refresh_from_db()
    assert member.region_code == "BR"
    assert "200.147.67.142" not in str(Member.objects.filter(pk=member.pk).values().get())


@pytest.mark.django_db
def test_failed_logins_are_rate_limited(member, anonymous):
    for _ in range(5):
        anonymous.post(reverse("account_login"), {"login": "jess", "password": "wrong"})
    response = anonymous.post(reverse("account_login"), {"login": "jess", "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert anonymous.get(reverse("accounts:settings")).status_code == 302


@pytest.mark.django_db
def test_the_confirmation_email_waits_for_the_commit(anonymous, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sign_up(anonymous, "amelia", "amelia@example.com")
    assert mail.outbox == []  # queued for the worker, not sent inside the request
    # (the other callbacks drop the newcomer's kept row once their language is saved)
    for callback in callbacks:
        callback()
    assert [email.to for email in mail.outbox] == [["amelia@example.com"]]
