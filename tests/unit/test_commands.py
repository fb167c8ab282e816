"""What people type to steer the conversation (start over, stop for now, change an answer,
why, language), read from the commands corpus: every training item is a case, ordinary
answers are never taken for a command that would throw them away, and the held-out split
keeps its measured floor (make nlu-report prints it)."""

from __future__ import annotations

import pytest

from bot.understanding import commands
from bot.understanding.corpus import HELDOUT, TRAIN, load

TRAINING = load("commands", TRAIN)
# Steps where a command word is the answer itself: "不想参加了" at a consent question is "no",
# "no, the age is wrong" at the summary is a change.
ANSWERED_BY_COMMAND_WORDS = ("confirm_answers", "consent_prescreen", "consent_share", "sample_consent")
# Held-out floor and ceiling (measured 2026-11-26 on two blind batches: 68 % read right, from
# 25 % for the old whole-message word sets; one look-alike of 51 taken for a command). The floor
# may only be raised, the ceiling only lowered.
HELDOUT_FLOOR = 0.67
HELDOUT_LOOKALIKES_TAKEN_CEILING = 1


def _read(text: str) -> str:
    return commands.read(text) or "none"


@pytest.mark.parametrize("item", TRAINING, ids=[f"{i['label']}-{i['lang']}-{i['text'][:40]}" for i in TRAINING])
def test_training_item_is_never_taken_for_another_command(item):
    """Never traded away: a look-alike is not a command, and a command is not another one
    (starting over when the person wanted to change one answer loses their answers). A command
    not recognised is read as an answer and, if it is none, asked again kindly."""
    assert _read(item["text"]) in (item["label"], "none") if item["label"] != "none" else _read(item["text"]) == "none"


def test_training_commands_are_mostly_read():
    right = sum(_read(i["text"]) == i["label"] for i in TRAINING)
    assert right / len(TRAINING) >= 0.95, f"{right}/{len(TRAINING)}"


def test_held_out_commands_keep_their_floor():
    items = load("commands", HELDOUT)
    right = sum(_read(i["text"]) == i["label"] for i in items)
    assert right / len(items) >= HELDOUT_FLOOR, f"{right}/{len(items)}"
    taken = sum(_read(i["text"]) != "none" for i in items if i["label"] == "none")
    assert taken <= HELDOUT_LOOKALIKES_TAKEN_CEILING, f"{taken} look-alikes taken for a command"


def test_an_answer_is_never_taken_for_a_command_that_loses_it():
    """Start over, pause, change and language would throw an answer that says something away
    ("I have to check, will come back to you" may well pause). 'Why' does not: the form gives
    the reason and still records the answer ("女的，问这个干嘛？")."""
    lost = [(i["q"], i["text"], _read(i["text"])) for i in load("answers", TRAIN)
            if i["q"] not in ANSWERED_BY_COMMAND_WORDS and str(i["label"]) not in ("not_sure", "prefer_not", "clarify")
            and _read(i["text"]) not in ("none", commands.WHY)]
    assert not lost, lost


@pytest.mark.parametrize("text,command", [
    ("stop", "pause"), ("I want to stop", "pause"), ("he had to stop the pills last month", None),
    ("I don't want to stop, go on", None), ("can I stop the trial later if I join?", None),
    ("can I stop here and come back tomorrow?", "pause"), ("先别问了，动脉化疗是怎么打的？", None),
    ("能不能先保存 我明天接着填", "pause"), ("已经停药两个月了", None), ("退出要赔钱吗", None),
    ("start over", "start_over"), ("she had to start over with chemo", None), ("又从头开始化疗", None),
    ("go back to the very first question and let me do it all over", "start_over"),
    ("I want to change an earlier answer", "change"), ("刚才那个填错了 能改伐", "change"),
    ("changed his medicine last month", None), ("no changes, all good", None), ("不用改", None),
    ("we went back to the hospital in March", None),
    ("why do you ask", "why"), ("问这个干嘛", "why"), ("I don't know why, but he bruises easily", None),
    ("why does the size of the tumour matter", None),
    ("/start_over", None), ("", None),
])
def test_commands_and_their_look_alikes(text, command):
    assert commands.read(text) == command


@pytest.mark.parametrize("text,current,wanted", [
    ("中文", "en", "zh"), ("English please", "zh", "en"), ("我看不懂英文", "en", "zh"),
    ("my Chinese reading is poor, switch language to English please", "zh", "en"),
    ("language", "en", "zh"), ("语言切换", "zh", "en"), ("language", None, None),
    ("can you ask the questions in Chinese for my grandmother?", "en", "zh"),
    ("hospital address in chinese pls so i can show the taxi driver", "en", None),
    ("Yes, I agree. I'm filling this in for my mother who doesn't read English", "en", None),
])
def test_the_language_asked_for(text, current, wanted):
    assert commands.language_switch(text, current) == wanted


@pytest.mark.parametrize("text,rest", [
    ("女的，问这个干嘛？", "女的"), ("female, why do you ask?", "female"), ("why", ""),
    ("why do you need my name? Li Na", "Li Na"), ("No diabetes. Why do you need to know that?", "No diabetes"),
])
def test_the_answer_said_with_a_why(text, rest):
    assert commands.without(text, commands.WHY) == rest


@pytest.mark.parametrize("text, command", [
    ("I want to change my age", "change"), ("change my age", "change"), ("can I change the hepatitis answer", "change"),
    ("they want to change his medicine", None), ("the doctor said to change the dressing daily", None),
])
def test_a_wish_to_change_one_named_answer_is_a_change(text, command):
    assert commands.read(text) == command
