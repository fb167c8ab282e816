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
from functools import lru_cache
from typing import Any, Dict, List, Optional

from bot.understanding import choice, classifier, relations, timewords
from bot.understanding.lexicon import words_pattern
from bot.understanding.parsing import (
    NOT_SURE,
    PREFER_NOT,
    Parsed,
    exact_option,
    is_command_like,
    national_number,
    normalize,
    parse_contact_time,
    parse_name,
    parse_phone,
    uncertainty,
)

ANSWER, CHECK, UNCLEAR = "answer", "check", "unclear"

# The classifier (text + what the rules read) must be this sure to record an answer; an
# answer that excludes also needs a strong rule reading that agrees, or RECORD_EXCLUSION.
RECORD = 0.5
RECORD_EXCLUSION = 0.95
# An answer that excludes, with a strong rule reading that agrees, still needs this much.
# Chosen by 5-fold cross-validation on the training split: from 0.7/0.9 to 0.8/0.95, wrong
# exclusions fell from 10 to 7 for 1.2 points of answers read right at the first try.
RECORD_EXCLUSION_WITH_RULE = 0.8
# With a rule reading that agrees, this is enough for an answer that does not exclude.
OFFER = 0.3
NOT_SURE_MIN = 0.35
# A number the rules read is read back when the classifier is this sure it needs asking.
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
        reading = _read_choice(criterion, t, today)
        option = criterion.option(reading.value) if reading.kind == ANSWER and isinstance(reading.value, str) else None
        if option is not None and getattr(option, "read_back", False) and reading.why != "button":
            return Reading(CHECK, reading.value, reading.confidence, why=reading.why + " (read back: the team decides)",
                           probabilities=reading.probabilities)
        return reading
    return _read_number(criterion, text, t, today)


# ----------------------------------------------------------------------------------
# Numbers
# ----------------------------------------------------------------------------------


def _read_number(criterion, text: str, t: str, today: date) -> Reading:
    from bot.understanding.parsing import parse_age, parse_count, parse_size_cm, parse_viral_load

    exact = t.strip(" .!。！")
    if exact in (NOT_SURE, PREFER_NOT):
        return Reading(ANSWER, exact, why="button")
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
        return Reading(ANSWER, unsure, why="not sure or prefer not")
    if unsure and parsed.ok:
        return Reading(CHECK, parsed.value, why="a number with 'not sure'", probabilities=probs)
    if not parsed.ok:
        if top == NOT_SURE and p >= RECORD:
            return Reading(ANSWER, NOT_SURE, p, why="classifier", probabilities=probs)
        return Reading(UNCLEAR, problem=parsed.problem, why="no number", probabilities=probs)
    if parsed.value == NOT_SURE:
        # "several", 多发, 好几个: a nurse asks about how many (the hint says "not sure" is fine)
        return Reading(UNCLEAR, problem="count_many", why="many, no number", probabilities=probs)
    if parsed.check or _hedged(t) or (kind == "viral_load" and words_pattern("before_treatment").search(t)):
        return Reading(CHECK, parsed.value, why="read back: hedge, bare number or several readings", probabilities=probs)
    if choice.asks_back(t) or (kind in ("size_cm", "count") and (words_pattern("old_figure").search(t)
                                                                   or timewords.older_than_figure(t, today))):
        # "Is the tumour thrombus counted as one?", "4 cm in March, but it has grown since":
        # a number inside a question, or not today's figure, is read back, never recorded as given.
        return Reading(CHECK, parsed.value, why="read back: a question, or not today's figure", probabilities=probs)
    if top == "clarify" and p >= OVERRULE:
        return Reading(CHECK, parsed.value, p, why="classifier unsure", probabilities=probs)
    return Reading(ANSWER, parsed.value, why="number", probabilities=probs)


def _hedged(t: str) -> bool:
    m = choice.hedge_in(t)
    return bool(m) and not re.search(r"左右|大概|大约|约|about|around|approximately|roughly", t)


# ----------------------------------------------------------------------------------
# Choices
# ----------------------------------------------------------------------------------


def _read_choice(criterion, t: str, today: date) -> Reading:
    """Rules first (they also feed the classifier), then one decision on the classifier's
    calibrated reading of text + rules, with a stricter bar for answers that exclude."""
    exact = exact_option(t, criterion)
    if exact:
        return Reading(ANSWER, exact, why="button")
    if any(getattr(o, "about", None) for o in criterion.options):
        return _read_respondent(criterion, t)
    ordinal = choice.ordinal_option(criterion, t)
    if ordinal:
        return Reading(ANSWER, ordinal, why="option by its number")
    candidate = choice.read_choice(criterion, t, today)
    if candidate is not None and candidate.why == choice.QUESTION_NOT_ANSWER:
        # A question asked back ("where is the hospital?", 会不会痛): answered as a question
        # by the form, then the question comes again. Never read as an answer.
        return Reading(UNCLEAR, problem="not_understood", why=candidate.why)
    probs = classifier.probabilities(criterion.id, t, candidate)
    # "I'd rather not say" is recorded as said for every question (the team sees it; the verdict
    # is unknown); only sensitive questions offer it as a button.
    options = {o.key for o in criterion.options} | {NOT_SURE, PREFER_NOT}

    def excluding(key: Optional[str]) -> bool:
        return choice.excludes(criterion, key)

    def best_option() -> Optional[str]:
        ranked = sorted(((v, k) for k, v in probs.items() if k in options and k != NOT_SURE), reverse=True)
        return ranked[0][1] if ranked and ranked[0][0] >= 0.1 else None

    rule_key = candidate.key if candidate is not None and not candidate.clarify else None
    if not probs:  # no model for this question: rules alone
        if rule_key and (candidate.strength == choice.STRONG or not excluding(rule_key)):
            return Reading(ANSWER, rule_key, why=f"rule ({candidate.why})")
        if candidate is not None and candidate.key:
            return Reading(CHECK, candidate.key, why=f"rule ({candidate.why})")
        return Reading(UNCLEAR, problem="not_understood", why="nothing found")
    top, p = _top(probs)
    why = f"classifier {top} {p:.2f}; rule {candidate.key if candidate else None}"
    if candidate is not None and candidate.clarify and candidate.key not in (None, NOT_SURE, PREFER_NOT):
        # The rules found a hedge, a missing time or dose, an antiplatelet…: read it back.
        return Reading(CHECK, candidate.key, p, why=why + f" ({candidate.why})", probabilities=probs)
    if candidate is not None and candidate.clarify and candidate.key is None:
        # Two named answers that disagree, or a thing that needs asking ("on metformin": the
        # sugar?): the classifier may propose, never record.
        proposal = best_option()
        if proposal:
            return Reading(CHECK, proposal, p, why=why + f" ({candidate.why})", probabilities=probs)
        return Reading(UNCLEAR, problem="not_understood", why=why + f" ({candidate.why})", probabilities=probs)
    if top == "clarify" or top not in options:
        proposal = (candidate.key if candidate is not None and candidate.key not in (None, NOT_SURE, PREFER_NOT)
                    else best_option())
        if proposal:
            return Reading(CHECK, proposal, p, why=why, probabilities=probs)
        return Reading(UNCLEAR, problem="not_understood", why=why, probabilities=probs)
    if top in (NOT_SURE, PREFER_NOT):
        if p >= NOT_SURE_MIN or (candidate is not None and candidate.key == top):
            return Reading(ANSWER, top, p, why=why, probabilities=probs)
        proposal = best_option()
        return Reading(CHECK, proposal, p, why=why, probabilities=probs) if proposal else \
            Reading(UNCLEAR, problem="not_understood", why=why, probabilities=probs)
    rule_agrees = rule_key == top
    if excluding(top):
        if (rule_agrees and candidate.strength == choice.STRONG and p >= RECORD_EXCLUSION_WITH_RULE) or p >= RECORD_EXCLUSION:
            return Reading(ANSWER, top, p, why=why, probabilities=probs)
        return Reading(CHECK, top, p, why=why + " (excludes: read back)", probabilities=probs)
    if p >= RECORD or (rule_agrees and p >= OFFER):
        return Reading(ANSWER, top, p, why=why, probabilities=probs)
    return Reading(CHECK, top, p, why=why, probabilities=probs)


def _read_respondent(criterion, t: str) -> Reading:
    """Who the patient is ("for my dad", 我是她儿媳妇). It never excludes anyone; a relation the
    rules are unsure of, or only the classifier proposes, is read back."""
    found = relations.read(criterion, t)
    if found.key is not None and found.sure:
        return Reading(ANSWER, found.key, why=f"relation ({found.why})")
    if words_pattern("prefer_not").search(t) or uncertainty(t) == PREFER_NOT:
        return Reading(ANSWER, PREFER_NOT, why="prefer not to say")
    if found.key is None and uncertainty(t) == NOT_SURE:
        # Not a button, but never a dead end: the questions then speak to the person typing.
        return Reading(ANSWER, NOT_SURE, why="not sure")
    if found.key is not None:
        return Reading(CHECK, found.key, why=f"relation ({found.why})")
    probs = classifier.probabilities(criterion.id, t)
    top, p = _top(probs)
    if top in {o.key for o in criterion.options} and p >= RECORD and not found.why.startswith("two "):
        return Reading(CHECK, top, p, why=f"classifier {top} {p:.2f} ({found.why})", probabilities=probs)
    return Reading(UNCLEAR, problem="not_understood", why=found.why, probabilities=probs)


def _top(probs: Dict[str, float]):
    if not probs:
        return None, 0.0
    label = max(probs, key=probs.get)
    return label, probs[label]


# ----------------------------------------------------------------------------------
# Consent, summary and hand-off
# ----------------------------------------------------------------------------------


def read_step(step: str, text: Any) -> Reading:
    """Read an answer at a step that is not a criterion: consents, the summary, contact details."""
    if not isinstance(text, str) or not normalize(text) or is_command_like(text):
        return Reading(UNCLEAR, problem="not_understood", why="empty or command")
    t = normalize(text)
    if step in choice.STEPS:
        question = choice.STEPS[step]
        if t in ("agree", "decline", "yes", "no", "change"):
            return Reading(ANSWER, "yes" if t in ("agree", "yes") else "no", why="button")
        return _read_choice(question, t, date.today())
    if step == "contact_phone":
        return _phone(text)
    if step == "contact_name":
        return _name(text)
    if step == "contact_time":
        parsed = parse_contact_time(text)
        return Reading(ANSWER, parsed.value) if parsed.ok else Reading(UNCLEAR, problem=parsed.problem)
    return Reading(UNCLEAR, problem="not_understood")


_PHONE_RUN = re.compile(r"\+?\d[\d\s\-().]{5,22}\d")


_SPOKEN_DIGITS = {"zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
                  "six": "6", "seven": "7", "eight": "8", "nine": "9"}
_SPOKEN_RUN = re.compile(r"(?<![a-z])(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|o)(?![a-z])[\s,.-]*){7,}", re.I)
# "ext 206", 转8012, 分机206: the extension is kept with the number, the coordinator dials it.
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|转|分机)\s*(\d{1,6})", re.I)


def _phone(text: str) -> Reading:
    """A phone number, also inside a sentence ("call me on 138 1234 5678, after 5pm"), said in
    words (幺三八…, "one three eight oh…"), with an extension ("ext 206", 转8012). A mobile number
    in China has 11 digits: one with 10 or 12 is asked again, never stored wrong."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"[零〇一二三四五六七八九幺]", lambda m: str("零一二三四五六七八九".find(m.group()) if m.group() not in "〇幺"
                                                   else (0 if m.group() == "〇" else 1)), t)
    t = _SPOKEN_RUN.sub(lambda m: "".join(_SPOKEN_DIGITS[w.lower()] for w in re.findall(r"[a-z]+", m.group(), re.I)) + " ", t)
    extension = _EXTENSION.search(t)
    if extension:
        t = t[:extension.start()] + " " + t[extension.end():]
    runs = [m.group() for m in _PHONE_RUN.finditer(t) if 7 <= len(re.sub(r"\D", "", m.group())) <= 15]
    if len(runs) == 1:
        parsed: Parsed = parse_phone(runs[0].strip())
        if parsed.ok:
            national = national_number(parsed.value)
            if national.startswith("1") and len(national) != 11:
                return Reading(UNCLEAR, problem="phone", why="a mobile number with a digit missing or extra")
            value = ("+86" + national) if national != parsed.value else parsed.value
            return Reading(ANSWER, value + (f"ext{extension.group(1)}" if extension else ""), why="phone number")
    if len(runs) > 1:
        return Reading(UNCLEAR, problem="phone", why="two numbers")
    return Reading(UNCLEAR, problem="phone", why="no phone number")


_KIN_EN = (r"(?:son|daughter|wife|husband|niece|nephew|grandson|granddaughter|brother|sister|son-in-law|"
           r"daughter-in-law|mother-in-law|father-in-law|mum|mom|mother|dad|father|cousin|aunt|uncle|partner)")
_KIN_ZH = (r"(?:女儿|儿子|老公|老婆|妈妈?|爸爸?|爱人|女婿|儿媳妇?|媳妇|哥哥?|姐姐?|弟弟?|妹妹?|孙子|孙女|外孙女?|侄子|侄女|"
           r"外甥女?|老伴|丈夫|妻子|先生|太太|小孩|孩子)")
_NAME_PREFIX = re.compile(
    r"^(?:(?:just say .* and ask for|(?:(?:just |please |pls |you can |u can |then )*(?:call me|ask for|say))|"
    r"(?:call|phone|ring|ask for|speak to|talk to) (?:my|his|her) " + _KIN_EN + r",?|"
    r"(?:my|his|her) (?:full |chinese |english )?name is|(?:my|his|her) (?:full )?name's|full name is|full name:|"
    r"my name is|my name's|name is|name:|i am|i'm|im|this is|it's for my \w+|it's|its)\s+"
    r"(?:(?:his|her|the patient's|the) " + _KIN_EN + r",?\s+)?"
    r"|(?:yes|yeah|ok|okay|sure)[,\s]+"
    r"|(?:你们?就?说找|我叫|我是(?:他|她|病人)?的?" + _KIN_ZH + r"?|叫我|名字就?写[^，,]*的|名字是|名字叫|姓名[:：]?|"
    r"(?:请|就|打电话|电话)?找(?:(?:我|他|她)的?" + _KIN_ZH + r")?|"
    r"(?:打给|打电话给|联系)(?:(?:我|他|她)的?" + _KIN_ZH + r")?|叫)\s*)",
    re.I)
_NAME_SUFFIX = re.compile(r"\s*(?:好了|就行|就好|就可以|吧|啊|呀|的|谢谢|thanks|thank you|please|is fine|will do)"
                          r"[。.!！]*$", re.I)
# A title before a full name is not part of it ("Mr. Feng Zhiqiang"); before a surname alone it
# is how the person wants to be asked for ("Mrs Gao", "Auntie Ding").
_HONORIFICS = ("mr", "mrs", "ms", "miss", "dr", "doctor")
_TITLE = re.compile(r"^(?:" + "|".join(_HONORIFICS) + r")\.?\s+(?=\S+\s+\S)", re.I)
_KIN_TITLES = ("auntie", "aunty", "aunt", "uncle", "grandma", "granny", "grandpa", "sister", "brother") + _HONORIFICS
# Clauses: commas and semicolons, and a full stop that ends a sentence (not after an abbreviated
# title, "Mrs. Zhao", nor inside "U.S.").
_NAME_CLAUSES = re.compile(r"[,，;；。—–]|\s-\s|(?<![a-z]\.[a-z])" + "".join(rf"(?<!\b{h})" for h in _HONORIFICS if len(h) <= 3)
                           + r"\.(?:\s|$)", re.I)
_NAME_PARTS = re.compile(r"[(（]|(?<![a-z])(?:and|that's me|who|the patient|patient's|i'm|im|i am|his|her)(?![a-z])", re.I)
_RELATION_ONLY = re.compile(r"^(我|本人|病人自己|患者本人|me|myself|the patient|我儿子|我女儿|我老公|我老婆)$", re.I)


_TWO_NAMES = re.compile(r"^[^/／]{1,30}\s*[/／]\s*[^/／]{1,30}$|(?<![a-z])(me|him|her) or (my|his|her) \w+|或者")
_NOT_A_NAME = re.compile(r"^(yes|yeah|yep|ok|okay|sure|fine|no|好的|好|可以|行|嗯|是的)$", re.I)
# Lower-case names typed in pinyin ("yao fang", "chen xiaoyan"): every word is pinyin syllables.
_PINYIN = re.compile(r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|"
                     r"ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v))+$")


def _pinyin_name(words: List[str]) -> bool:
    return 2 <= len(words) <= 3 and all(_PINYIN.match(w.lower()) for w in words)


@lru_cache(maxsize=1)
def _english_words() -> frozenset:
    """Common English words, never a name typed in lower case ("no thanks", "ask him")."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | {"thanks", "ok", "okay", "yes", "yeah", "sure", "please", "call", "ask",
                                            "phone", "number", "name", "patient", "son", "daughter", "wife", "husband"}


def _cjk_name(name: str) -> Optional[str]:
    """A Chinese name of one to four characters, or None. Parts split by spaces are tried when
    the whole is not one ("蔡敏 病人女儿"), the first that is a name wins ("王 小明" is one)."""
    def ok(n: str) -> bool:
        cjk = re.findall(r"[\u4e00-\u9fff]", n)
        return 1 <= len(cjk) <= 4 and not re.search(r"[我他她的是了在都病不没]", n) and len(n.replace(" ", "")) <= 5

    if ok(name):
        return name.replace(" ", "")
    return next((part for part in name.split() if ok(part)), None)


def _name(text: str) -> Reading:
    """The name to ask for, also from a sentence ("I am Feng Wei, patient's husband",
    找我女儿楼佳佳，她比较懂, 叫我潘阿姨好了); a whole sentence is never stored as a name."""
    raw = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip(" .。!！,，")
    if "?" in raw or "？" in raw or re.search(r"干嘛|为什么|(?<![a-z])why(?![a-z])", raw, re.I):
        return Reading(UNCLEAR, problem="name", why="a question")
    if uncertainty(raw) == PREFER_NOT:
        return Reading(UNCLEAR, problem="name", why="no name given")  # 保密, "rather not": asked again, gently
    if _TWO_NAMES.search(raw):
        return Reading(UNCLEAR, problem="name", why="two names")  # "Tom / Sue", "me or my brother": which one?
    raw = re.sub(r"[^\w\s.,，;；。!！'’()（）:：-]", " ", raw).strip()  # emoji and symbols
    found: List[str] = []
    for clause in [c.strip() for c in _NAME_CLAUSES.split(raw) if c and c.strip()]:
        name = _NAME_PREFIX.sub("", clause)
        introduced = name != clause  # "ask for mary": a name said as one, even in lower case
        name = _NAME_PARTS.split(name)[0]
        name = _NAME_SUFFIX.sub("", name).strip(" .。!！,，")
        name = _TITLE.sub("", name)
        surname = re.fullmatch(r"(?:免贵)?姓\s*([\u4e00-\u9fff])", name)
        if surname:
            name = surname.group(1)
        if not name or _RELATION_ONLY.match(name) or _NOT_A_NAME.match(name):
            continue
        if name.isascii():
            words = name.split()
            titled = words[:1] and words[0].lower().rstrip(".") in _KIN_TITLES
            capitalised = all(w[:1].isupper() for w in words[1 if titled else 0:])
            lower_ok = (introduced or _pinyin_name(words)) and not any(w.lower() in _english_words() for w in words)
            if not 1 <= len(words) <= 3 or not (capitalised or lower_ok):
                continue
        else:
            name = _cjk_name(name)
            if name is None:
                continue
        parsed = parse_name(name)
        if parsed.ok:
            found.append(parsed.value)
    if found:
        # "Tang, Tang Yu", "It's Lin. Lin Qiaoling": the fuller form of the same name
        first = found[0]
        fuller = next((n for n in found[1:] if len(n) > len(first) and n.lower().startswith(first.lower())), first)
        return Reading(ANSWER, fuller, why="name")
    return Reading(UNCLEAR, problem="name", why="not a name")
