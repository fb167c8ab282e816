"""Emergencies described in a message (spec section 5), English and Chinese: the check that
runs first on every message at every step.

Fixed rules from a reviewed word list (lexicons/redflags.yml), no model. A symptom that is
mentioned counts as an emergency happening now unless the message says otherwise:
- negated in its own clause (没有吐血, "no black stools"); a negation that belongs to the
  symptom ("can't breathe", 止不住, 叫不醒) never cancels it;
- clearly in the past (weeks, months or years ago, 以前, 去年, 吐过血) with nothing saying
  it is happening now ("today", "again", 又, 刚才, minutes or hours ago are now);
- hypothetical ("if he faints later…", 万一) or a question about the symptom ("is black
  stool dangerous?"): no stop, but the warning signs and 120 are shown;
- confusion about the form itself ("confused by this question", 被这个问题搞糊涂了).
When unsure, it is an emergency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from bot.understanding import timewords
from bot.understanding.parsing import normalize

LEXICON = Path(__file__).resolve().parent / "lexicons" / "redflags.yml"

NOW, HISTORY, QUESTION = "now", "history", "question"
SELF_HARM = "self_harm"

_GAP_EN = r"(?:[\s'/-]+(?!(?:not|no|never|don't|didn't|isn't|wasn't|hasn't|haven't)\b)[\w']+){0,5}[\s'/-]+"
_GAP_ZH = r"[^，。,.;；!！?？不没无未别]{0,10}?"
_CLAUSE = re.compile(r"[,.;!?，。；！？\n]|(?<![a-z])(?:but|however|though|although)(?![a-z])|但是|不过|可是|但"
                     r"|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


@dataclass(frozen=True)
class RedFlag:
    """What the check found. `status`: now (an emergency), history, or question."""

    category: str
    status: str
    criterion: Optional[str]  # where a past event counts, if anywhere
    explicitly_now: bool = False

    @property
    def in_past(self) -> bool:
        return self.status == HISTORY

    @property
    def is_emergency(self) -> bool:
        return self.status == NOW


@dataclass(frozen=True)
class _Category:
    name: str
    criterion: Optional[str]
    strong: Tuple[re.Pattern, ...]
    weak: Tuple[re.Pattern, ...]
    needs: Tuple[Tuple[re.Pattern, ...], ...]
    signs: Tuple[re.Pattern, ...]


def _compile(pattern: str, english: bool = False) -> re.Pattern:
    """English patterns start at a word boundary ("faint" is not found in "affaint")."""
    body = pattern.replace("{w}", _GAP_EN).replace("{g}", _GAP_ZH)
    return re.compile(r"(?<![a-z])(?:" + body + ")" if english else body)


def _both(node) -> List[Tuple[str, bool]]:
    if not node:
        return []
    return [(p, True) for p in node.get("en") or []] + [(p, False) for p in node.get("zh") or []]


@lru_cache(maxsize=1)
def _lexicon() -> Tuple[Tuple[_Category, ...], Dict[str, object]]:
    with LEXICON.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    categories = []
    for name, spec in data["categories"].items():
        categories.append(_Category(
            name=name,
            criterion=spec.get("criterion"),
            strong=tuple(_compile(p, en) for p, en in _both(spec.get("strong"))),
            weak=tuple(_compile(p, en) for p, en in _both(spec.get("weak"))),
            needs=tuple(tuple(_compile(p, en) for p, en in _both(group)) for group in spec.get("needs") or []),
            signs=tuple(_compile(p, en) for p, en in _both(spec.get("signs"))),
        ))
    extra = {
        "negation_en": tuple(data["negation"]["en"]),
        "negation_zh": tuple(data["negation"]["zh"]),
        "not_negation": tuple(w.lower() for w, _ in _both(data["not_negation"])),
        "hypothetical": tuple(w.lower() for w, _ in _both(data["hypothetical"])),
        "question": tuple(w.lower() for w, _ in _both(data["question"])),
        "form_confusion": tuple(_compile(p, en) for p, en in _both(data["form_confusion"])),
        "mild": tuple(w.lower() for w, _ in _both(data["mild"])),
        "not_mild": tuple(w.lower() for w, _ in _both(data["not_mild"])),
        "generic": tuple(w.lower() for w, _ in _both(data["generic"])),
        "over_since": tuple(w.lower() for w, _ in _both(data["over_since"])),
        "urgent_ask": tuple(w.lower() for w, _ in _both(data["urgent_ask"])),
        "not_hypothetical": tuple(w.lower() for w, _ in _both(data["not_hypothetical"])),
        "outsiders": tuple(_compile(p, en) for p, en in _both(data["outsiders"])),
        "family_fine": tuple(_compile(p, en) for p, en in _both(data["family_fine"])),
        "figures": tuple(_compile(p, en) for p, en in _both(data["figures"])),
        "particles": re.compile("(" + "|".join(map(re.escape, data["question_particles"])) + r")(?=\s*(?:[,.;!?，。；！？~～]|$))"),  # noqa: E501
    }
    return tuple(categories), extra


def criterion_for(category: Optional[str]) -> Optional[str]:
    return next((c.criterion for c in _lexicon()[0] if c.name == category), None)


# ----------------------------------------------------------------------------------


# The statistical second opinion (bot/understanding/classifier.py, trained on the red-flag
# corpus's training split) raises an alarm where the word list found no symptom at all, or
# overrules the word list when it is very sure. It never silences the word list.
NO_MENTION_ALARM = 0.6
OVERRULE_ALARM = 0.9
# A symptom the word list read as a question or as history ("叫不醒 拍脸也不醒 是不是肝昏迷",
# "he fainted at the registration desk, now sitting down") is an emergency when the second
# opinion is this sure. Chosen by 5-fold cross-validation on the training split: it caught all
# 17 such emergencies the rules had read as a question or history (recall 98.5 % -> 99.3 %) for
# 18 more false alarms among 1,772 look-alikes (3.9 % -> 5.0 %); a false alarm costs a tap
# ("This happened in the past"), a missed emergency may cost a life.
QUESTION_OR_HISTORY_ALARM = 0.6


def detect(text: object) -> Optional[RedFlag]:
    """The most urgent reading of the message: an emergency now wins over a question, a
    question over history. None when no red-flag symptom is described. Never raises."""
    t = normalize(text)
    if not t:
        return None
    cats, extra = _lexicon()
    found: List[RedFlag] = []
    mentioned = False
    for cat in cats:
        for start, end, strength in _mentions(cat, t):
            mentioned = True
            status = _status(t, start, end, strength, cat, extra)
            if status:
                found.append(RedFlag(cat.name, status, cat.criterion, timewords.says_now(_clause(t, start, end))))
    if not any(f.is_emergency for f in found) and not about_the_form(t) and len(t) >= 4:
        p, category = _second_opinion(t)
        if p >= OVERRULE_ALARM or (not mentioned and p >= NO_MENTION_ALARM) or (found and p >= QUESTION_OR_HISTORY_ALARM):
            found.append(RedFlag(category or "reported", NOW, criterion_for(category)))
    if not found:
        return None
    rank = {NOW: 0, QUESTION: 1, HISTORY: 2}
    found.sort(key=lambda f: (rank[f.status], f.category != SELF_HARM))
    return found[0]


def _second_opinion(t: str):
    from bot.understanding import classifier

    try:
        return classifier.emergency_probability(t)
    except Exception:  # noqa: BLE001 - the word list still answers
        return 0.0, None


def about_the_form(text: object) -> bool:
    """"I'm confused by this question", 被这个问题搞糊涂了: trouble with the form, not a symptom."""
    t = normalize(text)
    return bool(t) and any(p.search(t) for p in _lexicon()[1]["form_confusion"])


def _mentions(cat: _Category, t: str) -> List[Tuple[int, int, str]]:
    spans: List[Tuple[int, int, str]] = []
    for pattern in cat.strong:
        spans += [(m.start(), m.end(), "strong") for m in pattern.finditer(t) if m.end() > m.start()]
    for pattern in cat.weak:
        spans += [(m.start(), m.end(), "weak") for m in pattern.finditer(t) if m.end() > m.start()]
    if cat.needs:
        extra = _lexicon()[1]
        hits = [[m for p in group for m in p.finditer(t)
                 if m.end() > m.start() and not _negated(_before(t, m.start()), m.group(), extra)]
                for group in cat.needs]
        if all(hits):
            first = min((m for group in hits for m in group), key=lambda m: m.start())
            spans.append((first.start(), first.end(), "strong"))
    if cat.signs:
        hits = [next(p.finditer(t), None) for p in cat.signs]
        present = [m for m in hits if m is not None]
        if len(present) >= 2:
            first = min(present, key=lambda m: m.start())
            spans.append((first.start(), first.end(), "strong"))
    return spans


def _clause(t: str, start: int, end: int) -> str:
    left = _clause_start(t, start)
    right = next((m.start() for m in _CLAUSE.finditer(t, end)), len(t))
    return t[left:right]


def _before(t: str, start: int) -> str:
    return t[_clause_start(t, start):start]


def _clause_start(t: str, start: int) -> int:
    """Where the clause holding position `start` begins (the whole text is searched: a
    break such as the space in 没有力气 叫不醒 looks ahead at the mention itself)."""
    return max((m.end() for m in _CLAUSE.finditer(t) if m.end() <= start), default=0)


def _status(t: str, start: int, end: int, strength: str, cat: _Category, extra) -> Optional[str]:
    clause = _clause(t, start, end)
    mention = t[start:end]
    if _negated(_before(t, start), mention, extra) or _negated_within(cat, mention) or _negated_after(t, end):
        return None
    if _quoted_from_the_form(t, start, end):
        return None  # 是否有"黑便"——是问现在还是以前, 那个昏迷的选项选"否": the form's own words
    if cat.name == "confusion" and any(p.search(t) for p in extra["form_confusion"]):
        if _form_confusion_at(t, start, end, extra) or not _SOMEONE_ELSE.search(t):
            return None
    sentence = _sentence(t, start, end)
    if _said_of(extra["outsiders"], t, start) or any(_covers(p, sentence, mention) for p in extra["figures"]):
        return None  # "our neighbour vomited blood last night", 这表格填得我快吐血了, 以为他晕过去了，其实是睡着了
    # Clauses that say it is over ("现在早就好了", "fine ever since") say nothing is happening now.
    rest = _without_over(t, extra)
    # Self-harm: "is it normal to want to die? because I do, right now" — the whole message counts.
    present = timewords.says_present(rest if cat.name == SELF_HARM else clause)
    hypothetical = _has(_blank(_without(sentence, extra["not_hypothetical"]), sentence.find(mention), len(mention)),
                        extra["hypothetical"])
    own_time = _has_own_time(clause)
    now = timewords.says_now(clause) or (timewords.says_now(rest) and not own_time and not hypothetical)
    if strength == "weak" and not (now or _severe(clause)):
        return None
    if cat.name == "fainting" and re.search(r"from hunger|starving|haha|lol|饿晕|饿得|哈哈", clause):
        return None  # "I'm fainting from hunger haha": a figure of speech
    if cat.name in ("breathing", "severe_belly_pain", "chest_pain", "jaundice_sudden") and not present \
            and _mild(t, start, clause, extra, mention) and not _has(clause, extra["not_mild"]):
        return None
    if cat.name == SELF_HARM and (_MEANS.search(t) or _INTENT.search(clause.replace(mention, " "))) \
            and not _dated_past(clause if own_time else t):
        # A plan or the means at hand (pills saved up, "is the bridge high enough", 准备明天去水库)
        # is a warning now, even said as "some day" or inside a question.
        return NOW
    nobody_before = not _reports(_ASKER.sub(" ", t[max(0, start - 24):start]))
    if (hypothetical or (_has(sentence, extra["generic"]) and nobody_before)) and not present:
        # "if he faints again…", "why would someone with cirrhosis keep fainting?", 电视上说会吐血
        return QUESTION if _is_question(t, extra) or hypothetical else None
    # A question word inside the symptom's own words (活着有什么意思) is not a question about it.
    asked = _is_question(_without_echo(t, start)[:start] + " " * (end - start) + t[end:], extra)
    if asked and not now and not _has(t, extra["urgent_ask"]) and (nobody_before or not _reports(clause)):
        # "is black stool dangerous?", "does vomiting blood include streaks when I brush my
        # teeth?": asked about, nobody said to have it (a plea for help is never only a question)
        return QUESTION
    if not present and _has(t, extra["over_since"]) and _has_past(t):
        return HISTORY  # "in 2023 … threw up blood … not one drop since": over, not now
    if cat.name == SELF_HARM and (_INTENT.search(clause.replace(mention, " ")) or not _dated_past(clause if own_time else t)):
        # a wish or plan to die is about now ("I'm going to end it once I've finished this"), unless
        # it is dated in the past and nothing says it is back ("刚确诊的时候有过不想活的念头 现在心态好多了")
        return NOW
    when = timewords.when(clause) if _has_own_time(clause) else timewords.when(t)
    if not now and (when.known and (when.low or 0) > timewords.RECENT_MONTHS or when.vague_past or when.long_ago):
        return HISTORY
    if not now and not when.known and re.search(r"(?<!不)过(?![来去气起])", mention + t[end:end + 1]):
        return HISTORY  # 吐过血, 晕倒过: has happened, not said to be now
    return NOW


_MEANS = re.compile(r"(?<![a-z])(stockpil\w*|saved up|saving up|hoard\w*|rope|bridge|rooftop|roof|ledge|balcony|railway|"
                    r"train tracks|knife|blade|razor|sleeping pills|overdose|high enough)(?![a-z])"
                    r"|攒|囤|存了|安眠药|绳子|桥|楼顶|天台|阳台|水库|河边|江边|铁轨|刀片|农药|敌敌畏|百草枯|够高")
_INTENT = re.compile(r"(?<![a-z])(going to|gonna|will|tonight|right now|planning|plan to|about to|ready to)(?![a-z])|'ll"
                     r"|今晚|今天|现在就|马上|打算|准备")


def _dated_past(text: str) -> bool:
    """Said to be in the past: years ago, "back then", 那阵子, 刚确诊的时候."""
    w = timewords.when(text)
    if w.long_ago or w.vague_past or (w.known and (w.low or 0) > timewords.RECENT_MONTHS):
        return True
    return bool(_BACK_THEN.search(text))


_BACK_THEN = re.compile(r"那阵子|那时|当时|的时候|刚确诊|刚知道"
                        r"|(?<![a-z])(back then|at the time|at first|in the beginning)(?![a-z])")


_SOMEONE_ELSE = re.compile(r"(?<![a-z])(he|she|dad|mum|mom|father|mother|husband|wife)(?![a-z])"
                           r"|他|她|爸|妈|公公|婆婆|老公|老婆|老人")


def _said_of(outsiders, t: str, start: int) -> bool:
    """The symptom belongs to someone outside the family ("our neighbour…", 隔壁床的阿姨…,
    同事他爸…): the last person named before it in its sentence is an outsider, and nobody of
    the family or the writer is named between them."""
    left = max([0] + [m.end() for m in re.finditer(r"[.!?。！？;；]", t[:start])])
    before = t[left:start]
    last = None
    for p in outsiders:
        for m in p.finditer(before):
            if last is None or m.end() > last.end():
                last = m
    if last is None or _reports(before[last.end():]):
        return False
    # Missing an emergency is the worst error: only when the message names nobody of the
    # family (nor the writer), or says the family member is fine, is it the outsider's alone.
    others = t
    for p in outsiders:
        others = p.sub(lambda m: " " * len(m.group()), others)
    return not _reports(others) or any(p.search(t) for p in _lexicon()[1]["family_fine"])


def _blank(t: str, at: int, length: int) -> str:
    """The text with `length` characters from `at` blanked (nothing when `at` is -1)."""
    return t if at < 0 else t[:at] + " " * length + t[at + length:]


def _without(t: str, phrases) -> str:
    """The text with these phrases blanked ("don't know if" before looking for "if")."""
    for phrase in phrases:
        t = t.replace(phrase, " " * len(phrase))
    return t


def _covers(pattern: "re.Pattern[str]", sentence: str, mention: str) -> bool:
    """A figure-of-speech match that holds the mention (快吐血了 holds 吐血)."""
    return any(mention in m.group() or m.group() in mention for m in pattern.finditer(sentence))


def _without_over(t: str, extra) -> str:
    """The message without its clauses that say it is over (现在早就好了, "been fine since")."""
    parts = re.split(r"([,.;!?，。；！？\s]+)", t)
    return "".join(" " * len(p) if _has(p, extra["over_since"]) else p for p in parts)


def _mild(t: str, start: int, clause: str, extra, mention: str = "") -> bool:
    """"a bit short of breath on the stairs", 有点喘, 胸口偶尔有点闷: a mild word just before
    the symptom or inside its wording."""
    before = t[max(0, start - 16):start]
    return _has(before + " " + mention, extra["mild"]) or bool(
        re.search(r"stairs|uphill|up the hill|up a hill|楼梯|爬楼|走快|上坡|always have|always been like|一直这样", clause))


def _sentence(t: str, start: int, end: int) -> str:
    """The sentence around a mention: "if" and 要是 reach over commas (要是…，他突然肚子剧痛了)."""
    left = max((m.end() for m in re.finditer(r"[.!?。！？\n]", t[:start])), default=0)
    right = next((m.start() + end for m in re.finditer(r"[.!?。！？\n]", t[end:])), len(t))
    return t[left:right]


def _has_past(t: str) -> bool:
    w = timewords.when(t)
    if w.known:  # black stools two days ago, none since: recent enough to need a doctor today
        return (w.low or 0) > timewords.RECENT_MONTHS
    return w.vague_past or w.long_ago or bool(re.search(r"过|那阵子|那时|当时", t))


# "should I worry about…", "how do I know…": the person asking, not a person with the symptom.
_ASKER = re.compile(r"(?<![a-z])i (should|do|know|worry|wonder|ask|want to know|need to know|call|go)(?![a-z])")

_NEGATION_INSIDE_EN = re.compile(r"\s*(?<![a-z])(not|isn't|isnt|wasn't|wasnt|never|no|didn't|didnt|did not|doesn't|doesnt|"
                                  r"does not|hasn't|hasnt|haven't|havent|won't|wont)(?![a-z])")


def _negated_within(cat: _Category, mention: str) -> bool:
    """"dad is not confused", "stool isn't black", "brown, not black": a pattern with a gap
    can hold the negation. It scopes the symptom when the words without it still name the
    symptom; "he's not waking" or "isn't himself" without the "not" name nothing, so there
    the negation is part of the symptom and stays."""
    if not mention.isascii():
        return False  # 叫不醒, 止不住: the 不 is part of the symptom
    for m in _NEGATION_INSIDE_EN.finditer(mention):
        rest = mention[:m.start()] + mention[m.end():]
        if any(p.search(rest) for p in cat.strong + cat.weak):
            return True
    return False


_NEGATED_AFTER_ZH = re.compile(r"^\s*(?:也|都|倒|是|就)?\s*(?:没得|没有|木有|无|没)\s*(?:[，。,.!！~ ]|$)")


def _negated_after(t: str, end: int) -> bool:
    """吐血没得, 黑便也没有: the Chinese "none" after the symptom."""
    return bool(_NEGATED_AFTER_ZH.match(t[end:end + 8]))


def _form_confusion_at(t: str, start: int, end: int, extra) -> bool:
    """"my dad is confused by the question": the form-confusion wording holds the mention
    (or follows it at once), so it is about the form, whoever is confused."""
    for p in extra["form_confusion"]:
        for m in p.finditer(t):
            if m.start() <= end + 3 and m.end() >= start and _FORM_WORD.search(t[m.start():m.end() + 20]):
                return True
    return False


_FORM_WORD = re.compile(r"question|form|button|page|wording|option|chat|site|sense to|study|trial|research|explain"
                        r"|题|问题|选项|页面|表格|研究")


def _has_own_time(clause: str) -> bool:
    w = timewords.when(clause)
    return w.known or w.vague_past or w.long_ago or w.now


def _negated(before: str, mention: str, extra) -> bool:
    b = before
    for phrase in extra["not_negation"]:
        b = b.replace(phrase, " ")
    if re.search(r"[\u4e00-\u9fff]", mention):
        tail = b.rstrip()[-4:]
        if any(n in tail for n in extra["negation_zh"]) and not re.search(r"不(知道|行|停|止)", tail):
            return True
        # "从来没出现过嘴肿": a 没 a little further back still covers what it introduces
        return bool(re.search(r"(从来没|从没|没有|没)(出现|发生|有|得)过[^，。,]{0,6}$", b.rstrip()))
    tokens = re.findall(r"[a-z']+", b)
    # "don't have chest pain or any trouble breathing": a negation carries over "or"/"nor"
    window = 8 if re.search(r"(?<![a-z])(or|nor)(?![a-z])", " ".join(tokens[-4:])) else 5
    return any(tok in extra["negation_en"] for tok in tokens[-window:])


def _has(t: str, words) -> bool:
    return timewords.has_any(t, words)


# The form's subject asked back before the answer ("怀孕？我都六十八了…", "Bleeding? None."):
# an echo, not a question about the symptom that follows.
_ECHO = re.compile(r"^\s*((?![\u4e00-\u9fff]*(什么|怎么|哪|为什么|多少|有没有|是不是|要不要|会不会))[\u4e00-\u9fff]{0,5}"
                   r"[\u4e00-\u9fff](?<![吗呢么吧嘛伐])"
                   r"|(?!(what|how|why|is|are|am|do|does|did|can|could|should|when|where|who|will|would)(?![a-z]))"
                   r"[a-z']+( [a-z']+){0,2})\s*[?？]+(?=\s*\S)")


def _without_echo(t: str, start: int) -> str:
    """The message with an echo before the mention at `start` blanked (an echo that holds
    the mention itself, "吐血？没有没有", stays: it is what the answer is about)."""
    m = _ECHO.search(t)
    return t if m is None or m.end() > start else t[:m.start()] + " " * (m.end() - m.start()) + t[m.end():]


def _is_question(t: str, extra) -> bool:
    """A question mark, a Chinese question word anywhere or particle ending a clause (吗, 伐),
    or an English question opening a sentence."""
    if "?" in t or "？" in t or extra["particles"].search(t):
        return True
    for w in extra["question"]:
        if not w.isascii():
            if w in t:
                return True
        elif w.strip() and re.search(r"(?:^|[.!;]\s*)" + re.escape(w.strip()) + r"(?![a-z'])", t):
            return True
    return False


_REPORT = re.compile(
    r"(?<![a-z])(i|i'm|im|i am|my|he|she|he's|she's|his|her|we|dad|mum|mom|father|mother|husband|wife|grandma|grandpa)(?![a-z])"
    r"|我|他|她|爸|妈|公公|婆婆|老公|老婆|爷爷|奶奶|外婆|外公|老人家")


def _reports(clause: str) -> bool:
    """Someone is said to have the symptom ("my dad is…", 我爸…), not only asked about."""
    return bool(_REPORT.search(clause))


_OPEN_QUOTES, _CLOSE_QUOTES = "\"“「『'‘", "\"”」』'’"


def _quoted_from_the_form(t: str, start: int, end: int) -> bool:
    """The symptom in quotes, or named as the form's option ("the fainting option",
    昏迷的选项): the person is talking about the question, not reporting the symptom."""
    quoted = start > 0 and t[start - 1] in _OPEN_QUOTES and end < len(t) and t[end] in _CLOSE_QUOTES
    return quoted or bool(re.match(r"\s*(的选项|选项|这个选项|这题|one on the form|option|question)", t[end:end + 12]))


def _severe(clause: str) -> bool:
    return bool(re.search(r"(?<![a-z])(very|so|really|extremely|completely|totally|badly)(?![a-z])|很|特别|非常|厉害|完全|了", clause))  # noqa: E501
