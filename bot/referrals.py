"""The study team's view of referrals: inbox, detail, status workflow with notes, exports
(CSV and a FHIR R4 Bundle) and the funnel. Every read and change is audited by the caller
(portal/), which knows who is asking."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy import func, select

from bot.rules import UNKNOWN
from bot.screening import Screener
from bot.storage import FunnelEvent, Referral, ReferralNote, Screening, Store, utcnow
from bot.trial import TrialDefinition

STATUSES = ("new", "contacted", "visit_booked", "enrolled", "not_eligible", "could_not_reach", "withdrawn")
STATUS_LABELS = {"new": "New", "contacted": "Contacted", "visit_booked": "Screening visit booked",
                 "enrolled": "Enrolled", "not_eligible": "Not eligible", "could_not_reach": "Could not reach",
                 "withdrawn": "Withdrawn"}
TRANSITIONS = {
    "new": ("contacted", "could_not_reach", "not_eligible", "withdrawn"),
    "contacted": ("visit_booked", "not_eligible", "could_not_reach", "withdrawn"),
    "visit_booked": ("enrolled", "not_eligible", "could_not_reach", "withdrawn"),
    "could_not_reach": ("contacted", "withdrawn"),
    "enrolled": ("withdrawn",),
    "not_eligible": (),
    "withdrawn": (),
}
OUTCOMES = ("likely_eligible", "needs_review", "likely_ineligible", "emergency_stop")


class WorkflowError(Exception):
    pass


@dataclass
class CriterionRow:
    criterion_id: str
    label: str
    own_words: Optional[str]
    interpreted: Optional[str]
    verdict_key: str
    verdict: str
    reason: str


@dataclass
class ReferralView:
    code: str
    status: str
    created_at: datetime
    age_hours: float
    overdue: bool
    outcome: str
    language: str
    contact_name: str
    contact_phone: str
    contact_time: str
    consent_prescreen: Tuple[Optional[str], Optional[str]]
    consent_share: Tuple[str, str]
    criteria: List[CriterionRow] = field(default_factory=list)
    site_checks: List[str] = field(default_factory=list)
    notes: List[ReferralNote] = field(default_factory=list)
    trial_id: str = ""
    questions: List[str] = field(default_factory=list)  # questions the person wants the team to answer
    # Who filled in the screening: "the patient", or a relative or friend ("for: My father"),
    # whose name and phone the contact details then are.
    filled_in_by: str = "not said"
    by_someone_else: bool = False


def _overdue(referral: Referral, window_hours: int, now: datetime) -> bool:
    return referral.status == "new" and now - referral.created_at > timedelta(hours=window_hours)


def inbox(store: Store, trial: TrialDefinition, status: Optional[str] = None,
          outcome: Optional[str] = None) -> List[ReferralView]:
    """Newest first, optionally filtered by status and outcome."""
    query = select(Referral, Screening).join(Screening, Referral.screening_id == Screening.id)
    if status in STATUSES:
        query = query.where(Referral.status == status)
    if outcome in OUTCOMES:
        query = query.where(Screening.outcome == outcome)
    with store.sessions() as session:
        rows = session.execute(query.order_by(Referral.created_at.desc())).all()
    return [_view(trial, r, s, []) for r, s in rows]


def detail(store: Store, trial: TrialDefinition, code: str) -> Optional[ReferralView]:
    with store.sessions() as session:
        row = session.execute(select(Referral, Screening).join(Screening, Referral.screening_id == Screening.id)
                              .where(Referral.code == code)).first()
        if row is None:
            return None
        notes = list(session.execute(select(ReferralNote).where(ReferralNote.referral_id == row[0].id)
                                     .order_by(ReferralNote.id)).scalars())
    return _view(trial, row[0], row[1], notes)


def _view(trial: TrialDefinition, referral: Referral, screening: Screening, notes: List[ReferralNote]) -> ReferralView:
    now = utcnow()
    engine = Screener(trial)
    answers = screening.answers or {}
    texts = screening.answer_texts or {}
    rows = []
    for c in engine.applicable(answers):
        verdict = (screening.verdicts or {}).get(c.verdict_key, UNKNOWN)
        scored = c.id in answers and not c.step  # a step (sex) only decides which questions apply
        rows.append(CriterionRow(
            criterion_id=c.id, label=c.label.en, own_words=texts.get(c.id),
            interpreted=engine.display(c.id, answers[c.id], "en", for_someone_else=True) if c.id in answers else None,
            verdict_key=c.verdict_key,
            verdict=(verdict if scored else "not asked" if c.id not in answers else "no verdict (a step)"),
            reason=engine.reason(c.verdict_key, verdict)["en"] if scored else "",
        ))
    filled_in_by, by_someone_else = _filled_in_by(trial, answers)
    return ReferralView(
        filled_in_by=filled_in_by, by_someone_else=by_someone_else,
        code=referral.code, status=referral.status, created_at=referral.created_at,
        age_hours=(now - referral.created_at).total_seconds() / 3600,
        overdue=_overdue(referral, trial.trial.response_window_hours, now), outcome=screening.outcome or "",
        language=screening.language, contact_name=referral.contact_name, contact_phone=referral.contact_phone,
        contact_time=referral.contact_time, consent_prescreen=(screening.consent_version, screening.consent_at),
        consent_share=(referral.share_consent_version, referral.share_consent_at), criteria=rows,
        site_checks=[f"{check.label.en} ({check.protocol_ref})" for check in trial.site_only_checks],
        notes=notes, trial_id=screening.trial_id,
        questions=[trial.topic(t).question.en for t in (screening.questions or []) if trial.topic(t) is not None],
    )


def _filled_in_by(trial: TrialDefinition, answers: Dict[str, Any]) -> Tuple[str, bool]:
    """("the patient", False), ('a relative or friend, for "My father"', True) or ("not said", False)."""
    _, option = Screener(trial).respondent(answers)
    if option is None:
        return "not said", False
    if option.about is None:
        return "the patient", False
    return f'a relative or friend, for "{option.label.en}"', True


def change_status(store: Store, code: str, new_status: str, author: str, note: str = "") -> str:
    """Move a referral along the workflow (or just add a note when new_status is the same)."""
    note = (note or "").strip()[:2000]
    with store.sessions.begin() as session:
        referral = session.execute(select(Referral).where(Referral.code == code)).scalar_one_or_none()
        if referral is None:
            raise WorkflowError("no such referral")
        old = referral.status
        if new_status != old:
            if new_status not in TRANSITIONS.get(old, ()):
                raise WorkflowError(f"a referral that is {STATUS_LABELS[old].lower()} cannot become "
                                    f"{STATUS_LABELS.get(new_status, new_status).lower()}")
            referral.status = new_status
        elif not note:
            raise WorkflowError("nothing to change: choose a new status or write a note")
        session.add(ReferralNote(referral_id=referral.id, author=author, status_from=old,
                                 status_to=new_status if new_status != old else None, note=note or None))
        return old


CSV_FIELDS = ["code", "created_at_utc", "status", "outcome", "language", "overdue", "filled_in_by", "contact_name",
              "contact_phone", "contact_time", "consent_prescreen_version", "consent_share_version"]


def referrals_csv(store: Store, trial: TrialDefinition) -> str:
    keys = trial.verdict_keys
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS + [f"verdict_{k}" for k in keys])
    for view in inbox(store, trial):
        verdicts = {row.verdict_key: row.verdict for row in view.criteria}
        writer.writerow([view.code, f"{view.created_at:%Y-%m-%d %H:%M}", view.status, view.outcome, view.language,
                         "yes" if view.overdue else "no", view.filled_in_by, _csv_safe(view.contact_name),
                         _csv_safe(view.contact_phone),
                         _csv_safe(view.contact_time), view.consent_prescreen[0], view.consent_share[0]]
                        + [verdicts.get(k, "") for k in keys])
    return out.getvalue()


def _csv_safe(value: Any) -> str:
    """Neutralise spreadsheet formulas in text people typed."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def fhir_bundle(view: ReferralView, trial: TrialDefinition) -> Dict[str, Any]:
    """A FHIR R4 collection Bundle: Patient (contact), ResearchSubject (candidate),
    QuestionnaireResponse (the answers in the person's own words, with the verdicts), and a
    List of the criteria still to check. Built and validated with fhir.resources."""
    from fhir.resources.bundle import Bundle

    base = f"urn:uuid:referral-{view.code}"
    patient = {"resourceType": "Patient", "id": "patient",
               "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47",
                                                            "code": "zh-CN" if view.language == "zh" else "en"}]},
                                  "preferred": True}]}
    name, phone = [{"text": view.contact_name}], [{"system": "phone", "value": view.contact_phone, "use": "mobile"}]
    if view.by_someone_else:  # a relative filled it in: the name and phone are theirs, a contact of the patient
        patient["contact"] = [{"relationship": [{"text": view.filled_in_by}], "name": name[0], "telecom": phone}]
    else:
        patient.update({"name": name, "telecom": phone})
    subject = {"resourceType": "ResearchSubject", "id": "subject", "status": "candidate",
               "study": {"display": trial.trial.record_title, "identifier": {"value": trial.trial.id}},
               "individual": {"reference": f"{base}/Patient/patient"},
               "identifier": [{"system": "urn:prescreen:referral-code", "value": view.code}]}
    items = []
    for row in view.criteria:
        if row.own_words is None and row.interpreted is None:
            continue
        answers = [{"valueString": row.own_words or row.interpreted}]
        if row.interpreted and row.interpreted != row.own_words:
            answers.append({"valueString": f"interpreted as: {row.interpreted}"})
        if row.verdict_key in trial.verdict_keys:  # a step has no verdict
            answers.append({"valueCoding": {"system": "urn:prescreen:verdict", "code": row.verdict}})
        items.append({"linkId": row.criterion_id, "text": row.label, "answer": answers})
    response = {"resourceType": "QuestionnaireResponse", "id": "answers", "status": "completed",
                "questionnaire": f"urn:prescreen:{trial.trial.id}:{trial.trial.definition_version}",
                "subject": {"reference": f"{base}/Patient/patient"},
                "authored": view.created_at.strftime("%Y-%m-%dT%H:%M:%S+00:00"), "item": items}
    still = [f"{row.label}: {row.reason}" for row in view.criteria if row.verdict == UNKNOWN] + view.site_checks
    to_check = {"resourceType": "List", "id": "to-check", "status": "current", "mode": "working",
                "title": "Criteria still to check by the study team",
                "subject": {"reference": f"{base}/Patient/patient"},
                "note": [{"text": text} for text in still]}
    bundle = {"resourceType": "Bundle", "type": "collection", "identifier": {"value": view.code},
              "entry": [{"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r}
                        for r in (patient, subject, response, to_check)]}
    return Bundle.parse_obj(bundle).dict()


@dataclass
class Funnel:
    started: int
    consented: int
    completed: int
    referred: int
    outcomes: Dict[str, int]
    stopped_at: List[Tuple[str, int]]  # (question label, people whose last answer was just before it)


def funnel(store: Store, trial: TrialDefinition, start: datetime, end: datetime) -> Funnel:
    with store.sessions() as session:
        events = session.execute(select(FunnelEvent.conversation_ref, FunnelEvent.kind)
                                 .where(FunnelEvent.at >= start, FunnelEvent.at < end)).all()
        outcome_rows = session.execute(select(Screening.outcome, func.count()).where(
            Screening.completed_at >= start, Screening.completed_at < end).group_by(Screening.outcome)).all()
    by_conversation: Dict[str, set] = {}
    for ref, kind in events:
        by_conversation.setdefault(ref, set()).add(kind)

    def count(kind: str) -> int:
        return sum(1 for kinds in by_conversation.values() if kind in kinds)

    order = trial.criterion_ids
    stopped: Dict[str, int] = {cid: 0 for cid in order}
    for kinds in by_conversation.values():
        if "consented" not in kinds or "completed" in kinds or "emergency" in kinds:
            continue
        answered = [cid for cid in order if f"answered:{cid}" in kinds]
        next_index = (order.index(answered[-1]) + 1) if answered else 0
        if next_index < len(order):
            stopped[order[next_index]] += 1
    return Funnel(started=count("started"), consented=count("consented"), completed=count("completed"),
                  referred=count("referred"), outcomes={o: n for o, n in outcome_rows if o},
                  stopped_at=[(trial.criterion(cid).label.en, n) for cid, n in stopped.items()])
