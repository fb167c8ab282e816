"""Numbers as people type them: digits, English words, Chinese numerals, units, ranges and
approximations.

Everything here works on text that went through `normalize` (NFKC, lower case), so
full-width digits and letters are already ASCII. Chinese and English number words are first
rewritten into digits (`digits_only`), then one scanner finds every quantity with what
stands around it: "about"/"左右" (approximate), "<"/"不到"/"below" (a bound), "2-3"/"两三"
(a range), and the unit. Callers decide what a quantity means for their question.

Nothing here raises on odd input; absurd values are returned and judged by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import List, Optional, Tuple

# ----------------------------------------------------------------------------------
# Chinese numerals
# ----------------------------------------------------------------------------------

ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9, "幺": 1}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
ZH_NUMBER = re.compile(r"[零〇一二两俩三四五六七八九十百千万亿幺]+")


def chinese_to_int(s: str) -> Optional[int]:
    """六十二 -> 62, 一九六一 -> 1961, 十 -> 10, 两 -> 2, 一万五 -> 15000."""
    if not s or any(ch not in ZH_DIGITS and ch not in ZH_UNITS for ch in s):
        return None
    if all(ch in ZH_DIGITS for ch in s):  # digit by digit: 一九六一
        value = 0
        for ch in s:
            value = value * 10 + ZH_DIGITS[ch]
        return value
    total, section, digit, last_unit = 0, 0, None, 0
    for ch in s:
        if ch in ZH_DIGITS:
            digit = ZH_DIGITS[ch]
        else:
            unit = ZH_UNITS[ch]
            if unit >= 10000:
                total = (total + section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
            last_unit = unit
    if digit is not None and last_unit >= 100 and section + total and "零" not in s and "〇" not in s:
        # 一千五 = 1500, 一万五 = 15000, 两百五 = 250: a trailing digit counts one unit lower
        # (but 一百零五 = 105).
        digit *= last_unit // 10
    return total + section + (digit or 0)


# ----------------------------------------------------------------------------------
# English number words
# ----------------------------------------------------------------------------------

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "single": 1, "solitary": 1, "couple": 2,
}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1000000}
_EN_WORD = re.compile(r"[a-z]+")
# "the big one", "that one", "little ones": "one" standing for a thing, not a number.
_ONE_AS_PRONOUN_AFTER = {"the", "this", "that", "which", "big", "bigger", "biggest", "large", "larger", "largest",
                         "small", "smaller", "smallest", "little", "tiny", "main", "new", "old", "other", "each",
                         "every", "no", "any", "same", "last", "first", "second", "bad", "worst", "previous"}


def english_numbers(t: str) -> List[Tuple[int, int, float]]:
    """(start, end, value) for runs of English number words: 'sixty-two', 'a hundred',
    'five and a half'."""
    found: List[Tuple[int, int, float]] = []
    tokens = list(_EN_WORD.finditer(t))
    i = 0
    while i < len(tokens):
        word = tokens[i].group()
        if word == "one" and i > 0 and tokens[i - 1].group() in _ONE_AS_PRONOUN_AFTER:
            i += 1
            continue
        starts = word in _EN_TENS or word in _EN_UNITS or (
            word in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1].group() in _EN_SCALES)
        if not starts:
            i += 1
            continue
        start, end, value, current, j = tokens[i].start(), tokens[i].end(), 0.0, 0.0, i
        while j < len(tokens):
            w = tokens[j].group()
            gap = t[tokens[j - 1].end():tokens[j].start()] if j > i else ""
            if j > i and gap.strip(" -") != "":
                break
            if w in _EN_TENS:
                current += _EN_TENS[w]
            elif w in _EN_UNITS:
                current += _EN_UNITS[w]
            elif w in ("a", "an") and j + 1 < len(tokens) and tokens[j + 1].group() in _EN_SCALES:
                current += 1
            elif w in _EN_SCALES:
                current = max(current, 1) * _EN_SCALES[w]
                if w != "hundred":
                    value += current
                    current = 0
            elif (w == "and" and j + 2 < len(tokens) and tokens[j + 1].group() == "a"
                  and tokens[j + 2].group() == "half"):
                current += 0.5
                end = tokens[j + 2].end()
                j += 3
                break
            elif w == "and" and j > i and j + 1 < len(tokens) and (
                    tokens[j + 1].group() in _EN_TENS or tokens[j + 1].group() in _EN_UNITS):
                pass
            else:
                break
            end = tokens[j].end()
            j += 1
        found.append((start, end, value + current))
        i = max(j, i + 1)
    return found


# ----------------------------------------------------------------------------------
# Rewriting number words into digits
# ----------------------------------------------------------------------------------

_ZH_SINGLE = "一二两三四五六七八九"
_ZH_PAIR_RANGE = re.compile(r"(?<![十百千万零〇一二两三四五六七八九])([一二两三四五六七八九])([二两三四五六七八九])(?=[个十百千万公厘毫岁年次处枚颗块cm])")  # noqa: E501
_ZH_TEN_SOMETHING = re.compile(r"([一二两三四五六七八九]?)十(几|来)")
# 十三四 (13-14), 二十三四 (23-24), 三四十 (30-40): two neighbouring digits are a range.
_ZH_TEENS_PAIR = re.compile(r"(?<![百千万零〇一二两三四五六七八九])([一二两三四五六七八九]?)十"
                            r"([一二三四五六七八])([二三四五六七八九])(?=[个十百千万公厘毫岁年次处枚颗块cm\s]|$)")
_ZH_PAIR_TENS = re.compile(r"(?<![十百千万零〇一二两三四五六七八九])([一二两三四五六七八])([二三四五六七八九])十"
                           r"(?![一二三四五六七八九])")
_ZH_DECIMAL = re.compile(r"([零〇一二两三四五六七八九十百]+)点([零〇一二三四五六七八九]+)")
_HALF_AFTER = re.compile(r"(\d+(?:\.\d+)?)\s*(个|公分|厘米|cm|岁)?半")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d{1,2}(?!\d))")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_WAN = re.compile(r"(\d+(?:\.\d+)?)\s*(万|千|百|(?:k|thousand|million|hundred)(?![a-z]))")
_HALF_A = re.compile(r"(?<![a-z])half (?:a )?(million|thousand)(?![a-z])")


# Words that hold a numeral but are not a number: 一样 (the same), 一直 (all along), 一共 (in
# total), 万一 (in case), 一些 (some)… Their numerals are hidden while numbers are rewritten.
_ZH_NOT_NUMBER = re.compile(r"一个一个|一个个|一个接一个|"
                            r"一样|一直|一起|一下|一般|一些|一共|一定|一旦|一边|一会|一切|一向|一致|一再|一并|一阵|一模|"
                            r"一律|一贯|"
                            r"一点点|一点儿|统一|万一|千万|万幸|一半|唯一|第一|一次性")
_HIDDEN = str.maketrans({"一": "", "万": "", "千": ""})
_SHOWN = str.maketrans({"": "一", "": "万", "": "千"})


def digits_only(t: str) -> str:
    """Rewrite Chinese and English number words as digits, keeping everything else:
    '五公分半' -> '5.5公分', '两三个' -> '2-3个', '1.5万' -> '15000', 'five and a half' -> '5.5',
    '5,5 cm' -> '5.5 cm', '1,500' -> '1500'. 跟上次一样 and "the big one" hold no number."""
    t = _ZH_NOT_NUMBER.sub(lambda m: m.group().translate(_HIDDEN), t)
    t = _HALF_A.sub(lambda m: _plain({"million": 500000, "thousand": 500}[m.group(1)]), t)
    t = _ZH_TEN_SOMETHING.sub(lambda m: f"{(ZH_DIGITS.get(m.group(1), 1)) * 10 + 1}-"
                              f"{(ZH_DIGITS.get(m.group(1), 1)) * 10 + 9}" if m.group(2) == "几"
                              else f"~{(ZH_DIGITS.get(m.group(1), 1)) * 10}", t)
    t = _ZH_TEENS_PAIR.sub(lambda m: _pair(m, ZH_DIGITS.get(m.group(1), 1) * 10, m.group(2), m.group(3)), t)
    t = _ZH_PAIR_TENS.sub(lambda m: _pair(m, 0, m.group(1), m.group(2), 10), t)
    t = _ZH_PAIR_RANGE.sub(lambda m: f"{ZH_DIGITS[m.group(1)]}-{ZH_DIGITS[m.group(2)]}", t)

    def _decimal(m: re.Match) -> str:
        whole = chinese_to_int(m.group(1))
        frac = "".join(str(ZH_DIGITS[ch]) for ch in m.group(2))
        return f"{whole}.{frac}" if whole is not None else m.group()

    t = _ZH_DECIMAL.sub(_decimal, t)
    t = ZH_NUMBER.sub(lambda m: _zh_run(m.group()), t)
    t = re.sub(r"(\d)\s*点多", r"\1多", t)  # 八点多: a bit over 8
    spans = english_numbers(t)
    for start, end, value in reversed(spans):
        t = t[:start] + _plain(value) + t[end:]
    t = re.sub(r"(\d+)\s+and\s+a\s+half(?![a-z])", lambda m: f"{int(m.group(1)) + 0.5:g}", t)
    t = re.sub(r"(?<![a-z])(?:a|one) half(?![a-z])", "0.5", t)
    t = _HALF_AFTER.sub(lambda m: f"{float(m.group(1)) + 0.5:g}{m.group(2) or ''}", t)
    t = _THOUSANDS.sub("", t)
    t = _DECIMAL_COMMA.sub(".", t)
    t = _WAN.sub(lambda m: _plain(float(m.group(1)) * {"万": 10000, "千": 1000, "百": 100, "k": 1000, "thousand": 1000,
                                                      "million": 1000000, "hundred": 100}[m.group(2)]), t)
    return t.translate(_SHOWN)


def _pair(m: re.Match, base: int, a: str, b: str, scale: int = 1) -> str:
    """Two neighbouring digits as a range (十三四 -> 13-14); anything else is left as typed."""
    low, high = ZH_DIGITS[a], ZH_DIGITS[b]
    if high != low + 1:
        return m.group()
    return f"{base + low * scale}-{base + high * scale}"


def _zh_run(run: str) -> str:
    # A run that is only units (万, 千 on their own) is a multiplier for digits before it.
    if all(ch in "百千万亿" for ch in run):  # 1.5万: a multiplier of the digits before it
        return run
    value = chinese_to_int(run)
    return _plain(value) if value is not None else run


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# ----------------------------------------------------------------------------------
# Quantities
# ----------------------------------------------------------------------------------

APPROX, LESS, MORE, RANGE = "approx", "lt", "gt", "range"

_APPROX_BEFORE = ("about", "around", "approximately", "approx", "roughly", "circa", "nearly", "almost",
                  "maybe", "probably", "like", "~", "约", "大约", "大概", "差不多", "将近", "接近", "快", "估计",
                  "可能", "好像")
_APPROX_AFTER = ("左右", "上下", "多", "来", "ish", "-ish", "or so", "出头", "+")
_LESS_BEFORE = ("<=", "≤", "<", "less than", "fewer than", "under", "below", "smaller than", "lower than", "not more than",
                "at most", "up to", "no more than", "不到", "小于", "低于", "少于", "不超过", "没超过", "不足", "没到")
_LESS_AFTER = ("以下", "以内", "之内", "内", "或以下")
_MORE_BEFORE = (">=", "≥", ">", "more than", "over", "above", "not fewer than", "not less than", "bigger than",
                "larger than", "greater than",
                "higher than", "at least", "超过", "大于", "高于", "多于", "起码", "至少")
_MORE_AFTER = ("以上", "或以上", "多个", "个以上", "处以上", "枚以上", "个或以上", "or more", "plus", "+")

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|~|～|to|or|到|至|或)\s*$")


@dataclass(frozen=True)
class Quantity:
    """One number as typed, with what qualifies it. low/high bound the true value."""

    value: float
    low: float
    high: float
    qualifier: Optional[str]  # None (exact), approx, lt, gt, range
    unit: Optional[str]
    start: int
    end: int


def quantities(text: str, units: Optional[dict] = None) -> List[Quantity]:
    """Every number in normalized text, in order. units maps a unit spelling to a canonical
    unit name; the first unit right after a number (or after a range or a dimension list
    such as '5.2x4.8cm') is attached to it."""
    t = digits_only(text)
    found = [(m.start(), m.end(), float(m.group())) for m in _NUMBER.finditer(t) if _finite(m.group())]
    unit_re = _unit_regex(units) if units else None
    result: List[Quantity] = []
    i = 0
    while i < len(found):
        start, end, value = found[i]
        low = high = value
        qualifier: Optional[str] = None
        j = i
        # a range: "2-3", "2 to 3", "两三", "5~6"
        if i + 1 < len(found) and _RANGE_JOIN.match(t[end:found[i + 1][0]]) and found[i + 1][2] > value:
            j = i + 1
            high = found[j][2]
            qualifier = RANGE
        # dimensions: "5.2x4.8x3 cm" -> the largest
        dims_end = found[j][1]
        while j + 1 < len(found) and re.fullmatch(r"\s*(?:x|×|\*|乘|by|\s(?:cm|mm)?\s*(?:x|×|\*|by))\s*",
                                                  t[dims_end:found[j + 1][0]]):
            j += 1
            if qualifier != RANGE:
                value = low = high = max(high, found[j][2])
            dims_end = found[j][1]
        end = dims_end
        unit = None
        if unit_re:
            m = unit_re.match(t, end)
            if m:
                unit = units[m.group(1)]
                end = m.end()
        before = t[max(0, start - 16):start]
        after = t[end:end + 8]
        if qualifier is None:
            if _ends_with_any(before, _LESS_BEFORE) or _starts_with_any(after, _LESS_AFTER):
                qualifier, low = LESS, 0.0
            elif _ends_with_any(before, _MORE_BEFORE) or _starts_with_any(after, _MORE_AFTER):
                qualifier, high = MORE, float("inf")
            elif _ends_with_any(before, _APPROX_BEFORE) or _starts_with_any(after, _APPROX_AFTER):
                qualifier = APPROX
                spread = max(abs(value) * 0.1, 0.5 if not value.is_integer() or value < 20 else 1.0)
                low, high = max(value - spread, 0.0), value + spread
                if after.lstrip().startswith("多"):  # 八点多 (8 to 9), 六十多 (60 to 69)
                    low = value
                    high = value + (9 if value >= 10 and value % 10 == 0 else 0.9)
        if qualifier == RANGE:
            value = high
        result.append(Quantity(value, low, high, qualifier, unit, start, end))
        i = j + 1
    if len(result) > 1:
        # "I meant 6.5 not 5.6", 不是5.6是6.5: a number said not to be the one is dropped.
        kept = [q for q in result if not _NOT_THIS_NUMBER.search(t[max(0, q.start - 12):q.start])]
        result = kept or result
    return result


_NOT_THIS_NUMBER = re.compile(r"(?:(?<![a-z])(?:not|isn't|wasn't|instead of)|不是)\s*$")


def with_unit(q: Quantity, unit: str, factor: float = 1.0) -> Quantity:
    """The quantity converted into another unit."""
    return replace(q, value=q.value * factor, low=q.low * factor,
                   high=q.high * factor if q.high != float("inf") else q.high, unit=unit)


def numbers(text: str) -> List[float]:
    """All numbers in the text, in order (digits, English words, Chinese numerals)."""
    return [q.value if q.qualifier != RANGE else q.low for q in quantities(text)]


def _finite(s: str) -> bool:
    try:
        value = float(s)
    except ValueError:
        return False
    return value == value and value not in (float("inf"), float("-inf")) and len(s) < 40


def _unit_regex(units: dict) -> re.Pattern:
    spellings = sorted(units, key=len, reverse=True)
    return re.compile(r"\s*(" + "|".join(re.escape(s) for s in spellings) + r")(?![a-z])")


def _ends_with_any(before: str, words) -> bool:
    b = before.rstrip()
    for w in words:
        if b.endswith(w):
            k = len(b) - len(w)
            if w.isascii() and w[0].isalpha() and k > 0 and b[k - 1].isalpha():
                continue
            return True
    return False


def _starts_with_any(after: str, words) -> bool:
    a = after.lstrip()
    for w in words:
        if a.startswith(w):
            k = len(w)
            if w.isascii() and w[-1].isalpha() and len(a) > k and a[k].isalpha():
                continue
            return True
    return False
