"""Every URL of the site refuses a POST that lacks the CSRF token, and says why in the reader's
language. The URLs are enumerated from the URL configuration, so a new endpoint is covered the
day it is added; a view marked csrf_exempt fails the test, unless it is listed in EXEMPT with
the reason."""

import uuid

import pytest
from django.test import Client
from django.urls import get_resolver

from forum.models import Post
from tests.factories import thread_by
from tests.moderation.test_authorization_matrix import walk

# The one kind of POST a browser form does not send: RFC 8058's one-click unsubscribe, posted by
# mail programs with no cookie. The signed link is the proof, and it only stops e-mails to the
# member it was mailed to (tests/forum/test_away_emails.py tries forged and bent links).
EXEMPT = {"forum:unsubscribe"}

SAMPLE_ARGUMENT = {
    "id": "1",
    "int": "1",
    "slug": "x",
    "str": "x",
    "path": "x",
    "uuid": str(uuid.uuid4()),
}


def every_url() -> list[tuple[str, str]]:
    """(name, a concrete path) for every URL pattern, its arguments filled with samples."""
    urls = []
    for name, route, _arguments, _view in walk(get_resolver().url_patterns):
        path = route
        for converter in SAMPLE_ARGUMENT:
            while f"<{converter}:" in path:
                start = path.index(f"<{converter}:")
                path = (
                    path[:start] + SAMPLE_ARGUMENT[converter] + path[path.index(">", start) + 1 :]
                )
        while "<" in path:  # <name> with no converter is a str
            start = path.index("<")
            path = path[:start] + "x" + path[path.index(">", start) + 1 :]
        if path.startswith("^") or "(?P" in path:  # admin's regex routes
            continue
        urls.append((name, "/" + path.lstrip("^").rstrip("$")))
    return urls


def test_the_enumeration_reaches_the_whole_site():
    names = {name for name, _path in every_url()}
    # A sample from each app and from allauth and the admin: the walk misses no include().
    assert {
        "home",
        "forum:thread-reply",
        "chat:send",
        "translation:suggest",
        "moderation:post-action",
        "accounts:settings-avatar",
        "community:overview",
        "account_login",
        "admin:login",
    } <= names
    assert len(names) > 100


def test_no_view_is_exempt_from_csrf():
    exempt = [
        name
        for name, _route, _arguments, view in walk(get_resolver().url_patterns)
        if getattr(view, "csrf_exempt", False)
    ]
    assert set(exempt) == EXEMPT


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [True, False], ids=["member", "anonymous"])
def test_every_post_without_the_token_is_refused(member, signed_in):
    client = Client(enforce_csrf_checks=True)
    if signed_in:
        client.force_login(member)
    accepted = []
    for name, path in every_url():
        if name in EXEMPT:
            continue
        response = client.post(path, {"body": "Hi", "title": "Hello"})
        if response.status_code != 403 or b"This form has expired" not in response.content:
            accepted.append((name, path, response.status_code))
    assert accepted == []


@pytest.mark.django_db
def test_the_same_post_with_the_token_goes_through(member):
    """The control: the refusal above is the missing token, not the request itself."""
    thread = thread_by(member)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get(f"/t/{thread.pk}/")  # the page sets the CSRF cookie, as in a browser
    token = client.cookies["csrftoken"].value
    path = f"/t/{thread.pk}/reply/"
    assert client.post(path, {"body": "Without a token"}).status_code == 403
    response = client.post(path, {"body": "With the token"}, headers={"X-CSRFToken": token})
    assert response.status_code == 302
    assert list(Post.objects.filter(thread=thread).values_list("body", flat=True)) == [
        "My cat sleeps all day.",
        "With the token",
    ]


@pytest.mark.django_db
def test_the_refusal_is_in_the_readers_language(other_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(other_member)  # reads Chinese
    response = client.post("/notifications/read/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "表单已过期" in text
    assert "This form has expired" not in text
