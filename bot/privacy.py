"""Deleting what a person said: the conversation in Rasa's tracker store and everything the
screening database holds from it (screening, referral, pending notice stays: it has no
personal data)."""

from __future__ import annotations

import os

from sqlalchemy import create_engine, delete, inspect, select, text

from bot.config import VAR_DIR
from bot.storage import Referral, Screening, conversation_ref, get_store


def tracker_db_url() -> str:
    """Rasa's tracker store (SQL); the embedded default is var/rasa-tracker.db."""
    return os.environ.get("RASA_TRACKER_DB_URL") or f"sqlite:///{VAR_DIR / 'rasa-tracker.db'}"


def forget_conversation(sender_id: str) -> int:
    """Delete the conversation's tracker events, screenings and referrals. Returns the number
    of rows removed."""
    removed = 0
    engine = create_engine(tracker_db_url(), future=True)
    try:
        if inspect(engine).has_table("events"):
            with engine.begin() as connection:
                removed += connection.execute(text("DELETE FROM events WHERE sender_id = :s"), {"s": sender_id}).rowcount
    finally:
        engine.dispose()
    store = get_store()
    with store.sessions.begin() as session:
        ids = list(session.execute(select(Screening.id).where(
            Screening.conversation_ref == conversation_ref(sender_id))).scalars())
        if ids:
            removed += session.execute(delete(Referral).where(Referral.screening_id.in_(ids))).rowcount
            removed += session.execute(delete(Screening).where(Screening.id.in_(ids))).rowcount
    return removed
