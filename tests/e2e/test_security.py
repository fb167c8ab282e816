"""Deletion, rate limits and abuse against the running stack."""

import random
import string
from concurrent.futures import ThreadPoolExecutor

import requests

from bot.rules import OUTCOMES
from bot.screening import is_valid_answer
from bot.storage import Store
from bot.trial import VERDICTS, load_trial
from tests.conftest import Conversation
from tests.e2e.test_portal import Portal, referral_from_a_conversation

TRIAL = load_trial()


def test_patient_deletes_a_referral_in_the_chat_with_code_and_phone(client, web, stack):
    code = referral_from_a_conversation(client)
    store = Store(f"sqlite:///{stack.db_path}")
    assert store.referral_by_code(code)
    chat = Conversation(client)
    chat.say("delete my data")
    assert chat.slot("requested_slot") == "delete_code"
    chat.say("abc")
    assert "8 letters and numbers" in chat.texts
    chat.say(code.lower())
    chat.say("139 0000 0000")  # wrong phone: nothing happens
    assert "could not find" in chat.texts and store.referral_by_code(code)
    chat.say("delete my data")
    chat.say(code)
    chat.say("+86 139 1234 5678")
    assert "have been deleted" in chat.texts and store.referral_by_code(code) is None
    events = chat.tracker()["events"]
    assert not any("1234" in str(e.get("text", "")) for e in events if e["event"] == "user")


def test_page_deletion_form_and_coordinator_deletion_are_audited(client, web, stack, coordinator):
    code = referral_from_a_conversation(client)
    wrong = requests.post(f"{web.url}/privacy/delete", json={"code": code, "phone": "10000000"}, timeout=10)
    assert wrong.json() == {"deleted": False}
    right = requests.post(f"{web.url}/privacy/delete", json={"code": code, "phone": "13912345678"}, timeout=10)
    assert right.json() == {"deleted": True}
    other = referral_from_a_conversation(client)
    portal = Portal(web.url)
    portal.login(*coordinator)
    path = f"/coordinator/referrals/{other}"
    response = portal.post(f"{path}/delete", {"csrf": portal.csrf(path), "confirm": "yes"})
    assert response.status_code == 303 and portal.get(path).status_code == 404
    audit = portal.get("/coordinator/audit").text
    assert "patient (page)" in audit and "deletion_refused" in audit and f"<td>{other}</td>" in audit


def test_rate_limits_answer_with_a_friendly_error(stack):
    web = stack.start_web(CHAT_RATE_PER_CONVERSATION="3", CHAT_RATE_PER_IP="5")
    try:
        send = lambda sender: requests.post(f"{web.url}/chat", json={"sender": sender, "message": "hello"}, timeout=60)  # noqa: E731
        codes = [send("a" * 32).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        assert send("b" * 32).status_code == 200  # another conversation, same address: 5th message allowed
        limited = send("c" * 32)
        assert limited.status_code == 429 and limited.json() == {"error": "rate_limited"}
    finally:
        web.stop()


def test_typed_restart_and_back_keep_the_persons_language(client):
    """Rasa's own /restart and /back (found by the random-message test): never an empty or
    English answer, never a conversation without its language."""
    chat = Conversation(client)
    chat.say("我想看看我能不能参加这个研究")
    chat.say("/back")
    assert chat.slot("language") == "zh"
    chat.say("/restart")
    assert "您想做什么？" in chat.texts and "看看我能不能参加" in [b["title"] for b in chat.buttons]
    tracker = chat.tracker()
    assert tracker["slots"]["language"] == "zh" and not (tracker.get("active_loop") or {}).get("name")
    chat.say("/restart")  # twice in a row: still answered, still Chinese
    assert "您想做什么？" in chat.texts and chat.slot("language") == "zh"


def test_two_thousand_random_messages_and_injections_break_nothing(client, stack):
    intents = ["start_screening", "affirm", "inform", "emergency_in_past", "resume", "start_over", "delete_my_data",
               "restart", "session_start", "back", "out_of_scope", "nlu_fallback"]
    slots = TRIAL.criterion_ids + ["prescreen_outcome", "criteria_verdicts", "referral_code", "consent_prescreen",
                                   "stop_reason", "language", "requested_slot"]

    def message(rng: random.Random) -> str:
        kind = rng.random()
        if kind < 0.25:
            return "/" + rng.choice(intents) + '{"%s": %s}' % (rng.choice(slots), rng.choice(
                ['"likely_eligible"', "42", '{"age": "meets"}', "true", '"zh"', '"hcc"', "null", "[1]"]))
        if kind < 0.45:
            return rng.choice(["yes", "no", "不确定", "58", "8 cm", "乙肝", "1500 拷贝/毫升", "agree", "why", "中文",
                               "English", "pause", "/resume", "change", "edit age", "stop", "continue", "同意"])
        alphabet = string.printable + "中文肝癌吐血是不😀\u202e\x00"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 200)))

    senders = [f"fuzz-{i}" for i in range(20)]
    errors = []

    def talk(sender: str) -> None:
        rng = random.Random(f"20261123-{sender}")  # each person's messages are the same in every run
        client.send(sender, "I'd like to check if I can join the study")
        for _ in range(99):
            try:
                client.send(sender, message(rng))
            except requests.RequestException as exc:
                errors.append(f"{sender}: {exc}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(talk, senders))
    assert errors == []
    for sender in senders:
        slots_now = client.tracker(sender)["slots"]
        for criterion in TRIAL.criteria:
            assert is_valid_answer(criterion, slots_now.get(criterion.id)), (sender, criterion.id, slots_now[criterion.id])
        assert slots_now.get("prescreen_outcome") in (None,) + OUTCOMES
        assert set((slots_now.get("criteria_verdicts") or {}).values()) <= set(VERDICTS)
        assert slots_now.get("language") in ("en", "zh")
