"""The form's validation and ask actions with rasa_sdk trackers and dispatchers."""

import pytest

from actions.form import ASK_ACTIONS, ValidatePrescreenForm
from tests.actions.conftest import make_tracker, run, slot_events

# consented, and the steps before the questions (who is answering, sex) answered
CONSENTED = {"consent_prescreen": True, "started_at": "2026-11-23T10:00:00+00:00", "respondent": "self", "sex": "female"}


def answered_before(criterion_id):
    """Eligible answers to every question before criterion_id (a realistic tracker)."""
    from bot.trial import get_trial

    answers = {}
    for c in get_trial().criteria:
        if c.id == criterion_id:
            return answers
        if c.answer_type == "choice":
            answers[c.id] = next(o.key for o in c.options if o.verdict == "meets" or c.step)
    raise KeyError(criterion_id)


def validate(domain, slots, text, **kwargs):
    asked = slots["requested_slot"]
    tracker = make_tracker({**slots, asked: text}, text=text, **kwargs)
    events, messages = run(ValidatePrescreenForm(), tracker, domain)
    return slot_events(events), messages


def ask(domain, slot, slots=None):
    action = next(a for a in ASK_ACTIONS if a().name() == f"action_ask_{slot}")()
    return run(action, make_tracker({"requested_slot": slot, **(slots or {})}), domain)


def test_a_good_answer_fills_the_slot_updates_verdicts_and_asks_the_next(domain):
    slots, _ = validate(domain, {**CONSENTED, "requested_slot": "age"}, "sixty-two")
    assert slots["age"] == {"low": 62, "high": 62}
    assert slots["criteria_verdicts"] == {"age": "meets"}
    assert slots["answer_texts"] == {"age": "sixty-two"}
    assert slots["requested_slot"] == "liver_cancer_diagnosis"


def test_garbage_is_asked_again_never_guessed(domain):
    slots, _ = validate(domain, {**CONSENTED, "requested_slot": "age"}, "blue")
    assert slots["age"] is None and slots["requested_slot"] == "age" and slots["retry_count"] == 1


@pytest.mark.parametrize("payload", ['/inform{"age": 30}', '/affirm', '/start_screening{"prescreen_outcome":"likely_eligible"}'])
def test_slash_injection_cannot_set_a_slot(domain, payload):
    slots, _ = validate(domain, {**CONSENTED, "requested_slot": "age"}, payload)
    assert slots["age"] is None and "prescreen_outcome" not in slots


def test_emergency_stops_the_form(domain):
    slots, _ = validate(domain, {**CONSENTED, "requested_slot": "prior_cancer_treatment"}, "我现在在吐血")
    assert slots["prescreen_outcome"] == "emergency_stop" and slots["stop_reason"] == "emergency"
    assert slots["requested_slot"] is None


def test_recent_bleeding_answering_the_bleeding_question_is_an_answer(domain):
    slots, _ = validate(domain, {**CONSENTED, "requested_slot": "bleeding_or_blood_thinners"}, "yes, black stools two weeks ago")
    assert slots["bleeding_or_blood_thinners"] == "yes" and "stop_reason" not in slots


def test_a_bleed_outside_the_window_is_not_an_exclusion(domain):
    slots, _ = validate(domain, {**CONSENTED, "requested_slot": "bleeding_or_blood_thinners"},
                        "I vomited blood two years ago, nothing since")
    assert slots["bleeding_or_blood_thinners"] == "no" and "stop_reason" not in slots
    assert slots["criteria_verdicts"]["bleeding_or_blood_thinners"] == "meets"


def test_vomiting_blood_now_at_the_bleeding_question_is_an_emergency_not_an_answer(domain):
    slots, _ = validate(domain, {**CONSENTED, "requested_slot": "bleeding_or_blood_thinners"}, "yes, I am vomiting blood right now")  # noqa: E501
    assert slots["stop_reason"] == "emergency" and slots["prescreen_outcome"] == "emergency_stop"
    assert slots.get("bleeding_or_blood_thinners") is None


def test_a_question_about_a_symptom_gets_the_warning_signs_and_the_question_again(domain):
    before = {**CONSENTED, **answered_before("liver_symptoms"), "age": {"low": 60, "high": 60}, "tumour_count": 1,
              "largest_tumour_cm": 8.0}
    slots, messages = validate(domain, {**before, "requested_slot": "liver_symptoms"}, "is black stool dangerous?")
    assert "stop_reason" not in slots and slots["requested_slot"] == "liver_symptoms"
    assert "120" in messages[0]["text"]


HEPATITIS_BEFORE = {"age": {"low": 60, "high": 60}, "tumour_count": 1, "largest_tumour_cm": 8.0,
                    "liver_cancer_diagnosis": "hcc", "prior_cancer_treatment": "no", "spread_or_vessel_invasion": "no",
                    "surgery_possible": "yes", "daily_activity": "normal", "liver_symptoms": "no"}


def test_an_unsure_reading_is_read_back_and_yes_records_it(domain):
    asked = {**CONSENTED, **HEPATITIS_BEFORE, "requested_slot": "hepatitis"}
    slots, _ = validate(domain, asked, "好像没有吧")
    assert slots["hepatitis"] is None and slots["pending_check"] == {"slot": "hepatitis", "value": "neither"}
    assert slots["requested_slot"] == "hepatitis__check"
    _, messages = ask(domain, "hepatitis__check", {"pending_check": slots["pending_check"]})
    assert messages[0]["text"].startswith("Just to check") and [b["payload"] for b in messages[0]["buttons"]] == [
        "yes", "no", "not_sure"]
    confirmed, _ = validate(domain, {**asked, "requested_slot": "hepatitis__check", "pending_check": slots["pending_check"]},
                            "对的")
    assert confirmed["hepatitis"] == "neither" and confirmed["pending_check"] is None
    assert confirmed["criteria_verdicts"]["hepatitis"] == "meets" and confirmed["requested_slot"] != "hepatitis__check"


def test_no_at_the_check_asks_the_question_again_with_its_buttons(domain):
    pending = {"slot": "hepatitis", "value": "neither"}
    slots, _ = validate(domain, {**CONSENTED, **HEPATITIS_BEFORE, "requested_slot": "hepatitis__check",
                                 "pending_check": pending}, "no")
    assert slots["hepatitis"] is None and slots["pending_check"] is None and slots["requested_slot"] == "hepatitis"
    assert slots["last_problem"] == "check_declined"


def test_an_exclusion_is_never_recorded_from_an_unsure_reading(domain):
    slots, _ = validate(domain, {**CONSENTED, "requested_slot": "dialysis"}, "I think so, maybe")
    assert slots["dialysis"] is None and slots["pending_check"]["slot"] == "dialysis"
    assert "does_not_meet" not in (slots.get("criteria_verdicts") or {}).values()


def test_under_18_stops_and_keeps_no_answers(domain):
    slots, _ = validate(domain, {**CONSENTED, "requested_slot": "age"}, "17")
    assert slots["stop_reason"] == "minor" and slots["age"] is None and slots["answer_texts"] == {}
    assert slots["prescreen_outcome"] == "likely_ineligible" and slots["requested_slot"] is None


def test_does_not_meet_explains_and_skips_to_the_summary(domain):
    state = {**CONSENTED, "age": {"low": 60, "high": 60}, "requested_slot": "liver_cancer_diagnosis"}
    slots, messages = validate(domain, state, "bile duct cancer")
    assert slots["prescreen_outcome"] == "likely_ineligible"
    assert slots["requested_slot"] == "confirm_answers"
    assert "most common type of liver cancer" in messages[0]["text"]
    assert messages[0]["custom"] == {"notice": "not_a_fit"}  # the page shows it as a calm notice of its own


START = {"consent_prescreen": True, "started_at": "2026-11-23T10:00:00+00:00"}


def test_who_is_answering_comes_first_then_sex_without_a_number_and_never_a_verdict(domain):
    _, messages = ask(domain, "respondent", START)
    assert messages[0]["text"].startswith("Before the questions:") and "for yourself" in messages[0]["text"]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads[:2] == ["self", "father"] and "other_family" in payloads and "not_sure" not in payloads
    assert "son" not in payloads  # understood when typed, not one more button
    slots, _ = validate(domain, {**START, "requested_slot": "respondent"}, "it's me")
    assert slots["respondent"] == "self" and slots["requested_slot"] == "sex" and "sex" not in slots
    mine = {**START, "respondent": "self"}
    _, messages = ask(domain, "sex", mine)
    assert messages[0]["text"].startswith("Before the questions:") and "Are you a man or a woman" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]][:4] == ["female", "male", "prefer_not", "not_sure"]
    slots, messages = validate(domain, {**mine, "requested_slot": "sex"}, "male")
    assert slots["sex"] == "male" and slots["requested_slot"] == "age"
    assert "sex" not in (slots.get("criteria_verdicts") or {})
    _, messages = ask(domain, "age", {**mine, "sex": "male", "language": "zh"})
    assert messages[0]["text"].startswith("第1题，共23题") and "您今年多大年龄" in messages[0]["text"]


@pytest.mark.parametrize("typed, relation, sex", [
    ("for my dad", "father", "male"),
    ("father", "father", "male"),  # the button
    ("帮我公公问的", "father_in_law", "male"),
    ("我是她儿媳妇", "mother_in_law", "female"),
    ("I'm her husband", "wife", "female"),
    ("my wife's mother", "mother_in_law", "female"),
    ("for my uncle", "other_family", "male"),
    ("老伴", "partner", None),  # husband or wife: the sex question is still asked
    ("other_family", "other_family", None),
])
def test_a_relative_says_who_the_patient_is_and_the_sex_it_says_is_not_asked_again(domain, typed, relation, sex):
    slots, _ = validate(domain, {**START, "requested_slot": "respondent"}, typed)
    assert slots["respondent"] == relation
    assert slots.get("sex") == sex and slots["requested_slot"] == ("age" if sex else "sex")
    assert "respondent" not in slots["criteria_verdicts"] and "sex" not in slots["criteria_verdicts"]


def test_questions_speak_about_the_patient_when_a_relative_answers(domain):
    dad = {**START, "respondent": "father", "sex": "male"}
    _, messages = ask(domain, "age", dad)
    assert "How old is your father?" in messages[0]["text"] and "Question 1 of 23" in messages[0]["text"]
    _, messages = ask(domain, "age", {**dad, "language": "zh"})
    assert "您父亲今年多大年龄" in messages[0]["text"]
    _, messages = ask(domain, "viral_load__hbv", {**dad, "hepatitis": "both"})
    assert messages[0]["text"].lower().count("your father") == 2 and "Your father has both" in messages[0]["text"]
    _, messages = ask(domain, "daily_activity", dad)
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Which sentence fits your father best" in messages[0]["text"] and titles[0] == "Can do everything as before"
    _, messages = ask(domain, "daily_activity", {**dad, "respondent": "self"})
    assert "fits you best" in messages[0]["text"] and messages[0]["buttons"][0]["title"] == "I can do everything I did before"
    _, messages = ask(domain, "contact_name", {**dad, "language": "zh"})
    assert "您是帮您父亲填的" in messages[0]["text"]
    _, messages = ask(domain, "contact_name", {**START, "respondent": "self"})
    assert messages[0]["text"] == "What name should the study team ask for when they call?"


def test_changing_who_it_is_for_changes_the_sex_and_what_follows_from_it(domain):
    state = {**CONSENTED, **answered_before("contraception"), "respondent": "father", "sex": "male",
             "requested_slot": "respondent"}
    state.pop("pregnant_or_breastfeeding", None)
    slots, _ = validate(domain, state, "no, it's for my mum")
    assert slots["respondent"] == "mother" and slots["sex"] == "female"


@pytest.mark.parametrize("sex, asked", [("male", False), ("female", True), ("prefer_not", True), ("not_sure", True)])
def test_a_man_is_never_asked_about_pregnancy(domain, sex, asked):
    state = {**CONSENTED, **answered_before("pregnant_or_breastfeeding"), **ELIGIBLE_NUMBERS, "sex": sex,
             "requested_slot": "alcohol_or_mental_health"}
    slots, _ = validate(domain, state, "no")
    assert slots["requested_slot"] == ("pregnant_or_breastfeeding" if asked else "contraception")


def test_a_man_who_answered_everything_is_likely_eligible_without_the_pregnancy_answer(domain):
    state = {**CONSENTED, **answered_before("contraception"), **ELIGIBLE_NUMBERS, "sex": "male",
             "requested_slot": "contraception"}
    state.pop("pregnant_or_breastfeeding", None)
    slots, _ = validate(domain, state, "yes")
    slots, _ = validate(domain, {**state, **slots}, "yes")  # sample consent
    assert slots["prescreen_outcome"] == "likely_eligible"
    assert "pregnant_or_breastfeeding" not in slots["criteria_verdicts"]


def test_why_gives_the_reason_and_asks_again(domain):
    slots, messages = validate(domain, BEFORE_DIALYSIS, "why?")
    assert messages[0]["text"] == "The study needs the kidneys to work well."
    assert slots["requested_slot"] == "dialysis" and slots.get("retry_count") is None


def test_faq_question_mid_form_is_answered_then_asked_again(domain):
    slots, messages = validate(domain, BEFORE_DIALYSIS, "where is the hospital?")
    assert "Hangzhou" in messages[0]["text"] and slots["requested_slot"] == "dialysis"
    assert slots.get("dialysis") is None and slots.get("retry_count") is None


def test_a_question_typed_at_an_open_question_is_answered_not_recorded(domain):
    # "no" alone would be an answer; put as a question about cost, it is a question
    slots, messages = validate(domain, BEFORE_DIALYSIS, "no wait, do we have to pay for any of this?")
    assert messages[0]["text"].startswith("The study information I have does not say what it costs")
    assert slots.get("dialysis") is None and slots["requested_slot"] == "dialysis"


def test_why_in_other_words_gives_the_open_questions_reason(domain, trial):
    for text in ("what does my kidney have to do with liver cancer?", "问这个干嘛"):
        slots, messages = validate(domain, {**BEFORE_DIALYSIS, "language": "zh" if "问" in text else "en"}, text)
        lang = "zh" if "问" in text else "en"
        assert messages[0]["text"] == trial.criterion("dialysis").why.get(lang), text
        assert slots.get("dialysis") is None


def test_add_my_question_for_the_team_mid_form(domain):
    # Rasa parses the button's payload into the intent and the entity, as it would here
    slots, messages = validate(domain, BEFORE_DIALYSIS, '/note_question{"question_topic": "visits"}',
                               intent="note_question", entities={"question_topic": "visits"})
    assert slots["questions_for_team"] == ["visits"] and slots.get("dialysis") is None
    slots, _ = validate(domain, BEFORE_DIALYSIS, '/note_question{"question_topic": "nonsense"}',
                        intent="note_question", entities={"question_topic": "nonsense"})
    assert "questions_for_team" not in slots


def test_pause_leaves_the_form(domain):
    slots, _ = validate(domain, BEFORE_DIALYSIS, "暂停")
    assert slots["stop_reason"] == "paused" and slots["requested_slot"] is None


def test_change_an_answer(domain):
    state = {**CONSENTED, "age": {"low": 60, "high": 60}, "liver_cancer_diagnosis": "hcc",
             "requested_slot": "prior_cancer_treatment"}
    slots, messages = validate(domain, state, "change my answer")
    assert [b["payload"] for b in messages[0]["buttons"]] == ["edit respondent", "edit sex", "edit age",
                                                              "edit liver_cancer_diagnosis"]
    slots, _ = validate(domain, state, "edit age")
    assert slots["age"] is None and slots["requested_slot"] == "age"
    # the changed question keeps its place and the total does not move
    changed = {**state, **{k: v for k, v in slots.items() if k in ("age", "liver_cancer_diagnosis")}}
    _, messages = ask(domain, "age", changed)
    assert messages[0]["text"].startswith("Question 1 of 24") and messages[0]["custom"]["progress"] == {"n": 1, "total": 24}
    slots, _ = validate(domain, {**changed, "requested_slot": "age"}, "61")
    assert slots["requested_slot"] == "prior_cancer_treatment"
    _, messages = ask(domain, "prior_cancer_treatment", {**changed, "age": slots["age"]})
    assert messages[0]["custom"]["progress"] == {"n": 3, "total": 24}


def test_a_change_that_names_the_answer_offers_that_answer_first(domain):
    state = {**CONSENTED, "age": {"low": 60, "high": 60}, "liver_cancer_diagnosis": "hcc",
             "requested_slot": "prior_cancer_treatment"}
    _, messages = validate(domain, state, "年龄写错了 是72不是27")
    assert [b["payload"] for b in messages[0]["buttons"]] == ["edit age", "edit all"]
    _, messages = validate(domain, state, "back to the last question, I pressed the wrong one")
    assert [b["payload"] for b in messages[0]["buttons"]] == ["edit liver_cancer_diagnosis", "edit all"]


def test_the_change_list_is_short_with_every_answer_one_tap_away(domain):
    state = {**CONSENTED, **ELIGIBLE_NUMBERS, "requested_slot": "hepatitis"}
    _, messages = validate(domain, state, "I want to change something")
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert len(payloads) == 7 and payloads[-1] == "edit all" and payloads[-2] == "edit liver_symptoms"
    _, messages = validate(domain, state, "edit all")
    assert [b["payload"] for b in messages[0]["buttons"]] == [f"edit {k}" for k in ["respondent", "sex", *ELIGIBLE_NUMBERS]]


ELIGIBLE_NUMBERS = {"age": {"low": 60, "high": 60}, "liver_cancer_diagnosis": "hcc", "prior_cancer_treatment": "no",
                    "spread_or_vessel_invasion": "no", "surgery_possible": "yes", "tumour_count": 1,
                    "largest_tumour_cm": 8.0, "daily_activity": "normal", "liver_symptoms": "no"}


def test_hepatitis_b_adds_the_viral_load_question(domain):
    state = {**CONSENTED, **answered_before("hepatitis"), **ELIGIBLE_NUMBERS, "requested_slot": "hepatitis"}
    slots, _ = validate(domain, state, "乙肝")
    assert slots["hepatitis"] == "hbv" and slots["requested_slot"] == "viral_load"
    assert slots["criteria_verdicts"]["hepatitis"] == "unknown"


@pytest.mark.parametrize("lang, both, hbv, hcv_over, hcv_ok", [
    ("en", "both B and C", "1500 copies/mL", "1001 IU/mL", "1000 IU/mL"),
    ("zh", "乙肝丙肝都有", "1500 拷贝/毫升", "1001 国际单位/毫升", "1000 国际单位/毫升"),
])
def test_both_hepatitis_b_and_c_asks_each_load_and_checks_it_against_its_own_limit(domain, lang, both, hbv, hcv_over, hcv_ok):
    state = {**CONSENTED, **answered_before("hepatitis"), **ELIGIBLE_NUMBERS, "requested_slot": "hepatitis",
             "language": lang}
    slots, _ = validate(domain, state, both)
    assert slots["hepatitis"] == "both" and slots["requested_slot"] == "viral_load__hbv"
    state.update(slots)
    slots, _ = validate(domain, state, hbv)  # 1500 copies: under the HBV limit (it is over the HCV one)
    assert slots["viral_load__hbv"] == {"value": 1500.0, "unit": "copies/mL"}
    assert slots["requested_slot"] == "viral_load__hcv" and slots["criteria_verdicts"]["hepatitis"] == "unknown"
    state.update(slots)
    over, _ = validate(domain, state, hcv_over)
    assert over["criteria_verdicts"]["hepatitis"] == "does_not_meet" and over["prescreen_outcome"] == "likely_ineligible"
    fine, _ = validate(domain, state, hcv_ok)
    assert fine["criteria_verdicts"]["hepatitis"] == "meets" and fine["requested_slot"] == "steroids_or_immunosuppressants"


@pytest.mark.parametrize("lang, words", [("en", "hepatitis B"), ("zh", "乙肝")])
def test_the_second_load_is_asked_in_plain_words(domain, lang, words):
    _, messages = ask(domain, "viral_load__hbv", {"language": lang, "hepatitis": "both"})
    assert words in messages[0]["text"] and messages[0]["custom"]["question_id"] == "viral_load__hbv"
    _, messages = ask(domain, "viral_load__hcv", {"language": lang, "hepatitis": "both"})
    assert ("hepatitis C" if lang == "en" else "丙肝") in messages[0]["text"]


def test_consent_no_ends_without_health_questions(domain):
    slots, _ = validate(domain, {"requested_slot": "consent_prescreen"}, "decline")
    assert slots["consent_prescreen"] is False and slots["requested_slot"] is None


def test_consent_yes_records_the_version(domain, trial):
    slots, _ = validate(domain, {"requested_slot": "consent_prescreen"}, "同意", )
    assert slots["consent_prescreen"] is True
    assert slots["consent_record"]["prescreen"]["version"] == trial.consent.prescreen.version


def test_bad_phone_is_asked_again_with_a_hint(domain):
    state = {**CONSENTED, "requested_slot": "contact_phone", "consent_share": True}
    slots, _ = validate(domain, state, "call me maybe")
    assert slots["contact_phone"] is None and slots["last_problem"] == "phone"
    events, messages = ask(domain, "contact_phone", {"retry_count": 1, "last_problem": "phone"})
    assert "11 digits" in messages[0]["text"]


def test_a_mobile_number_with_a_digit_missing_is_asked_again(domain):
    state = {**CONSENTED, "requested_slot": "contact_phone", "consent_share": True}
    slots, _ = validate(domain, state, "138 5712 345")
    assert slots["contact_phone"] is None and slots["last_problem"] == "phone"


def test_a_vague_time_to_call_is_asked_again_with_the_buttons(domain):
    state = {**CONSENTED, "requested_slot": "contact_time", "consent_share": True}
    slots, _ = validate(domain, state, "Depends on his treatment schedule")
    assert slots["contact_time"] is None and slots["last_problem"] == "contact_time"
    _, messages = ask(domain, "contact_time", {"retry_count": 1, "last_problem": "contact_time", "language": "zh"})
    assert "什么时候" in messages[0]["text"] and messages[-1].get("buttons")


def test_question_shows_progress_buttons_and_why_in_chinese(domain):
    _, messages = ask(domain, "surgery_possible", {"language": "zh", "sex": "female"})
    assert messages[0]["text"].startswith("第5题，共24题")
    _, messages = ask(domain, "surgery_possible", {"language": "zh", "sex": "male"})
    assert messages[0]["text"].startswith("第5题，共23题")  # a man is not asked about pregnancy
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles == ["可以手术", "不能手术", "还没有讨论过", "不确定", "为什么问这个？"]


def test_after_a_failure_an_example_answer_and_after_two_the_options_are_explained(domain):
    _, first = ask(domain, "dialysis", {"retry_count": 1, "last_problem": "not_understood"})
    assert '"No"' in first[0]["text"] and "dialysis" in first[1]["text"]
    _, second = ask(domain, "dialysis", {"retry_count": 2, "last_problem": "not_understood"})
    texts = [m["text"] for m in second]
    assert "tap one of the buttons" in texts[0] and "dialysis" in texts[1] and texts[0] != first[0]["text"]


def test_consent_share_shows_the_outcome_first(domain):
    state = {**CONSENTED, "age": {"low": 60, "high": 60}, "liver_cancer_diagnosis": "other_type"}
    _, messages = ask(domain, "consent_share", state)
    assert "may not be a fit" in messages[0]["text"] and "Type of liver cancer" in messages[0]["text"]
    assert "not medical advice" in messages[1]["text"]
    assert [b["payload"] for b in messages[2]["buttons"]] == ["yes", "no"]


BEFORE_DIALYSIS = {**CONSENTED, **answered_before("dialysis"), **ELIGIBLE_NUMBERS, "requested_slot": "dialysis"}


def test_contact_details_go_to_the_encrypted_store_not_the_slot(domain):
    from bot.storage import get_store

    state = {**CONSENTED, "requested_slot": "contact_phone", "consent_share": True, "contact_name": "stored"}
    slots, _ = validate(domain, state, "+86 139-8765-4321")
    assert slots["contact_phone"] == "stored"
    assert get_store().contact("tester")["contact_phone"] == "+8613987654321"


def test_an_unsure_question_mid_form_offers_its_likeliest_topics_then_the_question_again(domain, monkeypatch):
    # The reader (tested in tests/unit/test_questions.py) is unsure between two topics.
    from bot.understanding import questions

    unsure = questions.Question(None, 0.3, asked=True, guesses=("visits", "duration"))
    monkeypatch.setattr(questions, "read", lambda text, only_if_asked=False: unsure)
    slots, messages = validate(domain, BEFORE_DIALYSIS, "and the staying part, how does that go?")
    assert messages[0]["text"] == "Just to check: is your question about one of these?"
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ['/ask_question{"question_topic": "visits"}', '/ask_question{"question_topic": "duration"}']
    assert slots.get("dialysis") is None and slots.get("retry_count") is None and slots["requested_slot"] == "dialysis"


def test_a_question_button_pressed_mid_form_is_answered_then_the_question_again(domain, trial):
    slots, messages = validate(domain, BEFORE_DIALYSIS, '/ask_question{"question_topic": "visits"}',
                               intent="ask_question", entities={"question_topic": "visits"})
    assert messages[0]["text"] == trial.topic("visits").answer.en
    assert slots.get("dialysis") is None and slots.get("retry_count") is None and slots["requested_slot"] == "dialysis"
    # an unknown topic typed as a payload is not answered and records nothing
    slots, messages = validate(domain, BEFORE_DIALYSIS, '/ask_question{"question_topic": "<b>"}',
                               intent="ask_question", entities={"question_topic": "<b>"})
    assert slots.get("dialysis") is None and all(trial.topic("visits").answer.en != m.get("text") for m in messages)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_likely_eligible_tells_the_person_the_next_steps_never_the_site_checklist(domain, trial, lang):
    state = {**CONSENTED, **answered_before("sample_consent"), **ELIGIBLE_NUMBERS, "sample_consent": "yes",
             "language": lang}
    _, messages = ask(domain, "consent_share", state)
    text = messages[0]["text"]
    assert all(step.get(lang) in text for step in trial.trial.next_steps)
    for check in trial.site_only_checks:  # staging, liver scores, survival: for coordinators only
        assert check.label.get(lang) not in text
    for word in ("BCLC", "Child-Pugh", "ICG", "survival", "生存"):
        assert word not in text
