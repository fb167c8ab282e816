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
from types import SimpleNamespace
from typing import List, Optional, Tuple

from bot.understanding import timewords
from bot.understanding.lexicon import CLARIFY, entries_for, names_pattern, words_pattern
from bot.understanding.numbers import digits_only, quantities

NOT_SURE, PREFER_NOT = "not_sure", "prefer_not"
QUESTION_NOT_ANSWER = "a question, not an answer"
STRONG, WEAK = "strong", "weak"

_CLAUSE = re.compile(r"[,.;!?，。；！？、\n]|(?<![a-z])(?:but|however|though|although|except)(?![a-z])|但是|不过|可是|只是|就是|除了"  # noqa: E501
                     r"|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_NEG_EN = ("no", "not", "never", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "haven't", "havent",
           "hasn't", "hasnt", "hadn't", "isn't", "isnt", "aren't", "wasn't", "wasnt", "weren't", "without", "nor",
           "neither", "none", "nothing", "denies", "wasn't", "won't", "wont", "cannot", "can't", "cant", "negative")
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
    if _asks_back(t):
        return Candidate(None, WEAK, clarify=True, why=QUESTION_NOT_ANSWER)
    if _YES_AND_NO.search(t):
        return Candidate(None, WEAK, clarify=True, why="yes and no")
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
    if hedge and not unsure and not evidence and not words_pattern("hedge").sub("", t).strip(" ,.!?~吧呢啊呀哦嗯…。，！？"):
        return Candidate(NOT_SURE, STRONG, why="only a hedge: not sure")  # "maybe", 可能吧
    masked = t
    for kind in ("not_sure", "prefer_not", "fine"):
        masked = words_pattern(kind).sub(lambda m: " " * len(m.group()), masked)
    if _has(t, "none_of_these") and no_opt:
        add(no_opt.key, STRONG, "none of these", _has(t, "none_of_these").start())
    fine_first = _starts_with(t, "fine")
    start_no = None if fine_first or not masked.strip() else _starts_with(masked, "no")
    start_yes = _starts_with(masked, "yes") if masked.strip() else None
    if start_yes and start_yes.group() == "是" and re.match(r"\s*(我|他|她|俺|咱)", t[start_yes.end():]):
        start_yes = None  # 是我妈, 是我女儿: "it is my mum", not a yes
    rest = words_pattern("fine").sub(" ", t[start_yes.end():]) if start_yes else ""
    if start_yes and re.match(r"\W*(not|no)(?![a-z])|\s*不", rest):
        start_no, start_yes = start_yes, None  # "definitely not", "sure not", 是不…
    short = len(re.findall(r"[a-z']+", t)) <= 2 and len(re.findall(r"[\u4e00-\u9fff]", t)) <= 3
    if start_yes and yes_opt and yes_opt.verdict == "does_not_meet" and words_pattern("acknowledge").fullmatch(
            t.strip(" ,.!~。！，…")):
        # A bare "嗯", "mm", "ok": it may only mean "I'm listening". An answer that excludes
        # is read back, never recorded from it.
        return Candidate(yes_opt.key, WEAK, clarify=True, why="only an acknowledgement")
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
    if fine and meets and not negated_before(t, fine.start()) and not [e for e in evidence if e.why != "yes"]:
        add(meets.key, STRONG if fine_first and short else WEAK, "fine", fine.start())

    keys = {e.key for e in evidence if not e.clarify}
    clarify_keys = [e for e in evidence if e.clarify]
    if prefer and not keys:
        return Candidate(PREFER_NOT if criterion.sensitive else NOT_SURE, STRONG, why="prefer not to say")
    if unsure and not keys and not clarify_keys:
        return Candidate(NOT_SURE, STRONG, clarify=bool(hedge and hedge.start() < unsure.start() and False),
                         why="not sure")
    if not evidence:
        if hedge:
            neg = bool(re.search(r"(?<![a-z])(not|no|never|don't|doesn't|didn't)(?![a-z])|没|不|无", t))
            option = no_opt if neg else yes_opt
            if option is not None:
                return Candidate(option.key, WEAK, clarify=True, why="hedged")
        return None
    strong = {e.key for e in evidence if e.strength == STRONG and not e.clarify}
    if clarify_keys and not strong:
        return Candidate(clarify_keys[0].key, STRONG, clarify=True, why=clarify_keys[0].why)
    pool = strong or keys
    if len(pool) > 1:
        # Named things (medicines, diseases, numbers, the option's words) say more than a
        # plain yes, no or "fine"; two different named answers are asked back.
        generic = ("yes", "no", "fine")
        specific = {e.key for e in evidence if e.why not in generic and not e.clarify and e.key in pool}
        if len(specific) == 1:
            key = next(iter(specific))
        else:
            return Candidate(None, WEAK, clarify=True, why="conflicting answers")
    else:
        key = next(iter(pool))
    strength = STRONG if key in strong else WEAK
    uncertain = bool(hedge) or bool(unsure) or bool(clarify_keys)
    return Candidate(key, strength, clarify=uncertain, why=",".join(sorted({e.why for e in evidence if e.key == key})))


def _asks_back(t: str) -> bool:
    """A question asked back instead of an answer ("what is ascites?", 会不会痛). Not when the
    question sits inside "I don't know…" (不知道是不是稀释血液的, "no idea what's in it"): that
    is an answer, "not sure"."""
    asked = _QUESTION.search(t)
    if t.rstrip().endswith(("?", "？")) and not re.search(r"[.!。！]\s*\S", t):
        asked = asked or re.search(r"[?？]", t)
    if not asked:
        return False
    unsure = words_pattern("not_sure").search(t)
    return not (unsure and unsure.start() < asked.start())


_QUESTION = re.compile(r"什么意思|啥意思|是什么|什么是|是啥|会不会|能不能|可不可以|(?<!不)要不要|是不是|[吗么伐]\s*[?？]?\s*$"
                       r"|(?<![a-z])(what is|what's|what does|what do you mean|meaning of|will it|would it|can i|could i|is it)(?![a-z])")  # noqa: E501
_YES_AND_NO = re.compile(r"^\W*(yes|yeah|是|有)\W*(and|or|,|/|也|又)?\W*(no|not really|nope|没有|不是|没)\W*$"
                        r"|(?<![a-z])yes and no(?![a-z])|有也没有|是也不是|说有也有")
_FUTURE = re.compile(r"(?<![a-z])(will|going to|gonna|soon|next (week|month|year)|plan(ned|ning)? to|booked|scheduled)(?![a-z])"
                     r"|准备|打算|要开始|快要|下个月|下周|下礼拜|明年|预约了|将要")


_TO_STOP_BLEEDING = re.compile(r"止血|stop (a|the) bleed|for (a |the )?bleed|because of (a |the )?bleed")
_NOW_TOO = re.compile(r"(?<![a-z])(also|already|too|again)(?![a-z])|已经|也做过|又")
_OTHERS = re.compile(r"(?<![a-z])(my|his|her) (sister|brother|wife|husband|mother|mum|mom|father|dad|son|daughter|friend|"
                     r"neighbou?r|cousin|aunt|uncle)(?![a-z])|姐姐|妹妹|哥哥|弟弟|邻居|朋友|同事|亲戚")
_SELF_NO = re.compile(r"(?<![a-z])(not me|i don'?t|i do not|i haven'?t|i have not|but not me|i'm fine)(?![a-z])|我没有|我没|我不是|我自己没")  # noqa: E501
_NEG_AFTER_ZH = re.compile(r"^[^，。,.;；!！?？]{0,3}?(?:也|都|倒|从来|一直|还|就)?\s*(没有|没|么有|无|不是|没得|阴性|未见|未发现|正常)(?!停|断|法|办法)")  # noqa: E501
_NEG_AFTER_EN = re.compile(r"^\W{0,3}(?:\?\s*)?(no|none|nope|never|negative|not|nil|normal|clear)(?![a-z])"
                           r"|^\W*(?:[a-z']+\W+){0,3}(?:was|were|came back|came out|is)\s+(negative|normal|clear|fine)")
_OTHER_CANCER = re.compile(r"breast|colon|bowel|rectal|stomach|gastric|lung|thyroid|prostate|lymphoma|leuk|cervical|ovarian|"
                           r"乳腺癌|肠癌|胃癌|肺癌|甲状腺癌|前列腺癌|淋巴瘤|白血病|宫颈癌|卵巢癌|鼻咽癌|食管癌")


def current_only_of(criterion, entry) -> bool:
    return bool((entry is not None and entry.current_only) or getattr(criterion, "current_only", False))


def negated_after(t: str, end: int) -> bool:
    """"Autoimmune? No.", 肝外没病灶, 抗凝药也没吃, "tested for it, negative": a negation right after."""
    after = t[end:end + 24]
    return bool(_NEG_AFTER_ZH.match(after) or _NEG_AFTER_EN.match(after))


def _someone_else(clause: str, t: str) -> bool:
    """The thing is someone else's (my sister's), and the message says the patient does not have it."""
    return bool(_OTHERS.search(clause) and _SELF_NO.search(t))


def _other_cancer_treatment(criterion, clause: str, entry) -> bool:
    """Treatment named for another cancer does not count as treatment for this liver cancer."""
    return criterion.id == "prior_cancer_treatment" and bool(_OTHER_CANCER.search(clause))


def _time_of(clause: str, t: str, today) -> "timewords.When":
    """When the named thing happened: its own clause, else the whole message."""
    w = timewords.when(clause, today)
    if not (w.known or w.vague_past or w.long_ago or w.now):
        w = timewords.when(t, today)
    return w


def _weigh(criterion, t, m, meaning, entry, yes_opt, no_opt, window, today, add, why) -> None:
    """One named thing: negation, "stopped", time window, dose."""
    pos = m.start()
    clause = clause_at(t, pos)
    excluding = criterion.option(meaning).verdict == "does_not_meet" if criterion.option(meaning) else False
    if excluding and (_someone_else(clause, t) or _other_cancer_treatment(criterion, clause, entry)):
        return  # "my sister has lupus but I don't"; chemo for breast cancer years ago
    if excluding and criterion.id == "prior_cancer_treatment" and _TO_STOP_BLEEDING.search(t):
        add(meaning, STRONG, f"{why} (to stop a bleed?)", pos, clarify=True)  # an embolisation for bleeding
        return
    if excluding and _FUTURE.search(clause) and not _NOW_TOO.search(clause):
        if current_only_of(criterion, entry):
            add(meaning, STRONG, f"{why} (not yet)", pos, clarify=True)
        else:
            add(no_opt.key if no_opt else None, STRONG, f"{why} (planned, not done)", pos)
        return
    if negated_before(t, pos) or negated_after(t, m.end()):
        if meaning == (yes_opt.key if yes_opt else None) or excluding or meaning == CLARIFY:
            add(no_opt.key if no_opt else None, STRONG, f"{why} (negated)", pos)
        return
    if meaning == CLARIFY:
        add(yes_opt.key if yes_opt else None, STRONG, why, pos, clarify=True)
        return
    current_only = current_only_of(criterion, entry)
    if current_only and excluding:
        if _has(clause, "stopped"):
            add(no_opt.key if no_opt else None, STRONG, f"{why} (stopped)", pos)
            return
        w = _time_of(clause, t, today)
        if not w.now and (w.vague_past or w.long_ago or (w.known and (w.low or 0) > 1)) and not window:
            add(meaning, STRONG, f"{why} (in the past?)", pos, clarify=True)
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
        w = _time_of(clause, t, today)
        inside = w.within(window)
        if inside is False:
            add(no_opt.key if no_opt else None, STRONG, f"{why} (outside {window:g} months)", pos)
            return
        if inside is None and not (entry is not None and entry.current_only):
            add(meaning, STRONG, f"{why} (when?)", pos, clarify=True)  # the time decides: ask when
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
    t = digits_only(t)
    if criterion.option("not_applicable") is not None:
        for q in quantities(t):
            after = t[q.end:q.end + 3]
            if 55 <= q.low and q.high <= 110 and (re.match(r"\s*(岁|了|多|years|yrs|yo|y/o)", after) or q.end == len(t)
                                                  or re.search(r"(?<![a-z])(is|he's|she's|aged|age)\s*$|今年\s*$", t[:q.start])):
                add("not_applicable", STRONG, "age", q.start)


_GLUCOSE_UNITS = {"mmol/l": "mmol", "mmol": "mmol", "毫摩尔": "mmol", "mg/dl": "mgdl", "mg": "mgdl"}


_GLUCOSE_WORDS = re.compile(r"sugar|glucose|fasting|fpg|mmol|mg/dl|reading|血糖|空腹|糖|毫摩尔")


def _glucose(criterion, t: str, add) -> None:
    t = digits_only(t)
    for q in quantities(t, _GLUCOSE_UNITS):
        if q.unit is None and not _GLUCOSE_WORDS.search(clause_at(t, q.start)):
            continue  # "30 years ago" is not a glucose value
        if re.search(r"(a1c|hba1c|糖化|餐后|饭后|随机|after (meals?|eating)|random)", clause_at(t, q.start)):
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
    c = digits_only(t)
    readings = [(int(a), int(b), m.start()) for m in _BP.finditer(c) for a, b in [m.groups()]]
    readings += [(int(m.group(1)), 0, m.start()) for m in _SYSTOLIC.finditer(c)]
    if not readings:  # "controlled with pills, around 130": a lone number in the range of a top reading
        readings = [(int(q.value), 0, q.start) for q in quantities(c) if 90 <= q.value <= 260 and q.qualifier != "range"]
    if not readings:
        return
    high = max(readings, key=lambda r: (r[0] >= 140 or r[1] >= 90, r[0]))
    if high[0] >= 140 or high[1] >= 90:
        on_meds = re.search(r"(pill|pills|medicine|medication|tablets|meds|amlodipine|吃药|降压药|服药|吃着药|药)", t) and not \
            re.search(r"(no|not|without|don't|doesn't|never)\W+(?:\w+\W+){0,2}(pill|medicine|medication|tablets|meds)|没吃药|不吃药|没有吃药|没用药", t)  # noqa: E501
        add("yes", STRONG, "blood pressure high", high[2], clarify=not on_meds)
    else:
        add("no", WEAK, "blood pressure below 140/90", high[2])


_ORDINAL = re.compile(
    r"^(?:(?:option|answer|choice|number|no\.?|#)\s*(\d)|the\s+(first|second|third|fourth|fifth|last)(?:\s+(?:one|option|answer))?"
    r"|第\s*([一二三四五1-5])\s*(?:个|项|条|种|句)?|(?:选)\s*([一二三四五1-5])|ecog\s*(?:评分|分)?\s*[:：]?\s*(\d))\s*[.!。！]?$")
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}


def ordinal_option(criterion, t: str) -> Optional[str]:
    """"option 2", "the second one", 第二个, 选3: the option at that place among the buttons
    (ECOG 0-4 for the activity question, whose options are in ECOG order from 0)."""
    m = _ORDINAL.match(t.strip())
    if not m or not criterion.options:
        return None
    if m.group(5) is not None:
        index = int(m.group(5))  # ECOG 0 is the first option
        return criterion.options[index].key if criterion.id == "daily_activity" and index < len(criterion.options) else None
    raw = next(g for g in m.groups()[:4] if g)
    if raw == "last":
        return criterion.options[-1].key
    index = int(raw) if raw.isdigit() else _ORDINAL_WORDS.get(raw, 0)
    return criterion.options[index - 1].key if 1 <= index <= len(criterion.options) else None


# ----------------------------------------------------------------------------------
# Yes/no steps that are not criteria: consents and the summary
# ----------------------------------------------------------------------------------


def _with_id(question, step: str):
    return SimpleNamespace(**{**question.__dict__, "id": step})


def _yes_no_question(step: str, yes_words: List[str], no_words: List[str], no_excludes: bool = True):
    def words(values):
        return SimpleNamespace(get=lambda language=None: [w.lower() for w in values])

    options = [
        SimpleNamespace(key="yes", means="yes", verdict="meets", words=words(yes_words),
                        label=SimpleNamespace(en="yes", zh="是")),
        SimpleNamespace(key="no", means="no", verdict="does_not_meet" if no_excludes else "unknown", words=words(no_words),
                        label=SimpleNamespace(en="no", zh="否")),
    ]
    return SimpleNamespace(id=step, options=options, sensitive=False, window_months=None, answer_type="choice",
                           option=lambda key: next((o for o in options if o.key == key), None))


_CONSENT = _yes_no_question(
    "consent_prescreen", ["agree", "i agree", "consent", "go ahead", "happy to", "fine with me", "ok with me", "同意", "愿意", "可以",  # noqa: E501
                "没问题", "行", "好的", "答应"],
    ["decline", "disagree", "don't agree", "do not agree", "refuse", "no thanks", "not now", "rather not", "不同意",
     "不愿意", "拒绝", "算了", "不要", "暂时不", "先不"])
_CONFIRM = _yes_no_question(
    "confirm_answers", ["right", "correct", "that's right", "all correct", "looks good", "looks right", "accurate",
                        "no changes", "nothing to change", "对", "没错", "正确", "都对", "对的", "没问题", "不用改"],
    ["change", "wrong", "mistake", "not right", "incorrect", "edit", "fix", "改", "错了", "不对", "修改", "有误", "有错",
     "重新填", "写错", "填错", "说错"],
    no_excludes=False)  # "no" here opens the change menu: nothing is lost, so it is not read back
STEPS = {"consent_prescreen": _CONSENT, "consent_share": _with_id(_CONSENT, "consent_share"), "confirm_answers": _CONFIRM}
