"""Screenings and referrals in their own database (Alembic-migrated SQLite), and the
referral notice through a real SMTP server, with the outbox keeping it when SMTP is down."""

import socket
import threading

import pytest

from bot import notify
from bot.config import SmtpSettings
from bot.storage import CODE_ALPHABET, Store, conversation_ref
from tests.smtp import SmtpServer, free_port


@pytest.fixture()
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'prescreen.db'}")
    s.migrate()
    return s


def screening_fields(**overrides):
    fields = dict(conversation_ref=conversation_ref("user-1"), trial_id="t", definition_version="1", language="zh",
                  consent_version="PS-1.0", consent_at="2026-11-23T10:00:00+00:00", answers={"age": {"low": 58, "high": 58}},
                  answer_texts={"age": "58岁"}, verdicts={"age": "meets"}, outcome="needs_review", stop_reason=None,
                  red_flag=None, started_at="2026-11-23T10:00:00+00:00")
    fields.update(overrides)
    return fields


def smtp_for(port):
    return SmtpSettings(host="127.0.0.1", port=port, username=None, password=None, starttls=False,
                        sender="bot@localhost", timeout=5)


def test_migrations_run_twice_and_the_sender_id_is_not_stored(store, tmp_path):
    store.migrate()
    screening = store.save_screening(**screening_fields())
    assert screening.conversation_ref != "user-1" and len(screening.conversation_ref) == 64
    assert "user-1" not in (tmp_path / "prescreen.db").read_bytes().decode("latin-1")


def test_a_screening_is_stored_once_per_conversation_start(store):
    first = store.save_screening(**screening_fields())
    again = store.save_screening(**screening_fields(outcome="likely_eligible"))
    assert first.id == again.id and len(store.screenings()) == 1
    assert store.screenings()[0].outcome == "likely_eligible"
    store.save_screening(**screening_fields(started_at="2026-11-24T10:00:00+00:00"))
    assert len(store.screenings()) == 2


def test_one_referral_per_screening_with_a_readable_code(store):
    screening = store.save_screening(**screening_fields())
    kwargs = dict(contact_name="张三", contact_phone="13800000000", contact_time="morning",
                  share_consent_version="SH-1.0", share_consent_at="2026-11-23T10:05:00+00:00")
    referral = store.create_referral(screening.id, **kwargs)
    assert store.create_referral(screening.id, **kwargs).code == referral.code
    code = referral.code.replace("-", "")
    assert len(code) == 8 and set(code) <= set(CODE_ALPHABET)
    assert store.referral_by_code(referral.code).contact_name == "张三"


def test_notice_is_mailed_without_health_or_contact_details(store, trial, monkeypatch):
    monkeypatch.setattr(trial.trial.site_contact, "email", "coordinator@example.org")
    server = SmtpServer().start()
    try:
        screening = store.save_screening(**screening_fields())
        referral = store.create_referral(screening.id, contact_name="Jane Roe", contact_phone="13800000000",
                                         contact_time="morning", share_consent_version="SH-1.0", share_consent_at="x")
        monkeypatch.setattr(notify, "smtp_settings", lambda: smtp_for(server.port))
        notify.queue_and_send(store, trial, referral, "zh").join(30)
        [mail] = server.inbox.wait_for(1)
    finally:
        server.stop()
    body = mail.get_content()
    assert mail["To"] == "coordinator@example.org" and referral.code in mail["Subject"] and referral.code in body
    for secret in ("Jane Roe", "13800000000", "needs_review", "58岁"):
        assert secret not in body
    assert store.pending_messages() == []


def test_smtp_down_keeps_the_notice_and_retry_sends_it(store, trial, monkeypatch):
    monkeypatch.setattr(trial.trial.site_contact, "email", "coordinator@example.org")
    port = free_port()  # nothing listens here yet
    subject = "New pre-screening referral TEST-CODE"
    store.enqueue("referral", subject, "body", recipient="coordinator@example.org")
    sent, pending = notify.deliver_pending(store, trial, smtp_for(port))
    assert (sent, pending) == (0, 1)
    [waiting] = store.pending_messages()
    assert waiting.attempts == 1 and waiting.last_error
    server = SmtpServer(port).start()
    try:
        assert notify.deliver_pending(store, trial, smtp_for(port)) == (1, 0)
        assert [m["Subject"] for m in server.inbox.wait_for(1)] == [subject]
    finally:
        server.stop()
    assert store.pending_messages() == []


def test_without_smtp_configured_notices_wait_in_the_outbox(store, trial, monkeypatch):
    monkeypatch.setattr(notify, "smtp_settings", lambda: None)
    store.enqueue("referral", "s", "b")
    assert notify.deliver_pending(store, trial) == (0, 1)


def test_the_referred_person_does_not_wait_for_a_hanging_mail_server(store, trial, monkeypatch):
    """The notice is queued and the action returns while delivery is still in progress."""
    monkeypatch.setattr(trial.trial.site_contact, "email", "coordinator@example.org")
    with socket.socket() as silent:  # accepts connections, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        monkeypatch.setattr(notify, "smtp_settings", lambda: smtp_for(silent.getsockname()[1]))
        screening = store.save_screening(**screening_fields())
        referral = store.create_referral(screening.id, contact_name="A", contact_phone="13800000000",
                                         contact_time="morning", share_consent_version="SH-1.0", share_consent_at="x")
        sender = notify.queue_and_send(store, trial, referral, "en")
        assert sender.is_alive()  # returned to the conversation before the mail server answered
        [waiting] = store.pending_messages()
        assert waiting.subject.endswith(referral.code)
        sender.join(30)
    [failed] = store.pending_messages()  # timed out: kept for the worker
    assert failed.attempts == 1 and "timed out" in failed.last_error


def test_a_message_is_claimed_by_one_sender_at_a_time(store):
    message = store.enqueue("referral", "s", "b", recipient="x@example.org")
    assert store.claim_message(message.id, lease_seconds=60)
    assert not store.claim_message(message.id, lease_seconds=60)  # the other process keeps off
    store.mark_attempt(message.id, "SMTPServerDisconnected: gone")
    assert store.claim_message(message.id, lease_seconds=-1)  # a failed attempt frees it; lease already over
    assert store.claim_message(message.id, lease_seconds=60)  # a sender that died: its claim expires
    store.mark_attempt(message.id, None)
    assert not store.claim_message(message.id, lease_seconds=60)  # sent: never again


def test_concurrent_senders_deliver_each_notice_once(store, trial):
    server = SmtpServer().start()
    try:
        for i in range(3):
            store.enqueue("referral", f"notice {i}", "b", recipient="coordinator@example.org")
        start = threading.Barrier(4)

        def send():
            start.wait()
            notify.deliver_pending(store, trial, smtp_for(server.port))

        senders = [threading.Thread(target=send) for _ in range(4)]
        for t in senders:
            t.start()
        for t in senders:
            t.join(60)
        subjects = sorted(m["Subject"] for m in server.inbox.wait_for(3))
    finally:
        server.stop()
    assert subjects == ["notice 0", "notice 1", "notice 2"]
    assert store.pending_messages() == []


def test_the_migrations_build_exactly_the_schema_the_code_uses(store):
    """A model change without its Alembic migration would break every existing database."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.storage import Base

    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
