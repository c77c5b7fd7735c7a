"""A member turns on notifications for their phone on the settings page; a reply to them is
then pushed by the site's worker to the phone's push service (a fake on loopback: the browser's
own push service would be Google's or Apple's, which no test reaches), encrypted for the phone
and worded in Chinese. The browser's subscription is the one thing stood in for: Chromium's
PushManager hands out real subscriptions only from its vendor's service."""

import json
import time

from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t
from tests.fakes.push import FakePushService

REPLY = """
from accounts.models import Member
from forum import services
from forum.models import Category
me = Member.objects.get(username="push_me")
thread = services.start_thread(
    author=me, category=Category.objects.get(slug="food"), title="哪里的煎饼最好吃？",
    body="求推荐！", region_code="CN",
)
services.add_reply(
    author=Member.objects.get(username="push_friend"), thread=thread,
    body="Try the stall by the station.", region_code="US",
)
"""

# The browser's side: PushManager answers with a subscription to the fake service.
STAND_IN = """
(subscription) => {
  let current = null;
  const made = { endpoint: subscription.endpoint, toJSON: () => subscription,
                 unsubscribe: () => { current = null; return Promise.resolve(true); } };
  PushManager.prototype.getSubscription = function () { return Promise.resolve(current); };
  PushManager.prototype.subscribe = function (options) {
    window.subscribedWithKey = options.applicationServerKey.length;
    current = made;
    return Promise.resolve(made);
  };
}
"""


def test_a_reply_is_pushed_to_the_phone_the_member_turned_push_on_for(open_page, live_site):
    live_site.create_member("push_me", language="zh-hans", display_name="小周")
    live_site.create_member("push_friend", display_name="Ana")
    service = FakePushService()
    try:
        phone = service.device("push-me-phone")
        page = open_page(language="zh-CN", viewport="phone")
        page.context.grant_permissions(["notifications"], origin=live_site.url)
        page.add_init_script(f"({STAND_IN})({json.dumps(phone.subscription)})")
        log_in(page, "push_me", "zh-hans")
        page.goto("/notifications/settings/")
        button = page.get_by_role("button", name=t("Turn on for this device", "zh-hans"))
        expect(button).to_be_visible()
        button.click()
        on = t("Notifications are on for this device.", "zh-hans")
        expect(page.locator("[data-push-status]")).to_have_text(on)
        assert page.evaluate("window.subscribedWithKey") == 65  # the site's VAPID public key
        expect(button).to_be_hidden()
        check_page(page, "zh-hans", "notification-settings-push", "phone")

        live_site.run_python(REPLY)
        deadline = time.monotonic() + 30
        while not service.requests and time.monotonic() < deadline:
            time.sleep(0.1)  # the worker sends it after the reply commits
        (request,) = service.requests
        message = json.loads(phone.decrypt(request["body"]))
        assert message["body"] == "Ana 回复了 哪里的煎饼最好吃？"

        page.get_by_role("button", name=t("Turn off for this device", "zh-hans")).click()
        off = t("Notifications are off for this device.", "zh-hans")
        expect(page.locator("[data-push-status]")).to_have_text(off)
    finally:
        service.close()
