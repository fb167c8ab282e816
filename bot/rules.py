"""Verdict rules: the one place where an answer becomes meets / does_not_meet / unknown.

Parameters (age limits, up-to-seven limit, viral-load limits) come from the trial
definition; the logic of each rule lives only here (spec sections 2 and 3).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Mapping, Optional, Tuple

from bot.trial import Criterion
from bot.understanding.parsing import UNCERTAIN_KEYS, bounds

MEETS, DOES_NOT_MEET, UNKNOWN = "meets", "does_not_meet", "unknown"

LIKELY_ELIGIBLE = "likely_eligible"
NEEDS_REVIEW = "needs_review"
LIKELY_INELIGIBLE = "likely_ineligible"
EMERGENCY_STOP = "emergency_stop"
OUTCOMES = (LIKELY_ELIGIBLE, NEEDS_REVIEW, LIKELY_INELIGIBLE, EMERGENCY_STOP)


def is_uncertain(value: Any) -> bool:
    return isinstance(value, str) and value in UNCERTAIN_KEYS


def choice_verdict(criterion: Criterion, key: Any) -> str:
    """The option's verdict; "not sure" / "prefer not to say" and unknown keys give unknown."""
    option = criterion.option(key) if isinstance(key, str) else None
    return option.verdict if option else UNKNOWN


def age_verdict(value: Any, rule: Mapping[str, float]) -> str:
    """18-75 inclusive meets. A birth year gives two possible ages: both must agree."""
    if not isinstance(value, Mapping):
        return UNKNOWN
    low, high = value.get("low"), value.get("high")
    if not isinstance(low, (int, float)) or not isinstance(high, (int, float)):
        return UNKNOWN
    inside = [rule["min_age"] <= age <= rule["max_age"] for age in (low, high)]
    if all(inside):
        return MEETS
    if not any(inside):
        return DOES_NOT_MEET
    return UNKNOWN


def is_minor(value: Any, rule: Mapping[str, float]) -> bool:
    """Certainly under the minimum age: stop and store no health data."""
    return isinstance(value, Mapping) and isinstance(value.get("high"), (int, float)) and (
        value["high"] < rule["min_age"]
    )


def up_to_seven_sum(count: Any, size_cm: Any) -> Optional[Tuple[float, float]]:
    """(lowest, highest) possible sum of the largest size in cm and the number of tumours.
    Exact answers give one value; "about 5 cm", "2 to 3 tumours" or "less than 3 cm" give
    the range the true sum lies in."""
    a, b = bounds(count), bounds(size_cm)
    if a is None or b is None:
        return None
    return a[0] + b[0], a[1] + b[1]


def up_to_seven_verdict(count: Any, size_cm: Any, limit: float) -> str:
    """Beyond up-to-seven (sum > limit) meets; within (sum <= limit, 7 exactly is within) does
    not. An approximate or bounded answer decides only when its whole range falls on one side
    of the limit; otherwise the study team checks (unknown), never a guessed exclusion."""
    total = up_to_seven_sum(count, size_cm)
    if total is None:
        return UNKNOWN
    low, high = total
    if low > limit:
        return MEETS
    if high <= limit:
        return DOES_NOT_MEET
    return UNKNOWN


def viral_load_verdict(virus: Any, load: Any, rule: Mapping[str, float]) -> str:
    """Spec E4, for the viral load of one virus ("hbv" or "hcv"): HBV copies/mL > limit
    excluded; HBV IU/mL >= limit excluded, below it the site converts (unknown); HCV RNA > limit
    excluded; below detection meets. Someone with both gives two loads, each checked here
    against its own limit (verdicts_by_key)."""
    if virus not in ("hbv", "hcv") or not isinstance(load, Mapping):
        return UNKNOWN
    if load.get("below_detection") is True:
        return MEETS
    unit = load.get("unit")
    span = bounds(load)
    if span is None:
        return UNKNOWN
    low, high = span  # "<20" is (0, 20); "about 2000" is (1800, 2200)
    if virus == "hcv":
        return _above(low, high, rule["hcv_limit"], strict=True)
    if unit == "copies/mL":
        return _above(low, high, rule["hbv_copies_limit"], strict=True)
    if unit == "IU/mL":
        return DOES_NOT_MEET if low >= rule["hbv_iu_limit"] else UNKNOWN
    return UNKNOWN


def hepatitis_verdict(hepatitis: Criterion, loads: Iterable[Criterion], answers: Mapping[str, Any]) -> str:
    """The combined E4 verdict: "neither" meets; B or C alone: its one load; both: the HBV load
    against the HBV limit and the HCV load against the HCV limit (any over excludes; a load not
    given yet, or not known, is unknown)."""
    answer = answers.get(hepatitis.id)
    first = choice_verdict(hepatitis, answer)
    if answer is None:
        return UNKNOWN
    if first == MEETS or is_uncertain(answer):
        return first
    asked = [c for c in loads if c.applies(answers)]
    if not asked:
        return UNKNOWN
    return combine(viral_load_verdict(c.virus or answer, answers.get(c.id), c.rule) for c in asked)


def _above(low: float, high: float, limit: float, strict: bool) -> str:
    """Over the limit excludes; all of the range at or under it meets; a range across it: unknown."""
    if (low > limit) if strict else (low >= limit):
        return DOES_NOT_MEET
    if (high <= limit) if strict else (high < limit):
        return MEETS
    return UNKNOWN


def combine(verdicts: Iterable[str]) -> str:
    """Several verdicts for one key: any does_not_meet wins, then unknown."""
    verdicts = list(verdicts)
    if DOES_NOT_MEET in verdicts:
        return DOES_NOT_MEET
    if UNKNOWN in verdicts or not verdicts:
        return UNKNOWN
    return MEETS


def outcome(verdicts: Mapping[str, str], required_keys: Iterable[str], emergency: bool = False) -> Optional[str]:
    """Spec section 2. None while required criteria are still unanswered and nothing excludes."""
    if emergency:
        return EMERGENCY_STOP
    if DOES_NOT_MEET in verdicts.values():
        return LIKELY_INELIGIBLE
    required = list(required_keys)
    if any(key not in verdicts for key in required):
        return None
    if any(verdicts[key] == UNKNOWN for key in required):
        return NEEDS_REVIEW
    return LIKELY_ELIGIBLE


def verdicts_by_key(criteria: Iterable[Criterion], answers: Mapping[str, Any]) -> Dict[str, str]:
    """criteria_verdicts for the answers given so far (combined keys included once both parts
    exist, or as unknown while a part is missing)."""
    groups: Dict[str, list] = {}
    for criterion in criteria:
        if criterion.step:  # a step (sex) only decides which questions apply
            continue
        groups.setdefault(criterion.verdict_key, []).append(criterion)
    result: Dict[str, str] = {}
    for key, members in groups.items():
        answered = [c for c in members if c.id in answers]
        if not answered:
            continue
        by_type = {c.answer_type: c for c in members}
        loads = [c for c in members if c.answer_type == "viral_load"]
        if "size_cm" in by_type and "count" in by_type:
            size_c = by_type["size_cm"]
            result[key] = up_to_seven_verdict(
                answers.get(by_type["count"].id), answers.get(size_c.id), size_c.rule["up_to_seven_limit"]
            )
        elif loads and "choice" in by_type:
            result[key] = hepatitis_verdict(by_type["choice"], loads, answers)
        else:
            result[key] = combine(_single_verdict(c, answers[c.id]) for c in answered)
    return result


def _single_verdict(criterion: Criterion, value: Any) -> str:
    if is_uncertain(value):
        return UNKNOWN
    if criterion.answer_type == "choice":
        return choice_verdict(criterion, value)
    if criterion.answer_type == "age":
        return age_verdict(value, criterion.rule)
    return UNKNOWN  # count / size / viral load alone decide nothing
