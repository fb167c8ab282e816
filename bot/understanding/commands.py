"""Things people type in the middle of the questions that are not answers: start over, stop
for now, change an earlier answer, "why do you ask?", switch language.

The words are data (lexicons/commands.yml, English and Chinese, reviewable); this module only
reads them. A command is said anywhere in a message ("my mum is crying, we have to stop",
刚才那个填错了 能改伐), but a few short words count only as the whole message ("stop", 停, "back"),
and a message that holds a `not` wording is an answer or a question, not that command ("he
had to stop the pills" is not a pause, "can I stop the trial later?" is a question). Measured
on the commands corpus (held-out split) by the NLU report.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Optional, Tuple

import yaml

from bot.understanding.lexicon import LEXICONS, names_pattern
from bot.understanding.parsing import normalize

WHY, CHANGE, PAUSE, START_OVER, LANGUAGE = "why", "change", "pause", "start_over", "language"
# When a message says two commands, the one that undoes the most wins: "go back to the very
# first question and do it all over" is a fresh start, not one change.
ORDER = (LANGUAGE, START_OVER, CHANGE, PAUSE, WHY)

# A question about taking part ("can I stop the trial later?", 中途能暂停伐) is a question for
# the question reader, not a wish to stop now.
# A wish to stop that comes with a question is a pause only when the question is about these
# questions ("can I stop here and come back later?", 能不能先保存 我明天接着填); otherwise it is a
# question about taking part ("can I stop the trial later?", 退出要赔钱吗) or asks something first
# ("先别问了，动脉化疗是怎么打的？"): the question reader answers it, then the open question comes again.
_ABOUT_THE_FORM = re.compile(r"(?<![a-z])(here|answering|the rest|questions|form|progress|save|this one|later|tomorrow|"
                             r"come back)(?![a-z])"
                             r"|(接着|继续|再|回头|明天|下次|以后|晚点|等下)[^，,。]{0,3}(填|答|做|弄)|保存|问卷")
_PUT_AS_QUESTION = re.compile(r"[?？]|吗|伐|嘛|呢|怎么|会不会|能不能|可不可以|可以不|要不要|行不行|还能|来得及|是不是|有没有|"
                              r"是啥|什么|"
                              r"(?<![a-z])(can|could|may|is it possible|do i|what|how|where|who|is there)(?![a-z])")
_ABOUT_THE_TRIAL = re.compile(r"(?<![a-z])(trial|study|treatment|join|take part|drop out|withdraw|drug|medicine)(?![a-z])"
                              r"|试验|研究|治疗|中途|参加了|参加以后|入组|退出|到时候|如果|要是|打针|吃药")
_ASK_FIRST = re.compile(r"先问|问一下|问下|想问|请问|(?<![a-z])(quick question|first a question|one question)(?![a-z])")
_CLAUSES = re.compile(r"[,，。;；!！?？\n]+|(?<=[a-z])\.\s+", re.I)
_EDIT = re.compile(r"^edit[ :]+([a-z0-9_]+)$")


@lru_cache(maxsize=1)
def _data() -> dict:
    with (LEXICONS / "commands.yml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.BaseLoader)  # every word stays a string


@lru_cache(maxsize=1)
def _lexicon() -> Dict[str, Tuple[re.Pattern, frozenset, Optional[re.Pattern]]]:
    """Per command: what says it, the words that are it only as the whole message, what is not it."""
    data = _data()
    result = {}
    for name in ORDER:
        entry = data[name]
        said = names_pattern([str(w).lower() for w in (entry.get("en") or []) + (entry.get("zh") or [])])
        patterns = entry.get("patterns") or []
        if patterns:
            said = re.compile(said.pattern + "|" + "|".join(f"(?:{p})" for p in patterns))
        whole = frozenset(str(w).lower() for w in entry.get("whole") or [])
        not_ = [str(w).lower() for w in entry.get("not") or []]
        result[name] = (said, whole, names_pattern(not_) if not_ else None)
    return result


@lru_cache(maxsize=1)
def _language_names() -> Dict[str, re.Pattern]:
    """The languages' own names, and "can't read", from the language entry of commands.yml."""
    lang = _data()[LANGUAGE]
    return {key: names_pattern([str(w).lower() for w in lang[key]]) for key in ("chinese", "english", "cannot_read")}


def _clean(text: str) -> str:
    return normalize(text).strip(" .!。！~～,，")


def read(text: str) -> Optional[str]:
    """The command a message says (WHY, CHANGE, PAUSE, START_OVER, LANGUAGE), or None."""
    if not isinstance(text, str):
        return None
    t = _clean(text)
    if not t or t.startswith("/"):
        return None
    lexicon = _lexicon()
    bare = re.sub(r"[,，、]", "", t.rstrip("?？"))
    for name in ORDER:
        said, whole, not_ = lexicon[name]
        if not_ is not None and not_.search(t):
            continue
        if bare in whole:
            return name
        found = said.search(t)
        if found:
            rest = t[:found.start()] + " " + t[found.end():]
            after = t[found.end():]
            if name == PAUSE and (_ASK_FIRST.search(rest) or (_PUT_AS_QUESTION.search(t) and _ABOUT_THE_TRIAL.search(t))
                                  or (_PUT_AS_QUESTION.search(after) and not _ABOUT_THE_FORM.search(after))):
                continue
            return name
    return None


def without(text: str, name: str) -> str:
    """The message without the clauses that say the command: "女的，问这个干嘛？" -> "女的", "why
    do you need my name? Li Na" -> "Li Na", so an answer said with a "why" is read as an answer,
    not as a question. The clauses kept are as typed (a name keeps its capitals)."""
    if not isinstance(text, str):
        return ""
    said, whole, _ = _lexicon()[name]
    kept = []
    for clause in _CLAUSES.split(text):
        c = _clean(clause)
        if not c or re.sub(r"[,，、]", "", c.rstrip("?？")) in whole or said.search(c):
            continue
        kept.append(clause.strip())
    return ", ".join(kept)


_PREVIOUS = re.compile(r"(?<![a-z])(previous|last|the one before|just now)( question| answer| one)?(?![a-z])"
                       r"|上一题|上一个|上一道|上一步|前一题|刚才那|刚刚那|刚才的回答")


def says_previous(text: str) -> bool:
    """"Back to the last question", 上一题填错了: the change is about the answer just given."""
    return bool(_PREVIOUS.search(normalize(text))) if isinstance(text, str) else False


def language_switch(text: str, current: Optional[str] = None) -> Optional[str]:
    """The language a message asks for ("zh" / "en"), or None. "Can't read English" asks for
    Chinese; a wish with no language named asks for the one not in use."""
    if read(text) != LANGUAGE:
        return None
    t = _clean(text)
    names = _language_names()
    zh, en = names["chinese"].search(t), names["english"].search(t)
    if names["cannot_read"].search(t) and (zh or en) and not (zh and en):
        return "en" if zh else "zh"
    if zh and not en:
        return "zh"
    if en and not zh:
        return "en"
    if zh and en:  # "switch from English to Chinese": the one named last
        return "zh" if zh.start() > en.start() else "en"
    if current in ("en", "zh"):
        return "zh" if current == "en" else "en"
    return None


def edit_target(text: str) -> Optional[str]:
    """The criterion ID in an "edit <id>" button payload."""
    m = _EDIT.match(normalize(text))
    return m.group(1) if m else None
