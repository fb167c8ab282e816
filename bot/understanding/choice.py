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
from dataclasses import dataclass, replace
from datetime import date
from types import SimpleNamespace
from typing import Dict, List, Optional, Tuple

from bot.understanding import timewords
from bot.understanding.lexicon import CLARIFY, entries_for, names_pattern, tuple_pattern, typos, words_pattern
from bot.understanding.numbers import digits_only, quantities

NOT_SURE, PREFER_NOT = "not_sure", "prefer_not"
QUESTION_NOT_ANSWER = "a question, not an answer"
STRONG, WEAK = "strong", "weak"
_VAGUE = " (vague)"
DECLINES = "declines"

_CLAUSE = re.compile(r"[,.;!?，。；！？、\n—–]|\s-\s|(?<![a-z])(?:but|however|though|although|except)(?![a-z])|但是|不过|可是|只是|就是|除了"  # noqa: E501
                     r"|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_SUBJECTS = ("it", "it's", "its", "he", "he's", "she", "she's", "i", "i'm", "we", "they", "they're", "was", "is")
_NEG_EN = ("no", "not", "never", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "haven't", "havent",
           "hasn't", "hasnt", "hadn't", "isn't", "isnt", "aren't", "wasn't", "wasnt", "weren't", "without", "nor",
           "neither", "none", "nothing", "denies", "wasn't", "won't", "wont", "cannot", "can't", "cant", "negative")
_NEG_ZH = ("没", "不", "无", "未", "非", "否", "别", "呒", "冇")
_NOT_NEG_ZH = ("不知道", "不清楚", "不记得", "不确定", "不晓得", "不太清楚", "不止", "不少", "不停", "不错", "不过",
               "不久", "不到", "没多久", "不舒服", "不一定", "差不多", "别的", "别人", "别处", "别家", "特别", "分别", "区别")


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
    length: int = 0


@dataclass(frozen=True)
class _Span:
    """A found stretch of the message that is not a regex match (a misspelt name), read like one."""
    a: int
    b: int
    text: str

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b

    def group(self, *_) -> str:
        return self.text[self.a:self.b]


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
    a = max((m.end() for m in _CLAUSE.finditer(t) if m.end() <= pos), default=0)
    before = t[a:pos]
    for phrase in _NOT_NEG_ZH:
        before = before.replace(phrase, "  ")
    cjk = re.findall(r"[\u4e00-\u9fff]", before[-6:])
    if cjk and any(n in before[-6:] for n in _NEG_ZH):
        return True
    tokens = re.findall(r"[a-z]+(?:'[a-z]+)*", before)
    # A negation covers a list: "not on any antibiotics or drips", "no fever nor chills".
    reach = 7 if tokens and tokens[-1] in ("or", "nor") else 4
    window = tokens[-reach:]
    for n, tok in enumerate(window):
        if tok in _NEG_EN:
            # "No, it was colon cancer", "no he has TB": a "no" that answers the question, with a
            # new subject after it, does not negate what that subject has.
            if tok == "no" and any(w in _SUBJECTS for w in window[n + 1:]):
                continue
            return True
    return False


def _option_by_means(criterion, means: str):
    return next((o for o in criterion.options if o.means == means), None)


def _meets_option(criterion):
    """The yes/no option that fits the study: where "it's fine" / 没问题 points."""
    for o in criterion.options:
        if o.means in ("yes", "no") and o.verdict == "meets":
            return o
    return None


_PASS_ON = re.compile(r"(?<![a-z])pass (?:it|them|these|this information|my \w+|the \w+|everything|all)(?: on| along)?"
                      r"(?: to (?:them|the team|the study team))?(?![a-z])|(?<![a-z])pass (?:it )?(?:on|along)(?! (?:that|this))")


# Words around "I don't know" that add nothing ("I have no idea", "sorry, honestly no clue", 我真的不知道).
_FILLER = re.compile(r"(?<![a-z])(i have|i've|i|have|really|honestly|sorry|to be honest|tbh|at all|absolutely|just|"
                     r"he|she|we|they|has|had|got|um+|uh+|hmm+|well|oh|i'm|im|am)(?![a-z])|我|他|她|真的|实在|确实|也|都|是|啊|呀|哎|唉|嗯")


# Words people put before their answer ("Unfortunately no", "well, yes", 唉，没有).
_LEAD_IN = re.compile(r"(?:(?:well|so|um+|uh+|hmm+|oh|ah|sadly|unfortunately|honestly|actually|i'?m afraid|i think not|"
                      r"to be honest|i guess|okay|ok|唉|哎|哎呀|其实|说实话|可惜|这个嘛|嗯嗯|那个)[\s,.!~，。…]*)+")


_WHETHER_ZH = re.compile(r"[^，。,.;；!?！？]{0,15}?(有没有|是不是|算不算|是否|哪种|哪一种|什么类型|什么细胞|啥类型|有无)")


def _unsure_whether(t: str, evidence: List["_Evidence"]) -> bool:
    """Unsure whether the thing named after it is so ("I don't know if any of her pills are blood
    thinners", 不晓得是不是稀释血液的), with nothing said before it and nothing after the sentence."""
    for m in words_pattern("unsure_whether").finditer(t):
        if not m.group().isascii() and not _WHETHER_ZH.match(t, m.end()):
            continue
        end = next((b for a, b in clauses(t) if a <= m.end() < b), len(t))
        if evidence and all(m.start() <= e.pos < end for e in evidence):
            return True
    return False


def _only_this_said(t: str, m: re.Match) -> bool:
    """The named thing is the whole answer, alone or after a yes: "IV", "yes, on a drip", 有的，挂水,
    住院了. Said to the question itself ("are you being treated for an infection now?"), the
    question says what it is for; "in hospital for my liver" says something else and is asked."""
    rest = words_pattern("yes").sub(" ", t[:m.start()] + " " + t[m.end():])
    rest = re.sub(r"(?<![a-z])(i'?m|i am|he'?s|she'?s|is|am|on|a|an|the|with|now|currently|still|every day|daily)(?![a-z])"
                  r"|用药|每天|天天|[在正了着呢的呀啊]", " ", rest)
    return len(re.findall(r"[a-z]+", rest)) == 0 and len(re.findall(r"[\u4e00-\u9fff]", rest)) == 0


def _starts_with(t: str, kind: str) -> Optional[re.Match]:
    m = words_pattern(kind).search(t)
    if m and not _LEAD_IN.sub("", _ECHO.sub("", t[:m.start()])).strip(" ,.!~-—:：，。嗯哦啊呃额唉"):
        return m
    return None


# The question echoed before the answer: "Diabetes? No.", 透析？没有的.
_ECHO = re.compile(r"^\s*(?:[a-z'-]+\s*){1,3}[?？]+\s*$|^\s*[\u4e00-\u9fff]{1,8}\s*[?？]+\s*$")


def _has(t: str, kind: str) -> Optional[re.Match]:
    return words_pattern(kind).search(t)


_NOT_A_HEDGE = re.compile(r"(?<![a-z])(any|what|this|that|some|which|every|all) (kinds? of|sort of|sorts of)(?![a-z])")


_ANSWER_THEN_BA = re.compile(r"(?:有|有的|是|对|没有|没|不是)吧")  # 有吧, 没有吧: an answer said with a shrug


def hedge_in(t: str) -> Optional[re.Match]:
    """A hedge ("kind of", 好像, 有吧), not a phrase that only looks like one ("any kind of work",
    行吧 and 问吧, which agree)."""
    masked = _NOT_A_HEDGE.sub(lambda m: " " * len(m.group()), t)
    return words_pattern("hedge").search(masked) or _ANSWER_THEN_BA.search(masked)


_TYPIST_SEX = re.compile(r"(?<![a-z])(?:i'?m|i am|im|this is) (her|his) [a-z-]+|我是(她)的?[\u4e00-\u9fff]")
_TYPIST_ZH = re.compile(r"[\u4e00-\u9fff]{1,2}")  # 我是她|老公
_TYPIST_EN = re.compile(r"\s*[a-z'-]+")  # i'm his| daughter
_TYPING_FOR = re.compile(r"(?<![a-z])(?:my|his|her) [a-z-]+ (?:is )?(?:typing|writing|filling)"
                         r"(?: (?:this|it|in))?(?: for (?:me|him|her))?")


def _without_typist(t: str) -> str:
    """The message with the typist's own relation blanked ("I'm his daughter", 我是她老公, "my
    wife is typing for me"): those words are about who types, not about the patient."""
    def blank(a: int, b: int) -> None:
        nonlocal t
        t = t[:a] + " " * (b - a) + t[b:]

    for m in list(_TYPING_FOR.finditer(t)):
        blank(m.start(), m.end())
    for m in list(words_pattern("typist").finditer(t)):
        after = (_TYPIST_EN if m.group(0).isascii() else _TYPIST_ZH).match(t, m.end())
        blank(m.start(), after.end() if after else m.end())
    return t


_VIRUS_CLAUSES = re.compile(r"[,，。;；.!！]|(?<![a-z])but(?![a-z])|但是?|不过")
# "B or C", "one of the two", 其中一个: one of them, not both.
_EITHER = re.compile(r"(?<![a-z])(or|either|whether|one of (?:them|those|the two|these))(?![a-z])"
                     r"|还是|或者|或是|哪个|哪种|其中一[个种样]|两个中的一个|之一")
_VIRUS_CLAUSES_ZH = re.compile(_VIRUS_CLAUSES.pattern + r"|\s+")  # WeChat style: a space ends a clause
_VIRUS_NEGATIVE = re.compile(r"(?<![a-z])(negative|neg|no|not|never|clear|don't|doesn't|isn't)(?![a-z])|阴性|没有|没|无|不是")
_LETTER = {"hbv": re.compile(r"(?<![a-z])b(?![a-z])"), "hcv": re.compile(r"(?<![a-z])c(?![a-z])")}


def _each_virus(criterion, t: str) -> Optional[str]:
    """Hepatitis B and C read one by one, each in its own clause ("only B, the C test was
    negative" is B; "B yes, C no" is B; 乙肝丙肝查过了，阴性 is neither): the option when every
    virus named has a clear sign and the two signs agree on one option; else None (the usual
    reading goes on). A hedge or a question is never settled here."""
    if hedge_in(t) or _has(t, "not_sure") or "?" in t or _EITHER.search(t) \
            or any(p.search(t) for _, p in entries_for(criterion.id)):
        return None  # unsure, asked, or a named thing with its own meaning (vaccinated, antibody, cured)
    sign: Dict[str, bool] = {}
    splitter = _VIRUS_CLAUSES_ZH if re.search(r"[\u4e00-\u9fff]", t) else _VIRUS_CLAUSES
    clauses = [c for c in splitter.split(t) if c and c.strip()]
    for i, clause in enumerate(clauses):
        found = {v: m for v in ("hbv", "hcv")
                 if (m := names_pattern(criterion.option(v).words.get()).search(clause) or _LETTER[v].search(clause))}
        named = list(found)
        if not named:
            continue
        if _someone_else(clause, t):
            return None  # 我没有，我老婆是乙肝: the wife's, not the patient's
        sign_at = _VIRUS_NEGATIVE.search(clause)
        if len(named) == 2 and sign_at and sign_at.start() < max(m.end() for m in found.values()):
            return None  # "hep c no b": which virus the "no" is about is for the usual reading
        # 乙肝丙肝查过了，阴性: a sign alone in the next clause belongs to the viruses before it.
        negative = bool(_VIRUS_NEGATIVE.search(clause))
        if not negative and i + 1 < len(clauses) and re.fullmatch(r"\s*(都是?)?(阴性|negative|neg)\S{0,2}\s*", clauses[i + 1]):
            negative = True
        for v in named:
            if v in sign and sign[v] != (not negative):
                return None  # said both ways
            sign[v] = not negative
    if not sign:
        return None
    b, c = sign.get("hbv"), sign.get("hcv")
    if b and c:
        return "both"
    if b and c is not True:
        return "hbv" if (c is False or len(sign) == 1) else None
    if c and b is not True:
        return "hcv" if (b is False or len(sign) == 1) else None
    if b is False and c is False:
        return "neither"
    return None


def read_choice(criterion, text: str, today: Optional[date] = None) -> Optional[Candidate]:
    """The rule reading of a normalized message for a choice question (None: nothing found)."""
    t = text
    if not t:
        return None
    if asks_back(t):
        return Candidate(None, WEAK, clarify=True, why=QUESTION_NOT_ANSWER)
    if _YES_AND_NO.search(t):
        return Candidate(None, WEAK, clarify=True, why="yes and no")
    if criterion.id == "hepatitis":
        each = _each_virus(criterion, t)
        if each:
            return Candidate(each, STRONG, why="B and C each read")
    typist_says = _TYPIST_SEX.search(t) if criterion.id == "sex" else None
    t = _without_typist(t)
    evidence: List[_Evidence] = []
    yes_opt, no_opt = _option_by_means(criterion, "yes"), _option_by_means(criterion, "no")
    window = getattr(criterion, "window_months", None)

    def add(key, strength, why, pos, clarify=False, length=0):
        if key or clarify:  # a clarify without a proposal: asked back as it is
            evidence.append(_Evidence(key, strength, clarify, why, pos, length))

    if getattr(criterion, "ordinal", False):
        _scale(criterion, t, today, add)
    # The option's own words and the lexicon entries for this question. A name inside a longer
    # named thing of another meaning is part of it: 结核 in 结核治好了 (TB that was treated).
    ordinal = getattr(criterion, "ordinal", False)
    entry_matches = [(entry, m) for entry, pattern in (entries_for(criterion.id) if not ordinal else ())
                     for m in pattern.finditer(t)]
    spans = [(m.start(), m.end(), entry.means[criterion.id]) for entry, m in entry_matches if not entry.vague]

    def inside_longer(m, meaning) -> bool:
        # Of the same meaning too: "TB found last spring, never treated" is read as the longer
        # phrase (TB not treated), not also as TB said in the past.
        return any(a <= m.start() and m.end() <= b and (b - a) > (m.end() - m.start())
                   for a, b, other in spans)

    options = [o for o in criterion.options if o.words.get()] if not ordinal else []
    option_matches = [(o, m) for o in options for m in names_pattern(o.words.get()).finditer(t)]
    # A word inside a longer word of another option is part of it: 姐 in 姐夫, 妈 in 舅妈.
    spans += [(m.start(), m.end(), o.key) for o, m in option_matches]
    for option, m in option_matches:
        if not inside_longer(m, option.key):
            _weigh(criterion, t, m, option.key, None, yes_opt, no_opt, window, today, add, "option words")
    if typist_says:
        # "I'm her son", 我是她女儿: the typist's words say the patient is a woman (his: a man).
        key = "female" if (typist_says.group(1) or typist_says.group(2)) in ("her", "她") else "male"
        add(key, STRONG, "the typist's relation", typist_says.start())
    named = t  # the message with every named thing blanked: 偶尔喝 is a drinking habit, not a hedge
    for entry, m in entry_matches:
        if not inside_longer(m, entry.means[criterion.id]):
            _weigh(criterion, t, m, entry.means[criterion.id], entry, yes_opt, no_opt, window, today, add, entry.id)
            if not entry.vague:
                named = named[:m.start()] + " " * (m.end() - m.start()) + named[m.end():]

    if getattr(criterion, "willingness", False) and no_opt:
        # A refusal anywhere: "my mum says no", 我老公不肯的, "we're trying for a baby, I refuse".
        agreeing = words_pattern("accept").sub(lambda m: " " * len(m.group()), t)
        # A refusal of one named thing is that thing's reading ("I don't want hormone pills": one
        # method, asked back), not a refusal of the question.
        named_spans = [(m.start(), m.end()) for _, m in entry_matches]
        for m in words_pattern("decline").finditer(agreeing):
            if any(m.start() <= b and a <= m.end() + 12 for a, b in named_spans):
                continue
            if not negated_before(agreeing, m.start()) or m.group()[0] in "不别拒反免算":
                add(no_opt.key, STRONG, DECLINES, m.start())
                break
    if not ordinal:
        # A brand or disease name typed one letter off ("warafin", 拜瑞托): read as the name; two
        # letters off, read back.
        taken = [(a, b) for a, b, _ in spans] + [(m.start(), m.end()) for _, m in entry_matches]
        for typo in typos(criterion.id, t, taken):
            before = len(evidence)
            _weigh(criterion, t, _Span(typo.start, typo.end, t), typo.entry.means[criterion.id], typo.entry,
                   yes_opt, no_opt, window, today, add, f"{typo.entry.id} (spelt {typo.name}?)")
            if typo.edits > 1:
                for n in range(before, len(evidence)):
                    evidence[n] = replace(evidence[n], clarify=True)

    _numbers(criterion, t, add)
    if any(e.why == BP_BELOW for e in evidence):
        # "高血压吃药控制在130/80左右": the reading answers what high blood pressure alone left open
        evidence = [e for e in evidence if not (e.clarify and e.why.startswith("hypertension"))]

    unsure = _has(t, "not_sure")
    prefer = _has(_PASS_ON.sub(" ", t), "prefer_not")  # "pass it on" agrees; "I'll pass" declines
    hedge = hedge_in(named)
    counts = _has(t, "what_counts")
    # "not sure what counts as serious", 不知道算不算感染: explained and asked again
    # "她有甲亢，算不算", "thyroid trouble, does that count?": what they named is read back.
    if counts and (unsure or not (_starts_with(t, "yes") or _starts_with(t, "no"))):
        proposal = next((e.key for e in evidence if not e.clarify), None) or (yes_opt.key if yes_opt else None)
        return Candidate(proposal, WEAK, clarify=True, why="asks what counts")
    if not evidence and yes_opt and _has(t, "partly") and \
            not words_pattern("partly").sub("", t).strip(" ,.!?~吧呢啊呀哦嗯…。，！？"):
        return Candidate(yes_opt.key, WEAK, clarify=True, why="partly")  # "a bit", 有时候: a partial yes, checked
    if hedge and not unsure and not evidence and not words_pattern("hedge").sub("", t).strip(" ,.!?~吧呢啊呀哦嗯…。，！？"):
        return Candidate(NOT_SURE, STRONG, why="only a hedge: not sure")  # "maybe", 可能吧
    masked = t
    for kind in ("not_sure", "prefer_not", "fine"):
        masked = words_pattern(kind).sub(lambda m: " " * len(m.group()), masked)
    if unsure and not _FILLER.sub(" ", masked).strip(" ,.!?~…。，！？-"):
        return Candidate(NOT_SURE, STRONG, why="not sure")  # "I have no idea", "sorry, honestly no clue"
    if _has(masked, "none_of_these") and no_opt:  # masked: 都没关系 is "fine", not 都没
        add(no_opt.key, STRONG, "none of these", _has(masked, "none_of_these").start())
    fine_first = _starts_with(t, "fine")
    start_no = None if fine_first or not masked.strip() else _starts_with(masked, "no")
    if start_no and any(masked.startswith(w, start_no.start()) for w in _NOT_NEG_ZH):
        start_no = None  # 不久前…, 不少…: "not long ago", "quite a few", not a no
    start_yes = _starts_with(masked, "yes") if masked.strip() else None
    if start_yes and start_yes.group() == "是" and re.match(r"\s*(我|他|她|俺|咱)", t[start_yes.end():]):
        start_yes = None  # 是我妈, 是我女儿: "it is my mum", not a yes
    modal = start_yes and start_yes.group() in ("要", "会", "能")
    if modal and re.match(r"[\u4e00-\u9fff](?<![的啊呀吧哦])", t[start_yes.end():]):
        start_yes = None  # 要翻翻病历, 能照顾自己: a verb that starts a sentence, not a yes
    rest = words_pattern("fine").sub(" ", masked[start_yes.end():]) if start_yes else ""
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
        vague_time = False
        w = timewords.when(t, today) if yes_opt.verdict == "does_not_meet" else None
        if w is not None and window:
            inside = w.within(window)
            if inside is False:
                key = no_opt.key if no_opt else key
            vague_time = inside is None and w.vague_past  # "yes, I had cancer before": when?
        elif w is not None and current_only_of(criterion, None):
            # A plain yes to a question about now, like a named thing: "yes, but he came off it" is
            # no; "yes, two years ago", "yes, used to", or a yes said as done before (做过, 有过:
            # the 过 of experience) asks when.
            over = _over(clause_at(t, start_yes.start()), _sentence_after(t, start_yes.end()), t, today, window)
            if over == STOPPED:
                key = no_opt.key if no_opt else key
            vague_time = over == IN_THE_PAST or (over is None and not w.now and "过" in start_yes.group())
        stopped = key != yes_opt.key and not window
        add(key, STRONG if short or not evidence else WEAK,
            "yes" + (" (when?)" if vague_time else " (stopped)" if stopped else ""), start_yes.start(), clarify=vague_time)
    fine = _has(t, "fine")
    meets = _meets_option(criterion)
    if fine and meets and not negated_before(t, fine.start()) and not [e for e in evidence if e.why != "yes"]:
        add(meets.key, STRONG if fine_first and short else WEAK, "fine", fine.start())

    vague_spans = [(e.pos, e.pos + e.length) for e in evidence if e.why.endswith(_VAGUE)]
    if any(e.why not in ("yes", "no", "fine") and not e.why.endswith(_VAGUE)
           and not any(a <= e.pos and e.pos + max(e.length, 1) <= b for a, b in vague_spans) for e in evidence):
        # "allergic to paclitaxel" says what "I have allergies" leaves open, and so does "an operation
        # on the liver" what "an operation" does (but 手术 inside 小手术 does not).
        evidence = [e for e in evidence if not e.why.endswith(_VAGUE)]
    if no_opt and any(e.key and e.key != no_opt.key and not e.clarify and e.why not in ("yes", "no", "fine")
                      and not e.why.endswith("(negated)") and not excludes(criterion, e.key) for e in evidence):
        # "有丙肝 乙肝阴性", "hep C yes, B no": one named thing denied, another affirmed: the affirmed one
        # (never when the affirmed one would exclude: then a missed negation must not screen anyone out).
        # So does one stopped for another: "switched from the drip to tablets" is tablets.
        evidence = [e for e in evidence if not e.why.endswith(("(negated)", "(stopped)"))]
    # Something a nurse would ask about ("a stent") is answered by a named thing that settles it
    # the same way ("a heart attack, then a stent"): the stent needs no question of its own.
    answered_by = {entry.id: set(entry.answered_by) for entry, _ in entries_for(criterion.id) if entry.answered_by}
    sure_named = {e.why for e in evidence if not e.clarify and e.strength == STRONG}
    evidence = [e for e in evidence if not (e.clarify and answered_by.get(e.why, set()) & sure_named)]
    keys = {e.key for e in evidence if not e.clarify}
    clarify_keys = [e for e in evidence if e.clarify]
    if prefer and not {e.key for e in evidence if not e.clarify and e.why not in ("yes", "no", "fine")
                       and not _as_topic(t, e)}:
        # "算了不说了", "no, I'd rather not say": the wish not to answer wins over a plain yes or no
        if getattr(criterion, "declining_is_no", False) and no_opt:
            return Candidate(no_opt.key, STRONG, why="declines to answer")
        return Candidate(PREFER_NOT, STRONG, why="prefer not to say")
    if unsure and not keys and not clarify_keys:
        return Candidate(NOT_SURE, STRONG, clarify=bool(hedge and hedge.start() < unsure.start() and False),
                         why="not sure")
    if _unsure_whether(t, evidence):
        return Candidate(NOT_SURE, STRONG, why="not sure whether")
    if unsure and clarify_keys and not keys and all(e.why.endswith(_VAGUE) for e in clarify_keys):
        # "Not sure, they only said primary liver cancer": the vague thing is all they know.
        return Candidate(NOT_SURE, STRONG, why="not sure (only a vague name)")
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
    if yes_opt and yes_opt.key in keys and any(e.why == DECLINES for e in evidence):
        # A refusal said with a yes ("名字可以电话不给", "blood is fine but not the liver"): two answers.
        return Candidate(None, WEAK, clarify=True, why="conflicting answers")
    if len(pool) > 1:
        # Named things (medicines, diseases, numbers, the option's words) say more than a
        # plain yes, no or "fine"; two different named answers are asked back.
        generic = ("yes", "no", "fine")
        specific = {e.key for e in evidence if e.why not in generic and not e.clarify and e.key in pool}
        # "B or C", "one of the two", 其中一个: one of them, not both (so neither yields to the other)
        either = _EITHER.search(t)
        if not either:
            specific = {k for k in specific
                        if not (set(getattr(criterion.option(k), "yields_to", None) or ()) & specific)} or specific
        combined = None if either else next((o.key for o in criterion.options
                         if getattr(o, "combines", None) and set(o.combines) <= specific <= set(o.combines) | {o.key}), None)
        if combined:
            key = combined  # "Hep B since birth, and they found hep C too": both
        elif len(specific) == 1:
            key = next(iter(specific))
        else:
            return Candidate(None, WEAK, clarify=True, why="conflicting answers")
    else:
        key = next(iter(pool))
    strength = STRONG if key in strong else WEAK
    if hedge and no_opt and key == no_opt.key and _has(t, "aside") and (
            _has(t[:hedge.start()], "aside") or _has(t[hedge.end():], "aside")):
        hedge = None  # "no, just a bit tired", 就是腿有点肿 别的没有: the hedge is about the aside
    if unsure:
        # "没说过" is both "not sure" and the answer "the doctor has not discussed it": the words of
        # the named answer are not a doubt about it.
        spans_of_key = [(e.pos, e.pos + e.length) for e in evidence if e.key == key and e.length]
        rest = "".join(" " if any(a <= i < b for a, b in spans_of_key) else ch for i, ch in enumerate(t))
        unsure = _has(rest, "not_sure")
    uncertain = bool(hedge) or bool(unsure) or bool(clarify_keys)
    return Candidate(key, strength, clarify=uncertain, why=",".join(sorted({e.why for e in evidence if e.key == key})))


_CANNOT_AFTER = re.compile(r"^(?:也|都|就|还|是)?(?:没|不)(?!问题|事|关系|错|用|耽误|影响)"
                           r"|^[^,.;!?，。；！？\s]{0,8}?(?:不了|不动|不行|不能|做不|干不|吃不消|不可以|不成)"
                           r"|^(?:(?!(?<![a-z])but(?![a-z])|however|不过|但|就是)[^,.;!?，。；！？]){0,12}?"
                           r"(?:no way|is too much|are too much|too hard|too much for|"
                           r"wears? (?:me|him|her|them) out|is out|not possible|impossible|can't|cannot)")
_TOO_WEAK = re.compile(r"(?<![a-z])too (?:weak|tired|ill|sick|frail|exhausted) (?:to|even to)\s*$")


def _merge_cannot(t: str, kept: List[Tuple[int, int, int, str]]) -> List[Tuple[int, int, int, str]]:
    """A "can" said with a "cannot" right after it ("家务都干不动了", 地里的活干不动了) is that
    thing not possible any more, not a can and a separate limit."""
    merged: List[Tuple[int, int, int, str]] = []
    skip = set()
    for n, (start, end, level, says) in enumerate(kept):
        if n in skip:
            continue
        nxt = kept[n + 1] if n + 1 < len(kept) else None
        if says == "can" and nxt is not None and nxt[3] == "soft_limit" and re.fullmatch(r"[都也就还是全]{0,3}", t[end:nxt[0]]):
            merged.append((start, nxt[1], level, "can_not"))
            skip.add(n + 1)
        else:
            merged.append((start, end, level, says))
    return merged


_SINCE = re.compile(r"(?<![a-z])since(?![a-z])|以来|之后一直|以后一直|后一直")
_ECOG = re.compile(r"(?:ecog|ps|体能评分|体力评分)\s*(?:score|评分|评|是|=|:|：)?\s*([0-4])(?!\d)")
_PAST_ONLY = re.compile(r"(?<![a-z])(last month|last week|weeks ago|months ago|used to|before the|after the surgery|"
                        r"after the operation|for a while after|at first)(?![a-z])"
                        r"|上个月|上礼拜|上周|之前|以前躺|刚开完刀那|开完刀.{0,4}躺")


def _scale(criterion, t: str, today, add) -> None:
    """A person's place on a scale question (daily activity): every "can" is an upper bound,
    every "cannot" (limit, or soft_limit: one that may be about one job only) a lower bound.
    The reading is the furthest limit stated (or, with no limit, the best "can"); a "can" far
    below that limit contradicts it and is read back, one step below gives way to a soft
    limit. A limit in the past ("in bed last month, fine this week") does not count: the
    question is about now."""
    levels = [o.key for o in criterion.options]
    m = _ECOG.search(t)
    if m:
        level = min(int(m.group(1)), len(levels) - 1)
        add(levels[level], STRONG, "ECOG score", m.start())
        return
    for entry, pattern in entries_for(criterion.id):
        # On the line between two steps ("about half the day in bed"): the step it names, read back.
        line = pattern.search(t) if entry.says == "line" and entry.means[criterion.id] in levels else None
        if line:
            add(entry.means[criterion.id], WEAK, "scale: on the line", line.start(), clarify=True)
            return
    found: List[Tuple[int, int, int, str]] = []  # (start, end, level, says)
    for entry, pattern in entries_for(criterion.id):
        key = entry.means[criterion.id]
        if key not in levels or entry.says == "line":
            continue
        for hit in pattern.finditer(t):
            found.append((hit.start(), hit.end(), levels.index(key), entry.says))
    # The longest wording wins where two overlap ("can't look after myself" over "look after myself").
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: List[Tuple[int, int, int, str]] = []
    for f in sorted(found, key=lambda f: -(f[1] - f[0])):
        if not any(f[0] < k[1] and k[0] < f[1] for k in kept):
            kept.append(f)
    kept = _merge_cannot(t, sorted(kept))
    can: List[int] = []
    limit: List[int] = []
    hard: set = set()  # levels with a limit that is not soft
    refused: set = set()  # levels from a "can" said not to be possible any more ("爬山不行了")
    first = len(t)
    masked = t
    for start, end, _, _ in kept:  # a negation that belongs to another wording ("can't carry the shopping")
        masked = masked[:start] + " " * (end - start) + masked[end:]
    for start, end, level, says in sorted(kept):
        clause = clause_at(t, start)
        if says != "can" and _PAST_ONLY.search(clause) and not _SINCE.search(clause):
            continue  # "in bed last month" is over; "in bed since the TACE two weeks ago" is not
        negated = says == "can_not" or negated_before(masked, start) or bool(_CANNOT_AFTER.match(masked[end:])) \
            or bool(_TOO_WEAK.search(t[max(0, start - 24):start]))
        says = "can" if says == "can_not" else says
        if negated and says == "can":  # "can't carry the shopping": at least one step further, softly
            says, level = "soft_limit", min(level + 1, len(levels) - 1)
            refused.add(level)
        elif negated:
            says, level = "can", max(level - 1, 0)
        if says == "soft_limit":
            limit.append(level)
            first = min(first, start)
            continue
        (can if says == "can" else limit).append(level)
        if says == "limit":
            hard.add(level)
        first = min(first, start)
    if not can and not limit:
        return
    if limit:
        level = max(limit)
        if can and min(can) == level - 1 and level not in hard and level not in refused:
            # "can't work in the fields, but does light chores": a soft limit (it may be about
            # one job only) gives way to what they still do, one step better.
            add(levels[level - 1], STRONG, "scale: can, with a soft limit", first)
            return
        contradicted = bool(can) and min(can) < level - 1
        # A soft limit alone ("不上班", "no work") may be about one job: read it back.
        unsure = contradicted or (not can and level not in hard)
        add(levels[level], WEAK if unsure else STRONG, "scale: limit", first, clarify=unsure)
        return
    add(levels[min(can)], STRONG, "scale: can", first)


# A named thing used as the topic of what follows ("转移的事情我们不想多说", "as for the spread…"):
# it names what the person will not talk about, not what they have.
_TOPIC_AFTER = re.compile(r"^\s*(的事情|的事|这个事|这块|方面|的问题|这件事|那些事"
                          r"|(?:stuff|things?|question|part|issue|business)(?![a-z]))")
_TOPIC_BEFORE = re.compile(r"(关于|至于|(?<![a-z])(about|regarding|as for|as to)(?: the| his| her| my)?)\s*$")


def _as_topic(t: str, e: _Evidence) -> bool:
    return e.length > 0 and bool(_TOPIC_AFTER.match(t[e.pos + e.length:]) or _TOPIC_BEFORE.search(t[max(0, e.pos - 14):e.pos]))


def excludes(criterion, key: Optional[str]) -> bool:
    """Would recording this option screen the person out (a `does_not_meet` option)?"""
    option = criterion.option(key) if key else None
    return bool(option and option.verdict == "does_not_meet")


def asks_back(t: str) -> bool:
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


# 是啥 / 是什么 ask "what is"; not inside 就是 / 还是 / 但是… ("就是啥活都干不了": "it's just that he
# can do no work at all"), nor when 啥 / 什么 …都 / 也 means "anything / nothing".
_WHAT_IS = r"(?<![就还都也要可但只倒于总老正像算硬凡])是(?:什么|啥)(?![^，。,.?？!！]{0,3}[都也])"
_QUESTION = re.compile(_WHAT_IS + r"|什么意思|啥意思|什么是|会不会|能不能|可不可以|(?<!不)要不要|是不是|[吗么伐]\s*[?？]?\s*$"
                       # a question that ends a clause before the answer: 喂奶是指喂孙子吗 她…, 是一个东西伐 他…
                       r"|[吗伐]\s*[?？,，]|(?<=[\u4e00-\u9fff])[吗伐]\s+(?=[\u4e00-\u9fff])|是指"
                       r"|(?<![a-z])(what is|what's|what does|what do you mean|meaning of|will it|would it|can i|could i|is it)(?![a-z])")  # noqa: E501
_YES_AND_NO = re.compile(r"^\W*(yes|yeah|是|有)\W*(and|or|,|/|也|又)?\W*(no|not really|nope|没有|不是|没)\W*$"
                        r"|(?<![a-z])yes and no(?![a-z])|有也没有|是也不是|说有也有"
                        # two doctors who disagree: the team must hear both
                        r"|一个说.{0,12}一个说|有的说.{0,12}有的说|说法不一样|说法不一|意见不一|两个医生说的不一样"
                        r"|(?<![a-z])one (doctor |surgeon )?(says?|said) .{0,40}(the )?other (one |doctor |surgeon )?(says?|said)"
                        r"|(?<![a-z])doctors? (disagree|don't agree|do not agree)"
                        # it varies: "some days I work, some days I can't get up", 有时候…有时候
                        r"|(?<![a-z])some days\b.{0,60}\bsome days|有时候.{0,20}有时候|有的时候.{0,20}有的时候|时好时坏")
_FUTURE = re.compile(r"(?<![a-z])(will|going to|gonna|soon|next (week|month|year)|plan(ned|ning)? to|booked|scheduled|"
                     r"trying to|trying for|hoping to|want to|haven't started|have not started|not started|not yet started|"
                     r"yet to start)(?![a-z])"
                     r"|准备|打算|要开始|快要|下个月|下周|下礼拜|明年|预约了|将要|备孕|想要个|还没开始|还没吃|还没用|还没打|还没做")


_TO_STOP_BLEEDING = re.compile(r"止血|stop (a|the) bleed|for (a |the )?bleed|because of (a |the )?bleed")
_NOW_TOO = re.compile(r"(?<![a-z])(also|already|too|again)(?![a-z])|已经|也做过|又")
_OTHERS = re.compile(r"(?<![a-z])(my|his|her) (sister|brother|wife|husband|mother|mum|mom|father|dad|son|daughter|friend|"
                     r"neighbou?r|cousin|aunt|uncle|grandma|grandpa|grandmother|grandfather)(?![a-z])"
                     r"|姐姐|妹妹|哥哥|弟弟|邻居|朋友|同事|亲戚|老婆|老公|爱人|媳妇|丈夫|妻子|我妈|我爸|妈妈|爸爸|母亲|父亲|儿子|女儿"
                     r"|奶奶|爷爷|外婆|外公|姑姑|舅舅|阿姨|叔叔")
_SELF_NO = re.compile(r"(?<![a-z])(not me|i don'?t|i do not|i haven'?t|i have not|but not me|i'm fine)(?![a-z])|我没有|我没|我不是|我自己没")  # noqa: E501
_NEG_AFTER_ZH = re.compile(r"^\s*[，,:：]\s*(?:是|结果|都是)?\s*(?:阴性|正常|未见异常|没问题)"  # 类风湿因子，阴性的
                           r"|^(?:\s*[?？]\s*)?(?:[呢吗嘛啊呀的：:]|[^，。,.;；!！?？\s\d]){0,2}?(?:也|都|倒|从来|一直|还|就|是|检查|查了|查过|结果)?\s*(没有|没|么有|无|不是|没得|阴性|未见|未发现|正常|不(?:吃|用|打|服|做|碰|沾))(?!停|断|法|办法|问题|事|关系|啥问题|什么问题|治|好|痊愈|吸收|控制|康复|恢复)")  # noqa: E501
_NEG_AFTER_EN = re.compile(r"^\W{0,3}(?:\?\s*)?(no|none|nope|never|negative|not|nil|normal|clear)(?![a-z])"
                           # a bare "no" that ends the clause, not "X, not Y" (hep C, not B: Y is the one negated)
                           r"(?=\s*(?:[,.;!?，。；！？)]|$|at all|really|either|ever|thanks|thank you|for (?:me|him|her)))"
                           r"|^\W*(?:[a-z']+\W+){0,3}(?:was|were|came back|came out|is|are)\s+(?:all\s+|both\s+)?"
                           r"(negative|normal|clear|fine)")
_OTHER_CANCER = re.compile(r"breast|colon|bowel|rectal|stomach|gastric|lung|thyroid|prostate|lymphoma|leuk|cervical|ovarian|"
                           r"乳腺癌|肠癌|胃癌|肺癌|甲状腺癌|前列腺癌|淋巴瘤|白血病|宫颈癌|卵巢癌|鼻咽癌|食管癌")


def current_only_of(criterion, entry) -> bool:
    if entry is not None and entry.lasting:  # 肾移植十年了: still a transplanted kidney
        return False
    return bool((entry is not None and entry.current_only) or getattr(criterion, "current_only", False))


def negated_after(t: str, end: int) -> bool:
    """"Autoimmune? No.", 肝外没病灶, 抗凝药也没吃, "tested for it, negative": a negation right after.
    After a full stop only a bare "No." counts: "Willing. Not planning more kids" is a new sentence."""
    after = t[end:end + 40]
    if re.match(r"\s*[.!。！]", after) and not re.match(r"\s*[.!。！]\s*(no|nope|none|never|没有|没)\s*[.!。！]?\s*$", after):
        return False
    return bool(_NEG_AFTER_ZH.match(after) or _NEG_AFTER_EN.match(after))


def _someone_else(clause: str, t: str) -> bool:
    """The thing is someone else's (my sister's), and the message says the patient does not have it."""
    return bool(_OTHERS.search(clause) and _SELF_NO.search(t))


# "1 round of TACE, next one booked": a further one planned says the first was done.
_FURTHER = re.compile(r"(?<![a-z])(next one|next round|next session|next cycle|another one|another round|second one|"
                      r"second round|the next)(?![a-z])|下一次|下次|下一个疗程|第二次|再做一次")


def _sentence_after(t: str, pos: int) -> str:
    """The rest of the sentence after pos (up to a full stop): where "…, then stopped" is said."""
    m = re.search(r"[.!?。！？;；]", t[pos:])
    return t[pos:pos + m.start()] if m else t[pos:]


def _other_cancer_treatment(criterion, clause: str, entry) -> bool:
    """Treatment named for another cancer does not count as treatment for this liver cancer."""
    return criterion.id == "prior_cancer_treatment" and bool(_OTHER_CANCER.search(clause))


def _time_of(clause: str, t: str, today) -> "timewords.When":
    """When the named thing happened: its own clause, else the whole message."""
    w = timewords.when(clause, today)
    if not (w.known or w.vague_past or w.long_ago or w.now):
        w = timewords.when(t, today)
    return w


STOPPED, IN_THE_PAST = "stopped", "in the past"
_DUE = re.compile(r"(?<![a-z])(due|expecting|expected)(?![a-z])|预产期|快生了|快要生")


# "Switched from the drip to tablets", 挂了几天水，现在改成吃药了: what came before is over.
_SWITCHED_FROM = re.compile(r"(?<![a-z])(?:switched|changed|moved|went|stepped down|converted|swapped)\s+"
                            r"(?:\w+\s+){0,2}?from\s+(?:(?!(?:to|onto)\s)\w+\s+){0,4}$")
_SWITCHED_TO = re.compile(r"^[^.!?。！？]{0,40}?(?:改成|改为|换成|转成|转为|改吃|改口服|改用)|"
                          r"^\W*(?:\w+\W+){0,6}?(?:switched|changed|moved|stepped down|swapped)\s+(?:\w+\s+){0,2}?(?:to|onto)\s")


def _over(clause: str, after: str, t: str, today, window, start: Optional[int] = None) -> Optional[str]:
    """For a question about now (`current_only`): STOPPED when the thing is said to be stopped
    ("came off it", 停了) or replaced ("switched from IV to tablets"), IN_THE_PAST when it is
    said to be a month or more ago, or in the past without a date (outside a question with its
    own time window), else None."""
    if start is not None and (_SWITCHED_FROM.search(t[max(0, start - 60):start]) or _SWITCHED_TO.search(after)):
        return STOPPED
    if _has(clause, "stopped") or _has(after, "stopped"):
        return STOPPED
    if _DUE.search(clause) or _DUE.search(after):
        return None  # "yes, due in March", 预产期明年三月: a date still to come, about now
    w = _time_of(clause, t, today)
    if not window and not w.now and (w.vague_past or w.long_ago or (w.known and (w.low or 0) >= 1)):
        return IN_THE_PAST
    return None


def _weigh(criterion, t, m, meaning, entry, yes_opt, no_opt, window, today, add, why) -> None:
    """One named thing: negation, "stopped", time window, dose."""
    pos = m.start()
    clause = clause_at(t, pos)
    excluding = excludes(criterion, meaning)
    option = criterion.option(meaning)
    not_meets = excluding or bool(option and option.verdict == "unknown")
    if not_meets and (_someone_else(clause, t) or _other_cancer_treatment(criterion, clause, entry)):
        return  # "my sister has lupus but I don't"; chemo for breast cancer years ago
    if excluding and criterion.id == "prior_cancer_treatment" and _TO_STOP_BLEEDING.search(t):
        add(meaning, STRONG, f"{why} (to stop a bleed?)", pos, clarify=True)  # an embolisation for bleeding
        return
    after = _sentence_after(t, m.end())
    if excluding and (_FUTURE.search(clause) or (_FUTURE.search(after) and not _FURTHER.search(after))) \
            and not _NOW_TOO.search(clause):
        if current_only_of(criterion, entry):
            add(meaning, STRONG, f"{why} (not yet)", pos, clarify=True)
        else:
            add(no_opt.key if no_opt else None, STRONG, f"{why} (planned, not done)", pos)
        return
    if entry is not None and entry.hearsay:
        add(yes_opt.key if yes_opt else None, STRONG, why, pos, clarify=True)
        return
    if entry is not None and entry.requires and not tuple_pattern(entry.requires).search(t) \
            and not (negated_before(t, pos) or negated_after(t, m.end())) and not _only_this_said(t, m) \
            and not (current_only_of(criterion, entry)
                     and _over(clause, after, t, today, window, start=pos) == STOPPED):  # over: for what no matter
        add(meaning, STRONG, f"{why} (what for?)", pos, clarify=True)
        return
    if negated_before(t, pos) or negated_after(t, m.end()):
        if meaning == (yes_opt.key if yes_opt else None) or not_meets or meaning == CLARIFY:
            add(no_opt.key if no_opt else None, STRONG, f"{why} (negated)", pos)
        return
    if meaning == CLARIFY:
        add(yes_opt.key if yes_opt else None, STRONG, why + (_VAGUE if entry is not None and entry.vague else ""), pos,
            clarify=True, length=m.end() - m.start())
        return
    current_only = current_only_of(criterion, entry)
    no_key = no_opt.key if no_opt else None
    if current_only and (excluding or (meaning is not None and meaning != no_key)):
        # "quit" inside the named thing itself ("tried to quit, couldn't", 戒了好几次都没戒掉) says
        # nothing is over: only the words around it are read for that.
        bare = t[:m.start()] + " " * (m.end() - m.start()) + t[m.end():]
        own_clause, own_after = clause_at(bare, pos), _sentence_after(bare, m.end())
        over = _over(own_clause, own_after, t, today, window, start=pos)
        if over == STOPPED and _has(own_clause + " " + own_after, "paused"):
            add(meaning, STRONG, f"{why} (paused?)", pos, clarify=True)  # stopped for a biopsy: it may start again
            return
        if over == STOPPED:
            add(no_key, STRONG, f"{why} (stopped)", pos)
            return
        if over == IN_THE_PAST:
            if excluding:
                add(meaning, STRONG, f"{why} (in the past?)", pos, clarify=True)
            else:  # "last antibiotics over a year ago": over, and nothing is lost by saying so
                add(no_key, STRONG, f"{why} (in the past)", pos)
            return
    if entry is not None and entry.prednisone_factor and excluding:
        if _has(clause, "local_route"):
            add(no_opt.key if no_opt else None, STRONG, f"{why} (not tablets)", pos)
            return
        # The dose may be said in another clause of the sentence ("4 tablets of prednisone a day,
        # 5 mg each"): the whole sentence is read, tablets and milligrams together.
        start = max([0] + [d.end() for d in re.finditer(r"[.!?。！？;；]", t[:m.start()])])
        dose = _dose_mg(clause) or _dose_mg(t[start:m.start()] + _sentence_after(t, m.start()))
        if dose is None:
            add(meaning, STRONG, f"{why} (dose?)", pos, clarify=True)
            return
        add(meaning if dose * entry.prednisone_factor > 10 else (no_opt.key if no_opt else None),
            STRONG, f"{why} ({dose:g} mg)", pos)
        return
    if entry is not None and entry.window_months and excluding:
        w = _time_of(clause, t, today)
        if w.known and w.within(entry.window_months) is not True:  # 去年 may be more than 12 months ago: asked
            add(meaning, STRONG, f"{why} (within {entry.window_months:g} months?)", pos, clarify=True)
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
    add(meaning, STRONG, why, pos, length=m.end() - m.start())


_TIMES_A_DAY = re.compile(r"(twice (?:a|per) day|twice daily|bid|b\.i\.d|2 times (?:a|per) day|(?:一天|每天|每日)(?:两|2)次)"
                          r"|(three times (?:a|per) day|tid|t\.i\.d|3 times (?:a|per) day|(?:一天|每天|每日)(?:三|3)次)")
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
        dose = per * count if tablets else per  # "一天4粒 4mg一粒", "2 tabs of 5 mg": tablets times mg each
        times = _TIMES_A_DAY.search(c)
        return dose * (2 if times.group(1) else 3) if times else dose
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
            after = t[q.end:q.end + 8]
            if 55 <= q.low and q.high <= 110 and (re.match(r"\s*(岁|了|多|years|year|yrs|yr|yo|y/o)", after) or q.end == len(t)
                                                  or re.search(r"(?<![a-z])(is|he's|she's|aged|age)\s*$|今年\s*$", t[:q.start])):
                add("not_applicable", STRONG, "age", q.start)


_GLUCOSE_UNITS = {"mmol/l": "mmol", "mmol": "mmol", "毫摩尔": "mmol", "mg/dl": "mgdl", "mg": "mgdl"}


_NOT_GLUCOSE_AFTER = re.compile(r"\s*(years?|yrs?|months?|weeks?|days?|times?|年|岁|个月|天|次|周|%|kg|公斤|斤)")
_FASTING = re.compile(r"fasting|fasted|before breakfast|empty stomach|morning|fpg|空腹|早上|早晨|饭前|没吃早饭")
_GLUCOSE_WORDS = re.compile(r"sugar|glucose|fasting|fpg|mmol|mg/dl|reading|reads|meter|morning|breakfast"
                            r"|血糖|空腹|糖|毫摩尔|测|量出|查出来|早上|早晨|饭前")


def _glucose(criterion, t: str, add) -> None:
    t = digits_only(t)
    for q in quantities(t, _GLUCOSE_UNITS):
        if q.unit is None and not (_GLUCOSE_WORDS.search(clause_at(t, q.start))
                                   or (_GLUCOSE_WORDS.search(t) and not _NOT_GLUCOSE_AFTER.match(t, q.end))):
            continue  # "30 years ago" is not a glucose value
        if re.search(r"(?<![a-z])type\s*$", t[:q.start]) or re.match(r"\s*型", t[q.end:]):
            continue  # "type 2", 2型糖尿病: the kind of diabetes, not a value
        if re.search(r"(a1c|hba1c|糖化|餐后|饭后|随机|after (meals?|eating)|random)", clause_at(t, q.start)):
            continue  # not a fasting value
        low, high = q.low, q.high
        if q.unit == "mgdl" or (q.unit is None and 60 <= q.value <= 500):
            low, high = low / 18.0, high / 18.0
        elif q.unit is None and not (2 <= q.value <= 35):
            continue
        if high < 10:
            add("controlled", STRONG, "glucose below 10", q.start)
        elif low >= 10 and not _FASTING.search(t):
            add("uncontrolled", STRONG, "glucose 10 or more, fasting?", q.start, clarify=True)
        elif low >= 10:
            add("uncontrolled", STRONG, "glucose 10 or more", q.start)
        else:
            add("controlled", STRONG, "glucose near 10", q.start, clarify=True)


_BP = re.compile(r"(\d{2,3})\s*(?:/|／|over|比)\s*(\d{2,3})")
BP_BELOW = "blood pressure below 140/90"
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
        add("no", WEAK, BP_BELOW, high[2])


_ORDINAL = re.compile(
    r"^(?:(?:option|answer|choice|number|no\.?|#)\s*(\d|one|two|three|four|five)"
    r"|(?:the\s+)?(first|second|third|fourth|fifth|last)(?:\s+(?:one|option|answer|choice|sentence|line))?"
    r"|第\s*([一二三四五1-5])\s*(?:个|项|条|种|句)?|(?:选)\s*(?:第)?\s*([一二三四五1-5])\s*(?:个|项|条|种|句)?"
    r"|ecog\s*(?:评分|分)?\s*[:：]?\s*(\d))\s*(?:吧|啊|呀|的|please|i think)?\s*[.!。！]?$")
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
                  "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


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
                           option=lambda key: next((o for o in options if o.key == key), None),
                           declining_is_no=no_excludes, willingness=no_excludes)  # "I'd rather not answer" to a consent is a no


_CONSENT = _yes_no_question(
    "consent_prescreen", ["agree", "i agree", "consent", "go ahead", "happy to", "fine with me", "ok with me", "同意", "愿意", "可以",  # noqa: E501
                "没问题", "行", "好的", "答应", "give permission", "permission granted", "pass it on", "pass them on",
                "count me in", "go on then", "ask away", "pass it to them", "send it to them", "问吧", "你问吧", "转吧",
                "发给他们", "可以转"],
    ["decline", "disagree", "don't agree", "do not agree", "refuse", "no thanks", "not now", "rather not", "不同意",
     "不愿意", "拒绝", "算了", "不要", "暂时不", "先不", "don't pass", "do not pass", "don't share", "don't send",
     "keep it to yourselves", "免了", "别转", "不要转", "别给", "不要给", "别发", "不想被打扰"])
_CONFIRM = _yes_no_question(
    "confirm_answers", ["right", "correct", "that's right", "all correct", "looks good", "looks right", "accurate",
                        "no changes", "nothing to change", "checks out", "confirmed", "confirm", "all good", "spot on",
                        "对", "没错", "正确", "都对", "对的", "没问题", "不用改", "确认", "没毛病", "无误", "正确无误",
                        "准确无误", "没有错", "没错误", "没有问题", "都没错", "no mistakes", "no errors", "nothing wrong"],
    ["change", "wrong", "mistake", "not right", "incorrect", "edit", "fix", "改", "错了", "不对", "修改", "有误", "有错",
     "重新填", "写错", "填错", "说错"],
    no_excludes=False)  # "no" here opens the change menu: nothing is lost, so it is not read back
STEPS = {"consent_prescreen": _CONSENT, "consent_share": _with_id(_CONSENT, "consent_share"), "confirm_answers": _CONFIRM}
