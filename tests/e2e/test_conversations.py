"""Whole conversations over HTTP against a real Rasa server and action server, in English
and Chinese, with a real in-process SMTP server receiving the referral notices."""

from pathlib import Path

import pytest
import yaml

from bot.storage import Store
from tools.vignettes import play

VIGNETTES = yaml.safe_load((Path(__file__).resolve().parents[3] / "shared" / "vignettes" / "public.yml").read_text())


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_public_vignettes_reach_their_expected_outcome(client, stack, smtp, vignette):
    result = play(client, vignette)
    assert result.error is None
    assert result.outcome == vignette["expected_outcome"]
    # a short conversation (issue 14): at most 35 messages from the person, 40 bubbles back
    counts = Path(__file__).resolve().parents[2] / "results" / "e2e" / f"messages-{vignette['id']}.txt"
    counts.parent.mkdir(parents=True, exist_ok=True)
    counts.write_text(f"{vignette['id']}\t{result.turns} person messages\t{result.bubbles} bubbles\n")
    assert result.turns <= 35 and result.bubbles <= 40, (result.turns, result.bubbles)
    if "age" in result.asked:  # the sex step comes first, then the questions
        assert result.asked.index("sex") < result.asked.index("age")
    if str(vignette["answers"].get("sex", "")).lower() in ("male", "man", "男"):  # P01 (English), P02 (Chinese)
        assert "pregnant_or_breastfeeding" not in result.asked  # a man is never asked about pregnancy
    for key, verdict in (vignette.get("expected_verdicts") or {}).items():
        assert result.verdicts.get(key) == verdict, key
    if vignette["expected_outcome"] == "emergency_stop":
        assert result.referral_code is None
        return
    # every vignette consents to sharing, so each one ends with a stored referral and a mail
    assert result.referral_code
    store = Store(f"sqlite:///{stack.db_path}")
    referral = store.referral_by_code(result.referral_code)
    screening = store.screening(referral.screening_id)
    assert screening.outcome == vignette["expected_outcome"] and screening.language == vignette["language"]
    mails = smtp.inbox.wait_for_subject(result.referral_code)
    assert len(mails) == 1 and referral.contact_phone not in mails[0].get_content()


def test_english_greeting_says_it_is_automated_and_not_medical_advice(chat):
    chat.say("hello")
    assert "automated assistant, not a person" in chat.texts and "medical advice" in chat.texts
    assert "Check if I might be able to join" in [b["title"] for b in chat.buttons]


def test_chinese_first_message_means_chinese_and_english_switches(chat):
    chat.say("你好")
    assert "智能助手" in chat.texts
    chat.say("English")
    assert "English" in chat.texts and chat.slot("language") == "en"


def test_summary_and_faq_come_from_the_trial_record(chat, trial):
    chat.say("tell me about the study")
    assert trial.topic("what").answer.en in chat.texts  # typed: the question reader's topic
    chat.say("/ask_about_trial")  # the "About the study" button: the whole summary
    assert trial.trial.summary.en in chat.texts
    chat.say("how much does it cost?")
    assert trial.topic("cost").answer.en in chat.texts


def test_no_consent_means_no_health_questions(chat):
    chat.say("I'd like to check if I can join the study")
    assert chat.asked == "consent_prescreen"
    assert "automated assistant, not a person" in chat.texts  # said even when the first message starts the questions
    chat.say("no")
    assert chat.asked is None and "will not ask any health questions" in chat.texts


def test_garbage_then_a_good_answer(chat):
    chat.say("I'd like to check if I can join the study")
    chat.say("yes")
    assert chat.asked == "respondent" and "Before the questions" in chat.texts
    chat.say("myself")
    assert chat.asked == "sex"
    chat.say("woman")
    assert chat.asked == "age"
    chat.say("purple elephant")
    assert chat.asked == "age" and "did not understand" in chat.texts and "Question 1 of 24" in chat.texts
    chat.say("x" * 5000)
    assert chat.asked == "age"
    chat.say("sixty-two")
    assert chat.asked == "liver_cancer_diagnosis" and chat.slot("criteria_verdicts") == {"age": "meets"}


def test_slash_messages_cannot_set_slots(chat):
    chat.say("I'd like to check if I can join the study")
    chat.say("yes")
    chat.say('/start_screening{"prescreen_outcome": "likely_eligible", "age": 40, "criteria_verdicts": {"age": "meets"}}')
    assert chat.asked == "respondent" and chat.slot("prescreen_outcome") is None and chat.slot("age") is None
    chat.say('/inform{"age": "58"}')
    assert chat.slot("age") is None


def test_emergency_at_the_start_stops_everything(chat):
    chat.say("my father is vomiting blood")
    assert "120" in chat.texts and chat.slot("prescreen_outcome") == "emergency_stop"
    chat.say("I'd like to check if I can join the study")
    assert chat.asked is None and "120" in chat.texts


def test_emergency_in_the_past_continues_the_questions(chat):
    chat.say("我想看看我能不能参加这个研究")
    chat.say("同意")
    chat.say("我自己")
    chat.say("女")
    chat.say("60")
    chat.say("我昏倒了")
    assert "120" in chat.texts and chat.asked is None
    chat.say("/emergency_in_past")
    assert chat.asked == "liver_cancer_diagnosis" and chat.slot("prescreen_outcome") != "emergency_stop"


def test_pause_and_resume_in_the_same_conversation(chat):
    chat.say("I'd like to check if I can join the study")
    chat.say("yes")
    chat.say("for myself")
    chat.say("woman")
    chat.say("58")
    chat.say("pause")
    assert chat.asked is None and "Continue" in [b["title"] for b in chat.buttons]
    chat.say("/resume")
    assert chat.asked == "liver_cancer_diagnosis" and "Question 2 of 24" in chat.texts


def test_stopping_said_in_words_pauses_and_the_same_question_comes_back(chat):
    chat.say("我想看看我能不能参加这个研究")
    chat.say("同意")
    chat.say("帮我爸问的")  # a relative: the questions are about her father, a man (no pregnancy question)
    assert chat.asked == "age" and "您父亲今年多大年龄" in chat.texts and chat.slot("sex") == "male"
    chat.say("60")
    chat.say("我爸累了 明天再填吧")
    assert chat.asked is None and chat.slot("age") == {"low": 60, "high": 60}
    chat.say("/resume")
    assert chat.asked == "liver_cancer_diagnosis" and "第2题，共23题" in chat.texts and "您父亲" in chat.texts


def test_why_asked_with_the_answer_gives_the_reason_and_keeps_the_answer(chat, trial):
    chat.say("我想看看我能不能参加这个研究")
    chat.say("同意")
    chat.say("本人")
    chat.say("女的，问这个干嘛？")
    assert trial.criterion("sex").why.get("zh") in chat.texts
    assert chat.slot("sex") == "female" and chat.asked == "age"


def test_starting_over_said_in_words_clears_the_answers(chat):
    chat.say("I'd like to check if I can join the study")
    chat.say("yes")
    chat.say("for my mum")
    assert chat.asked == "age" and "How old is your mother?" in chat.texts
    chat.say("58")
    chat.say("ok this is a mess, I was answering for the wrong person. can we start again")
    assert chat.slot("age") is None and chat.slot("sex") is None and chat.slot("respondent") is None


def test_language_switch_in_the_middle_asks_the_same_question_in_chinese(chat):
    chat.say("I'd like to check if I can join the study")
    chat.say("yes")
    chat.say("me")
    chat.say("woman")
    chat.say("58")
    chat.say("中文")
    assert chat.asked == "liver_cancer_diagnosis" and "第2题，共24题" in chat.texts


def test_restart_in_the_middle_continues_where_it_stopped(chat, stack):
    chat.say("I'd like to check if I can join the study")
    chat.say("yes")
    chat.say("it's me")
    chat.say("woman")
    chat.say("58")
    chat.say("yes, HCC")
    assert chat.asked == "prior_cancer_treatment"
    stack.restart_rasa()
    chat.say("no")
    assert chat.asked == "spread_or_vessel_invasion"
    assert chat.slot("criteria_verdicts") == {"age": "meets", "liver_cancer_diagnosis": "meets",
                                              "prior_cancer_treatment": "meets"}
