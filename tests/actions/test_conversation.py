"""Actions around the form: language, finishing (store + refer), emergencies, FAQ."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (
    ActionEmergencyInPast,
    ActionFinishPrescreen,
    ActionStartPrescreen,
    ValidateSlotMappings,
)
from actions.questions import ActionAnswerQuestion, ActionNoteQuestion
from bot.storage import get_store
from tests.actions.conftest import make_tracker, run, slot_events
from tests.actions.test_form import CONSENTED, ELIGIBLE_NUMBERS, answered_before


def extract_language(text, current=None):
    tracker = make_tracker({"language": current}, text=text, active_loop=None)
    return asyncio.run(ValidateSlotMappings().extract_language(CollectingDispatcher(), tracker, {}))


def test_language_from_first_message_and_switch_any_time():
    assert extract_language("你好") == {"language": "zh"}
    assert extract_language("hello") == {"language": "en"}
    assert extract_language("English", current="zh") == {"language": "en"}
    assert extract_language("中文", current="en") == {"language": "zh"}
    assert extract_language("我想参加", current="en") == {"language": "zh"}
    assert extract_language("58", current="zh") == {}


def complete_state():
    state = {**CONSENTED, **answered_before("sample_consent"), **ELIGIBLE_NUMBERS, "sample_consent": "yes",
             "hepatitis": "neither", "confirm_answers": True, "consent_share": True, "contact_name": "stored",
             "contact_phone": "stored", "contact_time": "stored",
             "consent_record": {"prescreen": {"version": "PS-1.0", "at": "t1"}, "share": {"version": "SH-1.0", "at": "t2"}}}
    return state


def test_finish_stores_the_screening_and_referral_and_gives_the_code(domain):
    for slot, value in (("contact_name", "Jane Roe"), ("contact_phone", "13800000000"), ("contact_time", "morning")):
        get_store().put_contact("tester", slot, value)
    events, messages = run(ActionFinishPrescreen(), make_tracker(complete_state(), active_loop=None), domain)
    slots = slot_events(events)
    code = slots["referral_code"]
    assert code and code in messages[0]["text"] and "24 hours" in messages[0]["text"]
    assert slots["prescreen_outcome"] == "likely_eligible" and slots["stop_reason"] == "completed"
    store = get_store()
    referral = store.referral_by_code(code)
    screening = store.screening(referral.screening_id)
    assert screening.outcome == "likely_eligible" and screening.consent_version == "PS-1.0"
    assert referral.share_consent_version == "SH-1.0" and referral.contact_phone == "13800000000"
    assert len(store.pending_messages()) == 1  # no SMTP configured: the notice waits in the outbox
    # the same conversation finishing again does not make a second referral
    events, messages = run(ActionFinishPrescreen(), make_tracker({**complete_state(), "stop_reason": "completed",
                                                                   "reported_stop": "completed"}, active_loop=None), domain)
    assert messages == [] and len(store.referrals()) == 1


def test_share_declined_stores_no_referral(domain):
    state = {**complete_state(), "consent_share": False}
    events, messages = run(ActionFinishPrescreen(), make_tracker(state, active_loop=None), domain)
    assert "Nothing has been passed on" in messages[0]["text"] and get_store().referrals() == []
    assert len(get_store().screenings()) == 1


def test_no_consent_means_no_record(domain):
    events, messages = run(ActionFinishPrescreen(), make_tracker({"consent_prescreen": False}, active_loop=None), domain)
    assert slot_events(events)["stop_reason"] == "no_consent" and get_store().screenings() == []
    assert messages[0]["response"] == "utter_no_consent"


def test_emergency_in_the_past_goes_on_without_recording_an_answer(domain):
    """The button lifts the stop; the bleeding question itself asks when (its window decides)."""
    state = {**CONSENTED, "stop_reason": "emergency", "red_flag": "gi_bleeding", "prescreen_outcome": "emergency_stop"}
    events, messages = run(ActionEmergencyInPast(), make_tracker(state, active_loop=None), domain)
    slots = slot_events(events)
    assert "bleeding_or_blood_thinners" not in slots and slots["stop_reason"] is None
    assert "bleeding_or_blood_thinners" not in (slots["criteria_verdicts"] or {})
    assert messages[0]["response"] == "utter_emergency_past_noted"


def test_emergency_message_puts_120_first_and_self_harm_gets_the_crisis_line(domain, monkeypatch):
    from actions.conversation import ActionEmergency

    monkeypatch.setenv("CRISIS_LINE", "12356")
    _, messages = run(ActionEmergency(), make_tracker(text="I want to kill myself", active_loop=None), domain)
    assert messages[0]["text"].startswith("Call 120 now") and messages[0]["custom"]["alert"] == "emergency"
    assert messages[0]["buttons"][0]["payload"] == "/emergency_in_past"
    assert "12356" in messages[1]["text"]
    _, messages = run(ActionEmergency(), make_tracker({"language": "zh"}, text="我爸刚才吐了好多血", active_loop=None), domain)
    assert messages[0]["text"].startswith("请马上拨打120") and len(messages) == 1


def test_resume_after_emergency_is_refused(domain):
    events, messages = run(ActionStartPrescreen(), make_tracker({"stop_reason": "emergency"}, active_loop=None), domain)
    assert events == [] and messages[-1]["response"] == "utter_still_stopped"
    assert messages[0]["response"] == "utter_intro_short"  # a first message: say who is talking first


def test_faq_answers_come_from_the_trial_definition(domain, trial):
    tracker = make_tracker({"language": "zh"}, text="在哪里", intent="ask_question", active_loop=None,
                           entities={"question_topic": "where"})
    _, messages = run(ActionAnswerQuestion(), tracker, domain)
    assert messages[0]["text"] == trial.topic("where").answer.zh


def test_a_question_the_record_is_silent_on_offers_to_ask_the_team(domain, trial):
    tracker = make_tracker({"language": "en"}, text="is it free", intent="ask_question", active_loop=None,
                           entities={"question_topic": "cost"})
    _, messages = run(ActionAnswerQuestion(), tracker, domain)
    assert messages[0]["text"] == trial.topic("cost").answer.en
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ['/note_question{"question_topic": "cost"}']
    # pressing it keeps the topic (never free text) for the referral, once
    noted = make_tracker({"language": "en", "questions_for_team": ["cost"]}, text=payloads[0], intent="note_question",
                         active_loop=None, entities={"question_topic": "cost"})
    events, messages = run(ActionNoteQuestion(), noted, domain)
    assert slot_events(events) == {"questions_for_team": ["cost"]}
    assert messages[0]["text"].startswith("Done.")


def test_a_typed_note_for_an_unknown_or_record_answered_topic_is_refused(domain):
    for topic in ("nonsense", "where", "<script>"):
        tracker = make_tracker({"language": "en"}, text="/note_question", intent="note_question", active_loop=None,
                               entities={"question_topic": topic})
        events, _ = run(ActionNoteQuestion(), tracker, domain)
        assert events == []


def test_an_eligibility_question_gets_its_criterion_and_an_offer_to_start(domain, trial):
    tracker = make_tracker({"language": "zh"}, text="我爸79岁能参加吗", intent="ask_question", active_loop=None,
                           entities={"question_topic": "eligibility", "question_criterion": "age"})
    _, messages = run(ActionAnswerQuestion(), tracker, domain)
    assert messages[0]["text"] == trial.criterion("age").why.zh
    assert "研究团队" in messages[1]["text"]
    assert [b["payload"] for b in messages[1]["buttons"]] == ["/start_screening"]


def test_privacy_question_offers_deletion(domain, trial):
    tracker = make_tracker({"language": "en"}, text="is my data safe", intent="ask_question", active_loop=None,
                           entities={"question_topic": "privacy"})
    _, messages = run(ActionAnswerQuestion(), tracker, domain)
    assert messages[0]["text"] == trial.topic("privacy").answer.en
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/delete_my_data"]


def test_diet_question_intents_get_the_topics_words(domain, trial):
    """When the question reader is unsure, DIET's own intents for "are you a person", medical
    advice and "why" are answered with the same words as the topic (one place)."""
    for intent, topic in (("bot_challenge", "bot"), ("ask_medical_advice", "medical_advice"), ("ask_why", "why_ask")):
        tracker = make_tracker({"language": "zh"}, text="?", intent=intent, active_loop=None)
        _, messages = run(ActionAnswerQuestion(), tracker, domain)
        assert messages[0]["text"] == trial.topic(topic).answer.zh, intent


def test_the_about_button_gives_the_whole_summary(domain, trial):
    tracker = make_tracker({"language": "en"}, text="/ask_about_trial", intent="ask_about_trial", active_loop=None)
    _, messages = run(ActionAnswerQuestion(), tracker, domain)
    assert messages[0]["text"] == trial.trial.summary.en


def test_an_unsure_question_outside_the_form_offers_its_likeliest_topics(domain, trial, monkeypatch):
    from actions.conversation import ActionDefaultFallback
    from bot.understanding import questions

    unsure = questions.Question(None, 0.25, asked=True, guesses=("cost", "samples"))
    monkeypatch.setattr(questions, "read", lambda text, only_if_asked=False: unsure)
    for action in (ActionDefaultFallback(), ActionAnswerQuestion()):
        tracker = make_tracker({"language": "zh"}, text="抽血的钱呢", intent="nlu_fallback", active_loop=None)
        _, messages = run(action, tracker, domain)
        assert messages[0]["text"] == "想确认一下：您问的是下面哪一个？"
        assert [b["title"] for b in messages[0]["buttons"]] == [trial.topic("cost").question.zh,
                                                               trial.topic("samples").question.zh, "别的问题"]
        assert messages[0]["buttons"][-1]["payload"] == "/faq_menu"


def test_nothing_to_offer_falls_back_to_the_options(domain, monkeypatch):
    from actions.conversation import ActionDefaultFallback
    from bot.understanding import questions

    monkeypatch.setattr(questions, "read", lambda text, only_if_asked=False: questions.Question(None, 0.0))
    tracker = make_tracker({"language": "en"}, text="asdf", intent="nlu_fallback", active_loop=None)
    _, messages = run(ActionDefaultFallback(), tracker, domain)
    assert messages[0]["response"] == "utter_default"
