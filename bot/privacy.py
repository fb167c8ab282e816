"""Deleting what a person said: the conversation in Rasa's tracker store and everything the
screening database holds from it (screening, referral, pending notice stays: it has no
personal data)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Optional, Tuple

from sqlalchemy import create_engine, delete, inspect, select, text
from sqlalchemy.orm import Session

from bot.config import VAR_DIR
from bot.storage import (
    OutboxMessage,
    PendingContact,
    Referral,
    ReferralNote,
    Screening,
    conversation_ref,
    get_store,
    overwrite_deleted_rows,
    utcnow,
)


def tracker_db_url() -> str:
    """Rasa's tracker store (SQL); the embedded default is var/rasa-tracker.db."""
    return os.environ.get("RASA_TRACKER_DB_URL") or f"sqlite:///{VAR_DIR / 'rasa-tracker.db'}"


def _delete_tracker_events(condition: str, params: Dict[str, Any]) -> Optional[int]:
    """Delete Rasa tracker events matching a fixed SQL condition; None if there is no tracker table."""
    engine = overwrite_deleted_rows(create_engine(tracker_db_url(), future=True))
    try:
        if not inspect(engine).has_table("events"):
            return None
        with engine.begin() as connection:
            return connection.execute(text(f"DELETE FROM events WHERE {condition}"), params).rowcount
    finally:
        engine.dispose()


def _delete_referrals(session: Session, which: Any) -> Tuple[int, int]:
    """Delete the referrals matching ``which``, their notes and their screenings.
    Returns (referrals, screenings) removed."""
    rows = session.execute(select(Referral.id, Referral.screening_id).where(which)).all()
    if not rows:
        return 0, 0
    ids, screening_ids = [r.id for r in rows], [r.screening_id for r in rows]
    quick = {"synchronize_session": False}
    session.execute(delete(ReferralNote).where(ReferralNote.referral_id.in_(ids)).execution_options(**quick))
    referrals = session.execute(delete(Referral).where(Referral.id.in_(ids)).execution_options(**quick)).rowcount
    screenings = session.execute(delete(Screening).where(Screening.id.in_(screening_ids))
                                 .execution_options(**quick)).rowcount
    return referrals, screenings


def forget_conversation(sender_id: str, actor: str) -> int:
    """Delete the conversation's tracker events, screenings and referrals, audited like every
    deletion. Returns the number of rows removed."""
    from bot.accounts import audit

    removed = _delete_tracker_events("sender_id = :s", {"s": sender_id}) or 0
    store = get_store()
    ref = conversation_ref(sender_id)
    with store.sessions.begin() as session:
        ids = list(session.execute(select(Screening.id).where(Screening.conversation_ref == ref)).scalars())
        if ids:
            removed += sum(_delete_referrals(session, Referral.screening_id.in_(ids)))
            removed += session.execute(delete(Screening).where(Screening.id.in_(ids))
                                       .execution_options(synchronize_session=False)).rowcount
        removed += session.execute(delete(PendingContact).where(PendingContact.conversation_ref == ref)).rowcount
    audit(store, actor, "conversation_deleted", None, f"{removed} record(s)")
    return removed


def _same_phone(a: str, b: str) -> bool:
    digits = lambda s: "".join(ch for ch in s.split("ext")[0] if ch.isdigit())  # noqa: E731  (an extension is not the number)
    da, db = digits(a), digits(b)
    return bool(da) and (da == db or (len(da) >= 7 and len(db) >= 7 and (da.endswith(db) or db.endswith(da))))


def delete_referral(store, code: str, phone: Optional[str], actor: str) -> bool:
    """Delete a referral and its screening. With `phone`, only when it matches the referral's
    (the patient's own request); without, for a coordinator. Audited either way."""
    from bot.accounts import audit

    code = (code or "").strip().upper()
    with store.sessions.begin() as session:
        referral = session.execute(select(Referral).where(Referral.code == code)).scalar_one_or_none()
        found = referral is not None and (phone is None or _same_phone(referral.contact_phone, phone))
        if found:
            _delete_referrals(session, Referral.id == referral.id)
    audit(store, actor, "referral_deleted" if found else "deletion_refused", code if found else None,
          "by the patient (code and phone)" if phone is not None else "by a coordinator")
    return found


@dataclass
class RetentionPeriods:
    """Days to keep each kind of record (environment: RETENTION_*_DAYS)."""

    screenings_without_referral: int = int(os.environ.get("RETENTION_SCREENING_DAYS", "30"))
    referrals: int = int(os.environ.get("RETENTION_REFERRAL_DAYS", "365"))
    tracker_events: int = int(os.environ.get("RETENTION_TRACKER_DAYS", "30"))
    pending_contacts: int = int(os.environ.get("RETENTION_PENDING_CONTACT_DAYS", "2"))
    sent_mail: int = int(os.environ.get("RETENTION_SENT_MAIL_DAYS", "30"))


def apply_retention(store, periods: Optional[RetentionPeriods] = None, now: Optional[datetime] = None) -> Dict[str, int]:
    """Delete what is past its period. Funnel marks stay: they are anonymous counts (a hash of a
    random conversation id and question IDs, no answers)."""
    from bot.accounts import audit

    periods = periods or RetentionPeriods()
    now = now or utcnow()
    cutoff = lambda days: now - timedelta(days=days)  # noqa: E731
    counts: Dict[str, int] = {}
    with store.sessions.begin() as session:
        referred = select(Referral.screening_id)
        counts["screenings"] = session.execute(delete(Screening).where(
            Screening.completed_at < cutoff(periods.screenings_without_referral),
            Screening.id.not_in(referred)).execution_options(synchronize_session=False)).rowcount
        counts["referrals"], _ = _delete_referrals(session, Referral.created_at < cutoff(periods.referrals))
        counts["pending_contacts"] = session.execute(delete(PendingContact).where(
            PendingContact.created_at < cutoff(periods.pending_contacts))).rowcount
        counts["sent_mail"] = session.execute(delete(OutboxMessage).where(
            OutboxMessage.sent_at.is_not(None), OutboxMessage.sent_at < cutoff(periods.sent_mail))).rowcount
    events = _delete_tracker_events(
        "timestamp < :t", {"t": cutoff(periods.tracker_events).replace(tzinfo=timezone.utc).timestamp()})
    if events is not None:
        counts["tracker_events"] = events
    audit(store, "retention", "retention_run", None, ", ".join(f"{k}={v}" for k, v in counts.items()))
    return counts


def main() -> None:  # pragma: no cover - thin CLI (cron: python -m bot.privacy retention)
    import sys

    if sys.argv[1:] == ["retention"]:
        counts = apply_retention(get_store())
        print("deleted: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    elif len(sys.argv) == 4 and sys.argv[1] == "delete-referral":
        ok = delete_referral(get_store(), sys.argv[2], None, sys.argv[3])
        print("deleted" if ok else "no such referral")
    else:
        raise SystemExit("usage: python -m bot.privacy retention | delete-referral CODE ACTOR")


if __name__ == "__main__":  # pragma: no cover
    main()
