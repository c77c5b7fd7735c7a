"""The language exchange setting, on the settings page: opting in and out (the partners page
it leads to is community's, tests/community/test_exchange_partners.py)."""

import pytest
from django.urls import reverse

from tests.community.test_exchange_partners import learner

pytestmark = pytest.mark.django_db


def test_the_settings_checkbox_opts_in_and_out(client_for):
    jess = learner("jess", speaks=["en"], learns=["zh"], opted_in=False)
    client = client_for(jess)
    assert 'name="open_to_exchange"' in client.get(reverse("accounts:settings")).content.decode()

    response = client.post(reverse("accounts:settings-exchange"), {"open_to_exchange": "on"})
    assert response["Location"] == reverse("accounts:settings") + "#exchange"
    jess.refresh_from_db()
    assert jess.open_to_exchange

    client.post(reverse("accounts:settings-exchange"), {"next": "https://elsewhere.example/"})
    jess.refresh_from_db()
    assert not jess.open_to_exchange
