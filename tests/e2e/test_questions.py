"""People's questions end to end over HTTP (real Rasa with the question reader in its NLU
pipeline, real action server), in English and Chinese: a question at the start, an
eligibility question that leads into the screening, a question at an open criterion
followed by the same criterion, and a question kept for the study team in the referral."""

import pytest

from bot.storage import Store
from tests.e2e.test_understanding import answer_until, person, start
from tools.vignettes import play


@pytest.mark.parametrize("lang, question", [("en", "before anything, do we have to pay for this?"),
                                            ("zh", "请问参加这个要自己花钱吗")])
def test_a_cost_question_at_the_start_is_answered_and_can_go_to_the_team(client, stack, trial, chat, lang, question):
    chat.say(question)
    assert trial.topic("cost").answer.get(lang) in chat.texts
    note = next(b for b in chat.buttons if b["payload"].startswith("/note_question"))
    chat.say(note["payload"])
    assert chat.slot("questions_for_team") == ["cost"]
    # then the whole screening, in the same conversation, ends in a referral that carries it
    result = play(client, person(lang), sender=chat.sender)
    assert result.referral_code
    store = Store(f"sqlite:///{stack.db_path}")
    screening = store.screening(store.referral_by_code(result.referral_code).screening_id)
    assert screening.questions == ["cost"]


@pytest.mark.parametrize("lang, question", [("en", "my father is 79, can he still join?"), ("zh", "我爸今年79了，还能参加吗")])
def test_an_eligibility_question_gets_its_criterion_then_the_screening(chat, trial, lang, question):
    chat.say(question)
    assert trial.criterion("age").why.get(lang) in chat.texts
    start_button = next(b for b in chat.buttons if b["payload"] == "/start_screening")
    chat.say(start_button["payload"])
    assert chat.asked == "consent_prescreen"


@pytest.mark.parametrize("lang, question", [("en", "hang on, how long would he have to stay in hospital?"),
                                            ("zh", "等一下，要住院多久啊？")])
def test_a_question_at_an_open_criterion_then_the_same_criterion(chat, trial, lang, question):
    start(chat, lang)
    answer_until(chat, lang, "hepatitis")
    assert chat.asked == "hepatitis"
    before = [m.get("custom", {}).get("progress") for m in chat.last if m.get("custom")]
    chat.say(question)
    assert trial.topic("visits").answer.get(lang) in chat.texts
    assert chat.asked == "hepatitis" and chat.slot("hepatitis") is None
    after = [m.get("custom", {}).get("progress") for m in chat.last if m.get("custom")]
    assert after == before  # the same question, the same place in the list


@pytest.mark.parametrize("lang, question", [("en", "why do you need to know that"), ("zh", "这个跟我参加有什么关系")])
def test_why_in_any_wording_gives_the_open_questions_reason(chat, trial, lang, question):
    start(chat, lang)
    answer_until(chat, lang, "hepatitis")
    chat.say(question)
    assert trial.criterion("hepatitis").why.get(lang) in chat.texts
    assert chat.asked == "hepatitis"
