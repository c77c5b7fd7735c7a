"""Hostile requests get a clear 4xx with the site's page, never a 500: every URL of the site,
walked with values that used to reach the database and explode there.

Each URL pattern's path arguments are tried with what its converter could let through: a NUL
character in a username (PostgreSQL refuses NUL in any text) and ids past the 64-bit range of
the tables' keys (PostgreSQL: "bigint out of range"; SQLite: OverflowError). The table below
names, for each URL, the query-string and form fields its view reads; each is tried with the
same values. The answers:

    a NUL anywhere in the path or query string   400, the site's page
    an id past the range in the path             404, the site's page
    a hostile value in a query or form field     any answer below 500; a 4xx is the site's page
                                                 (a filter that cannot match is ignored, a form
                                                 says what is wrong with the field, as always)

A URL pattern missing from the table fails `test_every_url_has_a_row`: a new page says which
fields it reads before it ships.
"""

import re
from dataclasses import dataclass

import pytest
from asgiref.testing import ApplicationCommunicator
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils.http import urlencode

from core import request_size
from core.ids import MAX_ID
from halfway.asgi import application
from tests.moderation.test_authorization_matrix import (  # noqa: F401 (world: a fixture)
    SKIPPED_NAMES,
    SKIPPED_PREFIXES,
    USUAL_OBJECTS,
    walk,
    world,
)

GET, POST = "GET", "POST"
NUL_VALUES = ("\x00", "a\x00b")
HUGE_IDS = (str(MAX_ID + 1), "9" * 23, str(-MAX_ID - 2))
FIELD_VALUES = (*NUL_VALUES, *HUGE_IDS, "1e309")


@dataclass(frozen=True)
class Reads:
    """What a URL's view reads from the request, besides its path."""

    method: str = GET
    query: tuple = ()
    form: tuple = ()
    role: str = "member"  # who asks: "moderator" for staff pages, where the view reads more
    usual: tuple = ()  # (field, value) sent along, so the view reads the hostile field at all


def get(*query, role="member", **usual) -> Reads:
    return Reads(GET, tuple(query), (), role, tuple(usual.items()))


def post(*form, role="member") -> Reads:
    return Reads(POST, (), tuple(form), role)


# fmt: off
TABLE = {
    "home":                         [get("page", "feed")],
    "switch-language":              [post("language", "next")],
    "realtime-events":              [get("after")],
    "media":                        [get()],
    "healthz":                      [get()],

    "accounts:profile":             [get("page")],
    "accounts:profile-translate":   [post("element")],
    "accounts:settings":            [post("display_name", "bio", "languages_spoken",
                                          "languages_learning", "interests")],
    "accounts:settings-avatar":     [post("remove")],
    "accounts:settings-reading":    [post("always_translate")],
    "accounts:mention-suggestions": [get("q")],
    "accounts:save-draft":          [post("key", "title", "body")],
    "accounts:exchange-partners":   [get("page")],
    "accounts:settings-exchange":   [post("open_to_exchange", "next")],
    "accounts:settings-appearance": [post("theme")],

    "forum:following":              [get("page")],
    "forum:category":               [get("page")],
    "forum:thread-new":             [get("category", "title"),
                                     post("category", "title", "body", "client_id")],
    "forum:thread":                 [get("page", "quote", "reading")],
    "forum:thread-reply":           [post("body", "quoted_post", "client_id")],
    "forum:thread-follow":          [post("follow")],
    "forum:thread-translate":       [post("anyway")],
    "forum:thread-translate-page":  [post("page", "anyway")],
    "forum:post":                   [get()],
    "forum:post-edit":              [post("title", "body")],
    "forum:post-delete":            [post()],
    "forum:post-history":           [get()],
    "forum:post-react":             [post("kind")],
    "forum:post-translate":         [post("anyway")],
    "forum:post-reactions":         [get("page")],
    "forum:post-bookmark":          [get("next"), post("remind_in", "remove", "next")],
    "forum:thread-bookmark":        [post("remind_in", "remove", "next")],
    "forum:bookmarks":              [get("page")],
    "forum:member-follow":          [post("follow")],
    "forum:introductions":          [get("interest", "language", "region", "welcomed", "page")],
    "forum:introduction-mine":      [post("title", "who_i_am", "where_from", "interests",
                                          "languages_spoken")],
    "forum:introduction-welcome":   [post("next")],
    "forum:search":                 [get("q", "page", q="tofu"),
                                     get("q", "page", role="anonymous", q="tofu")],
    "forum:notifications":          [get("page")],
    "forum:notifications-read":     [post("notification", "next")],
    "forum:notification-settings":  [post("follows", "arrival_regions", "push", "email_away",
                                          "email_digest")],
    "forum:unsubscribe":            [get(), post("List-Unsubscribe")],
    "forum:push-subscription":      [post("endpoint")],
    "forum:thread-new-replies":     [get("after")],
    "forum:atom-latest":            [get("lang")],
    "forum:atom-category":          [get("lang")],
    "forum:atom-thread":            [get("lang")],
    "forum:feed-settings":          [post("languages", "muted_categories", "emphasised_regions",
                                          "hidden_regions")],
    "forum:feed-chip-remove":       [post("chip")],
    "forum:feed-defaults":          [post("accept")],
    "forum:mark-all-read":          [post("next")],
    "community:overview":           [get()],

    "translation:dashboard":        [get("page", role="moderator")],
    "translation:glossary":         [post("english", "chinese", "note", role="moderator")],
    "translation:glossary-entry":   [get(role="moderator")],
    "translation:glossary-delete":  [post(role="moderator")],
    "translation:suggest":          [get("element"), post("body", "content_url", "element")],
    "translation:state":            [get()],
    "translation:suggestions":      [get("translation", "page", role="moderator")],
    "translation:vote":             [post()],
    "translation:accept":           [post(role="moderator")],
    "translation:decline":          [post(role="moderator")],

    "chat:inbox":                   [get()],
    "chat:requests":                [get()],
    "chat:privacy":                 [post("who_may_message")],
    "chat:new-group":               [post("title", "usernames")],
    "chat:start":                   [get()],
    "chat:block":                   [get("next"), post("block", "next")],
    "chat:conversation":            [get()],
    "chat:older":                   [get("before")],
    "chat:since":                   [get("after")],
    "chat:row":                     [get()],
    "chat:send":                    [post("body", "client_id")],
    "chat:read":                    [post("message_id")],
    "chat:preview":                 [post("body")],
    "chat:auto-translate":          [post("on")],
    "chat:message-translate":       [post("anyway")],
    "chat:leave":                   [post()],
    "chat:accept":                  [post()],
    "chat:delete":                  [post()],
    "chat:block-request":           [get(), post()],

    "moderation:report-post":       [post("reason", "note", "share_context", "also_block")],
    "moderation:report-message":    [post("reason", "note")],
    "moderation:report-member":     [post("reason", "note", "also_block")],
    "moderation:queue":             [get("language", "page", role="moderator")],
    "moderation:queue-translate":   [post("language", "page", role="moderator")],
    "moderation:case-translate":    [post("anyway", role="moderator")],
    "moderation:report-translate":  [post("anyway", role="moderator")],
    "moderation:audit-log":         [get("moderator", "action", "member", "page",
                                         role="moderator")],
    "moderation:post-action":       [post("reason", "body", "case", "next", role="moderator")],
    "moderation:thread-action":     [post("reason", "category", "case", "next", role="moderator")],
    "moderation:member-action":     [post("reason", "duration", "case", "next", role="moderator")],
    "moderation:case-dismiss":      [post("reason", "next", role="moderator")],
    "moderation:watched-words":     [post("word", "response", "replacement", role="moderator")],
    "moderation:watched-word-delete": [post(role="moderator")],
}
# fmt: on

# Path arguments the walk fills with a usual object, and the hostile values a converter lets
# through (slug converters let neither NUL nor a digit-only overflow mean anything else).
HOSTILE_PATH_VALUES = {
    "id": HUGE_IDS[:2],
    "int": HUGE_IDS[:2],  # Django's own: lets any digits through (use <id:...>)
    "str": NUL_VALUES,
    "path": NUL_VALUES,
    "slug": (),  # letters, digits, - and _ only: nothing hostile gets through
}
ACTIONS = {"moderation:post-action": "hide", "moderation:thread-action": "lock",
           "moderation:member-action": "warn"}  # fmt: skip


def walked() -> dict[str, tuple[str, dict]]:
    """Every URL name of ours: (its route, {argument: converter name})."""
    found = {}
    for name, route, arguments, _view in walk(get_resolver().url_patterns):
        if route.startswith(tuple(SKIPPED_PREFIXES)):
            continue
        converters = {}
        for pattern in _patterns_named(name):
            converters = {
                argument: _converter_name(converter)
                for argument, converter in pattern.pattern.converters.items()
            }
        found[name] = (route, converters or dict.fromkeys(arguments, "str"))
    return found


def _patterns_named(name):
    from django.urls import URLPattern, URLResolver

    def inner(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from inner(pattern.url_patterns, space)
            elif isinstance(pattern, URLPattern) and f"{namespace}{pattern.name}" == name:
                yield pattern

    return inner(get_resolver().url_patterns)


def _converter_name(converter) -> str:
    from django.urls.converters import get_converters

    return next(key for key, value in get_converters().items() if type(value) is type(converter))


def test_every_url_has_a_row():
    ours = set(walked())
    assert ours - set(TABLE) == set(), "URLs with no row: which fields do they read?"
    assert set(TABLE) - ours == set(), "rows for URLs that are gone"


def usual_kwargs(name: str, objects: dict) -> dict:
    kwargs = {}
    for argument in walked()[name][1]:
        if argument == "action":
            kwargs[argument] = ACTIONS[name]
        elif argument == "path":
            kwargs[argument] = "avatars/none.webp"
        else:
            found = objects[USUAL_OBJECTS[argument]]
            if argument == "slug":
                found = found.slug
            kwargs[argument] = getattr(found, "username", None) or getattr(found, "pk", found)
    return kwargs


def hostile_requests(name: str, reads: Reads, objects: dict):
    """(description, method, URL, form data, expected status or None for "below 500")."""
    kwargs = usual_kwargs(name, objects)
    usual = reverse(name, kwargs=kwargs)
    for argument, converter in walked()[name][1].items():
        assert converter in HOSTILE_PATH_VALUES, f"{name}: which values to try on <{converter}:>?"
        for value in HOSTILE_PATH_VALUES[converter]:
            # reverse() would refuse these values: put them in place of the usual one.
            marker = "hostile-marker-" + argument
            numeric = converter in ("id", "int")
            url = reverse(name, kwargs={**kwargs, argument: 7 if numeric else marker})
            if numeric:
                url = _replace_id(usual, kwargs[argument], value)
            else:
                url = url.replace(marker, value.replace("\x00", "%00"))
            expected = 400 if "\x00" in value else 404
            yield f"path {argument}={value!r}", reads.method, url, {}, expected
    for field in reads.query:
        for value in FIELD_VALUES:
            query = urlencode({**dict(reads.usual), field: value})
            expected = 400 if "\x00" in value else None
            yield f"query {field}={value!r}", GET, f"{usual}?{query}", {}, expected
    for field in reads.form:
        for value in FIELD_VALUES:
            yield f"form {field}={value!r}", POST, usual, {field: value}, None
    if not reads.query and not reads.form and reads.method == POST:
        yield "empty form", POST, usual, {}, None


def _replace_id(url: str, usual_id, value: str) -> str:
    head, sep, tail = url.rpartition(f"/{usual_id}/")
    assert sep, (url, usual_id)
    return f"{head}/{value}/{tail}"


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def is_site_page(response) -> bool:
    """A whole page of the site (base.html), not Django's bare error text."""
    return b"<html lang=" in response.content and "· Halfway</title>".encode() in response.content


ROWS = [
    pytest.param(name, reads, id=f"{name}-{reads.method}-{reads.role}")
    for name, rows in TABLE.items()
    for reads in rows
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "reads"), ROWS)
def test_hostile_values_get_a_4xx_page_never_a_500(name, reads, world, member, moderator):  # noqa: F811
    client = Client(raise_request_exception=False)
    if reads.role != "anonymous":
        client.force_login({"member": member, "moderator": moderator}[reads.role])
    wrong = []
    for description, method, url, data, expected in hostile_requests(name, reads, world):
        with transaction.atomic():  # each request meets the same world
            send = client.get if method == GET else client.post
            response = send(url, data)
            transaction.set_rollback(True)
        status = response.status_code
        if (expected is not None and status != expected) or status >= 500:
            wrong.append(f"{description}: {status}, wanted {expected or 'below 500'}")
        elif 400 <= status < 500 and is_html(response) and not is_site_page(response):
            wrong.append(f"{description}: {status} without the site's page")
    assert wrong == [], f"{name}: " + "; ".join(wrong)


def test_a_nul_anywhere_in_any_url_is_a_400(client, db):
    """Third-party pages too (allauth's keys and tokens, the admin's object ids), which the
    table above does not walk: the refusal comes before any URL is resolved."""
    checked = 0
    for _name, route, arguments, _view in walk(get_resolver().url_patterns):
        path = "/" + route
        for argument in arguments:
            path = re.sub(rf"<(\w+:)?{argument}>", "a%00b", path)
        path = re.sub(r"\(\?P<\w+>[^)]*\)", "a%00b", path).replace("^", "").replace("$", "")
        if "%00" not in path:  # a page without arguments: in its query string
            path += "?next=a%00b"
        response = client.get(path)
        assert response.status_code == 400, path
        checked += 1
    assert checked > 100  # every pattern, allauth's and the admin's included


@pytest.mark.django_db
def test_the_400_and_404_pages_speak_the_readers_language(client_for, other_member):
    client = client_for(other_member)  # 小蓝 reads Chinese
    nul = client.get("/members/%00/")
    assert nul.status_code == 400
    assert "我们无法理解这个请求" in nul.content.decode()
    huge = client.get(f"/chat/{'9' * 23}/")
    assert huge.status_code == 404
    assert "找不到这个页面" in huge.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/search/?q=tofu&page={}", "/?page={}", "/introductions/?page={}"],
)
def test_a_page_number_no_list_can_have_is_a_404_page(path, client_for, member, anonymous):
    huge = str(2**63 - 1)
    for client in (anonymous, client_for(member)):
        response = client.get(path.format(huge))
        assert response.status_code == 404, path
        assert "<html" in response.content.decode()
        # A page past the last of this list, but a page number all the same: the last page.
        assert client.get(path.format(1000)).status_code == 200


@pytest.mark.django_db
def test_the_issues_hostile_requests_each_get_the_sites_400_or_404(
    client_for, member, moderator, anonymous
):
    """The requests that used to answer 500, one by one, as they were reported."""
    huge = "9" * 23
    signed_in, staff = client_for(member), client_for(moderator)
    expected = [
        (signed_in, GET, "/members/%00/", {}, 400),
        (signed_in, GET, "/members/a%00b/", {}, 400),
        (signed_in, GET, "/introductions/?language=%00", {}, 400),
        (signed_in, GET, "/introductions/?interest=%00", {}, 400),
        (signed_in, GET, "/introductions/?region=%00", {}, 400),
        (signed_in, GET, "/chat/with/%00/", {}, 400),
        (signed_in, GET, "/report/member/%00/", {}, 400),
        (signed_in, GET, "/mentions/?q=%00", {}, 400),
        (signed_in, GET, f"/chat/{huge}/", {}, 404),
        (signed_in, GET, f"/chat/{huge}/row/", {}, 404),
        (anonymous, GET, "/search/?q=tofu&page=9223372036854775807", {}, 404),
        (signed_in, GET, "/search/?q=tofu&page=9223372036854775807", {}, 404),
        (staff, GET, f"/translations/suggestions/?translation={huge}", {}, 404),
        (signed_in, POST, "/notifications/read/", {"notification": huge}, 400),
    ]
    for client, method, path, form, status in expected:
        response = client.get(path) if method == GET else client.post(path, form)
        assert response.status_code == status, path
        assert "<html" in response.content.decode(), path  # the site's page, not a bare line
    # A muted category no form offers: the settings page says so at the field, keeping the
    # rest of what the member chose, as every form does (a 200 that htmx swaps).
    answer = signed_in.post("/feed/settings/", {"muted_categories": huge, "languages": "all"})
    assert answer.status_code == 200
    assert "is not a valid value" in answer.content.decode()


# --- Redirects: a form sends the member on only within the site --------------------------------

OFF_SITE = (
    "//evil.example/",
    "/\\evil.example/",
    "https://evil.example/",
    "http://testserver.evil/",
)


def is_local(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.django_db
@pytest.mark.parametrize("target", OFF_SITE)
def test_no_form_redirects_off_site(target, world, member, other_member, moderator):  # noqa: F811
    wang = world["message"].author
    # (who, URL, form data): every view that redirects to an address from the request.
    forms = [
        (member, reverse("switch-language"), {"language": "en", "next": target}),
        (member, reverse("accounts:settings-exchange"), {"next": target}),
        (member, reverse("forum:notifications-read"), {"next": target}),
        (
            other_member,
            reverse("forum:introduction-welcome", args=[world["introduction"].pk]),
            {"next": target},
        ),
        (member, reverse("chat:block", args=[wang.username]), {"block": "0", "next": target}),
        (
            member,
            reverse("translation:suggest", args=[world["translation"].pk]),
            {"body": "My cat sleeps all day, too.", "content_url": target},
        ),
        (
            moderator,
            reverse("moderation:case-dismiss", args=[world["post_case"].pk]),
            {"reason": "Not spam.", "next": target},
        ),
        (
            moderator,
            reverse("moderation:thread-action", args=[world["thread"].pk, "lock"]),
            {"reason": "Heated.", "next": target},
        ),
    ]
    for who, url, data in forms:
        client = Client()
        client.force_login(who)
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.status_code)
        assert is_local(response["Location"]), (url, response["Location"])


@pytest.mark.django_db
def test_a_local_next_is_still_followed(client_for, member):
    response = client_for(member).post(
        reverse("forum:notifications-read"), {"next": "/introductions/?page=2"}
    )
    assert response["Location"] == "/introductions/?page=2"


# --- Request size: refused by its announced or counted length, before it is read --------------

MB = 1024 * 1024


def http_scope(path: str, headers: list) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


async def answer(communicator: ApplicationCommunicator) -> tuple[int, str]:
    start = await communicator.receive_output(timeout=10)
    assert start["type"] == "http.response.start", start
    body = b""
    while True:
        message = await communicator.receive_output(timeout=10)
        body += message.get("body", b"")
        if not message.get("more_body"):
            return start["status"], body.decode()


MULTIPART = (b"content-type", b"multipart/form-data; boundary=halfway")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_a_60_mb_avatar_is_refused_by_its_length_before_a_byte_more_is_read():
    headers = [MULTIPART, (b"content-length", str(60 * MB).encode())]
    communicator = ApplicationCommunicator(application, http_scope("/settings/avatar/", headers))
    # Only the first megabyte is ever sent: reading on would wait for the rest, and time out.
    await communicator.send_input({"type": "http.request", "body": b"x" * MB, "more_body": True})
    status, page = await answer(communicator)
    assert status == 413
    assert "What you sent is too large" in page
    assert "10.0\xa0MB" in page  # the avatar's limit: a form's fields and one photo


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_a_chunked_body_is_counted_and_refused_once_past_the_limit():
    """Sent without Content-Length (chunked, as uvicorn hands it on): counted while it arrives."""
    headers = [MULTIPART, (b"transfer-encoding", b"chunked"), (b"accept-language", b"zh-CN")]
    communicator = ApplicationCommunicator(application, http_scope("/settings/avatar/", headers))
    for _megabyte in range(11):  # the limit is 10 MB; the body never ends
        await communicator.send_input(
            {"type": "http.request", "body": b"x" * MB, "more_body": True}
        )
    status, page = await answer(communicator)
    assert status == 413
    assert "您发送的内容太大" in page


@pytest.mark.django_db
def test_a_body_larger_than_announced_by_a_client_without_asgi_is_refused_too(client_for, member):
    """Under the test client (and WSGI) Django reads nothing before the middleware either."""
    response = client_for(member).post(
        "/feed/settings/", b"x" * (3 * MB), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


def test_each_url_accepts_what_its_form_may_send(settings):
    form = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    photo = settings.MAX_UPLOAD_BYTES
    assert request_size.body_limit("/settings/avatar/") == form + photo
    assert request_size.body_limit("/t/1/reply/") == form + 9 * photo  # up to 9 photos
    assert request_size.body_limit("/chat/1/send/") == form + 4 * photo
    assert request_size.body_limit("/feed/settings/") == form
    assert request_size.body_limit("/no/such/page/") == form
