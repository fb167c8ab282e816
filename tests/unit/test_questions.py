"""The question reader (bot/understanding/questions.py) and the topics it files questions
under (the trial definition's `faq`, the cue words in lexicons/questions.yml)."""

import pytest
import yaml

from bot.understanding import questions
from bot.understanding.corpus import HELDOUT, TRAIN, load

# Held-out topic accuracy measured by `make nlu-report` is the figure that counts (README);
# this floor only stops it from sliding back. The target (95%, no topic under 90%) is not met yet.
HELDOUT_FLOOR = 0.84


def test_every_topic_has_an_answer_in_both_languages_and_silence_goes_to_the_team(trial):
    for entry in trial.faq:
        assert entry.answer.en and entry.answer.zh and entry.question.en and entry.question.zh
        if entry.source == "none":
            assert entry.for_team, f"{entry.id}: the record is silent, so the team should be offered the question"


def test_corpus_labels_cue_words_and_topics_agree(trial):
    topics = {f.id for f in trial.faq}
    labels = {i["label"] for i in load("questions", TRAIN) + load("questions", HELDOUT)}
    assert labels <= topics, labels - topics
    cues = yaml.safe_load((questions.LEXICONS / "questions.yml").read_text(encoding="utf-8"))
    assert set(cues) == topics
    criteria = {i.get("criterion") for i in load("questions", TRAIN) if i["label"] == "eligibility"}
    assert criteria - {None, "none"} <= set(trial.criterion_ids)


@pytest.mark.parametrize("text", ["is it free?", "where is it", "请问在哪里做", "要住院吗", "能不能不参加呢",
                                  "How long does it take", "你是机器人吗", "what's HAIC"])
def test_put_as_a_question(text):
    assert questions.looks_like_question(text)


@pytest.mark.parametrize("text", ["Bleeding? None.", "no", "没有", "62", "I take warfarin", "肝功能正常",
                                  "yes, HCC", "Hepatitis? Never had it."])
def test_answers_are_not_put_as_questions(text):
    assert not questions.looks_like_question(text)


@pytest.mark.parametrize("text", ["no", "没有", "62", "5 cm", "yes I have hepatitis B", "我爸有乙肝", "not sure",
                                  "不知道", "hello", "好的", "13812345678", "morning"])
def test_answers_and_greetings_are_not_filed_as_questions(text):
    assert questions.read(text).topic is None


def test_buttons_are_never_read():
    assert questions.read('/ask_question{"question_topic": "cost"}').topic is None
    assert questions.read("").topic is None and questions.read("   ").topic is None


def test_cue_tokens_name_topics_and_questions():
    tokens = questions.cue_tokens("医保能报销吗")
    assert "c_cost" in tokens and "c_asked" in tokens
    assert "c_asked" not in questions.cue_tokens("医保报销了")


def test_heldout_topic_accuracy_does_not_slide_back():
    items = load("questions", HELDOUT)
    right = sum(questions.read(i["text"]).topic == i["label"] for i in items)
    assert right / len(items) >= HELDOUT_FLOOR, f"held-out topic accuracy {right / len(items):.1%}"


@pytest.mark.parametrize("text", ["and the money side of things?", "what about the staying part", "那个抽血的事呢",
                                  "住的问题怎么说", "is it the tube thing?", "who do I talk to then?", "no", "62"])
def test_guesses_only_for_an_unsure_question_put_as_one(trial, text):
    reading = questions.read(text)
    topics = {f.id for f in trial.faq}
    assert len(reading.guesses) <= questions.GUESSES and set(reading.guesses) <= topics
    if reading.topic is not None or not reading.asked:
        assert reading.guesses == ()


def test_an_unsure_question_gets_its_two_likeliest_topics_never_none():
    """The guessing itself, on a topic model whose reading is fixed: unsure (top topic under
    TOPIC_CONFIDENT), put as a question -> the two likeliest topics above GUESS_MIN, never
    "none"; the same reading of a message not put as a question -> no guesses."""
    import numpy as np

    from bot.understanding import classifier

    class Unsure:
        classes_ = np.array(["cost", "none", "samples", "visits"])

        def predict_proba(self, texts):
            return np.array([[0.30, 0.35, 0.25, 0.10]] * len(texts))

    saved = classifier.models()
    try:
        classifier.reset({**saved, classifier.QUESTIONS: Unsure()})
        asked = questions.read("and the blood part, how does that go?")
        assert asked.topic is None and asked.guesses == ("cost", "samples")
        assert questions.read("the blood part and the money").guesses == ()
    finally:
        classifier.reset(saved)


@pytest.mark.parametrize("text", ["tell me about the immune drug", "need the address please", "想了解一下这个化疗",
                                  "把医院地址发我", "just wondering who pays for all this"])
def test_requests_that_ask_are_put_as_questions(text):
    assert questions.looks_like_question(text)
