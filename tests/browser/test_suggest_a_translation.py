"""A reader fixes a bad translation in place; a bilingual member votes in Chinese; staff accept;
the next reader gets the better text. And the glossary page staff keep."""

from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in, open_thread
from tests.browser.test_translate_in_place import CHINESE_THREAD
from tests.browser.ui_text import t


def translate_opening_post(page):
    page.locator("#post-1").get_by_role("button", name=t("Translate"), exact=True).click()
    block = page.locator("#post-1-translation")
    expect(block).to_have_attribute("data-translation-state", "done", timeout=15000)
    return block


def test_a_suggestion_travels_from_reader_to_voter_to_staff_to_everyone(
    open_page, live_site, deepl_server
):
    live_site.create_member("hong_sg", language="zh-hans", display_name="小红")
    live_site.create_member("jake_sg", display_name="Jake")
    live_site.create_member("lina_sg", display_name="Lina")
    live_site.create_member(
        "mei_sg", language="zh-hans", display_name="梅", languages_spoken=["zh", "en"]
    )
    live_site.create_member("mod_sg", display_name="Sam (staff)", is_staff=True)
    live_site.run_python(
        CHINESE_THREAD.format(
            author="hong_sg", title="我从小红书来的", body="我是从小红书过来的，大家好！"
        )
    )

    # A reader sees a clumsy machine translation and suggests a better one, in place.
    reader = open_page()
    log_in(reader, "jake_sg")
    open_thread(reader, "我从小红书来的")
    url = reader.url
    block = translate_opening_post(reader)
    block.get_by_role("link", name=t("Suggest a better translation")).click()
    field = block.get_by_label(t("Your translation"))
    expect(field).to_have_value(
        "[EN-US] 我是从小红书过来的，大家好！"
    )  # starts from the current text
    field.fill("")
    block.get_by_role("button", name=t("Send suggestion")).click()
    expect(block.get_by_text(t("Write the translation you suggest."))).to_be_visible()
    field.fill("I came over from **Rednote**. Hi everyone!")
    block.get_by_role("button", name=t("Send suggestion")).click()
    expect(block.get_by_text(t("Thank you: bilingual members will review it."))).to_be_visible()
    assert reader.url == url
    check_page(reader, "en", "suggest-translation", "desktop")

    # A member who speaks both languages reviews it in the Chinese interface and votes.
    for viewport in ("desktop", "phone"):
        voter = open_page(language="zh-CN", viewport=viewport)
        log_in(voter, "mei_sg", "zh-hans")
        voter.get_by_label(t("Your account", "zh-hans")).click()
        voter.get_by_role("link", name=t("Translation suggestions", "zh-hans")).click()
        card = voter.locator(".suggestion", has_text="Rednote")
        expect(card).to_contain_text("我是从小红书过来的")  # the original beside it
        if viewport == "desktop":
            card.get_by_role("button", name=t("Vote: reads right", "zh-hans")).click()
            expect(card.get_by_role("button", name=t("Voted", "zh-hans"))).to_be_visible()
            expect(card).to_contain_text("1 票")
        check_page(voter, "zh-hans", "translation-suggestions", viewport)

    # Staff accept it, from a phone.
    staff = open_page(viewport="phone")
    log_in(staff, "mod_sg")
    staff.goto("/translations/suggestions/")
    card = staff.locator(".suggestion", has_text="Rednote")
    card.get_by_role("button", name=t("Accept"), exact=True).click()
    expect(card.get_by_text(t("Accepted: everyone now reads this translation."))).to_be_visible()
    check_page(staff, "en", "translation-suggestions-staff", "phone")

    # Any other reader of English now gets the accepted wording, from the cache.
    calls_before = len(deepl_server.translate_requests)
    other = open_page()
    log_in(other, "lina_sg")
    open_thread(other, "我从小红书来的")
    block = translate_opening_post(other)
    expect(block.locator(".translation-text")).to_have_text(
        "I came over from Rednote. Hi everyone!"
    )
    expect(block).to_contain_text(t("(by hand)"))
    assert len(deepl_server.translate_requests) == calls_before


def test_staff_keep_the_glossary_in_either_language(open_page, live_site, deepl_server):
    live_site.create_member("mod_gl", display_name="Glossary keeper", is_staff=True)
    live_site.create_member(
        "mod_gl_zh", language="zh-hans", display_name="词汇管理员", is_staff=True
    )
    page = open_page()
    log_in(page, "mod_gl")
    page.goto("/staff/glossary/")
    page.get_by_label(t("English term")).fill("cat tax")
    page.get_by_label(t("Chinese term")).fill("猫税")
    page.get_by_role("button", name=t("Add to the glossary")).click()
    expect(page.get_by_text(t("Saved. Translations will use it in a moment."))).to_be_visible()
    page.get_by_label(t("English term")).fill("Cat Tax")
    page.get_by_label(t("Chinese term")).fill("猫咪税")
    page.get_by_role("button", name=t("Add to the glossary")).click()
    expect(page.get_by_role("alert")).to_contain_text("“Cat Tax”")
    expect(page.get_by_label(t("Chinese term"))).to_have_value("猫咪税")  # nothing typed is lost
    # The worker gives DeepL the glossary; the page says so once it has.
    page.goto("/staff/glossary/")
    expect(page.get_by_role("row", name="cat tax")).to_be_visible()
    for _attempt in range(30):
        if "DeepL" in page.locator(".glossary-sync").inner_text() and page.locator(
            ".glossary-sync"
        ).inner_text().startswith(t("DeepL has the current glossary (updated %(when)s).")[:10]):
            break
        page.wait_for_timeout(300)
        page.reload()
    check_page(page, "en", "glossary", "desktop")

    chinese = open_page(language="zh-CN", viewport="phone")
    log_in(chinese, "mod_gl_zh", "zh-hans")
    chinese.goto("/staff/glossary/")
    expect(chinese.get_by_role("cell", name="猫税")).to_be_visible()
    check_page(chinese, "zh-hans", "glossary", "phone")
