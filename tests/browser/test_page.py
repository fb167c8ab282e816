"""The patient page in real Chromium: full screenings by clicking and typing in both
languages, reload, language switch, XSS, phone size, keyboard only, errors, deletion, axe."""

from pathlib import Path

import yaml

from tests.browser.chatpage import ChatPage

VIGNETTES = {v["id"]: v for v in yaml.safe_load(
    (Path(__file__).resolve().parents[3] / "shared" / "vignettes" / "public.yml").read_text())}
LABELS = {
    "en": {"consent_prescreen": "Yes, I agree", "confirm_answers": "Yes, that's right",
           "consent_share": "Yes, pass on my details", "contact_name": "Li Wei", "contact_phone": "138 0013 8000",
           "contact_time": "Morning", "start": "Check if I might be able to join"},
    "zh": {"consent_prescreen": "同意", "confirm_answers": "对，没问题", "consent_share": "同意转交",
           "contact_name": "李伟", "contact_phone": "13800138000", "contact_time": "上午", "start": "看看我能不能参加"},
}


START = {"en": ("Check if I might be able to join", "Yes, I agree", "For myself"), "zh": ("看看我能不能参加", "同意", "我自己")}
SEX = {("en", "female"): "Woman", ("en", "male"): "Man", ("zh", "female"): "女", ("zh", "male"): "男"}


def begin(chat: ChatPage, lang: str, sex: str, age: str) -> None:
    """Start, agree, answer for myself, then sex and age by the buttons and typing."""
    for title in START[lang]:
        chat.click(title)
    chat.click(SEX[(lang, sex)])
    chat.type(age)


def screen(chat: ChatPage, vignette: dict, started: bool = False) -> None:
    lang = vignette["language"]
    if not started:
        chat.click(LABELS[lang]["start"])
    for _ in range(60):
        asked = chat.asked()
        if asked is None:
            return
        if asked.endswith("__check"):  # a reading given back: the person meant what they typed
            chat.click("对的" if lang == "zh" else "Yes, that's right")
            continue
        answer = vignette["answers"].get(asked) or LABELS[lang].get(asked) or ("不确定" if lang == "zh" else "Not sure")
        chat.answer(answer)
    raise AssertionError("the screening did not end")


def test_full_screening_in_english_by_buttons_and_typing(page, web, client):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    chat = ChatPage(page, web.url, client).open("en")
    assert "automated assistant" in chat.last_bot_text()
    screen(chat, VIGNETTES["P01"])
    slots = chat.slots()
    assert slots["prescreen_outcome"] == "likely_eligible"
    assert slots["referral_code"] and slots["referral_code"] in chat.last_bot_text()
    assert page.locator("#progress").get_attribute("max") == "23"  # P01 is a man: no pregnancy question
    shown = page.locator("#messages").inner_text()
    assert "Scans of the liver (CT or MRI)" in shown  # the next steps in plain words...
    assert "BCLC" not in shown and "Child-Pugh" not in shown  # ...never the site's checklist
    chat.shot("en-complete")
    assert requested and all(url.startswith(web.url) for url in requested)  # nothing from another host


def test_full_screening_in_chinese(page, web, client):
    chat = ChatPage(page, web.url, client).open("zh")
    assert "智能助手" in chat.last_bot_text() and page.locator("html").get_attribute("lang") == "zh-Hans"
    screen(chat, VIGNETTES["P02"])
    assert chat.slots()["prescreen_outcome"] == "likely_eligible"
    assert "参考编号" in chat.last_bot_text()
    shown = page.locator("#messages").inner_text()
    assert "肝脏的CT或磁共振检查" in shown and "BCLC" not in shown and "Child-Pugh" not in shown
    chat.shot("zh-complete")


def test_reload_in_the_middle_continues_the_same_conversation(page, web, client):
    chat = ChatPage(page, web.url, client).open("en")
    begin(chat, "en", "female", "58")
    sender, shown = chat.sender, page.locator("#messages li").count()
    page.reload()
    page.wait_for_selector("html[data-chat-ready='en']")
    assert chat.sender == sender and page.locator("#messages li").count() == shown
    assert "Question 2 of 24" in chat.last_bot_text()
    chat.answer("yes, HCC")
    assert chat.asked() == "prior_cancer_treatment"


def test_language_switch_keeps_the_conversation(page, web, client):
    chat = ChatPage(page, web.url, client).open("en")
    chat.click("Check if I might be able to join")
    chat.click("Yes, I agree")
    page.click("a.lang")
    page.wait_for_selector("html[data-chat-ready='zh']")
    chat.wait_idle()
    page.wait_for_function("() => document.querySelector('#messages li.msg.bot:last-child').innerText.includes('开始答题前')")
    assert chat.slots()["language"] == "zh" and chat.asked() == "respondent"
    chat.shot("language-switch")


def test_a_relative_screens_her_father_in_law_in_chinese(page, web, client, stack):
    """Typed by a daughter-in-law: the questions speak about 老人家, the sex she implied is not
    asked, and at the hand-off her sentence gives the name to ask for, never stored whole."""
    from bot.referrals import detail
    from bot.storage import Store
    from bot.trial import get_trial

    chat = ChatPage(page, web.url, client).open("zh")
    chat.click("看看我能不能参加")
    chat.click("同意")
    assert chat.asked() == "respondent" and "我爸爸" in chat.buttons()
    chat.type("帮我公公问的，我是他儿媳妇")
    assert chat.asked() == "age" and chat.slots()["sex"] == "male"
    assert "老人家今年多大年龄" in chat.last_bot_text() and "第1题，共23题" in chat.last_bot_text()
    answers = dict(VIGNETTES["P02"]["answers"])
    answers["contact_name"] = "打给我吧，我是他儿媳妇，叫我王女士就行"
    screen(chat, {**VIGNETTES["P02"], "answers": answers}, started=True)
    slots = chat.slots()
    assert slots["prescreen_outcome"] == "likely_eligible" and slots["referral_code"]
    shown = page.locator("#messages").inner_text()
    assert "您是帮老人家填的" in shown and "您今年多大" not in shown
    view = detail(Store(f"sqlite:///{stack.db_path}"), get_trial(), slots["referral_code"])
    assert view.contact_name == "王女士" and view.filled_in_by == 'a relative or friend, for "My father-in-law"'
    chat.shot("zh-relative")


def test_markup_is_shown_as_text_and_never_runs(page, web, client):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    chat = ChatPage(page, web.url, client).open("en")
    attack = '<img src=x onerror="document.title=\'pwned\'"><script>alert(1)</script>'
    chat.type(attack)
    assert page.locator("#messages li.msg.user").last.inner_text().endswith(attack)
    assert page.locator("#messages img, #messages script").count() == 0
    assert dialogs == [] and page.title() != "pwned"
    chat.shot("xss-as-text")


def test_phone_size_and_large_text(browser, web, client):
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                              has_touch=True, bypass_csp=True)
    page = ctx.new_page()
    try:
        chat = ChatPage(page, web.url, client).open("zh")
        chat.click("看看我能不能参加")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        chat.shot("phone-360")
        page.add_style_tag(content="html { font-size: 225% !important; }")  # text at 200%
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.locator("#messages .choices button").first.is_visible()
        chat.shot("phone-360-text-200")
    finally:
        ctx.close()


def test_looks_like_the_hospitals_page_and_progress_stays_in_view_on_a_phone(browser, web, client, axe_source):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                              has_touch=True, bypass_csp=True)
    page = ctx.new_page()
    try:
        chat = ChatPage(page, web.url, client).open("zh")
        header = page.locator("header.top").inner_text()
        assert "浙江省肿瘤医院" in header and "科室" in header and "HAIC" in header
        footer = page.locator("footer.foot")
        assert "伦理批件号" in footer.inner_text() and footer.locator(".placeholder").count() == 2
        begin(chat, "zh", "female", "58")
        page.evaluate("window.scrollTo(0, document.querySelector('#composer').getBoundingClientRect().bottom + window.scrollY)")
        box = page.locator(".progress-wrap").bounding_box()
        assert box is not None and 0 <= box["y"] < 844  # sticky: still on screen with the newest message
        chat.shot("phone-390-zh")
        page.evaluate(axe_source)
        result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})")
        bad = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], bad  # axe clean at phone width too
    finally:
        ctx.close()


def test_progress_is_right_after_an_answer_is_changed(page, web, client):
    """ "Question n of N" and the bar: the changed question keeps its number, the total does not
    jump, and the next question carries on where it was."""
    chat = ChatPage(page, web.url, client).open("en")
    begin(chat, "en", "female", "58")
    chat.answer("yes, HCC")
    assert "Question 3 of 24" in chat.last_bot_text() and page.locator("#progress").get_attribute("max") == "24"
    chat.type("I want to change my age")
    assert "Age" in chat.buttons()
    chat.click("Age")
    assert "Question 1 of 24" in chat.last_bot_text() and page.locator("#progress").get_attribute("value") == "1"
    chat.type("59")
    assert chat.asked() == "prior_cancer_treatment" and "Question 3 of 24" in chat.last_bot_text()
    assert page.locator("#progress").get_attribute("value") == "3" and page.locator("#progress").get_attribute("max") == "24"


def test_stop_and_start_over_work_in_the_middle_of_the_questions(page, web, client):
    chat = ChatPage(page, web.url, client).open("zh")
    begin(chat, "zh", "female", "58")
    assert chat.asked() == "liver_cancer_diagnosis"
    chat.type("我累了，明天再填吧")  # stop, said in words
    assert chat.asked() is None and chat.slots()["age"] == {"low": 58, "high": 58}
    before = chat.bot_count()
    page.click("#start-over")  # the page's own button, always there
    chat.wait_idle(before + 1)
    slots = chat.slots()
    assert slots["age"] is None and slots["respondent"] is None and slots["sex"] is None
    assert slots["language"] == "zh"


def test_may_not_suit_you_is_a_calm_notice_of_its_own(page, web, client):
    chat = ChatPage(page, web.url, client).open("en")
    begin(chat, "en", "male", "80")
    notice = page.locator("#messages li.msg.bot.notice")
    assert notice.count() == 1 and "may not be a fit" in notice.inner_text()
    assert notice.get_attribute("role") is None  # calm: not an alert
    assert page.locator("#messages li.msg.alert").count() == 0
    colour = page.evaluate("getComputedStyle(document.querySelector('li.msg.notice')).borderLeftStyle")
    assert colour == "solid"
    chat.shot("not-a-fit-notice")


def test_keyboard_only_with_visible_focus(page, web, client):
    """Focus stays in the text box after every reply, so a key typed never presses an answer
    button; the newest buttons are one Shift+Tab away and work with Enter."""
    chat = ChatPage(page, web.url, client).open("en")
    assert page.evaluate("document.activeElement.id") == "input"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "中文"  # the newest message's last button
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check if I might be able to join"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    before = chat.bot_count()
    page.keyboard.press("Enter")
    chat.wait_idle(before + 1)
    assert page.evaluate("document.activeElement.id") == "input"  # back in the text box, no button pre-selected
    _shift_tab_to(page, "Yes, I agree")
    before = chat.bot_count()
    page.keyboard.press("Enter")
    chat.wait_idle(before + 1)
    _shift_tab_to(page, "For myself")  # the first of the "who is answering" buttons
    before = chat.bot_count()
    page.keyboard.press("Enter")
    chat.wait_idle(before + 1)
    before = chat.bot_count()
    page.keyboard.type("a man")
    page.keyboard.press("Enter")
    chat.wait_idle(before + 1)
    assert page.evaluate("document.activeElement.id") == "input"
    before = chat.bot_count()
    page.keyboard.type("62")
    page.keyboard.press("Enter")
    chat.wait_idle(before + 1)
    assert chat.asked() == "liver_cancer_diagnosis"


def _shift_tab_to(page, title: str) -> None:
    for _ in range(12):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.textContent") == title:
            return
    raise AssertionError(f"{title!r} is not reachable with Shift+Tab from the text box")


def test_typing_stays_typing(page, web, client):
    """A typed answer leaves the focus in the text box; a space or letters typed next go into
    the box and never press the answer buttons now on screen."""
    chat = ChatPage(page, web.url, client).open("en")
    chat.click("Check if I might be able to join")
    chat.type("yes I agree")
    assert page.evaluate("document.activeElement.id") == "input"
    assert chat.buttons()  # the "who is answering" buttons are on screen ("For myself" first)
    sent = chat.bot_count()
    page.keyboard.press(" ")
    page.keyboard.type("my dad")
    assert page.input_value("#input") == " my dad"
    assert chat.bot_count() == sent and chat.slots().get("respondent") is None  # nothing was pressed
    page.keyboard.press("Enter")
    chat.wait_idle(sent + 1)
    assert chat.slots().get("respondent") == "father" and chat.slots().get("sex") == "male"
    assert page.evaluate("document.activeElement.id") == "input"


def test_a_tap_on_a_phone_opens_no_keyboard(browser, web, client):
    """On a touch screen, after an answer button is tapped nothing takes the focus (no keyboard
    pops up over the next buttons); after a typed answer the box keeps it."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, bypass_csp=True)
    page = ctx.new_page()
    try:
        chat = ChatPage(page, web.url, client).open("zh")
        assert page.evaluate("document.activeElement.id") != "input"
        before = chat.bot_count()
        page.locator("#messages .choices button:not([disabled])", has_text="看看我能不能参加").first.tap()
        chat.wait_idle(before + 1)
        assert page.evaluate("document.activeElement.tagName") == "BODY"
        chat.type("同意")
        assert page.evaluate("document.activeElement.id") == "input"
    finally:
        ctx.close()


def test_server_error_shows_a_friendly_retry(page, stack, client):
    from tests.smtp import free_port

    broken = stack.start_web(rasa_url=f"http://127.0.0.1:{free_port()}")
    try:
        page.goto(f"{broken.url}/en/")
        page.wait_for_selector("#messages li.msg.note")
        assert "not available right now" in page.locator("#messages li.msg.note").inner_text()
        assert page.locator("#messages .retry").is_visible()
    finally:
        broken.stop()


def test_delete_my_answers(page, web, client):
    chat = ChatPage(page, web.url, client).open("en")
    chat.click("Check if I might be able to join")
    chat.click("Yes, I agree")
    chat.type("58")
    old = chat.sender
    assert client.tracker(old)["events"]
    page.on("dialog", lambda d: d.accept())
    page.click("#delete")
    page.wait_for_function("() => !!document.querySelector('#messages li.msg.note')")
    chat.wait_idle(2)
    after = client.tracker(old)  # asking for it starts an empty conversation
    assert [e for e in after["events"] if e["event"] in ("user", "bot")] == [] and after["slots"].get("age") is None
    assert chat.sender != old and "deleted" in page.locator("#messages li.msg.note").first.inner_text()


def test_no_serious_accessibility_violations_with_the_chat_open(page, web, client, axe_source):
    chat = ChatPage(page, web.url, client).open("en")
    chat.click("Check if I might be able to join")
    for language in ("en", "zh"):
        if language == "zh":
            chat = ChatPage(page, web.url, client).open("zh")
        page.evaluate(axe_source)
        result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})")
        bad = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], bad


def test_only_the_chat_webhook_is_proxied_and_headers_are_set(web):
    import requests

    page = requests.get(f"{web.url}/en/", timeout=10)
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff" and page.headers["Referrer-Policy"] == "no-referrer"
    assert "aiohttp" not in page.headers.get("Server", "") and "Python" not in page.headers.get("Server", "")
    for path in ("/conversations/x/tracker", "/webhooks/rest/webhook", "/model/parse", "/status", "/webhook"):
        assert requests.get(f"{web.url}{path}", timeout=10).status_code == 404
    too_long = requests.post(f"{web.url}/chat", json={"sender": "a" * 32, "message": "x" * 1001}, timeout=10)
    assert too_long.status_code == 413
    assert requests.post(f"{web.url}/chat", data="not json", timeout=10).status_code == 400


def test_the_emergency_notice_is_an_alert_with_a_call_link_and_takes_no_focus(page, web, client):
    chat = ChatPage(page, web.url, client).open("zh")
    chat.type("我爸刚才吐了好多血")
    alert = page.locator("#messages li.msg.alert").last
    assert alert.get_attribute("role") == "alert"
    assert alert.locator("a.call").get_attribute("href") == "tel:120" and "120" in alert.locator("a.call").inner_text()
    assert alert.inner_text().index("120") < alert.inner_text().index("急诊")
    assert page.evaluate("document.activeElement.id") == "input"  # the "in the past" button is not focused
    colour = alert.evaluate("e => getComputedStyle(e).borderTopColor")
    assert colour == "rgb(164, 22, 26)"
    chat.shot("zh-emergency")
    chat.type("那怎么办啊")
    assert page.locator("#messages li.msg.alert").count() == 2  # every follow-up gets 120 again
