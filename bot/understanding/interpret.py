"""One entry for understanding an answer: message + question -> Reading.

The order in which a message is read lives in the form adapter (emergency first, then
commands, then the answer); this module reads the answer. It combines the rules (parsing.py,
choice.py: numbers, lexicons, negation, time windows, hedges) with the per-question
classifier, and makes one decision:

- ANSWER: confident, record it;
- CHECK: unsure, read it back first ("Just to check: …?") with buttons;
- UNCLEAR: nothing usable, ask again with the buttons and an example.

Safety rule: an answer that would exclude the person (a `does_not_meet` option) is only
recorded from a strong rule reading that the classifier does not contradict, or from a very
confident classifier; anything less is read back first. A wrong screen-out is the worst error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any, Dict, List, Optional

from bot.understanding import choice, classifier
from bot.understanding.parsing import (
    NOT_SURE,
    PREFER_NOT,
    Parsed,
    exact_option,
    is_command_like,
    normalize,
    parse_contact_time,
    parse_name,
    parse_phone,
    uncertainty,
)

ANSWER, CHECK, UNCLEAR = "answer", "check", "unclear"

# Confidence the classifier needs on its own (no rule reading) to record an answer.
RECORD = 0.6
RECORD_EXCLUSION = 0.92
# ...to offer its reading back instead of asking again.
OFFER = 0.3
# A strong rule reading is overruled (read back) when the classifier is this sure of another answer.
OVERRULE = 0.8


@dataclass(frozen=True)
class Reading:
    kind: str
    value: Any = None
    confidence: float = 1.0
    why: str = ""
    problem: Optional[str] = None
    probabilities: Dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    @property
    def recorded(self) -> bool:
        return self.kind == ANSWER


def read(criterion, text: Any, today: Optional[date] = None) -> Reading:
    """Read an answer to a criterion of the trial definition. Never raises."""
    if not isinstance(text, str) or not normalize(text) or is_command_like(text):
        return Reading(UNCLEAR, problem="not_understood", why="empty or command")
    t = normalize(text)
    today = today or date.today()
    if criterion.answer_type == "choice":
        return _read_choice(criterion, t, today)
    return _read_number(criterion, text, t, today)


# ----------------------------------------------------------------------------------
# Numbers
# ----------------------------------------------------------------------------------


def _read_number(criterion, text: str, t: str, today: date) -> Reading:
    from bot.understanding.parsing import parse_age, parse_count, parse_size_cm, parse_viral_load

    exact = t.strip(" .!。！")
    if exact in (NOT_SURE, PREFER_NOT):
        return Reading(ANSWER, exact if criterion.sensitive or exact == NOT_SURE else NOT_SURE, why="button")
    rule = criterion.rule
    kind = criterion.answer_type
    if kind == "age":
        parsed = parse_age(text, today.year, today)
    elif kind == "count":
        parsed = parse_count(text, rule["max_count"])
    elif kind == "size_cm":
        parsed = parse_size_cm(text, rule["max_cm"])
    else:
        parsed = parse_viral_load(text)
    unsure = uncertainty(t)
    probs = classifier.probabilities(criterion.id, text)
    top, p = _top(probs)
    if unsure and (not parsed.ok or parsed.value == NOT_SURE):
        return Reading(ANSWER, unsure if (criterion.sensitive or unsure == NOT_SURE) else NOT_SURE, why="not sure")
    if unsure and parsed.ok:
        return Reading(CHECK, parsed.value, why="a number with 'not sure'", probabilities=probs)
    if not parsed.ok:
        if top == NOT_SURE and p >= RECORD:
            return Reading(ANSWER, NOT_SURE, p, why="classifier", probabilities=probs)
        return Reading(UNCLEAR, problem=parsed.problem, why="no number", probabilities=probs)
    if parsed.value == NOT_SURE:
        return Reading(ANSWER, NOT_SURE, why="many, no number")
    if parsed.check or _hedged(t):
        return Reading(CHECK, parsed.value, why="read back: hedge, bare number or several readings", probabilities=probs)
    if top == "clarify" and p >= OVERRULE:
        return Reading(CHECK, parsed.value, p, why="classifier unsure", probabilities=probs)
    return Reading(ANSWER, parsed.value, why="number", probabilities=probs)


def _hedged(t: str) -> bool:
    from bot.understanding.lexicon import words_pattern

    m = words_pattern("hedge").search(t)
    return bool(m) and not re.search(r"左右|大概|大约|约|about|around|approximately|roughly", t)


# ----------------------------------------------------------------------------------
# Choices
# ----------------------------------------------------------------------------------


def _read_choice(criterion, t: str, today: date) -> Reading:
    exact = exact_option(t, criterion)
    if exact:
        return Reading(ANSWER, exact, why="button")
    candidate = choice.read_choice(criterion, t, today)
    probs = classifier.probabilities(criterion.id, t)
    top, p = _top(probs)
    options = {o.key for o in criterion.options} | {NOT_SURE} | ({PREFER_NOT} if criterion.sensitive else set())

    def excluding(key: Optional[str]) -> bool:
        option = criterion.option(key) if key else None
        return bool(option and option.verdict == "does_not_meet")

    def best_option(exclude: Optional[str] = None) -> Optional[str]:
        ranked = sorted(((v, k) for k, v in probs.items() if k in options and k != exclude), reverse=True)
        return ranked[0][1] if ranked and ranked[0][0] >= 0.15 else None

    if candidate is not None and candidate.key is not None and not candidate.clarify:
        key = candidate.key
        agrees = top == key or probs.get(key, 0.0) >= 0.25 or not probs
        if candidate.strength == choice.STRONG:
            if agrees or p < OVERRULE:
                if excluding(key) and not agrees and probs:
                    return Reading(CHECK, key, why=f"rule ({candidate.why}), classifier unsure", probabilities=probs)
                return Reading(ANSWER, key, why=f"rule ({candidate.why})", probabilities=probs)
            return Reading(CHECK, key, p, why=f"rule ({candidate.why}) vs classifier {top}", probabilities=probs)
        if agrees and not (excluding(key) and probs.get(key, 0.0) < 0.5):
            return Reading(ANSWER, key, why=f"weak rule ({candidate.why}) + classifier", probabilities=probs)
        return Reading(CHECK, key, why=f"weak rule ({candidate.why})", probabilities=probs)
    if candidate is not None and candidate.clarify:
        if candidate.key is None:
            proposal = best_option()
            if proposal and proposal != NOT_SURE:
                return Reading(CHECK, proposal, why=f"rules: {candidate.why}", probabilities=probs)
            return Reading(UNCLEAR, problem="not_understood", why=f"rules: {candidate.why}", probabilities=probs)
        if candidate.key == NOT_SURE:
            return Reading(ANSWER, NOT_SURE, why=candidate.why)
        return Reading(CHECK, candidate.key, why=f"rule ({candidate.why}) needs a check", probabilities=probs)
    # No rule reading: the classifier alone.
    if candidate is not None and candidate.key in (NOT_SURE, PREFER_NOT):
        return Reading(ANSWER, candidate.key, why=candidate.why)
    if not probs:
        return Reading(UNCLEAR, problem="not_understood", why="nothing found")
    if top == "clarify":
        proposal = best_option()
        if proposal and proposal != NOT_SURE:
            return Reading(CHECK, proposal, p, why="classifier: ask back", probabilities=probs)
        return Reading(UNCLEAR, problem="not_understood", why="classifier: ask back", probabilities=probs)
    if top in options:
        if p >= (RECORD_EXCLUSION if excluding(top) else RECORD):
            return Reading(ANSWER, top, p, why="classifier", probabilities=probs)
        if p >= OFFER and top != NOT_SURE:
            return Reading(CHECK, top, p, why="classifier, low confidence", probabilities=probs)
        if top == NOT_SURE and p >= OFFER:
            return Reading(ANSWER, NOT_SURE, p, why="classifier", probabilities=probs)
    return Reading(UNCLEAR, problem="not_understood", why="low confidence", probabilities=probs)


def _top(probs: Dict[str, float]):
    if not probs:
        return None, 0.0
    label = max(probs, key=probs.get)
    return label, probs[label]


# ----------------------------------------------------------------------------------
# Consent, summary and hand-off
# ----------------------------------------------------------------------------------


def _yes_no_question(step: str, yes_words: List[str], no_words: List[str]):
    def words(values):
        return SimpleNamespace(get=lambda language=None: [w.lower() for w in values])

    options = [
        SimpleNamespace(key="yes", means="yes", verdict="meets", words=words(yes_words),
                        label=SimpleNamespace(en="yes", zh="是")),
        SimpleNamespace(key="no", means="no", verdict="does_not_meet", words=words(no_words),
                        label=SimpleNamespace(en="no", zh="否")),
    ]
    return SimpleNamespace(id=step, options=options, sensitive=False, window_months=None, answer_type="choice",
                           option=lambda key: next((o for o in options if o.key == key), None))


_CONSENT = _yes_no_question(
    "consent", ["agree", "i agree", "consent", "go ahead", "happy to", "fine with me", "ok with me", "同意", "愿意", "可以",
                "没问题", "行", "好的", "答应"],
    ["decline", "disagree", "don't agree", "do not agree", "refuse", "no thanks", "not now", "rather not", "不同意",
     "不愿意", "拒绝", "算了", "不要", "暂时不", "先不"])
_CONFIRM = _yes_no_question(
    "confirm_answers", ["right", "correct", "that's right", "all correct", "looks good", "looks right", "accurate",
                        "no changes", "nothing to change", "对", "没错", "正确", "都对", "对的", "没问题", "不用改"],
    ["change", "wrong", "mistake", "not right", "incorrect", "edit", "fix", "改", "错了", "不对", "修改", "有误"])
HANDOFF_YES_NO = {"consent_prescreen": _CONSENT, "consent_share": _CONSENT, "confirm_answers": _CONFIRM}


def read_step(step: str, text: Any) -> Reading:
    """Read an answer at a step that is not a criterion: consents, the summary, contact details."""
    if not isinstance(text, str) or not normalize(text) or is_command_like(text):
        return Reading(UNCLEAR, problem="not_understood", why="empty or command")
    t = normalize(text)
    if step in HANDOFF_YES_NO:
        question = HANDOFF_YES_NO[step]
        if t in ("agree", "decline", "yes", "no", "change"):
            return Reading(ANSWER, "yes" if t in ("agree", "yes") else "no", why="button")
        reading = _read_choice(_with_id(question, step), t, date.today())
        if reading.kind == ANSWER and reading.value == NOT_SURE and step == "confirm_answers":
            return Reading(ANSWER, "yes", why="not sure: the team checks the answers anyway")
        return reading
    if step == "contact_phone":
        return _phone(text)
    if step == "contact_name":
        return _name(text)
    if step == "contact_time":
        parsed = parse_contact_time(text)
        return Reading(ANSWER, parsed.value) if parsed.ok else Reading(UNCLEAR, problem=parsed.problem)
    return Reading(UNCLEAR, problem="not_understood")


def _with_id(question, step: str):
    return SimpleNamespace(**{**question.__dict__, "id": step})


_PHONE_RUN = re.compile(r"\+?\d[\d\s\-().]{5,22}\d")


def _phone(text: str) -> Reading:
    """A phone number, also inside a sentence ("call me on 138 1234 5678, after 5pm")."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"[零〇一二三四五六七八九幺]", lambda m: str("零一二三四五六七八九".find(m.group()) if m.group() not in "〇幺"
                                                   else (0 if m.group() == "〇" else 1)), t)
    runs = [m.group() for m in _PHONE_RUN.finditer(t) if 7 <= len(re.sub(r"\D", "", m.group())) <= 15]
    if len(runs) == 1:
        parsed: Parsed = parse_phone(runs[0].strip())
        if parsed.ok:
            return Reading(ANSWER, parsed.value, why="phone number")
    if len(runs) > 1:
        return Reading(UNCLEAR, problem="phone", why="two numbers")
    return Reading(UNCLEAR, problem="phone", why="no phone number")


_NAME_PREFIX = re.compile(
    r"^(?:(?:my name is|my name's|name is|name:|i am|i'm|im|this is|it's|its|call me|ask for|you can ask for|please ask for)\s+"
    r"|(?:我叫|我是|叫我|名字是|名字叫|姓名[:：]?|找|请找|你们找|就找|打给|联系)\s*)", re.I)
_NAME_SUFFIX = re.compile(r"\s*(?:就行|就好|就可以|吧|啊|呀|的|谢谢|thanks|thank you|please)[。.!！]*$", re.I)


def _name(text: str) -> Reading:
    """A name as it should be asked for; a whole sentence is never stored as a name."""
    raw = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip(" .。!！,，")
    name = _NAME_PREFIX.sub("", raw)
    name = _NAME_SUFFIX.sub("", name).strip(" .。!！,，")
    surname = re.search(r"姓\s*([\u4e00-\u9fff]{1,2})(?![\u4e00-\u9fff]{2})", raw)
    if surname and (len(name) > 4 or name.startswith("姓")):
        name = surname.group(1)
    parsed = parse_name(name)
    words = name.split()
    too_long = (len(words) > 4) if name.isascii() else (len(re.findall(r"[\u4e00-\u9fff]", name)) > 5)
    if not parsed.ok or too_long or re.search(r"[,，;；]|(?<![a-z])(and|or|my|is|the)(?![a-z])|和|或者|我是他|我是她", name.lower()):
        return Reading(UNCLEAR, problem="name", why="not a name")
    return Reading(ANSWER, parsed.value, why="name")
