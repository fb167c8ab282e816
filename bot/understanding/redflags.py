"""Detect emergencies described in a message (spec section 5), in English and Chinese.

Fixed, conservative rules (no model): a message that names a red-flag symptom counts as
an emergency happening now unless it is negated ("no black stools", "没有吐血") or is
clearly placed in the past ("last year", "去年"). When unsure, it is an emergency: the
person can still say "it happened in the past" with one button.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from bot.understanding.parsing import _negated_before, normalize

# category -> (trigger phrases, criterion the history counts towards, or None)
RED_FLAGS = {
    "gi_bleeding": (
        (
            "vomit blood", "vomiting blood", "vomited blood", "vomits blood", "throwing up blood",
            "threw up blood", "throw up blood", "coffee grounds", "black stool", "black stools",
            "black poo", "black poop", "tarry stool", "blood in my stool", "blood in stool",
            "bloody stool", "blood in my poo", "bleeding from my bottom", "吐血", "吐过血", "吐了血", "呕血", "呕过血", "咖啡渣",
            "黑便", "大便发黑", "大便是黑", "大便黑", "柏油样", "便血", "拉血", "大便带血",
        ),
        "bleeding_or_blood_thinners",
    ),
    "confusion": (
        ("very confused", "confused", "confusion", "hard to wake", "can't wake", "cannot wake",
         "won't wake", "糊涂", "意识不清", "叫不醒", "昏迷", "神志不清", "认不出人"),
        "liver_symptoms",
    ),
    "severe_belly_pain": (
        ("severe belly pain", "severe stomach pain", "severe abdominal pain", "sudden belly pain",
         "sudden stomach pain", "terrible belly pain", "突然剧烈腹痛", "剧烈腹痛", "肚子剧痛",
         "肚子突然很痛", "肚子疼得厉害", "肚子痛得厉害"),
        None,
    ),
    "fainting": (
        ("fainted", "fainting", "faint", "passed out", "pass out", "collapsed", "晕倒", "昏倒",
         "晕厥", "昏过去"),
        None,
    ),
    "breathing": (
        ("can't breathe", "cannot breathe", "trouble breathing", "difficulty breathing",
         "hard to breathe", "short of breath", "struggling to breathe", "喘不上气", "呼吸困难",
         "喘不过气", "透不过气"),
        None,
    ),
    "chest_pain": (("chest pain", "pain in my chest", "胸痛", "胸口痛", "胸口疼", "胸口剧痛"), None),
    "self_harm": (
        ("kill myself", "suicide", "suicidal", "end my life", "hurt myself", "harm myself",
         "self-harm", "self harm", "don't want to live", "do not want to live", "want to die",
         "轻生", "自杀", "不想活", "自残", "伤害自己", "活不下去", "想死"),
        "alcohol_or_mental_health",
    ),
}

_PAST_MARKERS = (
    "last year", "last month", "last week", "years ago", "year ago", "months ago", "month ago",
    "weeks ago", "week ago", "ago", "in the past", "used to", "previously", "once had", "had once",
    "back in", "去年", "以前", "之前", "曾经", "过去", "上个月", "上周", "几年前", "年前", "月前",
    "那时", "当时", "早些时候",
)
_NOW_MARKERS = (
    "now", "right now", "currently", "today", "tonight", "this morning", "just now", "still",
    "keep", "现在", "正在", "刚才", "今天", "刚刚", "一直", "还在", "此刻", "马上",
)


@dataclass(frozen=True)
class RedFlag:
    category: str
    in_past: bool
    criterion: Optional[str]  # where a past event counts, if anywhere
    explicitly_now: bool = False  # "now", "现在": never read as history


def detect(text: str) -> Optional[RedFlag]:
    """The first red flag in the message, or None. Never raises."""
    t = normalize(text)
    if not t:
        return None
    for category, (phrases, criterion) in RED_FLAGS.items():
        for phrase in phrases:
            for match in re.finditer(re.escape(phrase), t):
                if phrase.isascii() and (
                    (match.start() > 0 and t[match.start() - 1].isalnum())
                    or (match.end() < len(t) and t[match.end()].isalpha() and phrase not in ("faint",))
                ):
                    continue
                if _negated_before(t, match.start()):
                    continue
                return RedFlag(category, _in_past(t), criterion, _has(t, _NOW_MARKERS))
    return None


def _has(t: str, markers) -> bool:
    return any(
        (re.search(r"(?<![a-z])" + re.escape(m) + r"(?![a-z])", t) if m.isascii() else m in t)
        for m in markers
    )


def _in_past(t: str) -> bool:
    """Past only when a past marker is present and nothing says it is happening now."""
    return _has(t, _PAST_MARKERS) and not _has(t, _NOW_MARKERS)
