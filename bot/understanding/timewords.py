"""When something happened, from how people say it ("two years ago", 去年, "since 2019",
"just now"). The words live in lexicons/time.yml; the windows they are compared with live in
the trial definition (a criterion's `window_months`).

`when()` gives how many months ago an event was, as a range (low, high), plus whether the
message says it is happening now, or only that it was "before" without saying when.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from bot.understanding.numbers import digits_only

LEXICON = Path(__file__).resolve().parent / "lexicons" / "time.yml"

# Red flags: anything this recent is "now" (a bleed three days ago needs a doctor today).
RECENT_MONTHS = 0.25
WITHIN_A_DAY = 1 / 30  # in months: "hours ago" is today


@dataclass(frozen=True)
class When:
    low: Optional[float] = None  # months ago, at least
    high: Optional[float] = None  # months ago, at most
    now: bool = False  # "now", "still", "today", 现在, 一直
    vague_past: bool = False  # "before", 以前: in the past, not saying when
    long_ago: bool = False  # "decades ago", 年轻时

    @property
    def known(self) -> bool:
        return self.low is not None

    def within(self, window_months: float) -> Optional[bool]:
        """Inside the window (True), outside (False) or cannot tell (None)."""
        if self.now:
            return True
        if self.long_ago and window_months <= 120:
            return False
        if not self.known:
            return None
        if self.high is not None and self.high <= window_months:
            return True
        if self.low is not None and self.low > window_months:
            return False
        return None


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    with LEXICON.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def _future_before() -> "re.Pattern[str]":
    """"before the next scan", 下次复查之前: a time still to come, which the past word
    "before" / 之前 inside it must not make past."""
    data = _lexicon()["future_before"]
    return re.compile("|".join(f"(?:{p})" for lang in ("en", "zh") for p in data.get(lang, [])))


def _words(kind: str) -> List[str]:
    data = _lexicon()[kind]
    return [w.lower() for lang in ("en", "zh") for w in data.get(lang, [])]


def has_any(t: str, words) -> bool:
    """Whole-word match for ASCII words, substring for Chinese."""
    for w in words:
        if w.isascii():
            if re.search(r"(?<![a-z])" + re.escape(w) + r"(?![a-z])", t):
                return True
        elif w in t:
            return True
    return False


_NOT_NOW = re.compile(r"(not|no longer|isn't|wasn't)\s+$|(不是|不在|没有|没)$")


def says_now(t: str) -> bool:
    """"now", "today", 刚才…, not negated ("not now", 不是最近) and not part of "when I had
    just…" (刚确诊的时候)."""
    if _says(t, "now"):
        return True
    # "20 minutes ago", 两个小时前: minutes and hours ago are now (spec: a person reporting what
    # just happened is reporting an emergency), however the number is written.
    w = when(t)
    return w.known and w.high is not None and w.high <= WITHIN_A_DAY


def _says(t: str, kind: str) -> bool:
    for w in _words(kind):
        pattern = (r"(?<![a-z])" + re.escape(w) + r"(?![a-z])") if w.isascii() else re.escape(w)
        for m in re.finditer(pattern, t):
            if _NOT_NOW.search(t[max(0, m.start() - 12):m.start()]):
                continue
            if not w.isascii() and re.match(r".{0,8}?(的时候|那时|时候|那阵子|那会儿|那段时间)", t[m.end():]):
                continue  # 刚确诊那阵子: "just after the diagnosis, back then"
            if w == "just" and _JUST_NOT_NOW.match(t[m.end():]):
                continue  # "I just avoid it", "just wondering": not "it just happened"
            return True
    return False


_JUST_NOT_NOW = re.compile(r"\s+(avoid|want|wanted|wonder|wondering|ask|asking|check|checking|curious|quiet|need|like|"
                           r"to|a|an|the|in case|because|so|one|that|this|being|fine|ok|okay|normal|tired|old|my|his|her|"
                           r"how|what)(?![a-z])")


def says_present(t: str) -> bool:
    """Happening at this very moment ("right now", 正在, 刚才), stronger than says_now's
    "again" or "lately": wins over "if", "in general" and a question form."""
    return _says(t, "present")


@lru_cache(maxsize=1)
def _unit_pattern() -> Tuple[re.Pattern, Dict[str, float]]:
    months: Dict[str, float] = {}
    for unit in _lexicon()["units"].values():
        for lang in ("en", "zh"):
            for w in unit.get(lang, []):
                months[w.lower()] = float(unit["months"])
    ago = [w.lower() for lang in ("en", "zh") for w in _lexicon()["ago"][lang]]
    spellings = sorted(months, key=len, reverse=True)
    pattern = re.compile(
        r"(?:(\d+(?:\.\d+)?)\s*(?:-|~|to|or|到|或)\s*)?"  # "five or six years ago", 五六年前: a range
        r"(\d+(?:\.\d+)?|a|an|one|several|some|few|a few|couple of|a couple of|几|多|半)?\s*(?:多)?\s*("
        + "|".join(re.escape(s) for s in spellings) + r")(?![a-z])\s*(?:多)?\s*("
        + "|".join(re.escape(a) for a in sorted(ago, key=len, reverse=True)) + r")"
    )
    return pattern, months


MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
_MONTHS = {name: i + 1 for i, name in enumerate(MONTH_NAMES)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items()) if name != "may"})
_MONTHS["sept"] = 9
_MONTH = re.compile(r"(?<![a-z])(?:(?:in|last|since|early|late|mid|on)\s+(" + "|".join(_MONTHS) + r")(?![a-z])|("
                    + "|".join(_MONTHS) + r")(?![a-z])\.?\s+\d{1,2}(?:st|nd|rd|th)?(?![\d:]))"  # not "decadron 6 mg"
                    r"|(?<![\d.])(1[0-2]|[1-9])\s*月份?(?!\s*(?:前|内|之内|以内))")
_WHEN_YOUNGER = re.compile(r"when (?:i|he|she|we) (?:was|were) (?:\d+|young|younger|a (?:child|kid|teenager|student))"
                           r"|(?:\d+)岁(?:的时候|那年)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)\s*(?:年)?")
# A month with its year ("2020年10月", "October 2020", "Oct. 2020", "2020-10") is one date, not
# "October" (this year) and "2020" read apart.
_YEAR_MONTH = re.compile(r"(?<!\d)(?P<y1>(?:19|20)\d\d)\s*年\s*(?P<m1>1[0-2]|0?[1-9])\s*月"
                         r"|(?<![a-z])(?P<name>" + "|".join(_MONTHS) + r")\.?,?\s+(?:of\s+)?(?P<y2>(?:19|20)\d\d)(?!\d)"
                         r"|(?<![\d.])(?P<y3>(?:19|20)\d\d)[-/.](?P<m3>1[0-2]|0?[1-9])(?![\d])"
                         r"|(?<![\d./])(?P<m4>1[0-2]|0?[1-9])/(?P<y4>(?:19|20)\d\d)(?!\d)")
_SHORT_YEAR = re.compile(r"(?<![\d.])(\d\d)\s*年(?!\s*前)")


# "Nothing since", 后来一直好好的: the time since an event that is over, not the event going on.
_FINE_SINCE = re.compile(r"(?<![a-z])(nothing|none|no (?:more|problems?|trouble|issues?|bleeds?|bleeding)|fine|ok|okay|well|good|"
                         r"normal|clear)(?: \w+){0,2} (?:ever )?since(?![a-z])"
                         r"|一直(?:都)?(?:好好|很好|挺好|蛮好|还好|正常|稳定|没再|没有再|没复发|没出|没犯|ok|fine)")
_NOT_ONCE = re.compile(r"(?<![a-z])(all at once|at once|once (?:i|i've|i'm|he|she|we|you|it|they|the|this|that))(?![a-z])")
_HOW_OFTEN = re.compile(r"(?<![a-z])(once|twice|\w+ times) (a|per|every|each) (day|week|month|year|fortnight)(?![a-z])"
                        r"|(?<![a-z])(once|twice) (daily|weekly|monthly)(?![a-z])"
                        r"|(每天|每周|每个月|每月|一天|一周)[一两二三四]次")


def when(text: str, today: Optional[date] = None) -> When:
    """How long ago the event in this (normalized) text was."""
    return _when(text, today or date.today())


@lru_cache(maxsize=4096)
def _when(text: str, today: date) -> When:
    """when(), remembered: says_now() asks it too, and a red-flag check reads one clause's time
    several times per message."""
    text = _HOW_OFTEN.sub(lambda m: " " * len(m.group()), text)  # "once a day", 每天一次: how often, not when
    text = _NOT_ONCE.sub(lambda m: " " * len(m.group()), text)  # "it hit me all at once", "once I've finished"
    text = _FINE_SINCE.sub(lambda m: " " * len(m.group()), text)  # 后来一直好好的: not "now"
    text = _future_before().sub(lambda m: " " * len(m.group()), text)  # "before the next scan": still to come
    words_text = text  # 一直, 一下子: words that contain numerals are read before digits replace them
    t = digits_only(text)
    now = _says(words_text, "now")  # words only: says_now itself asks when()
    ranges: List[Tuple[float, float]] = []
    pattern, months = _unit_pattern()
    for m in pattern.finditer(t):
        first, count, unit = m.group(1), m.group(2), months[m.group(3)]
        if count in (None, "a", "an", "one"):
            n_low = n_high = 1.0
        elif count in ("several", "some", "few", "a few", "几", "多"):
            n_low, n_high = 2.0, 9.0
        elif count in ("couple of", "a couple of"):
            n_low, n_high = 2.0, 3.0
        elif count == "半":
            n_low = n_high = 0.5
        else:
            n_low = n_high = float(count)
        if first is not None:
            n_low = min(n_low, float(first))
        ranges.append((n_low * unit * 0.9, n_high * unit * 1.1 + (unit if unit >= 12 else 0)))
    for word, (low, high) in _relative().items():
        if has_any(t, [word]):
            ranges.append((float(low), float(high)))
    for word, back in _calendar_years().items():
        if has_any(t, [word]):
            ranges.append(_months_since_year(today.year - back, today))
    for m in list(_YEAR_MONTH.finditer(t)):
        year = int(m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4"))
        month = int(m.group("m1") or m.group("m3") or m.group("m4") or 0) or _MONTHS[m.group("name")]
        back = (today.year - year) * 12 + today.month - month
        if back >= 0:
            ranges.append((max(back - 0.5, 0.0), back + 0.5))
        t = t[:m.start()] + " " * (m.end() - m.start()) + t[m.end():]
    for m in _YEAR.finditer(t):
        year = int(m.group(1))
        if 1920 <= year <= today.year:
            ranges.append(_months_since_year(year, today))
    for m in _SHORT_YEAR.finditer(t):
        year = 2000 + int(m.group(1)) if int(m.group(1)) <= today.year % 100 else 1900 + int(m.group(1))
        ranges.append(_months_since_year(year, today))
    for m in _MONTH.finditer(t):
        month = _MONTHS.get(m.group(1) or m.group(2) or "") or int(m.group(3) or 0)
        if 1 <= month <= 12:
            back = (today.month - month) % 12
            ranges.append((max(back - 0.5, 0.0), back + 0.5))
    if re.search(r"(?<![a-z])since(?![a-z])|从.{0,8}(开始|起)|一直", words_text):
        now = True
    long_ago = has_any(words_text, _words("long_ago")) or bool(_WHEN_YOUNGER.search(t))
    vague = has_any(words_text, _words("past_vague"))
    if not ranges:
        return When(now=now, vague_past=vague and not now, long_ago=long_ago)
    # The most recent event mentioned is what counts for a window.
    low = min(r[0] for r in ranges)
    high = min(r[1] for r in ranges)
    return When(low=low, high=max(high, low), now=now, vague_past=False, long_ago=long_ago)


@lru_cache(maxsize=1)
def contact_time_words() -> Dict[str, Tuple[str, ...]]:
    """The words for each time to call, and for being busy (time.yml contact_times), lower-case."""
    data = _lexicon()["contact_times"]
    return {key: tuple(str(w).lower() for lang in ("en", "zh") for w in (data[key].get(lang) or [])) for key in data}


@lru_cache(maxsize=1)
def _relative() -> Dict[str, Tuple[float, float]]:
    data = _lexicon()["relative"]
    return {w.lower(): tuple(v) for lang in ("en", "zh") for w, v in data.get(lang, {}).items()}


@lru_cache(maxsize=1)
def _calendar_years() -> Dict[str, int]:
    """去年, "last year": how many calendar years back (time.yml calendar_years)."""
    data = _lexicon().get("calendar_years") or {}
    return {w.lower(): int(v) for lang in ("en", "zh") for w, v in (data.get(lang) or {}).items()}


def _months_since_year(year: int, today: date) -> Tuple[float, float]:
    low = max(0.0, (today.year - year) * 12 + today.month - 12)
    high = float((today.year - year) * 12 + today.month - 1)
    return low, max(high, low)


def older_than_figure(text: str, today: Optional[date] = None) -> bool:
    """Said to be from longer ago than a scan figure stays current (time.yml old_figure_months)."""
    w = when(text, today)
    return w.known and (w.low or 0) > float(_lexicon()["old_figure_months"])
