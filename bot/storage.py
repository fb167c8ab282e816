"""Screenings, referrals and the mail outbox, stored with SQLAlchemy (2.0-style code on
the 1.4 release Rasa pins). Their own database, not Rasa's tracker tables, so the study's
records survive tracker retention and can move to PostgreSQL unchanged."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import declarative_base, sessionmaker
from sqlalchemy.types import TypeDecorator

from bot.config import database_url

Base = declarative_base()

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# Referral codes avoid letters people confuse (0/O, 1/I/L) and read well over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class EncryptedText(TypeDecorator):
    """Text encrypted at rest with the data keys (bot/crypto.py)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        from bot.crypto import encrypt

        return encrypt(value)

    def process_result_value(self, value, dialect):
        from bot.crypto import decrypt

        return decrypt(value)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Screening(Base):
    __tablename__ = "screenings"
    __table_args__ = (UniqueConstraint("conversation_ref", "started_at", name="uq_screening_conversation"),)

    id = Column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    conversation_ref = Column(String(64), nullable=False, index=True)  # sha256 of the sender id
    trial_id = Column(String(100), nullable=False)
    definition_version = Column(String(50), nullable=False)
    language = Column(String(5), nullable=False)
    consent_version = Column(String(50))
    consent_at = Column(String(40))
    answers = Column(JSON, nullable=False, default=dict)
    answer_texts = Column(JSON, nullable=False, default=dict)
    verdicts = Column(JSON, nullable=False, default=dict)
    outcome = Column(String(30))
    stop_reason = Column(String(30))
    red_flag = Column(String(30))
    # Topics (faq ids) the person asked the study team to answer: ids only, never free text.
    questions = Column(JSON, nullable=False, default=list)
    started_at = Column(String(40), nullable=False)
    completed_at = Column(DateTime, nullable=False, default=utcnow)


class Referral(Base):
    __tablename__ = "referrals"

    id = Column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    code = Column(String(20), nullable=False, unique=True)
    screening_id = Column(String(36), ForeignKey("screenings.id"), nullable=False, unique=True)
    contact_name = Column(EncryptedText, nullable=False)
    contact_phone = Column(EncryptedText, nullable=False)
    contact_time = Column(EncryptedText, nullable=False)
    share_consent_version = Column(String(50), nullable=False)
    share_consent_at = Column(String(40), nullable=False)
    status = Column(String(30), nullable=False, default="new")
    created_at = Column(DateTime, nullable=False, default=utcnow)


class PendingContact(Base):
    """Contact details typed during the hand-off, encrypted, until the referral is made.
    They never stay in Rasa's tracker store (see rasa_addons/tracker_store.py)."""

    __tablename__ = "pending_contacts"
    __table_args__ = (UniqueConstraint("conversation_ref", "field", name="uq_pending_contact"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_ref = Column(String(64), nullable=False, index=True)
    field = Column(String(20), nullable=False)
    value = Column(EncryptedText, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class OutboxMessage(Base):
    __tablename__ = "outbox"

    id = Column(Integer, primary_key=True, autoincrement=True)
    kind = Column(String(40), nullable=False)
    recipient = Column(String(320))  # None: send to the site contact configured at delivery time
    subject = Column(Text, nullable=False)
    body = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    attempts = Column(Integer, nullable=False, default=0)
    last_attempt_at = Column(DateTime)
    last_error = Column(Text)
    sent_at = Column(DateTime)
    claimed_until = Column(DateTime)  # a sender is delivering it until then (see Store.claim_message)


def conversation_ref(sender_id: str) -> str:
    """A stable reference to the conversation that does not store the raw sender id."""
    return hashlib.sha256(("prescreen:" + (sender_id or "")).encode("utf-8")).hexdigest()


def new_referral_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def overwrite_deleted_rows(engine: Engine) -> Engine:
    """On SQLite, have deleted rows overwritten with zeros (``PRAGMA secure_delete``).

    Otherwise a deleted conversation or referral stays readable in the file's free pages
    until they happen to be reused. Debian's SQLite does this by default; other builds do
    not, so every engine that deletes personal data asks for it."""
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _secure_delete(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA secure_delete = ON")

    return engine


class Store:
    """Database access for the screening records. One instance per process."""

    def __init__(self, url: Optional[str] = None):
        self.url = url or database_url()
        kwargs: Dict[str, Any] = {"future": True, "pool_pre_ping": True}
        if self.url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        self.engine: Engine = overwrite_deleted_rows(create_engine(self.url, **kwargs))
        self.sessions = sessionmaker(self.engine, future=True, expire_on_commit=False)

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (idempotent)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self.engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")

    # -- writes ----------------------------------------------------------------------
    def save_screening(self, **fields: Any) -> Screening:
        """Store a finished screening once: the same conversation start is never stored twice."""
        with self.sessions.begin() as session:
            existing = session.execute(
                select(Screening).where(
                    Screening.conversation_ref == fields["conversation_ref"],
                    Screening.started_at == fields["started_at"],
                )
            ).scalar_one_or_none()
            if existing:
                for key, value in fields.items():
                    setattr(existing, key, value)
                return existing
            screening = Screening(**fields)
            session.add(screening)
            return screening

    def create_referral(self, screening_id: str, **fields: Any) -> Referral:
        """One referral per screening; asking again returns the first one."""
        with self.sessions.begin() as session:
            existing = session.execute(
                select(Referral).where(Referral.screening_id == screening_id)
            ).scalar_one_or_none()
            if existing:
                return existing
            for _ in range(10):
                code = new_referral_code()
                if session.execute(select(Referral.id).where(Referral.code == code)).first() is None:
                    break
            referral = Referral(screening_id=screening_id, code=code, **fields)
            session.add(referral)
            return referral

    def record_funnel(self, sender_id: str, kind: str) -> None:
        with self.sessions.begin() as session:
            session.add(FunnelEvent(conversation_ref=conversation_ref(sender_id), kind=kind))

    def put_contact(self, sender_id: str, field: str, value: str) -> None:
        ref = conversation_ref(sender_id)
        with self.sessions.begin() as session:
            session.execute(delete(PendingContact).where(PendingContact.conversation_ref == ref,
                                                         PendingContact.field == field))
            session.add(PendingContact(conversation_ref=ref, field=field, value=value))

    def contact(self, sender_id: str) -> Dict[str, str]:
        ref = conversation_ref(sender_id)
        with self.sessions() as session:
            rows = session.execute(select(PendingContact).where(PendingContact.conversation_ref == ref)).scalars()
            return {row.field: row.value for row in rows}

    def drop_contact(self, sender_id: str) -> None:
        with self.sessions.begin() as session:
            session.execute(delete(PendingContact).where(PendingContact.conversation_ref == conversation_ref(sender_id)))

    def enqueue(self, kind: str, subject: str, body: str, recipient: Optional[str] = None) -> OutboxMessage:
        with self.sessions.begin() as session:
            message = OutboxMessage(kind=kind, recipient=recipient, subject=subject, body=body)
            session.add(message)
            return message

    # -- reads -------------------------------------------------------------------------
    def referral_by_code(self, code: str) -> Optional[Referral]:
        with self.sessions() as session:
            return session.execute(select(Referral).where(Referral.code == code)).scalar_one_or_none()

    def screening(self, screening_id: str) -> Optional[Screening]:
        with self.sessions() as session:
            return session.get(Screening, screening_id)

    def referrals(self) -> List[Referral]:
        with self.sessions() as session:
            return list(session.execute(select(Referral).order_by(Referral.created_at.desc())).scalars())

    def screenings(self) -> List[Screening]:
        with self.sessions() as session:
            return list(session.execute(select(Screening).order_by(Screening.completed_at)).scalars())

    def pending_messages(self) -> List[OutboxMessage]:
        with self.sessions() as session:
            return list(
                session.execute(
                    select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)).order_by(OutboxMessage.id)
                ).scalars()
            )

    def claim_message(self, message_id: int, lease_seconds: float) -> bool:
        """Take an unsent message for delivery; False if it is sent or another sender has it.

        One conditional UPDATE, so two processes (the action server and the outbox worker)
        never both send it; a claim left by a sender that died expires after the lease."""
        now = utcnow()
        with self.sessions.begin() as session:
            result = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None),
                       or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
                .values(claimed_until=now + timedelta(seconds=lease_seconds))
                .execution_options(synchronize_session=False)
            )
            return result.rowcount == 1

    def mark_attempt(self, message_id: int, error: Optional[str]) -> None:
        with self.sessions.begin() as session:
            message = session.get(OutboxMessage, message_id)
            message.claimed_until = None
            message.attempts += 1
            message.last_attempt_at = utcnow()
            message.last_error = error
            if error is None:
                message.sent_at = utcnow()


class Coordinator(Base):
    """A study-team account of the coordinator portal (created by `make coordinator`)."""

    __tablename__ = "coordinators"

    id = Column(Integer, primary_key=True, autoincrement=True)
    username = Column(String(80), nullable=False, unique=True)
    password_hash = Column(Text, nullable=False)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class PortalSession(Base):
    __tablename__ = "portal_sessions"

    token_hash = Column(String(64), primary_key=True)  # sha256 of the cookie value
    coordinator_id = Column(Integer, ForeignKey("coordinators.id"), nullable=False)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    expires_at = Column(DateTime, nullable=False)


class AuditEntry(Base):
    """Who did what, when. Append-only: the portal has no way to change or delete entries."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    actor = Column(String(80), nullable=False)
    action = Column(String(40), nullable=False)
    target = Column(String(80))
    detail = Column(Text)


class ReferralNote(Base):
    """A status change (or a note) on a referral."""

    __tablename__ = "referral_notes"

    id = Column(Integer, primary_key=True, autoincrement=True)
    referral_id = Column(String(36), ForeignKey("referrals.id"), nullable=False, index=True)
    at = Column(DateTime, nullable=False, default=utcnow)
    author = Column(String(80), nullable=False)
    status_from = Column(String(30))
    status_to = Column(String(30))
    note = Column(Text)


class FunnelEvent(Base):
    """Anonymous progress marks for the funnel: started, consented, answered:<id>, completed,
    referred. No answers, no personal data; the conversation is a hash."""

    __tablename__ = "funnel_events"

    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    conversation_ref = Column(String(64), nullable=False, index=True)
    kind = Column(String(80), nullable=False)


def encrypted_columns() -> Dict[str, List[str]]:
    """Every table's EncryptedText columns, read from the models (so none is forgotten)."""
    found: Dict[str, List[str]] = {}
    for model_table in Base.metadata.sorted_tables:
        names = [c.name for c in model_table.columns if isinstance(c.type, EncryptedText)]
        if names:
            found[model_table.name] = names
    return found


def encrypted_rows_rotate(new_fernet) -> int:
    """Re-encrypt every encrypted column with new_fernet (used by bot.crypto.rotate)."""
    from sqlalchemy import column, table

    from bot.crypto import fernet

    store = get_store()
    old = fernet()
    count = 0
    # Plain Text columns here: the rows are read and written as ciphertext, not through EncryptedText.
    with store.engine.begin() as connection:
        for name, columns in encrypted_columns().items():
            raw = table(name, column("id"), *[column(c, Text) for c in columns])
            for row in connection.execute(select(raw)).all():
                values = {c: new_fernet.encrypt(old.decrypt(getattr(row, c).encode())).decode() for c in columns}
                connection.execute(raw.update().where(raw.c.id == row.id).values(**values))
                count += len(columns)
    return count


_store: Optional[Store] = None


def get_store() -> Store:
    """The process-wide store, migrated on first use."""
    global _store
    if _store is None:
        store = Store()
        store.migrate()
        _store = store
    return _store


def main() -> None:  # pragma: no cover - thin CLI
    import sys

    if sys.argv[1:] == ["migrate"]:
        Store().migrate()
        print("database is up to date")
    elif sys.argv[1:] == ["referrals"]:
        store = Store()
        for referral in store.referrals():
            screening = store.screening(referral.screening_id)
            print(f"{referral.code}  {referral.created_at:%Y-%m-%d %H:%M}  {screening.outcome}  {referral.status}")
    else:
        print("usage: python -m bot.storage migrate|referrals")
        raise SystemExit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
