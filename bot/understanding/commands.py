"""Things people say in the middle of the questions that are not answers: switch language,
"why do you ask?", change an answer, pause, start over. Matched on the whole message so an
answer that merely contains such a word is never taken as a command."""

from __future__ import annotations

import re
from typing import Optional

from bot.understanding.parsing import normalize

LANGUAGE_ZH = {"中文", "简体中文", "chinese", "汉语", "切换中文", "说中文", "用中文", "中文版", "切换到中文"}
LANGUAGE_EN = {"english", "英文", "英语", "switch to english", "in english", "切换英文", "用英文", "english please"}

_WHY = {"why", "why?", "why do you ask", "why do you ask?", "why ask", "why is that", "why do you need to know",
        "why do you need this", "为什么", "为什么?", "为什么问", "为什么问这个", "为什么问这个?", "为啥", "为什么要问"}
_CHANGE = {"change", "change an answer", "change my answer", "change answer", "go back", "edit", "edit answer",
           "correct an answer", "i made a mistake", "修改", "修改回答", "修改答案", "改答案", "改一下", "返回", "上一题",
           "我填错了", "我说错了"}
_PAUSE = {"pause", "stop", "later", "take a break", "not now", "i need a break", "continue later", "quit",
          "暂停", "停止", "以后再说", "等一下", "先停一下", "不想继续", "稍后再说", "停"}
_START_OVER = {"start over", "restart", "start again", "begin again", "重新开始", "从头开始", "重来"}

WHY, CHANGE, PAUSE, START_OVER = "why", "change", "pause", "start_over"

_EDIT = re.compile(r"^edit[ :]+([a-z0-9_]+)$")


def language_switch(text: str) -> Optional[str]:
    t = normalize(text).strip(" .!。！")
    if t in LANGUAGE_ZH:
        return "zh"
    if t in LANGUAGE_EN:
        return "en"
    return None


def command(text: str) -> Optional[str]:
    t = normalize(text).strip(" .!。！")
    for name, words in ((WHY, _WHY), (CHANGE, _CHANGE), (PAUSE, _PAUSE), (START_OVER, _START_OVER)):
        if t in words or t.rstrip("?？") in words:
            return name
    return None


def edit_target(text: str) -> Optional[str]:
    """The criterion ID in an "edit <id>" button payload."""
    m = _EDIT.match(normalize(text))
    return m.group(1) if m else None
