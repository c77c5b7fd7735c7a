"""The cast every test draws on, and the checks that the suite runs where it says it does."""

import os
import shutil

import pytest
from django.core.cache import cache, caches
from django.test import Client
from django.utils import translation
from django_redis import get_redis_connection

from moderation.services import appoint_category_moderator
from tests.factories import MemberFactory, category
from tests.fakes.deepl import AUTH_KEY, FakeDeepL


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Rate limits live in the cache: every test starts with none used."""
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        # Only this test process's keys: other processes share the Redis database.
        client = get_redis_connection("default")
        for key in client.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"):
            client.delete(key)
    else:
        cache.clear()
    caches["fragments"].clear()  # this process's own: a test may count what it renders


@pytest.fixture(autouse=True)
def empty_event_log():
    """Every member's live event stream starts empty: SQLite gives a rolled-back test's ids to
    the next test's rows, which would find an earlier member's frames under their id."""
    from core.event_log import event_log

    event_log().flush()


@pytest.fixture(autouse=True)
def rate_limit_clock_stands_still(monkeypatch):
    """Rate limits count in fixed windows of the clock (core/ratelimits.py): a test whose
    steps straddled a window's edge (a minute, on a busy machine) would see its count start
    again. Inside a test the clock stands still, so every count falls in one window."""
    monkeypatch.setattr("core.ratelimits._now", lambda: 1_000_000.0)


@pytest.fixture(autouse=True)
def interface_in_english():
    """Each test starts in English: a request in Chinese by an earlier test in the same
    process leaves its language active in the thread."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def member(db):
    return MemberFactory(username="jess", display_name="Jess", email="jess@example.com")


@pytest.fixture
def other_member(db):
    return MemberFactory(
        username="xiaolan",
        display_name="小蓝",
        email="xiaolan@example.com",
        preferred_language="zh-hans",
    )


@pytest.fixture
def newcomer(db):
    return MemberFactory(username="newbie", display_name="Newbie", verified_email=False)


@pytest.fixture
def moderator(db):
    return MemberFactory(username="mod", display_name="Moderator", is_staff=True)


@pytest.fixture
def category_moderator(db):
    """Moderates Daily life (where the factories' threads go) and nothing else; appointed by an
    admin, as in Django admin."""
    admin = MemberFactory(username="admin", display_name="Admin", is_staff=True, is_superuser=True)
    appointed = MemberFactory(username="catmod", display_name="Category moderator")
    appoint_category_moderator(admin=admin, member=appointed, category=category())
    return appointed


@pytest.fixture
def banned_member(db):
    return MemberFactory(username="gone", display_name="Gone", is_active=False)


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def client_for():
    """A logged-in test client for any member of the cast."""

    def make(member):
        client = Client()
        client.force_login(member)
        return client

    return make


@pytest.fixture(scope="session")
def deepl_server():
    """The DeepL-compatible fake for unit tests, one per test process; the real client reaches
    it over HTTP. (The browser tests' site has its own: a failure set here cannot reach it.)"""
    server = FakeDeepL().start()
    yield server
    server.stop()


@pytest.fixture
def deepl(deepl_server, settings):
    """Translation configured against the fake, with its failures and log reset."""
    deepl_server.behaviour.reset()
    settings.DEEPL_AUTH_KEY = AUTH_KEY
    settings.DEEPL_SERVER_URL = deepl_server.url
    yield deepl_server
    deepl_server.behaviour.reset()


def pytest_sessionfinish(session):
    """Each process's embedded files (cache, channel layer, media) go with it."""
    from django.conf import settings

    shutil.rmtree(settings.DATA_DIR, ignore_errors=True)


def pytest_report_header(config):
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite (embedded)"
    broker = "Redis" if os.environ.get("REDIS_URL") else "embedded (folder broker, SQLite layer)"
    return [f"halfway: database {database}; broker and channel layer {broker}"]
