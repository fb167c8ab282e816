"""Rule reading of an answer to a multiple-choice question.

Evidence is collected from the message and then weighed:
- the option's own words (trial definition) and the lexicons (medicines, conditions,
  procedures), each with its negation scope ("never had chemo", 没做过化疗), the criterion's
  time window (a bleed two years ago is outside "the last 3 months"), "stopped" for things that
  only count now, and steroid doses (more than 10 mg prednisone a day);
- numbers the question is about: fasting glucose for diabetes, blood pressure, an age that
  rules out pregnancy;
- everyday answers: yes and no at the start, "none of these", "fine/normal" about the
  subject (the option that fits the study), "not sure", "prefer not to say", and hedges
  ("I think", 好像), which turn a reading into a clarifying question.

The result is a Candidate (an option key, how strong the evidence is, and whether a careful
nurse would check it first) or None. The decision to record or to ask back is interpret.py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import List, Optional, Sequence, Tuple

from bot.understanding import timewords
from bot.understanding.lexicon import CLARIFY, entries_for, names_pattern, words_pattern
from bot.understanding.numbers import quantities

NOT_SURE, PREFER_NOT = "not_sure", "prefer_not"
STRONG, WEAK = "strong", "weak"

_CLAUSE = re.compile(r"[,.;!?，。；！？、\n]|(?<![a-z])(?:but|however|though|although|except)(?![a-z])|但是|不过|可是|只是|就是|除了"
                     r"|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_NEG_EN = ("no", "not", "never", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "haven't", "havent",
           "hasn't", "hasnt", "hadn't", "isn't", "isnt", "aren't", "wasn't", "wasnt", "weren't", "without", "nor",
           "neither", "none", "nothing", "denies", "wasn't", "won't", "wont", "cannot", "can't", "cant")
_NEG_ZH = ("没", "不", "无", "未", "非", "否", "别", "呒", "冇")
_NOT_NEG_ZH = ("不知道", "不清楚", "不记得", "不确定", "不晓得", "不太清楚", "不止", "不少", "不停", "不错", "不过",
               "不久", "不到", "没多久", "不舒服", "不一定", "差不多")


@dataclass(frozen=True)
class Candidate:
    key: Optional[str]  # an option key, not_sure or prefer_not; None = asked back without a proposal
    strength: str = STRONG
    clarify: bool = False
    why: str = ""


@dataclass(frozen=True)
class _Evidence:
    key: str
    strength: str
    clarify: bool
    why: str
    pos: int


def clauses(t: str) -> List[Tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE.finditer(t):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(t)))
    return [(a, b) for a, b in spans if b > a]


def clause_at(t: str, pos: int) -> str:
    for a, b in clauses(t):
        if a <= pos < b:
            return t[a:b]
    return t


def negated_before(t: str, pos: int) -> bool:
    """A negation shortly before pos in the same clause: "never had chemo", 没做过化疗."""
    a = max((b for _, b in [(m.start(), m.end()) for m in _CLAUSE.finditer(t, 0, pos)]), default=0)
    before = t[a:pos]
    for phrase in _NOT_NEG_ZH:
        before = before.replace(phrase, "  ")
    cjk = re.findall(r"[\u4e00-\u9fff]", before[-6:])
    if cjk and any(n in before[-6:] for n in _NEG_ZH):
        return True
    tokens = re.findall(r"[a-z']+", before)[-4:]
    return any(tok in _NEG_EN for tok in tokens)


def _option_by_means(criterion, means: str):
    return next((o for o in criterion.options if o.means == means), None)


def _meets_option(criterion):
    """The yes/no option that fits the study: where "it's fine" / 没问题 points."""
    for o in criterion.options:
        if o.means in ("yes", "no") and o.verdict == "meets":
            return o
    return None


def _starts_with(t: str, kind: str) -> Optional[re.Match]:
    m = words_pattern(kind).search(t)
    if m and not t[:m.start()].strip(" ,.!~-—:：，。嗯哦啊呃额唉"):
        return m
    return None


def _has(t: str, kind: str) -> Optional[re.Match]:
    return words_pattern(kind).search(t)


def read_choice(criterion, text: str, today: Optional[date] = None) -> Optional[Candidate]:
    """The rule reading of a normalized message for a choice question (None: nothing found)."""
    t = text
    if not t:
        return None
    evidence: List[_Evidence] = []
    yes_opt, no_opt = _option_by_means(criterion, "yes"), _option_by_means(criterion, "no")
    window = getattr(criterion, "window_months", None)

    def add(key, strength, why, pos, clarify=False):
        if key:
            evidence.append(_Evidence(key, strength, clarify, why, pos))

    # The option's own words and the lexicon entries for this question.
    for option in criterion.options:
        words = option.words.get()
        if not words:
            continue
        for m in names_pattern(words).finditer(t):
            _weigh(criterion, t, m, option.key, None, yes_opt, no_opt, window, today, add, "option words")
    for entry, pattern in entries_for(criterion.id):
        for m in pattern.finditer(t):
            _weigh(criterion, t, m, entry.means[criterion.id], entry, yes_opt, no_opt, window, today, add, entry.id)

    _numbers(criterion, t, add)

    unsure = _has(t, "not_sure")
    prefer = _has(t, "prefer_not")
    hedge = _has(t, "hedge")
    if _has(t, "none_of_these") and no_opt:
        add(no_opt.key, STRONG, "none of these", _has(t, "none_of_these").start())
    start_no, start_yes = _starts_with(t, "no"), _starts_with(t, "yes")
    short = len(re.findall(r"[a-z']+|[\u4e00-\u9fff]", t)) <= 4
    if start_no and not start_yes and no_opt and not (unsure and unsure.start() <= start_no.start()):
        add(no_opt.key, STRONG if short or not evidence else WEAK, "no", start_no.start())
    elif start_yes and yes_opt and not (unsure and unsure.start() <= start_yes.start()):
        key = yes_opt.key
        if window and yes_opt.verdict == "does_not_meet":
            inside = timewords.when(t, today).within(window)
            if inside is False:
                key = no_opt.key if no_opt else key
        add(key, STRONG if short or not evidence else WEAK, "yes", start_yes.start())
    fine = _has(t, "fine")
    meets = _meets_option(criterion)
    if fine and meets and not negated_before(t, fine.start()) and not evidence:
        add(meets.key, WEAK, "fine", fine.start())

    keys = {e.key for e in evidence if not e.clarify}
    clarify_keys = [e for e in evidence if e.clarify]
    if prefer and not keys:
        return Candidate(PREFER_NOT if criterion.sensitive else NOT_SURE, STRONG, why="prefer not to say")
    if unsure and not keys and not clarify_keys:
        return Candidate(NOT_SURE, STRONG, clarify=bool(hedge and hedge.start() < unsure.start() and False),
                         why="not sure")
    if not evidence:
        if hedge and yes_opt and no_opt:
            neg = bool(re.search(r"(?<![a-z])(not|no|never|don't|doesn't|didn't)(?![a-z])|没|不|无", t))
            return Candidate((no_opt if neg else yes_opt).key, WEAK, clarify=True, why="hedged")
        return None
    strong = {e.key for e in evidence if e.strength == STRONG and not e.clarify}
    if clarify_keys and not strong:
        return Candidate(clarify_keys[0].key, STRONG, clarify=True, why=clarify_keys[0].why)
    pool = strong or keys
    if len(pool) > 1:
        # Several answers named: one that excludes wins over "no" only if it is not negated
        # (done above); otherwise ask back.
        specific = [k for k in pool if k not in (no_opt.key if no_opt else None, yes_opt.key if yes_opt else None)]
        if len(specific) == 1 and (yes_opt is None or yes_opt.key in pool or no_opt is None or no_opt.key not in pool):
            key = specific[0]
        else:
            return Candidate(None, WEAK, clarify=True, why="conflicting answers")
    else:
        key = next(iter(pool))
    strength = STRONG if key in strong else WEAK
    uncertain = bool(hedge) or bool(unsure) or bool(clarify_keys)
    return Candidate(key, strength, clarify=uncertain, why=",".join(sorted({e.why for e in evidence if e.key == key})))


def _weigh(criterion, t, m, meaning, entry, yes_opt, no_opt, window, today, add, why) -> None:
    """One named thing: negation, "stopped", time window, dose."""
    pos = m.start()
    clause = clause_at(t, pos)
    excluding = criterion.option(meaning).verdict == "does_not_meet" if criterion.option(meaning) else False
    if negated_before(t, pos):
        if meaning == (yes_opt.key if yes_opt else None) or excluding or meaning == CLARIFY:
            add(no_opt.key if no_opt else None, STRONG, f"{why} (negated)", pos)
        return
    if meaning == CLARIFY:
        add(yes_opt.key if yes_opt else None, STRONG, why, pos, clarify=True)
        return
    if entry is not None and entry.current_only and excluding and _has(clause, "stopped"):
        add(no_opt.key if no_opt else None, STRONG, f"{why} (stopped)", pos)
        return
    if entry is not None and entry.prednisone_factor and excluding:
        if _has(clause, "local_route"):
            add(no_opt.key if no_opt else None, STRONG, f"{why} (not tablets)", pos)
            return
        dose = _dose_mg(clause)
        if dose is None:
            add(meaning, STRONG, f"{why} (dose?)", pos, clarify=True)
            return
        add(meaning if dose * entry.prednisone_factor > 10 else (no_opt.key if no_opt else None),
            STRONG, f"{why} ({dose:g} mg)", pos)
        return
    if window and excluding:
        inside = timewords.when(clause, today).within(window)
        if inside is None and clause != t:
            inside = timewords.when(t, today).within(window)
        if inside is False:
            add(no_opt.key if no_opt else None, STRONG, f"{why} (outside {window:g} months)", pos)
            return
        w = timewords.when(clause, today)
        if inside is None and (w.vague_past or w.known):
            add(meaning, STRONG, f"{why} (when?)", pos, clarify=True)
            return
    add(meaning, STRONG, why, pos)


_MG = re.compile(r"(\d+(?:\.\d+)?)\s*(mg|毫克|milligrams?)")
_TABLETS = re.compile(r"(\d+(?:\.\d+)?)\s*(片|粒|颗|tablets?|pills?|tabs?)")


def _dose_mg(clause: str) -> Optional[float]:
    from bot.understanding.numbers import digits_only

    c = digits_only(clause)
    m = _MG.search(c)
    if m:
        tablets = _TABLETS.search(c)
        per = float(m.group(1))
        count = float(tablets.group(1)) if tablets and tablets.start() != m.start() else 1.0
        return per * count if "片" in c or "tablet" in c else per
    return None


def _numbers(criterion, t: str, add) -> None:
    """Numbers that answer the question: fasting glucose, blood pressure, an age."""
    if criterion.id == "diabetes_control":
        _glucose(criterion, t, add)
    elif criterion.id == "heart_or_blood_pressure":
        _blood_pressure(criterion, t, add)
    if criterion.option("not_applicable") is not None:
        for q in quantities(t):
            after = t[q.end:q.end + 3]
            if 55 <= q.low and q.high <= 110 and (re.match(r"\s*(岁|了|多|years|yrs|yo|y/o)", after) or q.end == len(t)
                                                  or re.search(r"(?<![a-z])(is|he's|she's|aged|age)\s*$|今年\s*$", t[:q.start])):
                add("not_applicable", STRONG, "age", q.start)


_GLUCOSE_UNITS = {"mmol/l": "mmol", "mmol": "mmol", "毫摩尔": "mmol", "mg/dl": "mgdl", "mg": "mgdl"}


def _glucose(criterion, t: str, add) -> None:
    for q in quantities(t, _GLUCOSE_UNITS):
        before = t[max(0, q.start - 12):q.start]
        if re.search(r"(a1c|hba1c|糖化|餐后|饭后|after (meals?|eating)|random)", before + t[q.end:q.end + 8]):
            continue  # not a fasting value
        low, high = q.low, q.high
        if q.unit == "mgdl" or (q.unit is None and 60 <= q.value <= 500):
            low, high = low / 18.0, high / 18.0
        elif q.unit is None and not (2 <= q.value <= 35):
            continue
        if high < 10:
            add("controlled", STRONG, "glucose below 10", q.start)
        elif low >= 10:
            add("uncontrolled", STRONG, "glucose 10 or more", q.start)
        else:
            add("controlled", STRONG, "glucose near 10", q.start, clarify=True)


_BP = re.compile(r"(\d{2,3})\s*(?:/|／|over|比)\s*(\d{2,3})")
_SYSTOLIC = re.compile(r"(?:高压|收缩压|上面|上压|systolic|top number)\D{0,4}(\d{2,3})")


def _blood_pressure(criterion, t: str, add) -> None:
    from bot.understanding.numbers import digits_only

    c = digits_only(t)
    readings = [(int(a), int(b), m.start()) for m in _BP.finditer(c) for a, b in [m.groups()]]
    readings += [(int(m.group(1)), 0, m.start()) for m in _SYSTOLIC.finditer(c)]
    if not readings:
        return
    high = max(readings, key=lambda r: (r[0] >= 140 or r[1] >= 90, r[0]))
    if high[0] >= 140 or high[1] >= 90:
        on_meds = re.search(r"(pill|pills|medicine|medication|tablets|meds|amlodipine|吃药|降压药|服药|吃着药|药)", t)
        add("yes", STRONG, "blood pressure high", high[2], clarify=not on_meds)
    else:
        add("no", WEAK, "blood pressure below 140/90", high[2])


def options_in(criterion) -> Sequence[str]:
    return [o.key for o in criterion.options]
