"""Who may do what: every URL of the site, walked by each member of the cast.

The table below is the documentation. One row is one request (a GET for a page, a POST for an
action, with minimal or empty data: the point is who gets which answer, not whether the action
succeeds) and the answer each of the cast gets:

    anonymous           a visitor who is not signed in
    member              Jess: started the thread (so wrote its opening post), chats with Wang,
                        has a message request waiting from Zhao and is in Wang's group; asked
                        for a translation of Wang's reply and suggested a better one
    other_member        小蓝: signed in, and nothing to do with any of it
    category_moderator  moderates Daily life, the thread's category, and nothing else
    moderator           staff: moderates the whole site

Answers: a status code, or LOGIN (302 to the sign-in page). A 302 anywhere else means the
action was done (or politely refused) and the member is sent back. 404 is the answer that
hides that something exists: chat is private, so anyone outside a conversation learns nothing
of it, its messages or the reports about them.

A URL pattern missing from the table fails `test_every_url_is_in_the_table`: a new page gets
its row (and so its decision about who may see it) before it ships.

The page's one WebSocket is walked by the signed-in cast in the typing test at the end; its
refusals are tested where the socket is: tests/core/test_realtime_socket.py (anonymous and
banned: close 4401; a page from another site: refused) and tests/chat/test_live.py (a
stranger's frames and events go nowhere).
"""

import uuid
from dataclasses import dataclass, field

import pytest
from asgiref.sync import sync_to_async
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from chat import services as chat_services
from forum import services as forum_services
from halfway.asgi import application
from moderation.services import Target, file_report
from moderation.watched_words import add_watched_word
from tests.factories import MemberFactory, category, reply_by, thread_by
from tests.websocket import SocketClient, close_thread_connections, session_headers  # noqa: F401
from translation import services as translation_services

CAST = ("anonymous", "member", "other_member", "category_moderator", "moderator")
LOGIN = "LOGIN"  # 302 to /accounts/login/?next=...
GET, POST = "GET", "POST"


@dataclass(frozen=True)
class Try:
    method: str
    answers: dict  # role -> status code or LOGIN
    action: str = ""  # the <action> of moderation URLs
    data: dict = field(default_factory=dict)
    htmx: bool = False  # asked by htmx, as the page does (the answer is a fragment)
    objects: dict = field(default_factory=dict)  # URL argument -> world key, when not the usual


def get(*answers, action="", data=None, htmx=False, **objects) -> Try:
    return Try(GET, dict(zip(CAST, answers, strict=True)), action, data or {}, htmx, objects)


def post(*answers, action="", data=None, htmx=False, **objects) -> Try:
    return Try(POST, dict(zip(CAST, answers, strict=True)), action, data or {}, htmx, objects)


# Which object of the world fills each URL argument, unless a row says otherwise.
USUAL_OBJECTS = {
    "slug": "category",
    "thread_id": "thread",
    "post_id": "post",  # the member's opening post
    "username": "member",
    "conversation_id": "conversation",  # the member and Wang
    "message_id": "message",  # Wang's message in it
    "translation_id": "translation",
    "element_id": "element_id",
    "suggestion_id": "suggestion",
    "entry_id": "glossary_entry",
    "case_id": "post_case",  # Wang reported the member's opening post
    "report_id": "post_report",  # Wang's report of it, with a note
    "word_id": "watched_word",
    "introduction_id": "introduction",  # the member's own
    "token": "unsubscribe_token",  # from the member's digest e-mail
}

# Not walked here, and why.
SKIPPED_NAMES = {
    "healthz": "no one's data; tests/halfway/test_healthz.py",
    "media": "each file by the rule of its post or conversation: tests/halfway/test_media.py",
}
SKIPPED_PREFIXES = {
    "admin/": "Django admin: staff with is_staff and model permissions, Django's own checks",
    "accounts/": "allauth's sign-in pages (checked: nothing else is there); tests/accounts/",
}

# fmt: off
MATRIX = {
    #                                 anonymous member other cat-mod moderator
    "home":                         [get( 200,   200, 200, 200, 200)],
    "switch-language":              [post(302,   302, 302, 302, 302, data={"language": "zh-hans"})],
    # Each member's own live frames after a number: there is no one else's to ask for.
    "realtime-events":              [get( 403,   200, 200, 200, 200, data={"after": "0"})],

    # --- accounts: a profile is public; settings are the member's own -------------------------
    "accounts:profile":             [get( 200,   200, 200, 200, 200)],
    "accounts:profile-translate":   [post(LOGIN, 302, 302, 302, 302),
                                     post(LOGIN, 200, 200, 200, 200, htmx=True)],
    "accounts:settings":            [get( LOGIN, 200, 200, 200, 200)],
    "accounts:settings-avatar":     [post(LOGIN, 200, 200, 200, 200)],  # no file: the form again
    "accounts:settings-reading":    [post(LOGIN, 302, 302, 302, 302)],
    "accounts:mention-suggestions": [get( LOGIN, 200, 200, 200, 200, data={"q": "x"})],
    # Each member's own drafts: there is no one else's to write to (no member in the URL).
    "accounts:save-draft":          [post(LOGIN, 204, 204, 204, 204,
                                          data={"key": "thread", "body": "x"})],
    # Language exchange: each member's own suggestions and their own opt-in.
    "accounts:exchange-partners":   [get( LOGIN, 200, 200, 200, 200)],
    "accounts:settings-exchange":   [post(LOGIN, 302, 302, 302, 302)],
    # Each member's own theme; a theme no form offers: the settings page again, with the error.
    "accounts:settings-appearance": [post(LOGIN, 302, 302, 302, 302, data={"theme": "dark"}),
                                     post(LOGIN, 400, 400, 400, 400, data={"theme": "sepia"})],

    # --- forum: reading is public, writing needs an account, a post is its author's -----------
    "forum:following":              [get( 200,   200, 200, 200, 200)],  # anonymous: empty
    "forum:category":               [get( 200,   200, 200, 200, 200)],
    "forum:thread-new":             [get( LOGIN, 200, 200, 200, 200)],
    "forum:thread":                 [get( 200,   200, 200, 200, 200),
                                     # A deleted thread is as missing as one that never was,
                                     # but for staff.
                                     get( 404,   404, 404, 404, 200, thread_id="deleted_thread")],
    "forum:thread-reply":           [post(LOGIN, 200, 200, 200, 200)],  # empty: the form again
    "forum:thread-follow":          [post(LOGIN, 302, 302, 302, 302, data={"follow": "1"})],
    "forum:thread-translate":       [post(LOGIN, 302, 302, 302, 302),
                                     post(LOGIN, 200, 200, 200, 200, htmx=True)],
    "forum:thread-translate-page":  [post(LOGIN, 200, 200, 200, 200)],
    "forum:post":                   [get( 302,   302, 302, 302, 302)],  # to its place in the thread
    # Moderators change others' posts through moderation:post-action (with a reason), not here.
    "forum:post-edit":              [get( LOGIN, 200, 403, 403, 403)],
    "forum:post-delete":            [post(LOGIN, 302, 403, 403, 403)],
    "forum:post-history":           [get( LOGIN, 200, 403, 200, 200)],
    "forum:post-react":             [post(LOGIN, 403, 302, 302, 302, data={"kind": "heart"}),
                                     post(LOGIN, 403, 200, 200, 200, data={"kind": "heart"},
                                          htmx=True)],
    "forum:post-translate":         [post(LOGIN, 302, 302, 302, 302),
                                     post(LOGIN, 200, 200, 200, 200, htmx=True)],
    "forum:post-reactions":         [get( 200,   200, 200, 200, 200)],
    # Anyone signed in keeps what they can read; each member's bookmarks are their own.
    "forum:post-bookmark":          [get( LOGIN, 200, 200, 200, 200),
                                     post(LOGIN, 302, 302, 302, 302, data={"remind_in": "hour"})],
    "forum:thread-bookmark":        [post(LOGIN, 302, 302, 302, 302)],
    "forum:bookmarks":              [get( LOGIN, 200, 200, 200, 200)],
    "forum:member-follow":          [post(LOGIN, 403, 302, 302, 302, data={"follow": "1"})],
    "forum:introductions":          [get( 200,   200, 200, 200, 200)],
    "forum:introduction-mine":      [get( LOGIN, 200, 200, 200, 200)],
    # Anyone signed in welcomes a newcomer, but not themselves (the introduction is Jess's).
    "forum:introduction-welcome":   [post(LOGIN, 403, 302, 302, 302),
                                     post(LOGIN, 403, 200, 200, 200, htmx=True)],
    "forum:search":                 [get( 200,   200, 200, 200, 200, data={"q": "cat"})],
    "forum:notifications":          [get( LOGIN, 200, 200, 200, 200)],
    "forum:notifications-read":     [post(LOGIN, 302, 302, 302, 302)],
    # The replies a page with the thread open lacks: what the page itself shows.
    "forum:thread-new-replies":     [get( 200,   200, 200, 200, 200)],
    # Feeds for readers outside the site: what a visitor sees, to everyone.
    "forum:atom-latest":            [get( 200,   200, 200, 200, 200)],
    "forum:atom-category":          [get( 200,   200, 200, 200, 200)],
    "forum:atom-thread":            [get( 200,   200, 200, 200, 200)],
    # Each member's own devices: a body no browser sends is a 400, for everyone signed in.
    "forum:push-subscription":      [post(LOGIN, 400, 400, 400, 400)],
    # Each member's own notification settings, like the feed's (no id in the URL).
    "forum:notification-settings":  [get( LOGIN, 200, 200, 200, 200),
                                     post(LOGIN, 302, 302, 302, 302, data={"follows": "none"})],
    # An e-mail's unsubscribe link: whoever holds it (a mail program posts with no cookie).
    "forum:unsubscribe":            [get( 200,   200, 200, 200, 200),
                                     post(200,   200, 200, 200, 200)],
    # Each member's own feed settings: nobody else's are reachable (no id in the URL).
    # The community in pictures: public.
    "community:overview":           [get( 200,   200, 200, 200, 200)],
    "forum:feed-settings":          [get( LOGIN, 200, 200, 200, 200)],
    "forum:feed-chip-remove":       [post(LOGIN, 302, 302, 302, 302, data={"chip": "following"})],
    "forum:feed-defaults":          [post(LOGIN, 302, 302, 302, 302, data={"accept": "0"})],
    "forum:mark-all-read":          [post(LOGIN, 302, 302, 302, 302)],

    # --- translation: members read and suggest; bilinguals review; staff decide ----------------
    "translation:dashboard":        [get( LOGIN, 403, 403, 403, 200)],
    "translation:glossary":         [get( LOGIN, 403, 403, 403, 200),
                                     post(LOGIN, 403, 403, 403, 200)],  # empty: the form again
    "translation:glossary-entry":   [get( LOGIN, 403, 403, 403, 200)],
    "translation:glossary-delete":  [post(LOGIN, 403, 403, 403, 302)],
    "translation:suggest":          [get( LOGIN, 200, 200, 200, 200),
                                     get( LOGIN, 200, 200, 200, 200, htmx=True),
                                     # A chat message's translation is private: no
                                     # suggestions by id, not even from inside.
                                     get( LOGIN, 404, 404, 404, 404,
                                          translation_id="message_translation")],
    # Only the reader who asked learns how their translation is coming along.
    "translation:state":            [get( LOGIN, 200, 404, 404, 404)],
    # No one in the cast speaks both languages: staff review, and a vote needs a bilingual.
    "translation:suggestions":      [get( LOGIN, 403, 403, 403, 200)],
    "translation:vote":             [post(LOGIN, 403, 403, 403, 403)],
    "translation:accept":           [post(LOGIN, 403, 403, 403, 302)],
    "translation:decline":          [post(LOGIN, 403, 403, 403, 302)],

    # --- chat: one's own pages; a conversation is 404 to all outside it, staff included ---------
    "chat:inbox":                   [get( LOGIN, 200, 200, 200, 200)],
    "chat:requests":                [get( LOGIN, 200, 200, 200, 200)],
    "chat:privacy":                 [get( LOGIN, 200, 200, 200, 200)],
    "chat:new-group":               [get( LOGIN, 200, 200, 200, 200)],
    "chat:start":                   [get( LOGIN, 200, 200, 200, 200)],  # to oneself: the reason
    # The confirmation (to oneself: the reason), then the block (oneself: refused, back).
    "chat:block":                   [get( LOGIN, 200, 200, 200, 200),
                                     post(LOGIN, 302, 302, 302, 302)],
    "chat:conversation":            [get( LOGIN, 200, 404, 404, 404)],
    "chat:older":                   [get( LOGIN, 200, 404, 404, 404, data={"before": 2**31 - 1})],
    "chat:since":                   [get( LOGIN, 200, 404, 404, 404, data={"after": 0})],
    "chat:row":                     [get( LOGIN, 200, 404, 404, 404)],
    "chat:send":                    [post(LOGIN, 302, 404, 404, 404, data={"body": "Hi"}),
                                     post(LOGIN, 200, 404, 404, 404, data={"body": "Hi"},
                                          htmx=True)],
    "chat:read":                    [post(LOGIN, 204, 404, 404, 404, data={"message_id": 0})],
    "chat:preview":                 [post(LOGIN, 200, 404, 404, 404)],
    "chat:auto-translate":          [post(LOGIN, 302, 404, 404, 404, data={"on": "1"})],
    "chat:message-translate":       [post(LOGIN, 302, 404, 404, 404),
                                     post(LOGIN, 200, 404, 404, 404, htmx=True)],
    "chat:leave":                   [post(LOGIN, 302, 404, 404, 404, conversation_id="group")],
    "chat:accept":                  [post(LOGIN, 302, 404, 404, 404, conversation_id="request")],
    "chat:delete":                  [post(LOGIN, 302, 404, 404, 404, conversation_id="request")],
    "chat:block-request":           [get( LOGIN, 200, 404, 404, 404, conversation_id="request"),
                                     post(LOGIN, 302, 404, 404, 404, conversation_id="request")],

    # --- moderation: members report others; moderators act within their reach -----------------
    # Reports: the form as a page and, with htmx, in place under what is reported.
    "moderation:report-post":       [get( LOGIN, 403, 200, 200, 200),  # not one's own post
                                     get( LOGIN, 403, 200, 200, 200, htmx=True)],
    "moderation:report-message":    [get( LOGIN, 200, 404, 404, 404),  # only from inside
                                     get( LOGIN, 200, 404, 404, 404, htmx=True)],
    "moderation:report-member":     [get( LOGIN, 403, 200, 200, 200),
                                     get( LOGIN, 403, 200, 200, 200, htmx=True)],
    "moderation:queue":             [get( LOGIN, 403, 403, 200, 200)],
    "moderation:queue-translate":   [post(LOGIN, 403, 403, 200, 200)],
    "moderation:audit-log":         [get( LOGIN, 403, 403, 200, 200)],
    # Actions: a small form (a page, or in place with htmx) asking for the reason.
    "moderation:post-action":       [get( LOGIN, 403, 403, 200, 200, action="hide"),
                                     get( LOGIN, 403, 403, 200, 200, action="hide", htmx=True),
                                     post(LOGIN, 403, 403, 200, 200, action="hide")],
    "moderation:thread-action":     [get( LOGIN, 403, 403, 200, 200, action="lock"),
                                     get( LOGIN, 403, 403, 200, 200, action="lock", htmx=True),
                                     post(LOGIN, 403, 403, 200, 200, action="lock")],
    # Category moderators warn; only site moderators restrict; only admins act on staff.
    "moderation:member-action":     [get( LOGIN, 403, 403, 200, 200, action="warn"),
                                     get( LOGIN, 403, 403, 200, 200, action="warn", htmx=True),
                                     get( LOGIN, 403, 403, 403, 200, action="suspend"),
                                     post(LOGIN, 403, 403, 403, 200, action="suspend"),
                                     get( LOGIN, 403, 403, 403, 403, action="suspend",
                                          username="moderator")],
    # Reports about a post: its category's moderators. About a chat message: site moderators.
    "moderation:case-dismiss":      [get( LOGIN, 404, 404, 200, 200),
                                     get( LOGIN, 404, 404, 200, 200, htmx=True),
                                     get( LOGIN, 404, 404, 404, 200, case_id="message_case")],
    # One text of the queue translated again (its "Try again"): whoever sees the case.
    "moderation:case-translate":    [post(LOGIN, 403, 403, 302, 302),
                                     post(LOGIN, 403, 403, 200, 200, htmx=True),
                                     post(LOGIN, 403, 403, 404, 302, case_id="message_case")],
    "moderation:report-translate":  [post(LOGIN, 403, 403, 302, 302),
                                     post(LOGIN, 403, 403, 200, 200, htmx=True),
                                     post(LOGIN, 403, 403, 404, 302,
                                          report_id="message_report")],
    "moderation:watched-words":     [get( LOGIN, 403, 403, 403, 200),
                                     post(LOGIN, 403, 403, 403, 200)],  # empty: the form again
    "moderation:watched-word-delete": [post(LOGIN, 403, 403, 403, 302)],
}
# fmt: on


def walk(patterns, prefix="", namespace=""):
    """(name, route, URL argument names, view) for every URL pattern of the project."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else route
            yield name, route, list(pattern.pattern.converters), pattern.callback


def walked_urls() -> dict[str, list[str]]:
    """Every URL name the matrix walks, with its URL arguments."""
    return {
        name: arguments
        for name, route, arguments, _view in walk(get_resolver().url_patterns)
        if name not in SKIPPED_NAMES and not route.startswith(tuple(SKIPPED_PREFIXES))
    }


def allauth_origin(view) -> str:
    """The module of the allauth view class a view is or extends, else the view's own."""
    view_class = getattr(view, "view_class", None)
    modules = [cls.__module__ for cls in view_class.__mro__] if view_class else []
    return next((m for m in modules if m.startswith("allauth.")), view.__module__)


def test_every_url_is_in_the_table():
    signing_in = {
        allauth_origin(view)
        for _, route, _, view in walk(get_resolver().url_patterns)
        if route.startswith("accounts/")
    }
    # A page of ours there would go unwalked; allauth's own with a different answer (ours
    # extends it: accounts.views.PasswordResetView) keeps allauth's rule of who may use it.
    assert signing_in == {"allauth.account.views"}
    walked = set(walked_urls())
    assert walked - set(MATRIX) == set(), "URLs with no row: who may use them?"
    assert set(MATRIX) - walked == set(), "rows for URLs that are gone"


@pytest.fixture
def world(member, moderator, deepl):
    """Jess's corner of the site; see the module's docstring for who is who. (`deepl`: so that
    translations can be asked for; nothing reaches the fake, as nothing is committed here.)"""
    wang = MemberFactory(username="wang", display_name="Wang", preferred_language="zh-hans")
    zhao = MemberFactory(username="zhao", display_name="Zhao", preferred_language="zh-hans")
    thread = thread_by(member)
    opening_post = thread.posts.get(number=1)
    reply = reply_by(wang, thread, body="我家的猫也整天睡觉。")
    deleted_thread = thread_by(wang, title="Selling my bike")
    forum_services.delete_post(author=wang, post=deleted_thread.posts.get(number=1))

    # Chat: Jess and Wang follow each other and talk; Zhao's first message waits for Jess.
    forum_services.follow_member(follower=wang, member=member, follow=True)
    forum_services.follow_member(follower=member, member=wang, follow=True)
    conversation = chat_services.direct_conversation(sender=member, recipient=wang)
    chat_services.send_message(
        author=member, conversation=conversation, body="Hi Wang!", client_id=uuid.uuid4()
    )
    message, _new = chat_services.send_message(
        author=wang, conversation=conversation, body="你好 Jess!", client_id=uuid.uuid4()
    )
    zhaos_request = chat_services.direct_conversation(sender=zhao, recipient=member)
    chat_services.send_message(
        author=zhao, conversation=zhaos_request, body="Hello?", client_id=uuid.uuid4()
    )
    group = chat_services.create_group(creator=wang, title="Cat people", members=[member])

    # Translation: Jess asked for Wang's reply in English, and waits for it on the page; it is
    # done; she suggested better wording. She also had Wang's chat message translated.
    element_id = reply.translation_element_id
    translation_services.request_translation(
        reader=member, source_html=reply.body_html, source_language="zh", element_id=element_id
    )
    translation = translation_services.store_translation_by_hand(
        source_html=reply.body_html,
        source_language="zh",
        target_language=translation_services.target_for(member),
        html="<p>My cat sleeps all day too.</p>",
    )
    translation_services.request_translation(
        reader=member,
        source_html=message.body_html,
        source_language="zh",
        element_id=message.translation_element_id,
        private=True,  # as chat asks (tests/chat/test_private_translations.py)
    )
    message_translation = translation_services.store_translation_by_hand(
        source_html=message.body_html,
        source_language="zh",
        target_language=translation_services.target_for(member),
        html="<p>Hello Jess! Secret plans inside.</p>",
        private=True,
    )
    suggestion = translation_services.suggest_translation(
        author=member, translation=translation, body="My cat also sleeps the whole day."
    )
    glossary_entry = translation_services.save_glossary_entry(
        staff=moderator, english="Rednote", chinese="小红书"
    )

    # Moderation: Wang reported Jess's opening post; Jess reported Wang's chat message.
    post_report = file_report(
        reporter=wang, target=Target.of_post(opening_post), reason="spam", note="全是广告。"
    )
    message_report = file_report(
        reporter=member, target=Target.of_message(message), reason="harassment", note="Rude."
    )
    post_case, message_case = post_report.case, message_report.case
    watched_word = add_watched_word(moderator=moderator, word="free followers", response="hold")
    introduction = forum_services.post_introduction(
        member=member,
        title="Hi from Texas",
        who_i_am="Nurse and cat person.",
        where_from="Austin, Texas",
        hope_to_learn="",
        languages_spoken=["en"],
        languages_learning=["zh"],
        interests=[],
        region_code="US",
    )

    return {
        "category": category(),
        "thread": thread,
        "deleted_thread": deleted_thread,
        "post": opening_post,
        "member": member,
        "moderator": moderator,
        "conversation": conversation,
        "message": message,
        "request": zhaos_request,
        "group": group,
        "translation": translation,
        "message_translation": message_translation,
        "element_id": element_id,
        "suggestion": suggestion,
        "glossary_entry": glossary_entry,
        "post_case": post_case,
        "message_case": message_case,
        "post_report": post_report,
        "message_report": message_report,
        "watched_word": watched_word,
        "introduction": introduction,
        "unsubscribe_token": forum_services.unsubscribe_token(member, "digest"),
    }


def url_of(name: str, attempt: Try, world: dict) -> str:
    kwargs = {}
    for argument in walked_urls()[name]:
        if argument == "action":
            kwargs[argument] = attempt.action
            continue
        found = world[attempt.objects.get(argument, USUAL_OBJECTS[argument])]
        if argument == "slug":
            found = found.slug
        kwargs[argument] = getattr(found, "username", None) or getattr(found, "pk", found)
    return reverse(name, kwargs=kwargs)


def answer_to(role: str, attempt: Try, url: str, cast: dict) -> tuple[int | str, str]:
    """What `role` gets for the request, and where a redirect sends them."""
    client = Client()
    if role != "anonymous":
        client.force_login(cast[role])
    send = client.get if attempt.method == GET else client.post
    response = send(url, attempt.data, headers={"HX-Request": "true"} if attempt.htmx else {})
    where = response.get("Location", "")
    if response.status_code == 302 and where.startswith("/accounts/login/"):
        return LOGIN, where
    return response.status_code, where


def row_id(name: str, attempt: Try) -> str:
    parts = [name, attempt.method, attempt.action, "htmx" if attempt.htmx else ""]
    return "-".join(part for part in [*parts, *attempt.objects.values()] if part)


MATRIX_ROWS = [
    pytest.param(name, attempt, id=row_id(name, attempt))
    for name, attempts in MATRIX.items()
    for attempt in attempts
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "attempt"), MATRIX_ROWS)
def test_who_gets_what(name, attempt, world, member, other_member, category_moderator, moderator):
    cast = {
        "member": member,
        "other_member": other_member,
        "category_moderator": category_moderator,
        "moderator": moderator,
    }
    url = url_of(name, attempt, world)
    answers, redirects = {}, {}
    for role in CAST:
        # Each of the cast meets the same world: what one changes is undone before the next.
        with transaction.atomic():
            answers[role], where = answer_to(role, attempt, url, cast)
            transaction.set_rollback(True)
        if where and answers[role] != attempt.answers[role]:
            redirects[role] = where

    assert answers == attempt.answers, f"{attempt.method} {url}; redirected: {redirects}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_a_typing_frame_reaches_the_partner_only_from_the_member(
    member, other_member, category_moderator, moderator
):
    wang = await sync_to_async(MemberFactory)(username="wang", display_name="Wang")
    conversation = await sync_to_async(chat_services.direct_conversation)(
        sender=member, recipient=wang
    )
    partner = SocketClient(application, "/ws/", headers=await session_headers(wang))
    assert (await partner.connect())[0]
    for typist in (other_member, category_moderator, moderator, member):
        socket = SocketClient(application, "/ws/", headers=await session_headers(typist))
        assert (await socket.connect())[0]
        await socket.send_json_to({"type": "chat.typing", "conversation": conversation.pk})
        if typist == member:
            frame = await partner.receive_json_from(timeout=5)
            assert (frame["type"], frame["member_id"]) == ("chat.typing", member.pk)
        else:
            assert await partner.receive_nothing(timeout=0.5), typist.username
        await socket.disconnect()
    await partner.disconnect()
