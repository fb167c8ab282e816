"""Coordinator accounts, the referral workflow, exports and the funnel (no HTTP)."""

import csv
import io
from datetime import timedelta

import pytest
from fhir.resources.bundle import Bundle

from bot import accounts
from bot.referrals import WorkflowError, change_status, detail, fhir_bundle, funnel, inbox, referrals_csv
from bot.storage import Coordinator, PortalSession, Store, utcnow

PASSWORD = "correct horse battery"


@pytest.fixture()
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'portal.db'}")
    s.migrate()
    return s


@pytest.fixture()
def referral(store):
    screening = store.save_screening(
        conversation_ref="c" * 64, trial_id="zjch-haic-pdl1-hcc", definition_version="1.0.0", language="zh",
        consent_version="PS-1.0", consent_at="2026-11-23T10:00:00+00:00",
        answers={"sex": "male", "age": {"low": 63, "high": 63},
                 "hepatitis": "hbv", "viral_load": {"value": 1500.0, "unit": "copies/mL"},
                 "surgery_possible": "not_discussed"},
        answer_texts={"sex": "男",
                      "age": "63岁", "hepatitis": "乙肝", "viral_load": "1500 拷贝/毫升", "surgery_possible": "还没讨论"},
        verdicts={"age": "meets", "hepatitis": "meets", "surgery_possible": "unknown"}, outcome="needs_review",
        stop_reason=None, red_flag=None, started_at="2026-11-23T10:00:00+00:00")
    return store.create_referral(screening.id, contact_name="=HYPERLINK(\"x\")", contact_phone="13800000000",
                                 contact_time="morning", share_consent_version="SH-1.0", share_consent_at="t")


def test_passwords_are_hashed_and_weak_ones_refused(store):
    accounts.create_coordinator(store, "alice", PASSWORD)
    with store.sessions() as s:
        stored = s.query(Coordinator).one().password_hash
    assert PASSWORD not in stored and stored.startswith("$argon2")
    with pytest.raises(accounts.AccountError):
        accounts.create_coordinator(store, "bob", "short")
    with pytest.raises(accounts.AccountError):
        accounts.create_coordinator(store, "alice", PASSWORD)


def test_lockout_after_repeated_failures_even_with_the_right_password(store):
    accounts.create_coordinator(store, "alice", PASSWORD)
    for _ in range(accounts.MAX_FAILED_LOGINS):
        assert accounts.login(store, "alice", "wrong password!!") is None
    assert accounts.login(store, "alice", PASSWORD) is None
    actions = [e.action for e in accounts.audit_entries(store)]
    assert "account_locked" in actions and "login_locked" in actions
    with store.sessions.begin() as s:
        s.query(Coordinator).one().locked_until = utcnow() - timedelta(seconds=1)
    assert accounts.login(store, "alice", PASSWORD)


def test_sessions_expire_and_logout_ends_them(store):
    accounts.create_coordinator(store, "alice", PASSWORD)
    token = accounts.login(store, "alice", PASSWORD)
    info = accounts.current_session(store, token)
    assert info.username == "alice" and accounts.csrf_ok(info, info.csrf_token) and not accounts.csrf_ok(info, "x")
    with store.sessions.begin() as s:
        s.query(PortalSession).one().expires_at = utcnow() - timedelta(seconds=1)
    assert accounts.current_session(store, token) is None
    token = accounts.login(store, "alice", PASSWORD)
    accounts.logout(store, token)
    assert accounts.current_session(store, token) is None
    assert accounts.current_session(store, "made-up") is None


def test_status_workflow_with_notes(store, trial, referral):
    change_status(store, referral.code, "contacted", "alice", "left a message")
    change_status(store, referral.code, "contacted", "alice", "called back, booking")
    with pytest.raises(WorkflowError):
        change_status(store, referral.code, "enrolled", "alice")  # must book the visit first
    with pytest.raises(WorkflowError):
        change_status(store, referral.code, "contacted", "alice")  # nothing to change
    change_status(store, referral.code, "visit_booked", "alice")
    view = detail(store, trial, referral.code)
    assert view.status == "visit_booked"
    assert [(n.status_from, n.status_to, n.note) for n in view.notes] == [
        ("new", "contacted", "left a message"), ("contacted", None, "called back, booking"),
        ("contacted", "visit_booked", None)]


def test_detail_has_own_words_verdicts_site_checks_and_consents(store, trial, referral):
    view = detail(store, trial, referral.code)
    assert view.filled_in_by == "not said" and not view.by_someone_else  # made before the respondent step existed
    rows = {r.criterion_id: r for r in view.criteria}
    assert rows["viral_load"].own_words == "1500 拷贝/毫升" and rows["viral_load"].interpreted == "1500 copies/mL"
    assert rows["surgery_possible"].verdict == "unknown" and rows["surgery_possible"].reason
    assert rows["dialysis"].verdict == "not asked"
    assert rows["sex"].interpreted == "Man" and rows["sex"].verdict == "no verdict (a step)" and not rows["sex"].reason
    assert "pregnant_or_breastfeeding" not in rows  # never asked of a man
    assert any("Child-Pugh" in c for c in view.site_checks)
    assert view.consent_prescreen[0] == "PS-1.0" and view.consent_share[0] == "SH-1.0"


def test_overdue_after_the_response_window(store, trial, referral):
    assert not inbox(store, trial)[0].overdue
    with store.sessions.begin() as s:
        from bot.storage import Referral
        s.get(Referral, referral.id).created_at = utcnow() - timedelta(hours=trial.trial.response_window_hours + 1)
    assert inbox(store, trial)[0].overdue
    assert inbox(store, trial, status="contacted") == [] and len(inbox(store, trial, outcome="needs_review")) == 1


def test_csv_export_parses_back_and_neutralises_formulas(store, trial, referral):
    rows = list(csv.DictReader(io.StringIO(referrals_csv(store, trial))))
    assert len(rows) == 1
    row = rows[0]
    assert row["code"] == referral.code and row["outcome"] == "needs_review" and row["contact_phone"] == "13800000000"
    assert row["contact_name"].startswith("'=") and row["verdict_surgery_possible"] == "unknown"


def test_fhir_bundle_is_valid_r4_with_a_candidate_research_subject(store, trial, referral):
    bundle = fhir_bundle(detail(store, trial, referral.code), trial)
    parsed = Bundle.parse_obj(bundle)
    resources = {entry.resource.resource_type: entry.resource for entry in parsed.entry}
    assert resources["ResearchSubject"].status == "candidate"
    items = {item.linkId: item for item in resources["QuestionnaireResponse"].item}
    assert items["viral_load"].answer[0].valueString == "1500 拷贝/毫升"
    assert items["surgery_possible"].answer[-1].valueCoding.code == "unknown"
    notes = [n.text for n in resources["List"].note]
    assert any("Child-Pugh" in n for n in notes) and any("operation" in n for n in notes)
    patient = resources["Patient"]  # the patient filled it in: the name and phone are the patient's
    assert patient.name[0].text.startswith("=HYPERLINK") and patient.telecom[0].value == "13800000000" and not patient.contact


def test_a_relative_who_filled_it_in_is_named_as_such_everywhere(store, trial):
    """The coordinator sees who filled in the screening and whose name and phone they have;
    the FHIR Patient does not carry the relative's name as the patient's."""
    screening = store.save_screening(
        conversation_ref="d" * 64, trial_id="zjch-haic-pdl1-hcc", definition_version="1.0.0", language="zh",
        consent_version="PS-1.0", consent_at="2026-11-23T10:00:00+00:00",
        answers={"respondent": "father_in_law", "sex": "male", "age": {"low": 66, "high": 66}},
        answer_texts={"respondent": "我是他儿媳妇", "sex": "我是他儿媳妇", "age": "66"},
        verdicts={"age": "meets"}, outcome="needs_review", stop_reason=None, red_flag=None,
        started_at="2026-11-23T10:00:00+00:00")
    made = store.create_referral(screening.id, contact_name="王丽", contact_phone="13900000000",
                                 contact_time="evening", share_consent_version="SH-1.0", share_consent_at="t")
    view = detail(store, trial, made.code)
    assert view.by_someone_else and view.filled_in_by == 'a relative or friend, for "My father-in-law"'
    rows = {r.criterion_id: r for r in view.criteria}
    assert rows["respondent"].own_words == "我是他儿媳妇" and rows["respondent"].verdict == "no verdict (a step)"
    row = next(r for r in csv.DictReader(io.StringIO(referrals_csv(store, trial))) if r["code"] == made.code)
    assert row["filled_in_by"] == view.filled_in_by and row["contact_name"] == "王丽"
    patient = {e.resource.resource_type: e.resource for e in Bundle.parse_obj(fhir_bundle(view, trial)).entry}["Patient"]
    assert not patient.name and patient.contact[0].name.text == "王丽"
    assert patient.contact[0].relationship[0].text == view.filled_in_by and patient.contact[0].telecom[0].value == "13900000000"
    assert detail(store, trial, made.code).filled_in_by != "the patient"


def test_funnel_counts_and_drop_off(store, trial):
    for sender, marks in {
        "a": ["started", "consented", "answered:age", "answered:liver_cancer_diagnosis", "completed", "referred"],
        "b": ["started", "consented", "answered:age"],  # stopped at the diagnosis question
        "c": ["started"],
        "d": ["started", "consented"],  # stopped at the first question
    }.items():
        for mark in marks:
            store.record_funnel(sender, mark)
    f = funnel(store, trial, utcnow() - timedelta(days=1), utcnow() + timedelta(days=1))
    assert (f.started, f.consented, f.completed, f.referred) == (4, 3, 1, 1)
    stopped = dict(f.stopped_at)
    assert stopped["Type of liver cancer"] == 1 and stopped["Answering for"] == 1 and sum(stopped.values()) == 2
    empty = funnel(store, trial, utcnow() + timedelta(days=2), utcnow() + timedelta(days=3))
    assert empty.started == 0
