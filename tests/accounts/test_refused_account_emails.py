"""Every account email allauth sends (password reset, an added address's confirmation, a
confirmation asked again) is never reported as sent when the broker refused it: the member
reads why, in their language, and keeps what they typed. (Sign-up's confirmation:
test_confirmation_email.py.)"""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

# No test transaction around the requests: the email is handed over inside them, as in
# production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RESET_REFUSED = {
    "en": "We could not send the email just now. Please try again in a few minutes.",
    "zh-CN": "现在无法发送邮件。请过几分钟再试一次。",
}
RESET_SENT = {"en": "We have sent you an email", "zh-CN": "我们已经给您发送了一封电子邮件"}
CONFIRMATION_REFUSED = {
    "en": "We could not send the confirmation email just now. Please press “Re-send "
    "Verification” in a few minutes.",
    "zh-hans": "现在无法发送确认邮件。请过几分钟再点击“重发验证Email”。",
}
CONFIRMATION_SENT = {"en": "Confirmation email sent to", "zh-hans": "确认邮件已发往"}


def ask_for_a_reset(client, email, language):
    return client.post(
        reverse("account_reset_password"),
        {"email": email},
        headers={"accept-language": language},
        follow=True,
    )


@pytest.mark.parametrize("language", ["en", "zh-CN"])
@pytest.mark.parametrize("email", ["jess@example.com", "nobody@example.com"])
def test_a_refused_password_reset_email_is_not_reported_as_sent(
    anonymous, member, refusing_broker, language, email
):
    # The same answer whether or not the address has an account: it reveals none.
    page = ask_for_a_reset(anonymous, email, language)
    html = page.content.decode()
    assert page.status_code == 200 and page.redirect_chain == []  # not the "sent" page
    assert RESET_REFUSED[language] in html
    assert RESET_SENT[language] not in html
    assert f'value="{email}"' in html  # what the member typed is still there
    assert mail.outbox == []


def test_a_password_reset_email_the_broker_took_is_reported_as_sent(anonymous, member):
    page = ask_for_a_reset(anonymous, "jess@example.com", "en")
    assert page.redirect_chain[-1][0] == reverse("account_reset_password_done")
    assert RESET_SENT["en"] in page.content.decode()
    assert RESET_REFUSED["en"] not in page.content.decode()
    (message,) = mail.outbox
    assert message.to == ["jess@example.com"]


@pytest.mark.parametrize("cast", ["member", "other_member"])  # English, Chinese
def test_a_refused_confirmation_of_an_added_address_is_not_reported_as_sent(
    request, client_for, refusing_broker, cast
):
    person = request.getfixturevalue(cast)
    page = client_for(person).post(
        reverse("account_email"),
        {"action_add": "", "email": "second@example.com"},
        follow=True,
    )
    html = page.content.decode()
    assert CONFIRMATION_REFUSED[person.preferred_language] in html
    assert CONFIRMATION_SENT[person.preferred_language] not in html
    # The address is kept, unconfirmed, with the button that asks again.
    assert "second@example.com" in html
    assert not EmailAddress.objects.get(email="second@example.com").verified
    assert mail.outbox == []


@pytest.mark.parametrize("cast", ["member", "other_member"])
def test_a_refused_confirmation_asked_again_is_not_reported_as_sent(
    request, client_for, refusing_broker, cast
):
    person = request.getfixturevalue(cast)
    EmailAddress.objects.create(user=person, email="second@example.com", verified=False)
    page = client_for(person).post(
        reverse("account_email"),
        {"action_send": "", "email": "second@example.com"},
        follow=True,
    )
    html = page.content.decode()
    assert CONFIRMATION_REFUSED[person.preferred_language] in html
    assert CONFIRMATION_SENT[person.preferred_language] not in html
    assert mail.outbox == []


def test_a_confirmation_asked_again_that_the_broker_took_is_reported_as_sent(member, client_for):
    EmailAddress.objects.create(user=member, email="second@example.com", verified=False)
    page = client_for(member).post(
        reverse("account_email"),
        {"action_send": "", "email": "second@example.com"},
        follow=True,
    )
    html = page.content.decode()
    assert CONFIRMATION_SENT["en"] in html and CONFIRMATION_REFUSED["en"] not in html
    (message,) = mail.outbox
    assert message.to == ["second@example.com"]
