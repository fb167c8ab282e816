"""The screening engine: which question comes next, progress, verdicts, outcome, summary.

Pure functions of the trial definition and the answers given so far, so the Rasa adapter
(actions/) and the tests drive exactly the same logic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, List, Mapping, Optional, Tuple

from bot import rules
from bot.trial import Criterion, TrialDefinition
from bot.understanding.parsing import NOT_SURE, PREFER_NOT, Parsed, parse_answer


@dataclass
class Evaluation:
    verdicts: Dict[str, str]
    reasons: Dict[str, Dict[str, str]]
    outcome: Optional[str]
    not_met: List[str] = field(default_factory=list)
    unknown: List[str] = field(default_factory=list)


class Screener:
    """Question flow and scoring for one trial definition."""

    def __init__(self, trial: TrialDefinition):
        self.trial = trial

    # -- flow ------------------------------------------------------------------------
    def applicable(self, answers: Mapping[str, Any]) -> List[Criterion]:
        """Criteria to ask given the answers so far (ask_if: viral loads only with B and/or C)."""
        return [c for c in self.trial.criteria if c.applies(answers)]

    def questions(self, answers: Mapping[str, Any]) -> List[Criterion]:
        """The criteria to ask that count: applicable, and not a step (a step, such as sex, only
        decides which questions apply; it has no verdict and no question number)."""
        return [c for c in self.applicable(answers) if not c.step]

    def next_criterion(self, answers: Mapping[str, Any]) -> Optional[str]:
        """The next question, or None when all are answered or an answer excludes (early exit)."""
        if self.early_exit(answers):
            return None
        for c in self.applicable(answers):
            if answers.get(c.id) is None:
                return c.id
        return None

    def early_exit(self, answers: Mapping[str, Any]) -> bool:
        return rules.DOES_NOT_MEET in self.verdicts(answers).values()

    def is_minor(self, answers: Mapping[str, Any]) -> bool:
        age = next((c for c in self.trial.criteria if c.answer_type == "age"), None)
        return bool(age) and rules.is_minor(answers.get(age.id), age.rule)

    def progress(self, criterion_id: str, answers: Mapping[str, Any]) -> Tuple[int, int]:
        """("Question n of total") for the question about to be asked; steps are not counted
        (n is 0 for a step: it comes before the questions)."""
        if self.trial.criterion(criterion_id).step:  # the questions that follow it, as if not known yet
            return 0, len(self.questions({**answers, criterion_id: answers.get(criterion_id) or NOT_SURE}))
        ids = [c.id for c in self.questions(answers)]
        if criterion_id not in ids:
            ids.append(criterion_id)
        return ids.index(criterion_id) + 1, len(ids)

    def is_valid(self, criterion_id: str, value: Any) -> bool:
        """Could the understanding layer have produced this value for this question?"""
        return is_valid_answer(self.trial.criterion(criterion_id), value)

    def dependants(self, criterion_id: str) -> List[str]:
        """Answers that must be cleared when this one changes (ask_if followers)."""
        return [c.id for c in self.trial.criteria if criterion_id in c.ask_if]

    # -- parsing and scoring ---------------------------------------------------------
    def parse(self, criterion_id: str, text: str, today: Optional[date] = None) -> Parsed:
        year = (today or date.today()).year
        return parse_answer(self.trial.criterion(criterion_id), text, year)

    def verdicts(self, answers: Mapping[str, Any]) -> Dict[str, str]:
        answered = {k: v for k, v in answers.items() if v is not None}
        return rules.verdicts_by_key(self.trial.criteria, answered)

    def evaluate(self, answers: Mapping[str, Any], emergency: bool = False) -> Evaluation:
        verdicts = self.verdicts(answers)
        required = []
        for c in self.questions(answers):
            if c.verdict_key not in required:
                required.append(c.verdict_key)
        outcome = rules.outcome(verdicts, required, emergency)
        reasons = {key: self.reason(key, verdict) for key, verdict in verdicts.items()}
        return Evaluation(
            verdicts=verdicts,
            reasons=reasons,
            outcome=outcome,
            not_met=[k for k, v in verdicts.items() if v == rules.DOES_NOT_MEET],
            unknown=[k for k, v in verdicts.items() if v == rules.UNKNOWN],
        )

    def reason(self, verdict_key: str, verdict: str) -> Dict[str, str]:
        """A plain-language reason for a verdict, in both languages."""
        if verdict == rules.DOES_NOT_MEET:
            text = self.criterion_for_key(verdict_key).not_met
        elif verdict == rules.MEETS:
            text = self.trial.reasons.meets
        else:
            text = self.trial.reasons.unknown
        return {"en": text.en, "zh": text.zh}

    def criterion_for_key(self, verdict_key: str) -> Criterion:
        members = [c for c in self.trial.criteria if c.verdict_key == verdict_key]
        return members[-1] if verdict_key != members[0].id else members[0]

    def label_for_key(self, verdict_key: str, language: str) -> str:
        return self.criterion_for_key(verdict_key).label.get(language)

    # -- words for people --------------------------------------------------------------
    def respondent(self, answers: Mapping[str, Any]):
        """(the respondent step, the option chosen there or None); (None, None) when the trial has
        no such step. The step is the one whose options say how to name the patient (`about`)."""
        for c in self.trial.criteria:
            if c.step and any(o.about for o in c.options):
                value = answers.get(c.id)
                return c, (c.option(value) if isinstance(value, str) else None)
        return None, None

    def patient_named(self, answers: Mapping[str, Any]) -> Optional[Dict[str, str]]:
        """How the questions name the patient when someone answers for a family member
        ({"en": "your father", "zh": "您父亲"}), from the respondent step; None when the person
        typing is the patient (or has not said)."""
        _, option = self.respondent(answers)
        if option is None or option.about is None:
            return None
        return {"en": option.about.en, "zh": option.about.zh}

    def question_text(self, criterion_id: str, answers: Mapping[str, Any], language: str) -> str:
        """The question, about the person typing ("How old are you?") or, when they answer for
        someone, about that person ("How old is your father?", 您父亲今年多大年龄？)."""
        c = self.trial.criterion(criterion_id)
        named = self.patient_named(answers)
        if named is None or c.question_other is None:
            return c.question.get(language)
        patient = named[language]
        return c.question_other.get(language).format(patient=patient, Patient=patient[:1].upper() + patient[1:])

    def option_label(self, option, language: str, for_someone_else: bool = False) -> str:
        chosen = option.label_other if for_someone_else and option.label_other is not None else option.label
        return chosen.get(language)

    def display(self, criterion_id: str, value: Any, language: str, for_someone_else: bool = False) -> str:
        """An answer as the summary shows it ("58", "5.2 cm", "Hepatitis B")."""
        c = self.trial.criterion(criterion_id)
        fmt = self.trial.formats
        if value == NOT_SURE:
            return self.trial.not_sure_label(language)
        if value == PREFER_NOT:
            return self.trial.prefer_not_label(language)
        if c.answer_type == "choice":
            option = c.option(value)
            return self.option_label(option, language, for_someone_else) if option else str(value)
        if c.answer_type == "age" and isinstance(value, Mapping):
            if "birth_year" in value:
                return fmt["age_from_birth_year"].get(language).format(
                    year=value["birth_year"], low=value["low"], high=value["high"])
            return fmt["age"].get(language).format(age=value.get("low"))
        if c.answer_type == "count":
            return fmt["count"].get(language).format(count=self._qualified(value, language))
        if c.answer_type == "size_cm":
            return fmt["size_cm"].get(language).format(cm=self._qualified(value, language))
        if c.answer_type == "viral_load" and isinstance(value, Mapping):
            if value.get("below_detection"):
                return fmt["below_detection"].get(language)
            return fmt["viral_load"].get(language).format(
                value=self._qualified(value, language), unit=value.get("unit"))
        return str(value)

    def _qualified(self, value: Any, language: str) -> str:
        """5 -> "5"; about 5 -> "about 5" / "5左右"; less than 3 -> "less than 3"; 2 to 3 -> "2–3"."""
        if not isinstance(value, Mapping):
            return _plain_number(value)
        number = _plain_number(value.get("value"))
        qualifier = value.get("qualifier")
        if qualifier is None:
            return number
        template = self.trial.formats[f"qualifier_{qualifier}"].get(language)
        return template.format(value=number, low=_plain_number(value.get("low")), high=_plain_number(value.get("high")))

    def example_answer(self, criterion_id: str, language: str) -> str:
        """An answer that fits the question, to show how to reply after a failed try."""
        c = self.trial.criterion(criterion_id)
        option = next((o for o in c.options if o.means == "no"), c.options[0] if c.options else None)
        return option.label.get(language) if option else self.trial.not_sure_label(language)

    def button_options(self, criterion_id: str, language: str,
                       answers: Optional[Mapping[str, Any]] = None) -> List[Tuple[str, str]]:
        """(label, payload) for each answer button, "not sure" last (where it means something)."""
        c = self.trial.criterion(criterion_id)
        other = self.patient_named(answers or {}) is not None
        buttons = [(self.option_label(o, language, other), o.key) for o in c.options if o.button]
        if c.sensitive:
            buttons.append((self.trial.prefer_not_label(language), PREFER_NOT))
        if c.unsure_button:
            buttons.append((self.trial.not_sure_label(language), NOT_SURE))
        return buttons


def _plain_number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_valid_answer(criterion, value: Any) -> bool:
    """Could the parser have produced this value for this criterion? (A slot must never hold
    anything else, whatever a user sends.)"""
    from bot.understanding.parsing import UNCERTAIN_KEYS

    if value is None or value in UNCERTAIN_KEYS:
        return True
    kind, rule = criterion.answer_type, criterion.rule
    if kind == "choice":
        return isinstance(value, str) and criterion.option(value) is not None
    if kind == "age":
        return (isinstance(value, Mapping) and all(isinstance(value.get(k), int) for k in ("low", "high"))
                and 0 <= value["low"] <= value["high"] <= 120)
    if kind == "count":
        if isinstance(value, Mapping):
            return _valid_qualified(value, 1, rule["max_count"]) and isinstance(value["value"], int)
        return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= rule["max_count"]
    if kind == "size_cm":
        if isinstance(value, Mapping):
            return _valid_qualified(value, 0, rule["max_cm"])
        return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= rule["max_cm"]
    if kind == "viral_load":
        if isinstance(value, Mapping) and value.get("below_detection") is True:
            return set(value) == {"below_detection"}
        return (isinstance(value, Mapping) and value.get("unit") in ("copies/mL", "IU/mL")
                and _valid_qualified({k: v for k, v in value.items() if k != "unit"}, 0, 1e12))
    return False


def _valid_qualified(value: Mapping, lowest: float, highest: float) -> bool:
    """{"value": 5, "qualifier": "approx", "low": 4.5, "high": 5.5} and its kin, nothing else."""
    from bot.understanding.numbers import APPROX, LESS, MORE, RANGE

    allowed = {"value", "qualifier", "low", "high"}
    if not set(value) <= allowed or "value" not in value:
        return False
    numbers = [value.get(k) for k in ("value", "low", "high") if value.get(k) is not None]
    if any(isinstance(n, bool) or not isinstance(n, (int, float)) or not lowest <= n <= highest for n in numbers):
        return False
    if value["value"] <= 0 and lowest > 0:
        return False
    return value.get("qualifier") in (None, APPROX, LESS, MORE, RANGE)
