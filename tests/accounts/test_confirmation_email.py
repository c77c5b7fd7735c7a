"""The confirmation email: it names the site, speaks the newcomer's language, and is never
reported as sent when the broker refused it."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Member
from tests.factories import PASSWORD


def sign_up(client, username, email, language):
    return client.post(
        reverse("account_signup"),
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
        headers={"accept-language": language},
        follow=True,
    )


@pytest.mark.django_db
def test_the_email_greets_from_halfway_in_english(anonymous, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(anonymous, "amelia", "amelia@example.com", "en")
    (message,) = mail.outbox
    assert message.subject == "[Halfway] Please Confirm Your Email Address"
    assert message.body.startswith("Hello from Halfway!")
    assert "Thank you for using Halfway!" in message.body


@pytest.mark.django_db
def test_the_email_is_all_in_chinese_for_a_newcomer_who_signs_up_in_chinese(
    anonymous, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(anonymous, "小明", "xiaoming@example.com", "zh-CN")
    (message,) = mail.outbox
    assert message.subject == "[Halfway] 请确认您的Email地址"
    assert message.body.startswith("你好！这里是 Halfway。")
    assert "感谢你使用 Halfway！" in message.body
    assert "Hello" not in message.body and "testserver的" not in message.body


@pytest.mark.django_db
def test_a_newcomer_asking_again_reads_the_email_in_their_preferred_language(
    newcomer, anonymous, django_capture_on_commit_callbacks
):
    # Signing in unconfirmed sends the email again. Signed out, on an English page: the
    # email follows the member's setting, not the page.
    Member.objects.filter(pk=newcomer.pk).update(preferred_language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(
            reverse("account_login"),
            {"login": newcomer.username, "password": PASSWORD},
            headers={"accept-language": "en"},
        )
    (message,) = mail.outbox
    assert message.subject == "[Halfway] 请确认您的Email地址"
    assert message.body.startswith("你好！这里是 Halfway。")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refused_email_is_not_reported_as_sent(anonymous, refusing_broker):
    # No test transaction around the request: the email is handed over inside it, as in
    # production.
    page = sign_up(anonymous, "amelia", "amelia@example.com", "en")
    assert Member.objects.filter(username="amelia").exists()
    assert page.redirect_chain[-1][0] == reverse("account_login")
    assert "We could not send the confirmation email just now." in page.content.decode()
    assert "sent" not in page.content.decode().lower().replace("sent it then", "")
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refused_email_is_explained_in_chinese(anonymous, refusing_broker):
    page = sign_up(anonymous, "小明", "xiaoming@example.com", "zh-CN")
    assert page.redirect_chain[-1][0] == reverse("account_login")
    assert "现在无法发送确认邮件" in page.content.decode()
