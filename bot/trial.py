"""Load and validate a trial definition file (trials/*.yml).

The trial definition is the single source of every patient-facing sentence about the
trial and of every criterion's parameters. It is validated when loaded so that a typo
(a missing Chinese translation, an unknown verdict) stops start-up with a message that
names the field, instead of surfacing as a blank question in front of a patient.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Literal, Mapping, Optional

import yaml
from pydantic import BaseModel, Field, ValidationError, root_validator, validator

LANGUAGES = ("en", "zh")
VERDICTS = ("meets", "does_not_meet", "unknown")
ANSWER_TYPES = ("age", "count", "size_cm", "viral_load", "choice")
# Answers every question takes besides its options (an ask_if may name them: "prefer not to
# say" to the sex step keeps the pregnancy question).
UNCERTAIN_ANSWERS = ("not_sure", "prefer_not")

DEFAULT_TRIAL_FILE = Path(__file__).resolve().parent.parent / "trials" / "haic-pdl1-hcc.yml"


class TrialDefinitionError(Exception):
    """The trial definition file is missing, unreadable or invalid."""


class Text(BaseModel):
    """A sentence in every supported language; both must be non-empty."""

    en: str
    zh: str

    @validator("en", "zh")
    def _not_blank(cls, value: str) -> str:  # noqa: N805 (pydantic validator)
        if not value or not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    def get(self, language: str) -> str:
        return self.zh if language == "zh" else self.en


class Words(BaseModel):
    en: List[str] = Field(default_factory=list)
    zh: List[str] = Field(default_factory=list)

    def get(self, language: Optional[str] = None) -> List[str]:
        if language is None:
            return [w.lower() for w in self.en + self.zh]
        return [w.lower() for w in (self.zh if language == "zh" else self.en)]


class Option(BaseModel):
    key: str
    label: Text
    verdict: Optional[str] = None  # none for the options of a step (see Criterion.step)
    means: Optional[str] = None  # "yes" / "no": which generic answer selects this option
    words: Words = Field(default_factory=Words)
    # Options this one gives way to when both are named ("TB, on pills" is tuberculosis).
    yields_to: List[str] = Field(default_factory=list)
    # Options that, named together, mean this one ("hep B, and hep C too" is both).
    combines: List[str] = Field(default_factory=list)
    # Shown as an answer button (False: understood when typed, not offered as a button).
    button: bool = True
    # Typed in words, this answer is read back before it is recorded, however sure the reading
    # (antiplatelets: the record does not name them, the study team decides).
    read_back: bool = False
    # The respondent step: how the questions name the patient when this option is chosen
    # ("your father", 您父亲). None: the person typing is the patient.
    about: Optional[Text] = None
    # The label when someone answers for a family member ("Can do everything as before"
    # instead of "I can do everything I did before").
    label_other: Optional[Text] = None

    @validator("verdict")
    def _known_verdict(cls, value: Optional[str]) -> Optional[str]:  # noqa: N805
        if value is not None and value not in VERDICTS:
            raise ValueError(f"must be one of {', '.join(VERDICTS)}")
        return value

    @validator("means")
    def _known_means(cls, value: Optional[str]) -> Optional[str]:  # noqa: N805
        if value not in (None, "yes", "no"):
            raise ValueError("must be 'yes' or 'no'")
        return value


class Criterion(BaseModel):
    id: str
    protocol_ref: str
    answer_type: str
    label: Text
    question: Text
    why: Text
    # Where the why-text comes from (as `source` for the FAQ): the record, a class fact, this chat.
    why_source: Literal["record", "class", "chat"]
    not_met: Optional[Text] = None  # required for a criterion; a step has no verdict
    options: List[Option] = Field(default_factory=list)
    rule: Dict[str, float] = Field(default_factory=dict)
    verdict_key: Optional[str] = None
    ask_if: Dict[str, List[str]] = Field(default_factory=dict)
    sensitive: bool = False
    # Events longer ago than this do not count (bleeding in the last 3 months, other cancer in
    # the last 5 years). Used by bot/understanding to read "two years ago" as outside.
    window_months: Optional[float] = None
    # Only what is true now counts ("stopped", "in the past" are read back or do not count).
    current_only: bool = False
    # The options are steps of one scale, best first (daily activity: ECOG 0 to 3). A person
    # describes what they can and cannot do; bot/understanding places them on the scale.
    ordinal: bool = False
    # A viral load of one named virus ("hbv" / "hcv"), checked against that virus's limit only.
    # Without it, the virus is the one the hepatitis answer names (hepatitis B or C alone).
    virus: Optional[Literal["hbv", "hcv"]] = None
    # A step, not a criterion: asked like a question, but it only decides which questions apply
    # (sex: no pregnancy question for men). It has no verdict, is not counted in "Question n
    # of N" and never excludes anyone.
    step: bool = False
    # The question when someone answers for a family member, with {patient} ("your father",
    # 您父亲) and {Patient} (the same at the start of a sentence). None: `question` fits both.
    question_other: Optional[Text] = None
    # "Not sure" offered as a button (False where it means nothing: who is answering).
    unsure_button: bool = True
    # Later steps the same message may also answer, recorded only from a confident reading
    # when the answer names someone else ("for my dad" also says the patient is a man).
    also_answers: List[str] = Field(default_factory=list)
    # A question about being willing (birth control, samples): a refusal anywhere in the answer
    # ("我老公不肯的", "I refuse", 这个做不到) is its "no" (answers.yml `decline`).
    willingness: bool = False

    @validator("question_other")
    def _patient_placeholders(cls, value: Optional[Text]) -> Optional[Text]:  # noqa: N805
        if value is not None:
            for text in (value.en, value.zh):
                if "{patient}" not in text and "{Patient}" not in text:
                    raise ValueError("question_other must name the patient with {patient} or {Patient}")
                try:
                    text.format(patient="x", Patient="X")
                except (KeyError, IndexError, ValueError) as error:
                    raise ValueError(f"question_other may only use {{patient}} and {{Patient}}: {error}") from error
        return value

    @validator("id")
    def _slot_safe(cls, value: str) -> str:  # noqa: N805
        # A follow-up question is named <criterion ID>__<part> (spec section 6: viral_load__hcv);
        # <ID>__check is kept for read-backs.
        parts = value.split("__")
        if (not value.replace("_", "").isalnum() or not value.islower() or len(parts) > 2
                or any(not p or p.startswith("_") or p.endswith("_") for p in parts) or parts[1:] == ["check"]):
            raise ValueError("must be lower_snake_case, with at most one double underscore (<ID>__<part>), not __check")
        return value

    @validator("answer_type")
    def _known_type(cls, value: str) -> str:  # noqa: N805
        if value not in ANSWER_TYPES:
            raise ValueError(f"must be one of {', '.join(ANSWER_TYPES)}")
        return value

    @root_validator(skip_on_failure=True)
    def _options_match_type(cls, values: dict) -> dict:  # noqa: N805
        kind, options = values["answer_type"], values["options"]
        if kind == "choice" and len(options) < 2:
            raise ValueError("a choice question needs at least two options")
        if kind != "choice" and options:
            raise ValueError(f"a question of type {kind} takes no options")
        keys = [o.key for o in options]
        if len(set(keys)) != len(keys):
            raise ValueError("option keys must be unique")
        if values.get("step"):
            if kind != "choice" or any(o.verdict is not None for o in options) or values.get("not_met") is not None:
                raise ValueError("a step is a choice whose options have no verdict, and it has no not_met text")
        else:
            if values.get("not_met") is None:
                raise ValueError("not_met is required (the reason given when the criterion is not met)")
            if any(o.verdict is None for o in options):
                raise ValueError("every option of a criterion needs a verdict")
        if values.get("verdict_key") is None:
            values["verdict_key"] = values["id"]
        if values.get("virus") is not None and kind != "viral_load":
            raise ValueError("virus is only for a viral_load question")
        viral_limits = {
            None: {"hbv_copies_limit", "hbv_iu_limit", "hcv_limit"},
            "hbv": {"hbv_copies_limit", "hbv_iu_limit"},
            "hcv": {"hcv_limit"},
        }[values.get("virus")]
        required = {
            "age": {"min_age", "max_age"},
            "size_cm": {"up_to_seven_limit", "max_cm"},
            "count": {"max_count"},
            "viral_load": viral_limits,
        }.get(kind, set())
        missing = required - set(values["rule"])
        if missing:
            raise ValueError(f"rule is missing {', '.join(sorted(missing))}")
        return values

    def option(self, key: str) -> Optional[Option]:
        return next((o for o in self.options if o.key == key), None)

    def applies(self, answers: Mapping[str, Any]) -> bool:
        """Is this question asked, given the answers so far (ask_if)?"""
        return all(answers.get(other) in keys for other, keys in self.ask_if.items())


class Consent(BaseModel):
    version: str
    text: Text


class ConsentTexts(BaseModel):
    prescreen: Consent
    share: Consent


class FaqEntry(BaseModel):
    """A topic people ask about (see the comment above `faq:` in the trial definition)."""

    id: str
    question: Text
    answer: Text
    source: Literal["record", "class", "chat", "none"]
    menu: bool = False
    for_team: bool = False
    special: Optional[Literal["eligibility", "privacy", "contact", "why_ask"]] = None


class SiteOnlyCheck(BaseModel):
    id: str
    protocol_ref: str
    label: Text


class Site(BaseModel):
    name: Text
    city: Text
    # The page header: department, enquiry phone and ethics approval number are configuration
    # (SITE_DEPARTMENT, SITE_DEPARTMENT_ZH, SITE_CONTACT_PHONE, ETHICS_APPROVAL_NUMBER); until the
    # study team fills them the page shows a marked placeholder, never an invented value.
    department: Optional[Text] = None
    ethics_approval: Optional[str] = None


class SiteContact(BaseModel):
    name: Text
    email: Optional[str] = None
    phone: Optional[str] = None


class TrialInfo(BaseModel):
    id: str
    definition_version: str
    record_title: str
    name: Text
    summary: Text
    site: Site
    site_contact: SiteContact
    response_window_hours: int = 24
    # What a likely-eligible person is told happens next, in plain words. The site's own
    # checklist (staging, liver scores) is for coordinators only, in the referral.
    next_steps: List[Text] = Field(default_factory=list)


class CommonOptions(BaseModel):
    not_sure: Dict[str, Text]
    prefer_not: Dict[str, Text]


class Reasons(BaseModel):
    meets: Text
    unknown: Text
    site_only: Text


class TrialDefinition(BaseModel):
    schema_version: int
    trial: TrialInfo
    consent: ConsentTexts
    faq: List[FaqEntry]
    common_options: CommonOptions
    reasons: Reasons
    formats: Dict[str, Text]
    criteria: List[Criterion]
    site_only_checks: List[SiteOnlyCheck]

    @root_validator(skip_on_failure=True)
    def _consistent(cls, values: dict) -> dict:  # noqa: N805
        ids = [c.id for c in values["criteria"]]
        if len(set(ids)) != len(ids):
            raise ValueError("criteria: ids must be unique")
        topics = [f.id for f in values["faq"]]
        if len(set(topics)) != len(topics):
            raise ValueError("faq: ids must be unique")
        needed = {"age", "age_from_birth_year", "count", "size_cm", "viral_load", "below_detection"}
        missing = needed - set(values["formats"])
        if missing:
            raise ValueError(f"formats: missing {', '.join(sorted(missing))}")
        known = set(ids)
        for c in values["criteria"]:
            if "__" in c.id:
                base = c.id.split("__")[0]
                if base not in known or ids.index(base) > ids.index(c.id):
                    raise ValueError(f"criteria: {c.id} is a follow-up of {base}, which is not asked before it")
            for other, keys in c.ask_if.items():
                if other not in known or ids.index(other) > ids.index(c.id):
                    raise ValueError(f"criteria: {c.id}.ask_if names {other}, which is not asked before it")
                target = next(x for x in values["criteria"] if x.id == other)
                for key in keys:
                    if target.option(key) is None and key not in UNCERTAIN_ANSWERS:
                        raise ValueError(f"criteria: {c.id}.ask_if names unknown option {other}={key}")
        return values

    # -- lookups used by the engine and the adapters --------------------------------
    def topic(self, topic_id: str) -> Optional[FaqEntry]:
        return next((f for f in self.faq if f.id == topic_id), None)

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    @property
    def criterion_ids(self) -> List[str]:
        return [c.id for c in self.criteria]

    @property
    def verdict_keys(self) -> List[str]:
        """Keys of criteria_verdicts, in question order, each once (steps have none)."""
        keys: List[str] = []
        for c in self.criteria:
            if not c.step and c.verdict_key not in keys:
                keys.append(c.verdict_key)
        return keys

    def not_sure_label(self, language: str) -> str:
        return self.common_options.not_sure["label"].get(language)

    def prefer_not_label(self, language: str) -> str:
        return self.common_options.prefer_not["label"].get(language)


def _apply_environment(definition: TrialDefinition) -> TrialDefinition:
    """Site contact and response window are configuration, not trial facts."""
    contact = definition.trial.site_contact
    if os.environ.get("SITE_CONTACT_NAME"):
        name = os.environ["SITE_CONTACT_NAME"]
        contact.name = Text(en=name, zh=os.environ.get("SITE_CONTACT_NAME_ZH", name))
    contact.email = os.environ.get("SITE_CONTACT_EMAIL", contact.email) or None
    contact.phone = os.environ.get("SITE_CONTACT_PHONE", contact.phone) or None
    site = definition.trial.site
    if os.environ.get("SITE_DEPARTMENT"):
        department = os.environ["SITE_DEPARTMENT"]
        site.department = Text(en=department, zh=os.environ.get("SITE_DEPARTMENT_ZH", department))
    site.ethics_approval = os.environ.get("ETHICS_APPROVAL_NUMBER", site.ethics_approval) or None
    if os.environ.get("RESPONSE_WINDOW_HOURS"):
        try:
            definition.trial.response_window_hours = int(os.environ["RESPONSE_WINDOW_HOURS"])
        except ValueError as exc:
            raise TrialDefinitionError("RESPONSE_WINDOW_HOURS must be a whole number of hours") from exc
    return definition


def load_trial(path: Optional[Path] = None) -> TrialDefinition:
    """Read and validate a trial definition; raise TrialDefinitionError naming the field."""
    path = Path(path or os.environ.get("TRIAL_DEFINITION") or DEFAULT_TRIAL_FILE)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TrialDefinitionError(f"cannot read trial definition {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise TrialDefinitionError(f"trial definition {path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise TrialDefinitionError(f"trial definition {path} must be a mapping at the top level")
    try:
        definition = TrialDefinition.parse_obj(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(part) for part in err["loc"] if part != "__root__")
            problems.append(f"{where or 'file'}: {err['msg']}")
        raise TrialDefinitionError(f"trial definition {path} is invalid:\n  " + "\n  ".join(problems)) from None
    return _apply_environment(definition)


@lru_cache(maxsize=None)
def get_trial() -> TrialDefinition:
    """The trial definition for this process (loaded once)."""
    return load_trial()


if __name__ == "__main__":  # `python -m bot.trial [file]`: validate a trial definition
    import sys

    try:
        loaded = load_trial(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    except TrialDefinitionError as error:
        print(error, file=sys.stderr)
        raise SystemExit(1) from None
    print(f"trial definition OK: {loaded.trial.id} {loaded.trial.definition_version}, {len(loaded.criteria)} criteria")
