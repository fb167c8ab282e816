"""Encryption and rotation, deletion by the patient and by a coordinator, retention, the
rate limiter."""

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from bot import crypto
from bot.accounts import audit_entries
from bot.privacy import RetentionPeriods, apply_retention, delete_referral, forget_conversation
from bot.ratelimit import RateLimiter
from bot.storage import OutboxMessage, PendingContact, Referral, Screening, conversation_ref, utcnow


@pytest.fixture()
def keyfile(tmp_path, monkeypatch):
    path = tmp_path / "keys" / "data-keys"
    monkeypatch.setenv("PRESCREEN_DATA_KEY_FILE", str(path))
    monkeypatch.delenv("PRESCREEN_DATA_KEYS", raising=False)
    return path


@pytest.fixture()
def store(tmp_path, monkeypatch, keyfile):
    import bot.storage

    url = f"sqlite:///{tmp_path / 'p.db'}"
    monkeypatch.setenv("PRESCREEN_DB_URL", url)
    monkeypatch.setenv("RASA_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setattr(bot.storage, "_store", None)
    s = bot.storage.get_store()
    return s


def make_referral(store, sender="s1", phone="13800000000", started="2026-01-01T00:00:00+00:00"):
    screening = store.save_screening(conversation_ref=conversation_ref(sender), trial_id="t", definition_version="1",
                                     language="en", answers={}, answer_texts={}, verdicts={}, outcome="needs_review",
                                     started_at=started)
    return store.create_referral(screening.id, contact_name="Wang Fang", contact_phone=phone, contact_time="morning",
                                 share_consent_version="SH-1.0", share_consent_at="t")


def test_encryption_round_trip_and_the_key_file_is_private(keyfile):
    token = crypto.encrypt("王芳 13800000000")
    assert "13800000000" not in token and crypto.decrypt(token) == "王芳 13800000000"
    assert oct(keyfile.stat().st_mode & 0o777) == "0o600"


def test_contact_details_are_ciphertext_in_the_database(store, tmp_path):
    make_referral(store)
    raw = (tmp_path / "p.db").read_bytes()
    assert b"13800000000" not in raw and b"Wang Fang" not in raw
    assert store.referrals()[0].contact_phone == "13800000000"


def test_rotation_re_encrypts_with_a_new_key_and_old_rows_stay_readable(store, keyfile):
    referral = make_referral(store)
    store.put_contact("s2", "contact_phone", "13911112222")
    old_key = keyfile.read_text().split()[0]
    with store.engine.connect() as c:
        before = c.execute(text("select contact_phone from referrals")).scalar()
    assert crypto.rotate() == 4
    keys = keyfile.read_text().split()
    assert len(keys) == 2 and keys[1] == old_key
    with store.engine.connect() as c:
        after = c.execute(text("select contact_phone from referrals")).scalar()
    assert after != before
    from cryptography.fernet import Fernet
    assert Fernet(keys[0].encode()).decrypt(after.encode()) == b"13800000000"  # the new key alone reads it
    assert store.referral_by_code(referral.code).contact_phone == "13800000000"
    assert store.contact("s2")["contact_phone"] == "13911112222"


def test_patient_deletes_with_code_and_phone_and_both_attempts_are_audited(store):
    referral = make_referral(store)
    assert not delete_referral(store, referral.code, "13999999999", "patient (chat)")
    assert store.referral_by_code(referral.code) is not None
    assert delete_referral(store, referral.code.lower(), "138-0000-0000", "patient (chat)")
    assert store.referral_by_code(referral.code) is None and store.screenings() == []
    actions = [(e.actor, e.action) for e in audit_entries(store)]
    assert ("patient (chat)", "deletion_refused") in actions and ("patient (chat)", "referral_deleted") in actions


def test_coordinator_deletes_without_phone(store):
    referral = make_referral(store)
    assert delete_referral(store, referral.code, None, "coordinator.lin")
    assert ("coordinator.lin", "referral_deleted") in [(e.actor, e.action) for e in audit_entries(store)]


def test_forget_conversation_removes_tracker_events_screening_referral_and_pending_contact(store, tmp_path):
    make_referral(store, sender="abc")
    store.put_contact("abc", "contact_name", "x")
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with engine.begin() as c:
        c.execute(text("create table events (id integer primary key, sender_id text, timestamp real, data text)"))
        c.execute(text("insert into events (sender_id, timestamp, data) values ('abc', 1, '{}'), ('other', 1, '{}')"))
    assert forget_conversation("abc", "patient (page)") >= 4
    with engine.connect() as c:
        assert c.execute(text("select sender_id from events")).scalars().all() == ["other"]
    assert store.screenings() == [] and store.contact("abc") == {}
    assert ("patient (page)", "conversation_deleted") in [(e.actor, e.action) for e in audit_entries(store)]


def test_retention_deletes_exactly_what_is_past_its_period(store, tmp_path):
    now = utcnow()
    old, recent = now - timedelta(days=400), now - timedelta(days=1)
    kept_referral = make_referral(store, sender="r-new", started="a")
    old_referral = make_referral(store, sender="r-old", started="b")
    lone_old = store.save_screening(conversation_ref="x" * 64, trial_id="t", definition_version="1", language="en",
                                    answers={}, answer_texts={}, verdicts={}, outcome="likely_ineligible", started_at="c")
    lone_new = store.save_screening(conversation_ref="y" * 64, trial_id="t", definition_version="1", language="en",
                                    answers={}, answer_texts={}, verdicts={}, outcome="likely_ineligible", started_at="d")
    store.put_contact("p-old", "contact_phone", "1")
    store.put_contact("p-new", "contact_phone", "2")
    store.enqueue("referral", "old", "b")
    with store.sessions.begin() as s:
        s.get(Referral, old_referral.id).created_at = old
        s.get(Screening, lone_old.id).completed_at = now - timedelta(days=31)
        s.get(Screening, lone_new.id).completed_at = recent
        for contact in s.query(PendingContact).all():
            contact.created_at = old if contact.value == "1" else recent
        mail = s.query(OutboxMessage).one()
        mail.sent_at = old
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with engine.begin() as c:
        c.execute(text("create table events (id integer primary key, sender_id text, timestamp real, data text)"))
        c.execute(text("insert into events (sender_id, timestamp, data) values ('a', :old, '{}'), ('b', :new, '{}')"),
                  {"old": (now - timedelta(days=40)).timestamp(), "new": now.timestamp() + 0})
    counts = apply_retention(store, RetentionPeriods(screenings_without_referral=30, referrals=365, tracker_events=30,
                                                     pending_contacts=2, sent_mail=30))
    assert counts == {"screenings": 1, "referrals": 1, "pending_contacts": 1, "sent_mail": 1, "tracker_events": 1}
    assert store.referral_by_code(kept_referral.code) and not store.referral_by_code(old_referral.code)
    assert {s.id for s in store.screenings()} == {kept_referral.screening_id, lone_new.id}
    entry = audit_entries(store)[0]
    assert entry.action == "retention_run" and "referrals=1" in entry.detail


def test_rate_limiter_window():
    clock = [0.0]
    limiter = RateLimiter(window_seconds=60, clock=lambda: clock[0])
    assert all(limiter.allow("ip", 3) for _ in range(3))
    assert not limiter.allow("ip", 3) and limiter.allow("other", 3)
    clock[0] = 61
    assert limiter.allow("ip", 3)


def test_deleted_answers_are_gone_from_the_database_files_too(store, tmp_path):
    """SQLite keeps deleted rows in free pages until they are reused; a person who deletes
    their answers must not be readable in the file afterwards (PRAGMA secure_delete, which
    every engine that deletes sets; Debian's build has it on by default, others do not)."""
    words = "I vomited blood twice last week"
    screening = store.save_screening(conversation_ref=conversation_ref("abc"), trial_id="t", definition_version="1",
                                     language="en", answers={}, answer_texts={"bleeding": words}, verdicts={},
                                     outcome="needs_review", started_at="2026-01-01T00:00:00+00:00")
    store.create_referral(screening.id, contact_name="Wang Fang", contact_phone="13800000000", contact_time="morning",
                          share_consent_version="SH-1.0", share_consent_at="t")
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with engine.begin() as c:
        c.execute(text("create table events (id integer primary key, sender_id text, timestamp real, data text)"))
        c.execute(text("insert into events (sender_id, timestamp, data) values ('abc', 1, :d), ('other', 1, '{}')"),
                  {"d": '{"event": "user", "text": "%s"}' % words})
    engine.dispose()
    assert words.encode() in (tmp_path / "tracker.db").read_bytes()
    assert forget_conversation("abc", "patient (page)") >= 3
    for name in ("tracker.db", "p.db"):
        assert words.encode() not in (tmp_path / name).read_bytes(), name

