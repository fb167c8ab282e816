"""Turn what a person typed (or the button they pressed) into a canonical answer.

Parsing is deliberately conservative: a question whose answer cannot be understood is
asked again, it never records a guess (spec section 1). Every function here takes any
string and returns a value or None; none of them raises on odd input.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any, Dict, List, Optional, Tuple

from bot.trial import Criterion
from bot.understanding import numbers as num
from bot.understanding.lexicon import words_pattern
from bot.understanding.timewords import MONTH_NAMES, contact_time_words

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
    text = _DIALECT_NO.sub("没有", text)  # 么有, 木有, 没得: how many people type 没有
    return re.sub(r"\s+", " ", text).strip().lower()


_DIALECT_NO = re.compile(r"么有|木有|莫有|没得(?=[^\u4e00-\u9fff]|$|[，。！？])")


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
    if any(p in t for p in _PREFER_NOT_PHRASES) or words_pattern("prefer_not").search(t):
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


# ----------------------------------------------------------------------------------
# Answer types
# ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    """A canonical answer (JSON-serialisable) or a reason why it was not understood.
    `check`: a reading a careful nurse would read back before recording it."""

    value: Any = None
    problem: Optional[str] = None  # a key into the domain's re-ask hints
    check: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None


NOT_UNDERSTOOD = Parsed(problem="not_understood")


def numbers(text: str) -> List[float]:
    """All numbers in the text, in order (digits, English words, Chinese numerals)."""
    return num.numbers(normalize(text))


def qualified(q: num.Quantity, value: float, low: float, high: float, as_int: bool = False) -> Any:
    """A plain number when it was exact; otherwise the number with what qualifies it
    ("about 5", "less than 3", "2 to 3"), so the summary, the portal and the rules keep it."""
    cast = (lambda v: int(round(v))) if as_int else (lambda v: round(v, 2))
    if q.qualifier is None:
        return cast(value)
    result: Dict[str, Any] = {"value": cast(value), "qualifier": q.qualifier}
    if q.qualifier in (num.APPROX, num.RANGE, num.LESS):
        result["low"] = cast(low)
    if q.qualifier in (num.APPROX, num.RANGE, num.MORE):
        result["high"] = cast(high) if high != float("inf") else None
    if q.qualifier == num.LESS:
        result["high"] = cast(high)
    if q.qualifier == num.MORE:
        result["low"] = cast(low)
    return result


def bounds(value: Any) -> Optional[Tuple[float, float]]:
    """(low, high) of a plain or qualified value: 5 -> (5, 5); about 5 -> (4.5, 5.5)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value), float(value)
    if isinstance(value, dict) and isinstance(value.get("value"), (int, float)):
        low = value.get("low", value["value"])
        high = value.get("high", value["value"])
        low = 0.0 if low is None else float(low)
        high = float("inf") if high is None else float(high)
        return low, high
    return None


_BIRTH_WORDS = ("born", "birth", "出生", "生于", "年生", "出身", "年的", "属", "月生", "生的")
_TURNING = re.compile(r"(?:turn(?:s|ing)?|will be|gonna be|going to be|be)\s+(\d{2,3})|(\d{2,3})\s*(?:next|in|after|this coming)\s+"  # noqa: E501
                      r"(?:month|year|week|birthday|spring|summer|autumn|fall|winter|the summer)|(?:下个月|明年|年底|过年|马上|快要?)\s*(?:就)?(?:满)?\s*(\d{2,3})\s*(?:岁|周岁)?")  # noqa: E501
_NOMINAL = re.compile(r"虚岁\s*(\d{2,3})")
_MONTH_ABBR = "|".join(m[:3] for m in MONTH_NAMES)  # "dec", "december", "dec." all start with these
_BIRTH_MONTH = re.compile(r"(?:(?<![a-z])(" + _MONTH_ABBR +
                          r")[a-z]*\.?\s*(?:of\s*)?((?:19|20)\d\d))|((?:19|20)\d\d)\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)")
_MONTH_NAMES = {m[:3]: i + 1 for i, m in enumerate(MONTH_NAMES)}
# "1 Dec 1951", "December 1, 1951": a birth date in words
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?(" + _MONTH_ABBR +
                             r")[a-z]*\.?,?\s*((?:19|20)\d\d)|(?<![a-z])(" + _MONTH_ABBR +
                             r")[a-z]*\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*((?:19|20)\d\d)")
# "dob 2/2/1940", "3/4/1951": day and month in either order; read back only when the two orders differ
_NUMERIC_DATE = re.compile(r"(?<![\d/.])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)(?![\d/.])")
# Said in the Chinese way of counting (虚岁): one or two years more than the real age
_NOMINAL_EN = re.compile(r"(?<![a-z])(chinese age|chinese way|old way of counting|traditional (?:age|way)|nominal age|"
                         r"the way we count|xusui|xu sui)(?![a-z])")
# "sixty something", "in her 50s", 五十好几: a decade, not an age
_DECADE = re.compile(r"(?<![\d.])([1-9]0)\s*(?:-?\s*something|-?\s*odd|'?s(?![a-z])|好几|几)"
                     r"|(?<![a-z])in (?:his|her|my|their|the|your) (?:early |mid |late )?([1-9]0)'?s(?![a-z])")
# The typist's own age beside the patient ("I'm 45, my dad is the patient", 我45，病人是我爸)
_TYPIST_AGE = re.compile(r"(?<![a-z])(?:i'm|im|i am)\s*\d|^\s*我\s*(?:今年|才|都)?\s*\d")
_PATIENT_ELSEWHERE = re.compile(r"(?<![a-z])(?:patient is|is the patient|who'?s sick|who is sick|who'?s ill|who is ill|"
                                r"asking (?:for|on behalf)|for my (?:mum|mom|mother|dad|father|husband|wife))(?![a-z])"
                                r"|病人是|患者是|生病的是|是我(?:爸|妈|老公|老婆|公公|婆婆)(?:生病|病)")
_FULL_DATE = re.compile(r"((?:19|20)\d\d)\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})")
# 75年11月30号生, 07年3月生的, 80年1月的: a two-digit birth year with its month (and day)
_SHORT_BIRTH = re.compile(r"(?<![\d.])(\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[号日])?(?![前后内]|份?之?[前后内])")
# 12月3号满64, 明年2月满70, turns 64 on 3 december: a birthday still to come this year or next
_TURNS_ON = re.compile(r"(明年)?\s*(\d{1,2})\s*月(?:份)?\s*(?:(\d{1,2})\s*[号日])?\s*(?:就|才|过生日就?)?\s*满\s*(\d{2,3})")
_RELATIVE = re.compile(r"(?<![a-z])(mum|mom|mother|dad|father|husband|wife|son|daughter|grandma|grandpa)(?![a-z])"
                       r"|爸|妈|老公|老婆|儿子|女儿|婆婆|公公|爷爷|奶奶|外公|外婆")
# A number said to be an age ("62岁", "I'm 56", "he is 70", 今年六十), among other numbers
_AGE_MARKED = re.compile(r"(\d{1,3})\s*(?:岁|周岁|years? old|yrs? old|yo\b|y/o)|(?:(?<![a-z])(?:i'm|im|i am|he's|she's|he is|"
                         r"she is|aged?|age is|age:)|今年|年龄|已经)\s*(\d{1,3})(?![\d.年月号日])")


def parse_age(text: str, current_year: int, today: Optional[date] = None) -> Parsed:
    """Age in years: "58", "六十二岁", a birth year ("born in 1961", "58年的", "'61"), a birth
    date, "turning 64 next month", 虚岁, "六十多" (a range)."""
    today = today or date(current_year, 12, 31)
    t = normalize(text)
    if t.startswith("-"):
        return Parsed(problem="age_out_of_range")
    d = num.digits_only(t)
    m = _FULL_DATE.search(d)
    if m:
        y, mo, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1900 <= y <= today.year and 1 <= mo <= 12 and 1 <= day <= 31:
            age = today.year - y - (1 if (today.month, today.day) < (mo, day) else 0)
            return _age(age, age)
    m = _DAY_MONTH_YEAR.search(d)
    if m:
        day, mon, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        mo, day, y = _MONTH_NAMES[mon[:3]], int(day), int(y)
        if 1900 <= y <= today.year and 1 <= day <= 31:
            age = today.year - y - (1 if (today.month, today.day) < (mo, day) else 0)
            return _age(age, age, birth_year=y)
    m = _NUMERIC_DATE.search(d)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        ages = {today.year - y - (1 if (today.month, today.day) < (mo, day) else 0)
                for mo, day in ((a, b), (b, a)) if 1 <= mo <= 12 and 1 <= day <= 31}
        if ages and 1900 <= y <= today.year:
            parsed = _age(min(ages), max(ages), birth_year=y)
            return Parsed(parsed.value, check=len(ages) > 1) if parsed.ok else parsed
    m = _SHORT_BIRTH.search(d)
    if m and (any(w in d for w in _BIRTH_WORDS) or re.search(r"[号日]\s*(生|出生)?|月(生|出生|的)", d[m.end() - 2:m.end() + 3])):
        yy, mo, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        y = 2000 + yy if yy <= today.year % 100 else 1900 + yy
        if 1 <= mo <= 12:
            if day:
                age = today.year - y - (1 if (today.month, today.day) < (mo, day) else 0)
                return _age(age, age, birth_year=y)
            age = today.year - y
            low = age - 1 if mo >= today.month else age
            return _age(low, age - 1 if mo > today.month else age, birth_year=y)
    m = _TURNS_ON.search(d)
    if m:
        mo, day, n = int(m.group(2)), int(m.group(3) or 0), int(m.group(4))
        still_to_come = bool(m.group(1)) or (mo, day or 31) > (today.month, today.day) or mo > today.month
        if 1 <= mo <= 12:
            return _age(n - 1, n - 1) if still_to_come else _age(n, n)
    m = _BIRTH_MONTH.search(d)
    if m:
        y = int(m.group(2) or m.group(3))
        mo = _MONTH_NAMES.get(m.group(1) or "", 0) or int(m.group(4) or 0)
        if 1900 <= y <= today.year and 1 <= mo <= 12:
            age = today.year - y
            if mo > today.month:
                return _age(age - 1, age - 1, birth_year=y)
            if mo < today.month:
                return _age(age, age, birth_year=y)
            return _age(age - 1, age, birth_year=y)
    m = _NOMINAL.search(d)
    nominal = [int(x) for x in re.findall(r"(?<![\d.])(\d{2,3})(?![\d.])", d)] if _NOMINAL_EN.search(d) else []
    if m or len(set(nominal)) == 1:
        n = int(m.group(1)) if m else nominal[0]
        return _age(n - 2, n - 1)
    m = _DECADE.search(d)
    if m and len(set(re.findall(r"\d+", d))) == 1:
        low = int(m.group(1) or m.group(2))
        return Parsed({"low": low + (2 if m.group(1) and ("几" in m.group(0))
                                      else 0), "high": low + 9}, check=True)
    m = _TURNING.search(d)
    if m:
        n = int(next(g for g in m.groups() if g))
        return _age(n - 1, n - 1)
    t = d  # positions below are in the text with numbers as digits
    qs = [q for q in num.quantities(t) if q.value < 1e6]
    if not qs:
        return NOT_UNDERSTOOD
    years = [q for q in qs if 1900 <= q.value <= today.year and q.qualifier is None]
    short_year = re.search(r"(?<![\d.])(\d{2})\s*年[^\d，。,.]{0,3}?(?:的|生|出生|人)|(?:born|birth)\D{0,10}'?(\d{2})(?!\d)|'(\d{2})(?!\d)|属\S{0,2}\s*(\d{2})年", d)  # noqa: E501
    if years:
        y = int(years[0].value)
        age = today.year - y
        said = [q for q in qs if 0 < q.value <= 120 and q.qualifier is None]
        if said and len({q.value for q in said}) == 1:
            n = int(said[0].value)  # "71 yrs, born 1955", "Born 1946, so 80": the age said, if the year allows it
            return _age(n, n, birth_year=y) if age - 1 <= n <= age else \
                Parsed(_age(max(age - 1, 0), age, birth_year=y).value, check=True)  # 70岁，1950年的: which one?
        return _age(max(age - 1, 0), age, birth_year=y)
    if short_year and any(w in d for w in _BIRTH_WORDS + ("'",)):
        yy = int(next(g for g in short_year.groups() if g))
        y = 2000 + yy if yy <= today.year % 100 else 1900 + yy
        age = today.year - y
        said = {int(q.value) for q in qs if 0 < q.value <= 120 and q.qualifier is None and q.start != short_year.start(
            next(i for i, g in enumerate(short_year.groups(), 1) if g))}
        if len(said) == 1 and age - 1 <= next(iter(said)) <= age:
            return _age(next(iter(said)), next(iter(said)), birth_year=y)  # 46年生的，80了
        return _age(max(age - 1, 0), age, birth_year=y)
    ages = [q for q in qs if 0 < q.value <= 120]
    if not ages:
        if any(q.value > 130 for q in qs) and any(w in t for w in ("born", "出生", "birth")):
            return Parsed(problem="age_out_of_range")
        return Parsed(problem="age_out_of_range")
    distinct = {(q.low, q.high) for q in ages}
    marked = {int(g) for m in _AGE_MARKED.finditer(d) for g in m.groups() if g}
    two_people = bool(_RELATIVE.search(d)) and bool(re.search(r"(?<![a-z])(i'm|im|i am)(?![a-z])|我\s*(今年|才|都)?\s*\d", d))
    if len(distinct) > 1 and len(marked) == 1 and not two_people:
        # "62岁了，乙肝三十多年", "I'm 56 but feel 80": the one number said to be an age
        n = next(iter(marked))
        if 0 < n <= 120:
            return _age(n, n)
    if len(distinct) > 1:
        high = max(min(q.high, q.low + 9) for q in ages)
        return Parsed({"low": int(min(q.low for q in ages)), "high": int(min(high, 120))}, check=True)
    q = ages[0]
    if _TYPIST_AGE.search(d) and _PATIENT_ELSEWHERE.search(d):
        # "I'm 45, but it's my mum who's sick": the typist's age, not the patient's
        return Parsed({"low": int(q.low), "high": int(q.high)}, check=True)
    if q.value < 10 and q.qualifier is None and not re.search(r"岁|years|yrs|old", t):
        return Parsed({"low": int(q.value), "high": int(q.value)}, check=True)
    if q.qualifier is not None:  # "about 60", 六十多, 七八十: read back before recording
        high = min(q.high if q.high != float("inf") else q.low + 9, 120)
        return Parsed({"low": int(min(q.low, high)), "high": int(high)}, check=True)
    return _age(int(q.low), int(q.high))


def _age(low: int, high: int, birth_year: Optional[int] = None) -> Parsed:
    if high < 0 or low > 120 or high > 120:
        return Parsed(problem="age_out_of_range")
    value: Dict[str, Any] = {"low": max(low, 0), "high": max(high, 0)}
    if birth_year:
        value["birth_year"] = birth_year
    return Parsed(value)


_SINGLE = re.compile(r"单发|单个|孤立|只有一个|就一个|(?<![a-z])(single|solitary|only one|just one)(?![a-z])")
_MANY = ("many", "several", "multiple", "lots", "a lot", "numerous", "a few", "a couple", "couple of", "多个", "很多", "好几个",
         "多发", "几个",
         "满肝", "弥漫", "数不清", "一大堆", "好多")
_SIZE_UNITS = {"cm": "cm", "centimeters": "cm", "centimetres": "cm", "centimeter": "cm", "centimetre": "cm",
               "厘米": "cm", "公分": "cm", "mm": "mm", "millimeters": "mm", "millimetres": "mm", "millimeter": "mm",
               "millimetre": "mm", "毫米": "mm", "cms": "cm"}
_COUNT_NOUN = re.compile(r"\s*(?:[a-z-]+\s+)?(个|处|枚|颗|只|粒|块|tumou?rs?|nodules?|lesions?|spots?|masses|mass|ones?|growths?"
                         r"|big|small|large|main|smaller|bigger|larger|tiny|little|大|小)")
_OF_THEM = re.compile(r"(其中|最大的?|the (biggest|largest)|one of (them|those)|of them)\s*$")


_SCANS = re.compile(r"(?<![a-z])(ct|mri|mr|pet|ultrasound|scan)(?![a-z])|磁共振|核磁|b超|彩超|增强|造影")


_SHARED_UNIT = re.compile(r"\s*(?:,|，|、|/|and|&|和|跟|与|及|or|或|x|×|\*)\s*")


def share_units(t: str, qs: List[num.Quantity]) -> List[num.Quantity]:
    """"1.6 and 1.1 cm", 3、2公分, "3.2 x 2.5 and 1.8 x 1.6 cm": a list of sizes shares the unit
    written after its last one (read from the end, so the unit passes down the whole list)."""
    out = list(qs)
    for i in range(len(out) - 2, -1, -1):
        q, nxt = out[i], out[i + 1]
        if q.unit is None and nxt.unit and _SHARED_UNIT.fullmatch(t[q.end:nxt.start]):
            out[i] = dataclasses.replace(q, unit=nxt.unit)
    return out


def _scans_disagree(t: str) -> bool:
    """"CT说两个，磁共振说三个": two reports, two numbers; which one counts is asked back."""
    return len({m.group() for m in _SCANS.finditer(t)}) >= 2


# Dates and times are not counts or sizes: 20/11/2026, 8月份, 3号, 2024年, "on the 10th".
_DATE = re.compile(r"\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,4}|\d{1,4}\s*(?:年|月份|个月|月|号|日|点钟|岁|周|天)"
                   r"|(?<![a-z])(?:the\s+)?\d{1,2}(?:st|nd|rd|th)(?![a-z])|(?<![a-z])(?:in|since|from)\s+(?:19|20)\d\d(?!\d)")
# "one" after a describing word is "that one", not a number: "one big one small", "the main one".
_ADJ = (r"(?:big|bigger|biggest|small|smaller|smallest|large|larger|largest|little|tiny|main|other|second|first|third|"
        r"last|new|old|another)")
# "the big one" is one tumour ("one big"); "two small ones" are two ("two small"); in "one big one
# small" each "one" is a number.
_PRONOUN_ONE = re.compile(r"(?:(?<![a-z])(?:the|a|one)\s+)?(" + _ADJ + r")\s+(ones?)(?![a-z])"
                          r"(?!\s*,?\s*(?:one|1|two|2|" + _ADJ + r")(?![a-z]))")
_PAIR = re.compile(r"(?<![a-z])(?:just|only)?\s*(?:the\s+one|a\s+pair(?:\s+of)?|a\s+single)(?![a-z])")


def _pronoun(m: re.Match) -> str:
    """"the big one" -> "one big"; "two small ones" -> "two small"; "the biggest one", "the
    other one" name one of those already counted -> "biggest"."""
    if m.group(0).lstrip().startswith("one"):  # "one main one": the first "one" is the number
        return f" one {m.group(1)}"
    if m.group(2) == "ones" or re.match(r"biggest|largest|smallest|first|second|third|last|other|another", m.group(1)):
        return f" {m.group(1)}"
    return f" {_ONE_OF_A_LIST} {m.group(1)}"


_ONE_OF_A_LIST = "pronounx"  # "the big one": counted as one only beside other numbers


_MONTH_WORDS = r"(?:" + "|".join(m[:3] for m in MONTH_NAMES if m != "may") + r")[a-z]*\.?"  # not "may 3 tumours"
# Numbers that are not counts: a day with its month ("12 June", "Sept 2"), a month/day in
# brackets ("(10/15)"), an age ("turned 60", "aged 72"), and a list of liver segments
# ("segments 5, 6, 7 and 8", S4、S6段).
_NOT_COUNTS = re.compile(r"(?<![\d.])\d{1,2}\s+" + _MONTH_WORDS + r"(?![a-z])|(?<![a-z])" + _MONTH_WORDS + r"\s+\d{1,2}(?![\d.])"
                         r"|\(\s*\d{1,2}\s*/\s*\d{1,2}\s*\)|(?<![a-z])(?:turned|turns|aged|age)\s+\d{1,3}(?![\d.])"
                         r"|\d{1,3}\s*(?:years?|yrs?)\s+old|\d+\s+(?:days?|weeks?|months?|years?)\s+(?:later|ago|after|before)"
                         r"|(?<![a-z])(?:he|she)(?:'s|\s+is)\s+\d{2,3}(?![\d.])(?!\s*(?:tumou?rs?|lesions?|nodules?|masses|spots|cm|mm))"
                         r"|(?<![a-z])segments?\s+\d+(?:\s*(?:,|and|&|/)\s*\d+(?![\d.])(?!\s*(?:lesions?|tumou?rs?|nodules?|masses|spots|in)))+")


def _without_dates(t: str) -> str:
    t = _DATE.sub(lambda m: " " * len(m.group(0)), t)
    return _NOT_COUNTS.sub(lambda m: " " * len(m.group(0)), t)


def latest_only(t: str, qs: List[num.Quantity]) -> List[num.Quantity]:
    """Of several figures, today's: where some clauses say earlier ("it was 9 cm before TACE",
    原来两个, "one was removed") and others say latest ("the latest CT says 6", 现在复查), the
    earlier ones are dropped. Without both kinds of clause, all figures stay."""
    from bot.understanding.lexicon import words_pattern

    if len(qs) < 2:
        return qs
    earlier, latest = words_pattern("earlier_figure"), words_pattern("latest_figure")
    kinds = []
    for q in qs:
        clause = clause_of(t, q.start)
        kinds.append(("latest" if latest.search(clause) else "") + ("earlier" if earlier.search(clause) else ""))
    if "earlier" in kinds and ("latest" in kinds or "" in kinds):  # 一个，原来两个: the unmarked one is today's
        return [q for q, k in zip(qs, kinds, strict=True) if k != "earlier"]
    return qs


def parse_count(text: str, max_count: float) -> Parsed:
    """How many tumours: a number, the total over "one here, two there", a range (kept as
    a range; read back only when also said to be rough), "many" without a number (not sure)."""
    said = normalize(text)
    more = _ORDINAL_MORE.search(said)  # "found a third one", 第三个 (before words become digits)
    # "a single one" is one ("single" and "one" are not added up like "twenty one")
    t = re.sub(r"(?<![a-z])(single|solitary)\s+one(?![a-z])", "one", said)
    t = _PAIR.sub(lambda m: " two " if "pair" in m.group(0) else " one ", t)
    t = _without_dates(num.digits_only(_PRONOUN_ONE.sub(_pronoun, t)))
    # "the big one" alone says which, not how many; "the big one and two small ones" is three
    t = t.replace(_ONE_OF_A_LIST, "1" if re.search(r"\d", t.replace(_ONE_OF_A_LIST, "")) else " ")
    if _SINGLE.search(t) and not re.search(r"\d", t):
        return Parsed(1)  # 单发, "a single tumour", solitary
    # satellites without their number: how many there are is not known
    many = (any(w in t or w in said for w in _MANY) or bool(re.search(r"(?<![\d个枚颗处])(satellite|卫星|子灶)", t))
            or bool(re.search(r"(?<![a-z])some\s+(?:small|little|tiny|more|other|smaller)", t)))
    qs = [q for q in share_units(t, num.quantities(t, _SIZE_UNITS)) if q.unit is None and not (1900 <= q.value <= 2100)]
    # sizes written without a unit right after a size word are not counts
    qs = [q for q in qs if _COUNT_NOUN.match(t, q.end)
          or not re.search(r"(size|大小|直径|cm|mm|公分|厘米)\s*[:：]?\s*$", t[max(0, q.start - 8):q.start])]
    # liver segments (S5, segment 8, 第5段) name a place, not how many
    qs = [q for q in qs if not _SEGMENT_BEFORE.search(t[max(0, q.start - 9):q.start]) and not t[q.end:].startswith("段")]
    scans = _scans_disagree(t)  # "the CT said 2, the MRI 3": which one counts is asked back
    n = _ORDINALS[more.group(1) or more.group(2)] if more else 0
    if n and all(q.value < n for q in qs):
        # "the new MRI found a third one", 又发现第三个, "the big one and a second one": the ordinal is
        # the count; read back when two scans are named or the new one is only possible
        return Parsed(n, check=scans or bool(_POSSIBLE.search(t))) if n <= max_count else _count(n, max_count)
    if not qs:
        sized = _SIZED_LESION.findall(num.digits_only(said))
        if len(sized) > 1:  # "S7 mass 6.2cm, S4 nodule 1.8cm, S2 nodule 1.1cm": one tumour per size, read back
            return Parsed(len(sized), check=True) if len(sized) <= max_count else Parsed(problem="count_out_of_range")
        if any(w in t for w in _MANY):
            return Parsed(NOT_SURE)
        if t in ("none", "zero") or t.startswith(("没有肿瘤", "no tumour", "no tumor")):
            return Parsed(problem="count_out_of_range")
        return NOT_UNDERSTOOD
    if not scans:
        qs = latest_only(t, qs)
    counted = [q for q in qs if (_COUNT_NOUN.match(t, q.end) or _OF_SIZE.match(t, q.end))
               and not _OF_THEM.search(t[max(0, q.start - 16):q.start])]
    placed = [q for q in qs if _PLACE_AFTER.match(t, q.end) or _PLACE_BEFORE.search(t[max(0, q.start - 6):q.start])]
    if len(qs) > 1 and len(placed) == len(qs) and all(q.qualifier is None and q.value == int(q.value) for q in qs) \
            and not scans:
        return _count(int(sum(q.value for q in qs)), max_count)  # "two in the right lobe and one in the left"
    first = qs[0]
    if (not scans and not many and len(qs) > 1 and first.qualifier is None and not re.search(r"\d", t[:first.start])
            and re.match(r"\s*(?:个|tumou?rs?|lesions?|nodules?|masses)?\s*[.,;:(（，。：、]", t[first.end:])
            and all(q.qualifier is None for q in qs[1:]) and sum(q.value for q in qs[1:]) <= first.value):
        return _count(first, max_count)  # "two. big one is 55mm, small one 12mm", "3 (the other two are tiny)"
    if (len(qs) > 1 and scans) or many:
        pick = counted[0] if counted else qs[0]
        if many and len(counted) > 1 and not scans:  # "one big one with a couple of little ones": about 3
            total = int(sum(q.value for q in counted))
            return Parsed(total, check=True) if 1 <= total <= max_count else Parsed(problem="count_out_of_range")
        if 1 <= pick.value <= max_count:
            return Parsed(int(pick.value), check=True)
    if len(counted) > 2 and counted[0].qualifier is None and counted[0].value == sum(q.value for q in counted[1:]):
        return _count(counted[0], max_count)  # 两个，一个3公分一个2公分: the total, then each one
    if (len(counted) > 1 and counted[0].qualifier is None and not _DESCRIBED.match(t, counted[0].end)
            and all(_DESCRIBED.match(t, q.end) for q in counted[1:]) and sum(q.high for q in counted[1:]) <= counted[0].value):
        return _count(counted[0], max_count)  # "2 tumours, one big one small": the total, then some of them
    if len(counted) > 1:
        low = sum(q.low for q in counted)
        high = sum(q.high for q in counted)
        value = sum(q.value for q in counted)
        q = counted[0]
        if all(c.qualifier is None for c in counted):
            return _count(int(value), max_count)
        merged = num.Quantity(value, low, high, num.RANGE if low != high else None, None, q.start, counted[-1].end)
        return _count(merged, max_count, rough=True)  # "2 or 3, plus one small spot": a sum with a range
    pick = counted[0] if counted else qs[0]
    if len(qs) > 1 and not counted:
        return Parsed(int(pick.value), check=True) if 1 <= pick.value <= max_count else Parsed(problem="count_out_of_range")
    each = _EACH.search(t)
    segments = _SEGMENTS.findall(t[:each.start()]) if each else []
    if each and pick.value == 1 and len(segments) >= 2 and pick.start > each.start():
        return _count(len(segments), max_count)  # S4、S6、S7段各见一结节: one in each segment named
    larger_elsewhere = any(pick.high < q.high <= 20 for q in qs if q not in counted)
    if ((each and pick.value <= 1) or larger_elsewhere) and 1 <= pick.value <= max_count:
        # "one in S5 and S8 each", 各一枚: the total is not written; "3 or 4, one tiny spot
        # unsure": a larger number stands apart. Read back rather than record fewer.
        return Parsed(int(pick.value), check=True)
    return _count(pick, max_count, rough=pick.qualifier == num.RANGE and bool(_ROUGH.search(t)))


_OF_SIZE = re.compile(r"\s*(?:of|at|measuring|about)\s+(?:about\s+|around\s+)?\d")  # "one of 6 cm": a tumour
_SEGMENT_BEFORE = re.compile(r"(?<![a-z])(?:s|seg|segment|segments)\s*$|第\s*$")
_EACH = re.compile(r"各|每[个处边叶段]|(?<![a-z])(each|both (lobes|sides|halves))(?![a-z])")


_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_ORDINAL_MORE = re.compile(r"(?<![a-z])(?:a|another)\s+(second|third|fourth|fifth|sixth|seventh|eighth)(?![a-z])"
                           r"(?!\s+(?:of|time|opinion|day|week|month|year|scan|ct|mri|doctor|hospital))"
                           r"|第(二|三|四|五|六|七|八)个")
_SIZED_LESION = re.compile(r"(?:mass|nodule|lesion|tumou?r|结节|病灶|肿块|占位)\s*[:：]?\s*\d+(?:\.\d+)?\s*"
                           r"(?:cm|mm|厘米|毫米|公分)")
_POSSIBLE = re.compile(r"(?<![a-z])(possible|possibly|maybe|might|suspicious|suspected|query)(?![a-z])|可能|疑似|不排除|怀疑")
_DESCRIBED = re.compile(r"\s*(?:个|枚|颗)?\s*(?:big|bigger|small|smaller|large|little|tiny|main|大|小|主)")
_PLACE_AFTER = re.compile(r"\s*(?:(?:is|are)\s+)?(?:(?:in|on|near|at|by|inside|to)\s+(?:the\s+|each\s+|his\s+|her\s+|my\s+)?"
                          r"(?:right|left|middle|upper|lower|front|back|top|bottom|liver|lobe|side|segment|part|caudate|"
                          r"dome|edge|s\d)|here|there|elsewhere)")
_PLACE_BEFORE = re.compile(r"(?:[左右中尾]叶|[左右]半?肝|[左右]边|[左右]侧|这边|那边|这里|那里|肝[左右])(?:有|还有|见)?\s*$")
_SEGMENTS = re.compile(r"(?<![a-z])s\s*\d|第\s*\d\s*段|(?<![a-z])segments?\s*\d")


# "roughly 2-3 cm": a range said to be rough is read back (both vague at once)
_ROUGH = re.compile(r"(?<![a-z])(roughly|about|around|approximately|approx|something like|maybe)(?![a-z])"
                    r"|大概|大约|差不多|左右|估计")


def _count(q: Any, max_count: float, rough: bool = False) -> Parsed:
    if isinstance(q, int):
        return Parsed(q) if 1 <= q <= max_count else Parsed(problem="count_out_of_range")
    if q.value < 1 or q.value > max_count or (q.qualifier is None and q.value != int(q.value)):
        return Parsed(problem="count_out_of_range")
    # a range or a bound ("3 or 4", "fewer than 5") is kept as said: the verdict uses both ends
    return Parsed(qualified(q, q.value, max(q.low, 1), q.high, as_int=True), check=rough)


_CHANGE_BEFORE = re.compile(r"(?:(?<![a-z])(?:grew|grown|grows|increased|shrunk|shrank|shrunken|decreased|reduced|"
                            r"went up|gone up|went down|gone down|bigger|smaller)\s+(?:by\s+)?"
                            r"(?:about\s+|around\s+|almost\s+|nearly\s+)?"
                            r"|(?:大了|小了|长了|涨了|增大了?|缩小了?|增加了?|减少了?|变大了?|变小了?|多了|少了)\s*(?:大概|大约|差不多|将近|快)?)\s*$")
_CHANGE_AFTER = re.compile(r"\s*(?:cm|mm|公分|厘米|毫米|centimet(?:er|re)s?)?\s*(?:bigger|larger|smaller|more|less)\s+than"
                           r"|\s*(?:cm|mm|公分|厘米|毫米)?\s*(?:bigger|larger|smaller)(?![a-z])")


def parse_size_cm(text: str, max_cm: float) -> Parsed:
    """The largest size in cm: '8 cm', '45 mm', '五公分半', '5.2×4.8cm' (5.2), 'about 5 cm'
    (kept as about), 'less than 3 cm', several tumours with several sizes (the largest)."""
    t = _without_dates(num.digits_only(normalize(text)))
    qs = num.quantities(t, _SIZE_UNITS)
    if qs and all(q.value <= 0 for q in qs):
        return Parsed(problem="size_out_of_range")
    qs = [q for q in qs if q.value > 0]
    # "grew by 2 cm", 比上次大了两公分: how much it changed, not how big it is
    qs = [q for q in qs if not (_CHANGE_BEFORE.search(t[max(0, q.start - 24):q.start]) or _CHANGE_AFTER.match(t, q.end))]
    if not qs:
        return NOT_UNDERSTOOD
    qs = share_units(t, qs)
    disagree = len(qs) > 1 and _scans_disagree(t)
    if not disagree:
        qs = latest_only(t, qs)  # "9 cm before TACE, 6 cm now": today's size
    with_unit = [num.with_unit(q, "cm", 0.1) if q.unit == "mm" else q for q in qs if q.unit]
    if with_unit:
        q = max(with_unit, key=lambda x: (x.high if x.high != float("inf") else x.value, x.value))
        if q.value <= 0 or q.value > max_cm:
            return Parsed(problem="size_out_of_range")
        # Two scans with two sizes ("the CT said 4 cm, the MRI 5"): which one counts is asked back.
        rough = q.qualifier == num.RANGE and bool(_ROUGH.search(t))
        return Parsed(qualified(q, q.value, q.low, q.high), check=disagree or rough)
    # No unit: the question asks for cm or mm, so a plausible number is read back as cm first.
    q = max(qs, key=lambda x: x.value)
    if q.value > max_cm:
        return Parsed(problem="size_needs_unit")
    return Parsed(qualified(q, q.value, q.low, q.high), check=True)


_BELOW_DETECTION = (
    "below detection", "below the detection", "undetectable", "not detectable", "not detected",
    "undetected", "negative", "below the limit", "too low to measure", "低于检测下限", "未检出",
    "检测不到", "测不出", "阴性", "低于下限", "检测下限以下", "未检测到", "查不到", "测不到", "没检出", "检不出",
    "below detectable", "under the detection", "below lower limit", "<lld", "tnd", "低于最低检测",
    "小于检测下限", "低于检出限", "小于检出限", "检测下限以下", "below the lower limit", "under the limit of detection",
)
_SCI = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:e\s*\+?\s*(\d+)|(?:x|×|\*)\s*10\s*(?:\^|\*\*|to the)?\s*\+?([\d⁰¹²³⁴⁵⁶⁷⁸⁹]+)(?:st|nd|rd|th)?"
    r"|(?:x|×|\*|乘以?)\s*10\s*的\s*(\d+)\s*次方)"
)
# Of several results, the one the person marks as the latest ("the newest report says 45").
_LATEST = re.compile(r"(?<![a-z])(latest|newest|most recent|last one|recent|this time|now|current|currently)(?![a-z])"
                     r"|最近|最新|这次|现在|目前|上个月|上礼拜|上周")
_BOUND_AFTER = re.compile(r"^\s*(?:iu/ml|iu|copies/ml|copies|拷贝/毫升|拷贝|国际单位/毫升|国际单位)?\s*"
                          r"(以下|以内|或以下|or less|or below|and below)")
_POW10 = re.compile(r"(?<![\d.])10\s*(?:\^|\*\*|的)\s*(\d+)(?:\s*次方)?")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_VL_UNITS = {"copies/ml": "copies/mL", "copies/mL": "copies/mL", "copies": "copies/mL", "copy": "copies/mL",
             "cp/ml": "copies/mL", "拷贝/毫升": "copies/mL", "拷贝/ml": "copies/mL", "拷贝": "copies/mL",
             "iu/ml": "IU/mL", "iu": "IU/mL", "国际单位/毫升": "IU/mL", "国际单位": "IU/mL", "u/ml": "IU/mL"}


# A number with a viral-load unit right after it is a result, even when it looks like a year:
# "2000 copies/mL" and "2001 拷贝/毫升" are the limit and just over it, not dates.
_UNIT_AFTER = re.compile(r"\s*(cop(y|ies)|拷贝|cp/ml|iu(?![a-z])|国际单位|u/ml)")


def parse_viral_load(text: str) -> Parsed:
    """Value, unit and bound as printed: '1500 拷贝/毫升', '2.3E+03 IU/mL', '<20 IU/mL' (kept
    as "less than 20"), '1.5万拷贝', 'below detection'. Several results: the last one."""
    raw = text if isinstance(text, str) else ""
    t = unicodedata.normalize("NFKC", raw[:MAX_INPUT_CHARS]).lower()  # keep ^ and superscripts
    several = False  # several results and none said to be the latest: read back
    below = next((p for p in _BELOW_DETECTION if p in t), None)
    if below and not re.search(r"[<＜]|小于|低于|less than|below\s*\d|under\s*\d", t.replace(below, " ")):
        # "去年1.2万拷贝，今年三月复查未检出": below detection, unless a number is the latest result.
        has_number = bool(re.search(r"\d", re.sub(r"(19|20)\d\d", " ", num.digits_only(t))))
        latest_is_below = bool(_LATEST.search(clause_of(t, t.index(below)))) or re.search(r"复查|今年|this year|recheck", t)
        return Parsed({"below_detection": True}, check=has_number and not latest_is_below)
    if not _SCI.search(t) and _SCI.search(num.digits_only(t)):
        t = num.digits_only(t)  # 二点三乘十的三次方: Chinese numerals around a power of ten
    unit = None
    if re.search(r"cop(y|ies)|拷贝|cp/ml", t):
        unit = "copies/mL"
    elif re.search(r"(?<![a-z])iu(?![a-z])|国际单位|(?<![a-z])u/ml", t):
        unit = "IU/mL"
    m = _SCI.search(t)
    pow10 = _POW10.search(t)
    q: Optional[num.Quantity] = None
    if m:
        exponent = (m.group(2) or m.group(3) or m.group(4)).translate(_SUPERSCRIPTS)[:4]
        if int(exponent) > 12:
            return NOT_UNDERSTOOD
        value = float(m.group(1)) * 10 ** int(exponent)
        before = t[max(0, m.start() - 12):m.start()]
        q = _bound_of(before, value, m.start(), m.end(), t[m.end():])
        # Another result beside it ("the newest says 45, in March it was 1.2E+03"): the one marked latest, read back.
        rest = num.digits_only(normalize(t[:m.start()] + " " + t[m.end():]))
        others = [x for x in num.quantities(rest) if x.value >= 10 and not (1990 <= x.value <= 2100)
                  and not re.match(r"\s*(年|月|号|日|次)", rest[x.end:x.end + 2])]
        if others:
            sci_latest = bool(_LATEST.search(clause_of(t, m.start())))
            other_latest = [x for x in others if _LATEST.search(clause_of(rest, x.start))]
            if other_latest and not sci_latest and len(other_latest) == 1:
                x = other_latest[0]
                q = _bound_of(rest[max(0, x.start - 12):x.start], x.value, x.start, x.end, rest[x.end:])
            several = not (sci_latest or len(other_latest) == 1)
    elif pow10:
        if int(pow10.group(1)[:4]) > 12:
            return NOT_UNDERSTOOD
        value = float(10 ** int(pow10.group(1)))
        q = _bound_of(t[max(0, pow10.start() - 12):pow10.start()], value, pow10.start(), pow10.end(), t[pow10.end():])
    else:
        d = num.digits_only(normalize(raw))
        found = [x for x in num.quantities(d) if not (1990 <= x.value <= 2100 and x.qualifier is None
                                                      and not _UNIT_AFTER.match(d[x.end:]))
                 and not re.match(r"\s*(年|月|号|日)", d[x.end:x.end + 2])]
        found = [_bound_of("", x.value, x.start, x.end, d[x.end:]) if x.qualifier is None and _BOUND_AFTER.match(d[x.end:])
                 else x for x in found]
        if len({x.value for x in found}) > 1:
            # Several results: the one said to be the latest, else the last one, read back.
            marked = [x for x in found if _LATEST.search(clause_of(d, x.start))]
            q = marked[-1] if len(marked) == 1 else found[-1]
            several = len(marked) != 1
        else:
            q = found[-1] if found else None
    if q is None or q.value != q.value or q.value in (float("inf"), float("-inf")):
        return NOT_UNDERSTOOD
    if q.value < 0 or q.value > 1e12:
        return NOT_UNDERSTOOD
    if unit is None:
        return Parsed(problem="viral_load_needs_unit")
    result = qualified(q, q.value, q.low, q.high)
    if isinstance(result, dict):
        return Parsed({**result, "unit": unit}, check=q.qualifier in (num.RANGE,) or several)
    return Parsed({"value": result, "unit": unit}, check=several)


def clause_of(t: str, pos: int) -> str:
    """The clause around pos (between commas and full stops)."""
    a = max((m.end() for m in re.finditer(r"[,.;，。；]", t[:pos])), default=0)
    m = re.search(r"[,;，。；]|\.(?!\d)", t[pos:])
    return t[a:pos + (m.start() if m else len(t) - pos)]


def _bound_of(before: str, value: float, start: int, end: int, after: str = "") -> num.Quantity:
    if _BOUND_AFTER.match(after):  # 20拷贝以下, 10的4次方以下
        return num.Quantity(value, 0.0, value, num.LESS, None, start, end)
    b = before.rstrip()
    if b.endswith(("<", "＜", "小于", "低于", "少于", "less than", "below", "under", "不到")):
        return num.Quantity(value, 0.0, value, num.LESS, None, start, end)
    if b.endswith((">", "＞", "大于", "高于", "超过", "more than", "above", "over")):
        return num.Quantity(value, value, float("inf"), num.MORE, None, start, end)
    if b.endswith(("about", "around", "约", "大约", "大概", "~")):
        return num.Quantity(value, value * 0.9, value * 1.1, num.APPROX, None, start, end)
    return num.Quantity(value, value, value, None, None, start, end)


def parse_choice(text: str, criterion: Criterion, today: Optional[date] = None) -> Parsed:
    """Option key from a button payload, a label typed back, or the rule reading of free
    text (bot/understanding/choice.py). Rules only: interpret.py adds the classifier."""
    from bot.understanding import choice

    t = normalize(text)
    if not t:
        return NOT_UNDERSTOOD
    exact = exact_option(t, criterion)
    if exact:
        return Parsed(exact)
    candidate = choice.read_choice(criterion, t, today)
    if candidate is None or candidate.key is None:
        return NOT_UNDERSTOOD
    return Parsed(candidate.key, check=candidate.clarify)


def exact_option(t: str, criterion: Criterion) -> Optional[str]:
    """A button payload or an option's label typed back (normalized text)."""
    t = t.strip(" .!。！")
    if t in UNCERTAIN_KEYS:
        return t
    for option in criterion.options:
        if t in (option.key.lower(), normalize(option.label.en), normalize(option.label.zh)):
            return option.key
    return None


def parse_answer(criterion: Criterion, text: str, current_year: int, today: Optional[date] = None) -> Parsed:
    """Dispatch on the criterion's answer type. Never raises."""
    if not isinstance(text, str) or not normalize(text) or is_command_like(text):
        return NOT_UNDERSTOOD
    if criterion.answer_type == "choice":
        return parse_choice(text, criterion, today)
    unsure = uncertainty(text)
    if unsure:
        return Parsed(unsure)
    rule = criterion.rule
    if criterion.answer_type == "age":
        return parse_age(text, current_year, today)
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


_CHINA_MOBILE = re.compile(r"^(?:\+86|0086)(?=1\d*$)")


def national_number(phone: str) -> str:
    """A phone number's digits without China's country code in front of a mobile number
    (+86 138…, 0086 138… and 138… are one number)."""
    return _CHINA_MOBILE.sub("", re.sub(r"[^\d+]", "", phone))


CONTACT_TIMES = ("morning", "afternoon", "evening", "any_time")
# A narrower time (a clock time, a weekday, "between", "except") is kept as typed.
_SPECIFIC_TIME = re.compile(r"\d|(?<![a-z])(monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|weekday|"
                            r"between|except|only on)(?![a-z])|周[一二三四五六日末]|星期|礼拜|工作日|除了"
                            r"|(?<![好早晚快慢多少有])[一二三四五六七八九十两]点|点钟")
_ROUND_THE_CLOCK = re.compile(r"24\s*(?:小时|hours?|hrs?|/7)")  # "phone on 24 hours": any time, not a clock time
_NOT_TIME = re.compile(r"(?<![a-z])(not|except|no|never)\s+(in the\s+)?$|不要|别|除了$")


def parse_contact_time(text: str) -> Parsed:
    """A preferred time: one of CONTACT_TIMES ("mornings, I'm at the hospital in the
    afternoons" is morning: people lead with what they want), or short free text kept as
    typed when it says more than one time can ("Saturday morning", 下午三点以后, "mornings or
    afternoons, not evenings", 白天都行，晚上别打: the coordinator reads the person's own words).
    Not knowing is asked again with the buttons, never taken for "any time"."""
    t = normalize(text)
    if not t or is_command_like(text):
        return Parsed(problem="not_understood")
    if t in CONTACT_TIMES:
        return Parsed(t)
    unsure = uncertainty(t)
    if unsure == NOT_SURE:
        return Parsed(problem="contact_time")  # "idk", 不知道: the buttons again
    if unsure:
        return Parsed("any_time")  # not wanting to say when: the team calls when it can
    if len(t) > 100 or re.search(r"[<>{}\[\]\\]", t):
        return Parsed(problem="not_understood")
    free = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    words = contact_time_words()
    if _SPECIFIC_TIME.search(_ROUND_THE_CLOCK.sub(" ", t)):
        return Parsed(free)
    if _AM.match(t):
        return Parsed("morning")  # "AM", am都可以
    hits, refused = [], False
    for key in CONTACT_TIMES:
        for w in words[key]:  # (words["vague"] and words["busy"] are not times)
            for pos in _contains_word(t, w) + _period_typos(t, w):
                after = t[pos + len(w):pos + len(w) + 8]
                busy = any(after.lstrip(" ,，").startswith(b) or (not b.isascii() and b in after[:4]) for b in words["busy"])
                before = t[max([0] + [m.end() for m in _CLAUSE_BREAK.finditer(t[:pos])]):pos]
                busy = busy or _busy_before(before, words)
                if _NOT_TIME.search(t[max(0, pos - 12):pos]) or _NOT_TIME_BEFORE.search(before) \
                        or _NOT_TIME_AFTER.match(t[pos + len(w):]):
                    refused = True
                elif not busy:
                    hits.append((pos, key))
    vague = any(_contains_word(t, w) for w in words["vague"])
    first_clause = {key for pos, key in hits if not _CLAUSE_BREAK.search(t[min(hits)[0]:pos])}
    if len(first_clause - {"any_time"}) > 1 or (refused and hits):
        # "morning or afternoon", 上午下午都可以; "any time but not evenings": as typed. (A time in a
        # later clause is the reason: "afternoon, mornings I take him to the clinic".)
        return Parsed(free)
    if hits:
        return Parsed(min(hits)[1])
    if vague:
        return Parsed(problem="contact_time")  # "depends", 看情况: asked again, with the buttons
    if refused:
        return Parsed(free)  # "not mornings", 晚上别打: a time not to call, kept as typed
    if not _TIME_CUE.search(t) or t.rstrip().endswith(("?", "？")):
        # "Call my son", 找我女儿, "What time are you open?": no time in it, or a question back:
        # asked again with the buttons (a question is answered first), never stored as the time.
        return Parsed(problem="contact_time")
    return Parsed(free)


# Words that make a short answer a time to call even without a time of day ("at lunchtime",
# "before the school run", 饭点以后).
_TIME_CUE = re.compile(r"(?<![a-z])(lunch\w*|noon|midday|dinner\w*|supper|breakfast|weekends?|weekdays?|before|after|"
                       r"until|till|from|between|early|late|day\w*|tomorrow|today|tonight|next week|o'?clock|[ap]m|"
                       r"hours?|time)(?![a-z])|中午|午饭|晚饭|早饭|饭点|饭后|饭前|周末|工作日|以后|之后|以前|之前|点|早|晚|白天|"
                       r"明天|今天|后天|下周|礼拜|星期|时候|时间|钟")


def _busy_before(before: str, words: Dict[str, Tuple[str, ...]]) -> bool:
    """"I'm at the hospital in the afternoons": a busy word before the time in its clause, with
    no other time before it that it belongs to (他下午要挂水 上午打吧: the drip is the afternoon's)."""
    spots = [pos for b in words["busy"] for pos in _contains_word(before, b)]
    if not spots:
        return False
    earlier = before[:max(spots)]
    return not any(_contains_word(earlier, w) for key in CONTACT_TIMES for w in words[key])


_CLAUSE_BREAK = re.compile(r"[,.;!?，。；！？]")
_NOT_TIME_BEFORE = re.compile(r"(?<![a-z])(not|except|never)(?![a-z])|不要|别|除了")
_AM = re.compile(r"^\s*a\.?m\.?(?![a-z])")
_NOT_TIME_AFTER = re.compile(r"\s*(不要|别|不能|不行|不方便|不可以|没空)")


def _period_typos(t: str, word: str) -> List[int]:
    """Where a time word of seven letters or more is typed one letter off ("aftrenoon",
    "eveninng"): shorter words are too close to other words to guess."""
    if not word.isascii() or len(word) < 7 or " " in word:
        return []
    from bot.understanding.lexicon import edit_distance

    return [m.start() for m in re.finditer(r"[a-z]+", t)
            if m.group() != word and abs(len(m.group()) - len(word)) <= 1 and edit_distance(m.group(), word) == 1]
