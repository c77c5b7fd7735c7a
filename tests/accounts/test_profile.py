import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Member
from tests.factories import MemberFactory


@pytest.mark.django_db
def test_an_invalid_profile_keeps_everything_the_member_typed(member, client_for):
    response = client_for(member).post(
        reverse("accounts:settings"),
        {
            "display_name": "Jess",
            "bio": "A long story about my cat that I do not want to type twice.",
            "languages_spoken": ["en"],
            "languages_learning": ["en"],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "A language you already speak cannot also be one you are learning." in html
    assert "A long story about my cat that I do not want to type twice." in html
    member.refresh_from_db()
    assert member.bio == ""


@pytest.mark.django_db
def test_settings_need_a_signed_in_member(anonymous):
    response = anonymous.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_usernames_are_unique_whatever_their_case(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(username="JESS", email="other@example.com")
    assert Member.objects.filter(username__iexact="jess").count() == 1
