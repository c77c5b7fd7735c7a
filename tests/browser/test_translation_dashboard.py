"""The staff translation dashboard in both languages and sizes: DeepL's usage before the worker
has read it for the key and after, what readers asked for, and what DeepL refused."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from core.templatetags.ages import age
from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}


def section(page, heading: str):
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading))


# One text translated by DeepL and one DeepL refused (the test makes the fake answer 456, its
# quota exceeded), each asked for by the staff member; waits until the worker has done both.
TRANSLATE = """
import time
from accounts.models import Member
from translation import services
from translation.models import Translation

reader = Member.objects.get(username={reader!r})
for text in {texts!r} * {times}:
    outcome = services.request_translation(
        reader=reader, source_html="<p>" + text + "</p>", source_language={source!r},
        element_id="dashboard-test",
    )
    deadline = time.monotonic() + 20
    while Translation.objects.filter(
        pk=outcome.translation.pk, status=Translation.Status.PENDING
    ).exists():
        assert time.monotonic() < deadline, "the worker did not translate in 20 s"
        time.sleep(0.1)
"""


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_staff_see_deepl_usage_what_was_translated_and_what_failed(
    open_page, live_site, deepl_server, language, viewport
):
    staff = f"dash_{language[:2]}_{viewport}"
    live_site.create_member(staff, language=language, display_name="Staff", is_staff=True)
    source, texts = {
        "en": ("zh", [f"我的猫整天睡觉 {viewport}", f"今天下雨了 {viewport}"]),
        "zh-hans": ("en", [f"My cat sleeps all day {viewport}", f"It rained today {viewport}"]),
    }[language]
    # Asked for more often than anything else the shared site translated for other tests, so
    # it is among the ten most requested.
    live_site.run_python(TRANSLATE.format(reader=staff, texts=texts[:1], source=source, times=50))
    deepl_server.behaviour.fail_with = 456
    live_site.run_python(TRANSLATE.format(reader=staff, texts=texts[1:], source=source, times=1))
    deepl_server.behaviour.reset(forget_glossaries=False)

    # A key the worker has not read the usage of yet (as just after the key changed).
    live_site.run_python(
        "from translation.models import UsageReading\nUsageReading.objects.all().delete()"
    )
    page = open_page(language=LANGUAGES[language], viewport=viewport)
    log_in(page, staff, language)
    page.goto("/staff/translations/")
    expect(page.get_by_role("heading", name=t("Translation", language), level=1)).to_be_visible()
    expect(
        page.get_by_text(t("(the worker has not read it yet for this key)", language))
    ).to_be_visible()
    # The figure and its note are readable on a phone too, not squeezed beside their labels.
    usage = page.locator(".dashboard-figures dd").first
    assert usage.bounding_box()["width"] >= 250, usage.bounding_box()
    check_page(page, language, "translation-dashboard-unread", viewport)

    # The worker's reading (through the service it runs), taken five minutes ago.
    live_site.run_python(
        "from datetime import timedelta\nfrom django.db.models import F\n"
        "from translation import services\nfrom translation.models import UsageReading\n"
        "services.record_deepl_usage()\n"
        "UsageReading.objects.update(read_at=F('read_at') - timedelta(minutes=5))"
    )
    page.reload()
    with translation.override(language):
        read = translation.gettext("(read %(when)s)") % {
            "when": age(timezone.now() - timedelta(minutes=5))
        }
    expect(page.get_by_text(read)).to_be_visible()
    most_requested = section(page, t("Most requested", language))
    expect(most_requested.get_by_text(texts[0])).to_be_visible()
    # Into the reader's language, by its name in that language.
    into = {"en": "English", "zh-hans": t("Chinese", language)}[language]
    expect(most_requested.get_by_role("listitem").filter(has_text=texts[0])).to_contain_text(
        "→ " + into
    )
    failure = section(page, t("Recent failures", language)).get_by_role("listitem")
    failure = failure.filter(has_text=texts[1])
    expect(failure).to_contain_text(
        t("DeepL's character quota for this period is used up.", language)
    )
    check_page(page, language, "translation-dashboard", viewport)
