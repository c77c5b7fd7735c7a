"""The community page has figures from the start: after `make run`'s seeding, and on a
deployment with data as soon as a worker starts, before anyone has opened the page."""

import re
from io import StringIO

import pytest
from celery.signals import worker_ready
from django.core.cache import cache
from django.core.management import call_command

from community import services
from community.models import AggregateRefresh

pytestmark = pytest.mark.django_db

URL = "/community/"


def headline_figures(html: str) -> list[int]:
    """The four headline counts (new members, posts, welcomes, conversations)."""
    figures = re.findall(r"<strong>([\d,]+)</strong>", html)
    return [int(figure.replace(",", "")) for figure in figures]


class Worker:
    hostname = "celery@test"


def visit_without_asking_the_worker(client) -> str:
    # A refresh asked a moment ago holds the key, so this visit sends none: the page shows
    # the counts as they are (the test settings would otherwise count in-process).
    cache.set(services.REFRESH_KEY, True, timeout=services.REFRESH_EVERY)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_after_seeding_the_demo_the_first_visit_shows_its_figures(anonymous):
    call_command("seed_demo", stdout=StringIO())

    html = visit_without_asking_the_worker(anonymous)

    # The demo's members, posts and conversations across regions (it seeds no welcomes).
    joins, posts, _welcomes, conversations = headline_figures(html)
    assert joins and posts and conversations
    assert "Counted" in html and "first counts are on their way" not in html


def test_a_worker_that_starts_counts_before_the_first_visit(world, anonymous):
    assert not AggregateRefresh.objects.exists()

    # What Celery sends once a worker takes tasks (the test settings run them in-process).
    worker_ready.send(sender=Worker())

    html = visit_without_asking_the_worker(anonymous)
    assert headline_figures(html) == [5, 6, 1, 1]
    assert "Counted" in html
