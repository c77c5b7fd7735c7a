"""The signed-in member's row and session come from the cache (accounts/member_cache.py, the
cached_db session engine), yet every change to the member counts on their very next request."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_redis import get_redis_connection

from accounts import member_cache, services
from accounts.models import Member
from moderation import services as moderation_services
from tests.factories import PASSWORD, MemberFactory

PAGE = reverse("forum:notifications")  # signed in only: 302 to the sign-in page otherwise


def is_signed_in(client: Client) -> bool:
    response = client.get(PAGE)
    assert response.status_code in (200, 302)
    return response.status_code == 200


def kept(client: Client, member: Member) -> Client:
    """The member's first page: their session and their row are in the cache after it."""
    assert is_signed_in(client)
    with CaptureQueriesContext(connection) as queries:
        client.get(PAGE)
    tables = " ".join(query["sql"] for query in queries)
    assert "django_session" not in tables and "accounts_member" not in tables, tables
    return client


def test_a_banned_member_is_signed_out_on_the_next_request_though_kept(
    member, moderator, client_for
):
    client = kept(client_for(member), member)
    moderation_services.ban_member(moderator=moderator, member=member, reason="Spam links")
    page = client.get(PAGE)
    assert page.status_code == 403
    assert "Spam links" in page.content.decode()
    assert not is_signed_in(client)


def test_a_suspended_member_is_signed_out_and_lifting_it_lets_them_sign_in_again(
    member, moderator, client_for
):
    client = kept(client_for(member), member)
    moderation_services.suspend_member(
        moderator=moderator,
        member=member,
        until=timezone.now() + timedelta(days=3),
        reason="Cool off",
    )
    assert client.get(PAGE).status_code == 403
    moderation_services.lift_restrictions(moderator=moderator, member=member, reason="Served")
    again = Client()
    assert again.login(username=member.username, password=PASSWORD)
    assert is_signed_in(again)


def test_a_changed_password_signs_out_every_other_session_though_kept(member, client_for):
    laptop, phone = kept(client_for(member), member), kept(client_for(member), member)
    member.set_password("a new and long passphrase")
    member.save()
    assert not is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert phone.login(username=member.username, password="a new and long passphrase")
    assert is_signed_in(phone)


@pytest.mark.parametrize("how", ["save", "queryset update"])
def test_a_deactivated_member_is_signed_out_though_kept(member, client_for, how):
    client = kept(client_for(member), member)
    if how == "save":  # Django admin's "active" box
        member.is_active = False
        member.save()
    else:
        Member.objects.filter(pk=member.pk).update(is_active=False)
    assert not is_signed_in(client)
    Member.objects.filter(pk=member.pk).update(is_active=True)
    assert is_signed_in(client_for(member))


def test_a_new_language_shows_on_the_next_page_though_kept(member, client_for):
    client = kept(client_for(member), member)
    services.set_preferred_language(member=member, language="zh-hans")
    assert client.get(PAGE).headers["Content-Language"] == "zh-hans"


def test_a_row_read_before_a_change_and_kept_after_it_is_never_served(
    member, django_capture_on_commit_callbacks
):
    """The race the version is for: a request reads the row, a change commits, then the slow
    request stores what it read."""
    from unittest import mock

    from core import caching

    real_store = caching._store

    def store_after_the_change(values, timeout):
        with django_capture_on_commit_callbacks(execute=True):
            Member.objects.filter(pk=member.pk).update(display_name="Jess from Texas")
        real_store(values, timeout)

    with mock.patch.object(caching, "_store", store_after_the_change):
        assert member_cache.member_by_id(member.pk).display_name != "Jess from Texas"
    assert member_cache.member_by_id(member.pk).display_name == "Jess from Texas"


def test_sessions_outlive_an_emptied_cache(member, client_for):
    """The database keeps every session the cache holds (cached_db): a Redis restart or
    flush signs nobody out."""
    client = kept(client_for(member), member)
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        # Only this test process's keys: other processes share the Redis database.
        redis = get_redis_connection("default")
        for key in redis.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"):
            redis.delete(key)
    else:
        cache.clear()
    assert is_signed_in(client)


def test_signing_in_names_the_backend_that_keeps_the_member(member, client):
    response = client.post(
        reverse("account_login"), {"login": member.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.MemberBackend"


@pytest.mark.parametrize(
    "backend",
    [
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ],
)
def test_sessions_opened_before_the_member_was_kept_stay_signed_in(member, backend):
    client = Client()
    client.force_login(member, backend=backend)
    assert is_signed_in(client)


def test_a_signed_in_request_is_three_cache_round_trips_and_no_query(
    member, client_for, settings, monkeypatch
):
    """On a page that reads nothing itself (the benchmark's ceiling): the session, then the
    member's row and the values their pages show with their versions, in one round trip; no
    SQL."""
    settings.ROOT_URLCONF = "bench.http_urls"
    settings.PAGE_CACHE_SECONDS = 30  # as in production: the read-ahead runs
    client = client_for(member)
    url = "/bench/ceiling/2000/"
    client.get(url)
    calls = []
    depth = [0]  # the file cache's get_many calls its own get: count the outer call only

    def counting(name, original):
        def counted(self, *args, **kwargs):
            if not depth[0]:
                calls.append(name)
            depth[0] += 1
            try:
                return original(self, *args, **kwargs)
            finally:
                depth[0] -= 1

        return counted

    backend = type(caches["default"])
    for name in ("get", "get_many", "set", "set_many", "add", "delete", "delete_many", "incr"):
        monkeypatch.setattr(backend, name, counting(name, getattr(backend, name)))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 0, [query["sql"] for query in queries]
    assert calls == ["get", "get_many"]


def test_a_new_member_signs_in_and_is_kept_from_their_first_page(db, client):
    newcomer = MemberFactory(username="fresh")
    assert client.login(username="fresh", password=PASSWORD)
    assert is_signed_in(client)
    kept(client, newcomer)


def test_reading_pages_never_writes_the_session(member, client_for, monkeypatch):
    """A session is written when a request changes it (signing in), never because a page was
    read: a write costs a query and a cache round trip."""
    client = client_for(member)  # signing in writes the session, before counting
    saves = []
    original = SessionStore.save
    monkeypatch.setattr(
        SessionStore,
        "save",
        lambda self, *args, **kwargs: saves.append(1) or original(self, *args, **kwargs),
    )
    pages = ["/", reverse("forum:notifications"), reverse("accounts:settings"), "/introductions/"]
    for url in pages * 2:
        assert client.get(url).status_code == 200, url
    assert saves == []
    assert Client().login(username=member.username, password=PASSWORD)
    assert saves  # signing in writes one
