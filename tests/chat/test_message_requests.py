"""A first message from a member one does not follow: the recipient reads its text on the
Requests page, and the header (chat badge and bell) tells them it arrived, live, until they
accept, delete or block it."""

import re
import uuid
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from chat import services
from chat.models import Message
from forum import services as forum_services
from forum.models import Notification
from tests.factories import MemberFactory, introduction_by

pytestmark = pytest.mark.django_db

FIRST_WORDS = "Hi! I loved your cat photos."
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Ancestry(HTMLParser):
    """The classes of every element around each piece of text, as a browser nests them."""

    def __init__(self):
        super().__init__()
        self.open: list[set[str]] = []
        self.texts: list[tuple[str, list[set[str]]]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(set((dict(attrs).get("class") or "").split()))

    def handle_endtag(self, tag):
        if tag not in VOID and self.open:
            self.open.pop()

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data.strip(), list(self.open)))


def classes_around(html: str, text: str) -> list[set[str]]:
    parser = _Ancestry()
    parser.feed(html)
    found = [around for data, around in parser.texts if text in data]
    assert found, f"{text!r} is not on the page"
    return found[0]


def chat_badge(client) -> int:
    page = client.get(reverse("home")).content.decode()
    shown = re.search(r'id="chat-badge"\s*(hidden)?>(\d*)<', page)
    return 0 if shown.group(1) else int(shown.group(2))


def bell(client) -> int:
    page = client.get(reverse("home")).content.decode()
    shown = re.search(r'id="notification-badge"\s*(hidden)?>(\d*)<', page)
    return 0 if shown.group(1) else int(shown.group(2))


def write_first(sender, recipient, body=FIRST_WORDS):
    """`sender` writes to `recipient`, who does not follow them: a request."""
    conversation = services.direct_conversation(sender=sender, recipient=recipient)
    services.send_message(
        author=sender, conversation=conversation, body=body, client_id=uuid.uuid4()
    )
    return conversation


def test_a_request_shows_its_text_on_the_requests_page(member, other_member, client_for):
    write_first(member, other_member)
    page = client_for(other_member).get(reverse("chat:requests")).content.decode()
    around = classes_around(page, FIRST_WORDS)
    # Nothing to translate it with here: the original is the only text, and nothing hides it.
    assert {"request-message", "translatable"} in [
        classes & {"request-message", "translatable"} for classes in around
    ]
    assert not any("is-translated" in classes for classes in around)


def test_a_request_links_the_senders_introduction_while_it_is_not_deleted(
    member, other_member, client_for
):
    introduction = introduction_by(member)
    write_first(member, other_member)
    link = f'<a href="{introduction.thread.get_absolute_url()}" data-content>'
    page = client_for(other_member).get(reverse("chat:requests")).content.decode()
    assert f"{link}Hi from Texas, cat person!</a>" in page

    forum_services.delete_post(author=member, post=introduction.thread.posts.get(number=1))
    page = client_for(other_member).get(reverse("chat:requests")).content.decode()
    assert FIRST_WORDS in page and link not in page


def test_a_translated_request_shows_the_original_and_the_translation(
    member, other_member, client_for, deepl, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the translation is asked on commit
        write_first(member, other_member)
    page = client_for(other_member).get(reverse("chat:requests")).content.decode()
    assert FIRST_WORDS in page
    assert "[ZH-HANS]" in page  # the fake's translation, made on arrival
    # Marked translated like any translated text (so the page and a live update agree); the
    # Requests page's style keeps the original on screen above it (checked in a browser).
    assert "request-message translatable is-translated" in page


def test_the_request_opened_as_a_conversation_shows_its_text(member, other_member, client_for):
    conversation = write_first(member, other_member)
    page = client_for(other_member).get(conversation.get_absolute_url()).content.decode()
    assert "chat-request-bar" in page
    around = classes_around(page, FIRST_WORDS)
    assert not any("is-translated" in classes for classes in around)


@pytest.mark.parametrize("decision", ["accept", "delete", "block-request"])
def test_a_request_lights_the_chat_badge_and_the_bell_until_it_is_decided(
    member, other_member, client_for, decision
):
    recipient = client_for(other_member)
    assert (chat_badge(recipient), bell(recipient)) == (0, 0)  # kept now: the change drops them
    conversation = write_first(member, other_member)
    assert (chat_badge(recipient), bell(recipient)) == (1, 1)
    chat_page = recipient.get(reverse("chat:inbox")).content.decode()
    assert re.search(r'id="request-count"\s*>1<', chat_page)  # the Requests tab shows it

    recipient.post(reverse(f"chat:{decision}", args=[conversation.pk]))
    assert (chat_badge(recipient), bell(recipient)) == (0, 0)
    chat_page = recipient.get(reverse("chat:inbox")).content.decode()
    assert re.search(r'id="request-count"\s*hidden>0<', chat_page)
    assert Message.objects.count() == 1


def test_answering_a_request_settles_its_notification(member, other_member):
    conversation = write_first(member, other_member)
    waiting = Notification.objects.filter(recipient=other_member, read_at__isnull=True)
    assert waiting.get().kind == Notification.Kind.MESSAGE_REQUEST
    services.send_message(  # writing back accepts the request
        author=other_member, conversation=conversation, body="你好！", client_id=uuid.uuid4()
    )
    assert not waiting.exists()


def test_only_a_request_makes_a_notification(member, other_member):
    conversation = write_first(member, other_member)
    services.accept_request(member=other_member, conversation=conversation)
    services.send_message(
        author=member, conversation=conversation, body="Thanks!", client_id=uuid.uuid4()
    )
    assert Notification.objects.filter(kind=Notification.Kind.MESSAGE_REQUEST).count() == 1


def test_the_notification_names_the_sender_and_leads_to_requests(member, other_member, client_for):
    write_first(member, other_member)  # Jess writes in English to 小蓝, who reads Chinese
    wang = MemberFactory(display_name="老王", preferred_language="zh-hans")
    write_first(wang, member, "你好！我也喜欢猫。")

    english = client_for(member).get(reverse("forum:notifications")).content.decode()
    assert (
        '<strong translate="no">老王</strong> sent you a <a href="/chat/requests/">message request'
        in english
    )
    chinese = client_for(other_member).get(reverse("forum:notifications")).content.decode()
    assert (
        '<strong translate="no">Jess</strong> 给你发来了一条<a href="/chat/requests/">消息请求'
        in chinese
    )
