"""Web push: a device a member turned push on for gets each new notification, encrypted for
it, signed with the site's VAPID key and worded in the member's language; a device the push
service calls gone is forgotten; a member who turns push off gets none. The push service is a
fake on loopback, never a real one."""

import json

import pytest
from django.urls import reverse

from forum import services
from forum.models import PushSubscription
from tests.factories import reply_by, thread_by
from tests.fakes.push import FakePushService, vapid_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def push_service(settings):
    public, private = vapid_keys()
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = public, private
    service = FakePushService()
    yield service
    service.close()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


def subscribe(client, device):
    url = reverse("forum:push-subscription")
    return client.post(url, json.dumps(device.subscription), content_type="application/json")


def test_a_reply_reaches_the_members_device_in_their_language(
    member, other_member, client_for, push_service, committed
):
    phone = push_service.device("xiaolan-phone")
    assert subscribe(client_for(other_member), phone).status_code == 204
    thread = thread_by(other_member, title="周末去爬山")

    committed(reply_by, member, thread, body="Count me in!")

    (request,) = push_service.requests
    assert request["path"] == "/push/xiaolan-phone"
    assert request["headers"]["content-encoding"] == "aes128gcm"
    assert request["headers"]["authorization"].startswith("vapid t=")
    message = json.loads(phone.decrypt(request["body"]))
    assert message["title"] == "Halfway"
    assert message["body"] == "Jess 回复了 周末去爬山"
    assert message["url"].startswith(f"/p/{thread.posts.last().pk}/")


def test_a_device_the_push_service_calls_gone_is_forgotten(
    member, other_member, client_for, push_service, committed
):
    device = push_service.device("old-laptop")
    subscribe(client_for(other_member), device)
    push_service.gone.add("/push/old-laptop")
    committed(reply_by, member, thread_by(other_member))
    assert len(push_service.requests) == 1
    assert not PushSubscription.objects.exists()


def test_a_member_who_turns_push_off_gets_none(
    member, other_member, client_for, push_service, committed
):
    client = client_for(other_member)
    subscribe(client, push_service.device("tablet"))
    response = client.post(
        reverse("forum:notification-settings"),
        {"follows": "each"},  # push left unticked
    )
    assert response.status_code == 302
    committed(reply_by, member, thread_by(other_member))
    assert push_service.requests == []


def test_turning_a_device_off_forgets_it(other_member, client_for, push_service):
    client = client_for(other_member)
    device = push_service.device("phone")
    subscribe(client, device)
    url = reverse("forum:push-subscription") + "?off=1"
    client.post(url, json.dumps(device.subscription), content_type="application/json")
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps({"endpoint": "https://push.example/x"}),  # no keys
        json.dumps({"endpoint": "ftp://push.example/x", "keys": {"p256dh": "a", "auth": "b"}}),
        json.dumps({"endpoint": "https://push.example/\x00", "keys": {"p256dh": "a", "auth": "b"}}),
        json.dumps([1, 2]),
        json.dumps({"endpoint": "https://x/" + "a" * 2000, "keys": {"p256dh": "a", "auth": "b"}}),
    ],
)
def test_a_subscription_no_browser_sends_is_refused(other_member, client_for, body):
    url = reverse("forum:push-subscription")
    response = client_for(other_member).post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_push_is_offered_only_where_the_site_has_keys(other_member, client_for, settings):
    settings.VAPID_PUBLIC_KEY = ""
    page = client_for(other_member).get(reverse("forum:notification-settings")).content.decode()
    assert 'data-vapid-key=""' in page
    settings.VAPID_PUBLIC_KEY = "BPublicKey"
    page = client_for(other_member).get(reverse("forum:notification-settings")).content.decode()
    assert 'data-vapid-key="BPublicKey"' in page and "在这台设备上开启" in page


def test_without_keys_nothing_is_sent(member, other_member, settings, committed):
    settings.VAPID_PRIVATE_KEY = ""
    service = FakePushService()
    try:
        PushSubscription.objects.create(
            member=other_member, endpoint=f"{service.url}/push/x", p256dh="a", auth="b"
        )
        committed(reply_by, member, thread_by(other_member))
        assert service.requests == []
    finally:
        service.close()
    assert services.push_configured() is False
