"""Turn what a person typed (or the button they pressed) into a canonical answer.

Parsing is deliberately conservative: a question whose answer cannot be understood is
asked again, it never records a guess (spec section 1). Every function here takes any
string and returns a value or None; none of them raises on odd input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, List, Optional, Tuple

from bot.trial import Criterion

MAX_INPUT_CHARS = 2000  # longer messages are cut before parsing (nobody types an answer that long)

NOT_SURE = "not_sure"
PREFER_NOT = "prefer_not"
UNCERTAIN_KEYS = (NOT_SURE, PREFER_NOT)

# ----------------------------------------------------------------------------------
# Normalisation
# ----------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")


def normalize(text: Any) -> str:
    """NFKC (full-width digits and letters become ASCII), lower case, single spaces."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text[:MAX_INPUT_CHARS])
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = text.replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def has_chinese(text: Any) -> bool:
    return isinstance(text, str) and bool(_CJK.search(text))


def is_command_like(text: Any) -> bool:
    """Messages starting with '/' bypass NLU in Rasa; they are never taken as answers."""
    return isinstance(text, str) and text.lstrip().startswith("/")


def _contains_word(haystack: str, word: str) -> List[int]:
    """Start positions of word in haystack; ASCII words must match on word boundaries."""
    if not word:
        return []
    if word.isascii():
        pattern = r"(?<![a-z0-9])" + re.escape(word) + r"(?![a-z0-9])"
        return [m.start() for m in re.finditer(pattern, haystack)]
    return [m.start() for m in re.finditer(re.escape(word), haystack)]


# ----------------------------------------------------------------------------------
# "I don't know", "prefer not to say", yes and no
# ----------------------------------------------------------------------------------

_NOT_SURE_PHRASES = (
    "not sure", "don't know", "dont know", "do not know", "unsure", "no idea", "idk", "not certain",
    "can't remember", "cannot remember", "don't remember", "do not remember", "dunno", "maybe",
    "i'm not sure", "no clue", "unknown", "不知道", "不确定", "不清楚", "不记得", "说不清", "忘了",
    "不太清楚", "也许", "不晓得", "不了解",
)
_PREFER_NOT_PHRASES = (
    "prefer not", "rather not", "don't want to say", "do not want to say", "don't want to answer",
    "do not want to answer", "skip", "不想回答", "不想说", "不愿意回答", "不愿回答", "跳过", "保密",
)
_NEGATIONS_EN = ("no", "not", "never", "don't", "dont", "didn't", "haven't", "hasn't", "isn't",
                 "aren't", "wasn't", "without", "none", "nor", "neither", "cannot", "can't")
_NEGATIONS_ZH = ("没", "不", "未", "无", "非", "否")

_YES_EN = ("yes", "yeah", "yep", "yup", "y", "sure", "ok", "okay", "correct", "right", "true",
           "i do", "i have", "i am", "i did", "i was", "i would", "i will", "definitely",
           "of course", "agree", "i agree", "absolutely", "please")
_NO_EN = ("no", "nope", "nah", "n", "not", "never", "none", "nothing", "i don't", "i do not",
          "i haven't", "i have not", "i'm not", "i am not", "i didn't", "i did not", "i won't",
          "i will not", "no thanks", "no thank you", "i wouldn't", "i would not", "disagree")
_YES_ZH = ("是", "对", "有", "嗯", "好", "可以", "愿意", "会", "要", "同意", "行", "能", "确定")
_NO_ZH = ("不", "没", "无", "否", "未", "别")
_ZH_PRONOUN = re.compile(r"^(我们|我的|我|他|她|病人|患者)+")


def uncertainty(text: str) -> Optional[str]:
    """'prefer_not' or 'not_sure' when the person says so, else None."""
    t = normalize(text)
    if not t:
        return None
    if t in (NOT_SURE, PREFER_NOT):
        return t
    if any(p in t for p in _PREFER_NOT_PHRASES):
        return PREFER_NOT
    if t in ("?", "??", "？") or any(p in t for p in _NOT_SURE_PHRASES):
        return NOT_SURE
    return None


def yes_no(text: str) -> Optional[str]:
    """'yes' or 'no' from the start of the message, else None."""
    t = normalize(text)
    if not t:
        return None
    if has_chinese(t):
        core = _ZH_PRONOUN.sub("", t)
        if core.startswith(_NO_ZH):
            return "no"
        if core.startswith(_YES_ZH):
            return "yes"
        return None
    words = re.findall(r"[a-z']+", t)
    for n in (3, 2, 1):
        head = " ".join(words[:n])
        if len(words) >= n:
            if head in _NO_EN:
                return "no"
            if head in _YES_EN:
                return "yes"
    return None


def _negated_before(t: str, pos: int) -> bool:
    """Is there a negation shortly before position pos (same clause)?"""
    before = re.split(r"[,.;!?，。；！？]", t[:pos])[-1]
    if has_chinese(before[-4:]) or (before and not before[-1:].isascii()):
        return any(n in before[-4:] for n in _NEGATIONS_ZH)
    tokens = re.findall(r"[a-z']+", before)[-3:]
    return any(tok in _NEGATIONS_EN for tok in tokens)


# ----------------------------------------------------------------------------------
# Numbers: digits, English words, Chinese numerals
# ----------------------------------------------------------------------------------

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a": None, "an": None, "single": 1, "once": None,
}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_EN_SCALES = {"hundred": 100, "thousand": 1000}

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_ZH_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万]+")


def chinese_to_int(s: str) -> Optional[int]:
    """六十二 -> 62, 一九六一 -> 1961, 十 -> 10, 两 -> 2."""
    if not s or any(ch not in _ZH_DIGITS and ch not in _ZH_UNITS for ch in s):
        return None
    if all(ch in _ZH_DIGITS for ch in s):  # digit by digit: 一九六一
        value = 0
        for ch in s:
            value = value * 10 + _ZH_DIGITS[ch]
        return value
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        else:
            unit = _ZH_UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
    return total + section + (digit or 0)


def _english_numbers(t: str) -> List[Tuple[int, float]]:
    """(position, value) for runs of English number words: 'sixty-two', 'a hundred'."""
    found: List[Tuple[int, float]] = []
    tokens = list(re.finditer(r"[a-z]+", t))
    i = 0
    while i < len(tokens):
        word = tokens[i].group()
        if word in _EN_TENS or (word in _EN_UNITS and _EN_UNITS[word] is not None) or (
            word in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1].group() in _EN_SCALES
        ):
            start, value, current, j = tokens[i].start(), 0, 0, i
            while j < len(tokens):
                w = tokens[j].group()
                if w in _EN_TENS:
                    current += _EN_TENS[w]
                elif w in _EN_UNITS and _EN_UNITS[w] is not None:
                    current += _EN_UNITS[w]
                elif w in ("a", "an") and j + 1 < len(tokens) and tokens[j + 1].group() in _EN_SCALES:
                    current += 1
                elif w in _EN_SCALES:
                    current = max(current, 1) * _EN_SCALES[w]
                    if w == "thousand":
                        value += current
                        current = 0
                elif w == "and" and j > i:
                    pass
                else:
                    break
                j += 1
            found.append((start, float(value + current)))
            i = j
        else:
            i += 1
    return found


_DIGIT_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")


def numbers(text: str) -> List[float]:
    """All numbers in the text, in order: digits, English words, Chinese numerals."""
    t = normalize(text)
    found: List[Tuple[int, float]] = []
    for m in _DIGIT_NUMBER.finditer(t):
        try:
            found.append((m.start(), float(m.group().replace(",", ""))))
        except ValueError:  # pragma: no cover - the regex only admits numbers
            continue
    for m in _ZH_NUMBER.finditer(t):
        value = chinese_to_int(m.group())
        if value is not None:
            found.append((m.start(), float(value)))
    found.extend(_english_numbers(t))
    return [value for _, value in sorted(found)]


# ----------------------------------------------------------------------------------
# Answer types
# ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    """A canonical answer (JSON-serialisable) or a reason why it was not understood."""

    value: Any = None
    problem: Optional[str] = None  # a key into the domain's re-ask hints

    @property
    def ok(self) -> bool:
        return self.problem is None


NOT_UNDERSTOOD = Parsed(problem="not_understood")

_BIRTH_WORDS = ("born", "birth", "出生", "生于", "年生", "出身")


def parse_age(text: str, current_year: int) -> Parsed:
    """Age in years, or a birth year turned into the two ages it can mean."""
    t = normalize(text)
    if t.startswith("-"):
        return Parsed(problem="age_out_of_range")
    values = [v for v in numbers(t) if v < 1e6 and v == int(v)]
    if not values:
        return NOT_UNDERSTOOD
    value = int(values[0])
    if 1900 <= value <= current_year or any(w in t for w in _BIRTH_WORDS) and value > 200:
        if not 1900 <= value <= current_year:
            return Parsed(problem="age_out_of_range")
        age = current_year - value
        # A birth year alone leaves the birthday open: the person is age-1 or age.
        return Parsed({"low": max(age - 1, 0), "high": age, "birth_year": value})
    if 0 < value <= 120:
        return Parsed({"low": value, "high": value})
    return Parsed(problem="age_out_of_range")


_MANY = ("many", "several", "multiple", "lots", "a lot", "多个", "很多", "好几个", "多发", "几个")


def parse_count(text: str, max_count: float) -> Parsed:
    t = normalize(text)
    values = numbers(t)
    if not values:
        if any(w in t for w in _MANY):
            return Parsed(NOT_SURE)
        if t in ("none", "zero") or t.startswith(("没有肿瘤", "no tumour", "no tumor")):
            return Parsed(problem="count_out_of_range")
        return NOT_UNDERSTOOD
    value = values[0]
    if not 1 <= value <= max_count or value != int(value):
        return Parsed(problem="count_out_of_range")
    return Parsed(int(value))


_SIZE = re.compile(
    r"(\d+(?:\.\d+)?)(?:\s*(?:x|×|\*|乘)\s*(\d+(?:\.\d+)?))?(?:\s*(?:x|×|\*|乘)\s*(\d+(?:\.\d+)?))?"
    r"\s*(cm|centimet(?:er|re)s?|厘米|公分|mm|millimet(?:er|re)s?|毫米)?"
)


def parse_size_cm(text: str, max_cm: float) -> Parsed:
    """Largest dimension in cm: '8 cm', '45 mm', '7厘米', '5.2×4.8cm' (5.2), '六厘米'."""
    t = normalize(text)
    t = _ZH_NUMBER.sub(lambda m: str(chinese_to_int(m.group()) or m.group()), t)
    matches = [m for m in _SIZE.finditer(t) if m.group(1)]
    if not matches:
        words = _english_numbers(t)
        if not words:
            return NOT_UNDERSTOOD
        unit_m = re.search(r"(cm|centimet|mm|millimet)", t)
        dims, unit = [words[0][1]], (unit_m.group(1) if unit_m else None)
    else:
        m = next((x for x in matches if x.group(4)), matches[0])
        dims = [float(g) for g in m.groups()[:3] if g]
        unit = m.group(4)
    size = max(dims)
    if unit is None:
        # The question asks for cm; a bare number is taken as cm only when it is plausible.
        if size > max_cm:
            return Parsed(problem="size_needs_unit")
        cm = size
    elif unit.startswith(("mm", "millimet", "毫米")):
        cm = size / 10.0
    else:
        cm = size
    if cm <= 0 or cm > max_cm:
        return Parsed(problem="size_out_of_range")
    return Parsed(round(cm, 2))


_BELOW_DETECTION = (
    "below detection", "below the detection", "undetectable", "not detectable", "not detected",
    "undetected", "negative", "below the limit", "too low to measure", "低于检测下限", "未检出",
    "检测不到", "测不出", "阴性", "低于下限", "检测下限以下", "未检测到",
)
_SCI = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:e\s*\+?\s*(\d+)|(?:x|×|\*)\s*10\s*(?:\^|\*\*)?\s*\+?([\d⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
)
_POW10 = re.compile(r"(?<![\d.])10\s*(?:\^|\*\*)\s*(\d+)")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def parse_viral_load(text: str) -> Parsed:
    """Value and unit as printed: '1500 拷贝/毫升', '2.3E+03 IU/mL', '2.3×10^3 copies/mL'."""
    raw = text if isinstance(text, str) else ""
    t = unicodedata.normalize("NFKC", raw[:MAX_INPUT_CHARS]).lower()  # keep ^ and superscripts
    if any(p in t for p in _BELOW_DETECTION) or re.match(r"^\s*(<|＜|小于|低于|少于)", t):
        return Parsed({"below_detection": True})
    value: Optional[float] = None
    m = _SCI.search(t)
    pow10 = _POW10.search(t)
    if m:
        exponent = (m.group(2) or m.group(3).translate(_SUPERSCRIPTS))[:4]
        if int(exponent) > 12:
            return NOT_UNDERSTOOD
        value = float(m.group(1)) * 10 ** int(exponent)
    elif pow10:
        if int(pow10.group(1)[:4]) > 12:
            return NOT_UNDERSTOOD
        value = float(10 ** int(pow10.group(1)))
    else:
        found = numbers(t)
        value = found[0] if found else None
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return NOT_UNDERSTOOD
    if "copies" in t or "copy" in t or "拷贝" in t or "cp/ml" in t or "copies/ml" in t:
        unit = "copies/mL"
    elif re.search(r"(?<![a-z])iu(?![a-z])", t) or "国际单位" in t:
        unit = "IU/mL"
    else:
        return Parsed(problem="viral_load_needs_unit")
    if value < 0 or value > 1e12:
        return NOT_UNDERSTOOD
    return Parsed({"value": value, "unit": unit})


def parse_choice(text: str, criterion: Criterion) -> Parsed:
    """Option key from a button payload, a label, the option's words, or a plain yes/no."""
    t = normalize(text)
    if not t:
        return NOT_UNDERSTOOD
    for option in criterion.options:  # button payloads and labels typed back
        if t in (option.key.lower(), normalize(option.label.en), normalize(option.label.zh)):
            return Parsed(option.key)
    unsure = uncertainty(t)
    if unsure:
        return Parsed(unsure)
    matches: List[Tuple[int, int, str]] = []  # (start, end, option key), negated ones left out
    negated_yes = False
    for option in criterion.options:
        for word in option.words.get():
            for pos in _contains_word(t, word):
                if _negated_before(t, pos):
                    negated_yes = negated_yes or option.means == "yes"
                    continue
                matches.append((pos, pos + len(word), option.key))
    # A match inside a longer one ("能手术" inside "不能手术") does not count on its own.
    kept = [m for m in matches if not any(o != m and o[0] <= m[0] and m[1] <= o[1] and o[1] - o[0] > m[1] - m[0]
                                          for o in matches)]
    keys = {key for _, _, key in kept}
    if len(keys) == 1:
        return Parsed(keys.pop())
    if len(keys) > 1:
        return NOT_UNDERSTOOD  # words of two different answers: ask again, never guess
    generic = yes_no(t)
    if generic is None and negated_yes:
        generic = "no"
    if generic:
        match = next((o for o in criterion.options if o.means == generic), None)
        if match:
            return Parsed(match.key)
    return NOT_UNDERSTOOD


def parse_answer(criterion: Criterion, text: str, current_year: int) -> Parsed:
    """Dispatch on the criterion's answer type. Never raises."""
    if not isinstance(text, str) or not normalize(text) or is_command_like(text):
        return NOT_UNDERSTOOD
    if criterion.answer_type == "choice":
        return parse_choice(text, criterion)
    unsure = uncertainty(text)
    if unsure:
        return Parsed(unsure)
    rule = criterion.rule
    if criterion.answer_type == "age":
        return parse_age(text, current_year)
    if criterion.answer_type == "count":
        return parse_count(text, rule["max_count"])
    if criterion.answer_type == "size_cm":
        return parse_size_cm(text, rule["max_cm"])
    if criterion.answer_type == "viral_load":
        return parse_viral_load(text)
    return NOT_UNDERSTOOD  # pragma: no cover - answer types are validated on load


# ----------------------------------------------------------------------------------
# Contact details (hand-off)
# ----------------------------------------------------------------------------------

MAX_NAME_CHARS = 80


def parse_name(text: str) -> Parsed:
    """A name as typed: 1-80 characters with at least one letter, no markup."""
    if not isinstance(text, str) or is_command_like(text):
        return Parsed(problem="name")
    name = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    if not name or len(name) > MAX_NAME_CHARS or re.search(r"[<>{}\[\]\\]", name):
        return Parsed(problem="name")
    if not any(ch.isalpha() for ch in name) or sum(ch.isdigit() for ch in name) > 3:
        return Parsed(problem="name")
    return Parsed(name)


def parse_phone(text: str) -> Parsed:
    """7-15 digits, with an optional leading +; spaces, dashes, dots and brackets allowed."""
    if not isinstance(text, str) or is_command_like(text):
        return Parsed(problem="phone")
    t = unicodedata.normalize("NFKC", text).strip()
    if not re.fullmatch(r"\+?[\d\s\-().]{7,30}", t):
        return Parsed(problem="phone")
    digits = re.sub(r"\D", "", t)
    if not 7 <= len(digits) <= 15:
        return Parsed(problem="phone")
    return Parsed(("+" if t.startswith("+") else "") + digits)


CONTACT_TIMES = ("morning", "afternoon", "evening", "any_time")
_TIME_WORDS = {
    "morning": ("morning", "am", "上午", "早上"),
    "afternoon": ("afternoon", "pm", "下午", "中午"),
    "evening": ("evening", "night", "晚上", "傍晚"),
    "any_time": ("any time", "anytime", "whenever", "all day", "任何时间", "随时", "都可以", "都行"),
}


def parse_contact_time(text: str) -> Parsed:
    """A preferred time: one of CONTACT_TIMES, or short free text kept as typed."""
    t = normalize(text)
    if not t or is_command_like(text):
        return Parsed(problem="not_understood")
    if t in CONTACT_TIMES:
        return Parsed(t)
    if uncertainty(t):
        return Parsed("any_time")
    hits = [key for key, words in _TIME_WORDS.items() if any(_contains_word(t, w) for w in words)]
    if len(hits) == 1 and len(t) <= 20:
        return Parsed(hits[0])
    if len(t) > 100 or re.search(r"[<>{}\[\]\\]", t):
        return Parsed(problem="not_understood")
    return Parsed(re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip())
