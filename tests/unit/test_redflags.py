"""Emergencies in English and Chinese, with negation and past-tense handling."""

import pytest

from bot.understanding.redflags import detect

NOW = [
    ("I am vomiting blood", "gi_bleeding"), ("I'm throwing up blood", "gi_bleeding"), ("black stools", "gi_bleeding"),
    ("there is blood in my stool", "gi_bleeding"), ("我现在在吐血", "gi_bleeding"), ("大便发黑", "gi_bleeding"),
    ("拉血了", "gi_bleeding"), ("he is very confused", "confusion"), ("she is hard to wake", "confusion"),
    ("他糊涂了，叫不醒", "confusion"), ("sudden severe belly pain", "severe_belly_pain"), ("突然剧烈腹痛", "severe_belly_pain"),
    ("my father fainted", "fainting"), ("她晕倒了", "fainting"), ("I can't breathe", "breathing"),
    ("喘不上气", "breathing"), ("呼吸困难", "breathing"), ("I have chest pain", "chest_pain"), ("胸口痛", "chest_pain"),
    ("I want to kill myself", "self_harm"), ("我不想活了", "self_harm"), ("想自杀", "self_harm"),
]


@pytest.mark.parametrize("text, category", NOW)
def test_emergencies_now(text, category):
    flag = detect(text)
    assert flag is not None and flag.category == category and not flag.in_past


@pytest.mark.parametrize("text", ["no", "没有", "I have no black stools", "没有吐血", "never vomited blood",
                                  "I don't have chest pain", "not confused", "58", "hepatitis B",
                                  "I can breathe fine", "不胸痛", "affaint"])
def test_no_emergency(text):
    assert detect(text) is None


@pytest.mark.parametrize("text", ["I vomited blood last year", "去年吐过血", "I fainted years ago", "以前晕倒过",
                                  "black stools 2 months ago"])
def test_past_events_are_not_emergencies(text):
    flag = detect(text)
    assert flag is not None and flag.in_past


@pytest.mark.parametrize("text", ["I vomited blood last year and I am vomiting blood now", "以前吐过血，现在又在吐血"])
def test_now_beats_past(text):
    flag = detect(text)
    assert flag is not None and not flag.in_past and flag.explicitly_now


def test_past_events_point_to_their_criterion():
    assert detect("吐血").criterion == "bleeding_or_blood_thinners"
    assert detect("he is very confused").criterion == "liver_symptoms"
    assert detect("chest pain").criterion is None


@pytest.mark.parametrize("text", [None, "", "\x00", "😀" * 10000, "吐" * 100000, 5])
def test_never_raises(text):
    detect(text)
