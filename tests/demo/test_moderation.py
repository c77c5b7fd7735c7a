import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Member
from forum.models import Thread
from moderation.models import AuditEntry, Case
from tests.factories import reply_by

pytestmark = pytest.mark.django_db


def test_the_demo_queue_has_a_reported_spam_reply_readable_in_both_languages(client_for, settings):
    call_command("seed_demo")
    call_command("seed_demo")
    case = Case.objects.get()
    assert case.report_count == 2 and case.is_open
    assert AuditEntry.objects.get().action == "pin"
    settings.DEEPL_AUTH_KEY = None  # the demo's translations are by hand
    for username in ("chen_hk", "xiaolan"):
        page = client_for(Member.objects.get(username=username)).get(reverse("moderation:queue"))
        html = page.content.decode()
        assert html.count('data-translation-state="done"') == 2, username
        assert 'data-translation-state="waiting"' not in html


def test_the_demo_seeds_with_the_limits_on(settings):
    # Its members joined a moment ago and write many posts at once: the seed lifts the
    # limits for itself only.
    settings.MODERATION_POSTING_LIMITS = True
    call_command("seed_demo")
    assert Case.objects.count() == 1
    # Outside the seed they hold: the spammer, new, cannot post twice in a row.
    newcomer = Member.objects.get(username="deals4u")
    thread = Thread.objects.first()
    reply_by(newcomer, thread, body="one more")
    with pytest.raises(ValidationError):
        reply_by(newcomer, thread, body="and another")
