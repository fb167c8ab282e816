"""Coordinator accounts and portal sessions: argon2 password hashes, lockout after repeated
failures, sessions that expire, a CSRF token per session, and the audit log."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import List, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from bot.storage import AuditEntry, Coordinator, PortalSession, Store, utcnow

MAX_FAILED_LOGINS = int(os.environ.get("PORTAL_MAX_FAILED_LOGINS", "5"))
LOCKOUT = timedelta(minutes=int(os.environ.get("PORTAL_LOCKOUT_MINUTES", "15")))
SESSION_IDLE = timedelta(minutes=int(os.environ.get("PORTAL_SESSION_MINUTES", "30")))
MIN_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-real-password-" + secrets.token_hex(8))


class AccountError(Exception):
    """A clear, user-facing problem with an account request."""


@dataclass(frozen=True)
class SessionInfo:
    username: str
    coordinator_id: int
    csrf_token: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def audit(store: Store, actor: str, action: str, target: Optional[str] = None, detail: Optional[str] = None) -> None:
    with store.sessions.begin() as session:
        session.add(AuditEntry(actor=actor, action=action, target=target, detail=detail))


def audit_entries(store: Store, limit: int = 500) -> List[AuditEntry]:
    with store.sessions() as session:
        return list(session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)).scalars())


def create_coordinator(store: Store, username: str, password: str) -> None:
    username = username.strip()
    if not username or len(username) > 80 or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise AccountError("usernames are 1-80 letters, digits, dots, dashes or underscores")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"passwords need at least {MIN_PASSWORD_LENGTH} characters")
    with store.sessions.begin() as session:
        if session.execute(select(Coordinator).where(Coordinator.username == username)).scalar_one_or_none():
            raise AccountError(f"the account {username} exists already")
        session.add(Coordinator(username=username, password_hash=_hasher.hash(password)))
    audit(store, "cli", "account_created", username)


def login(store: Store, username: str, password: str) -> Optional[str]:
    """A new session token, or None. Locked accounts are refused even with the right password."""
    now = utcnow()
    with store.sessions.begin() as session:
        user = session.execute(select(Coordinator).where(Coordinator.username == username)).scalar_one_or_none()
        if user is None:
            _verify(_DUMMY_HASH, password)  # same work whether or not the account exists
            outcome, actor = "login_failed", username[:80] or "?"
            token = None
        elif user.locked_until and user.locked_until > now:
            outcome, actor, token = "login_locked", user.username, None
        elif _verify(user.password_hash, password):
            user.failed_logins, user.locked_until = 0, None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
            token = secrets.token_urlsafe(32)
            session.add(PortalSession(token_hash=_token_hash(token), coordinator_id=user.id,
                                      csrf_token=secrets.token_urlsafe(32), expires_at=now + SESSION_IDLE))
            outcome, actor = "login", user.username
        else:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until, user.failed_logins = now + LOCKOUT, 0
                outcome = "account_locked"
            else:
                outcome = "login_failed"
            actor, token = user.username, None
    audit(store, actor, outcome)
    return token


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def current_session(store: Store, token: Optional[str]) -> Optional[SessionInfo]:
    """The session behind a cookie, extended while it is used; None when absent or expired."""
    if not token:
        return None
    now = utcnow()
    with store.sessions.begin() as session:
        row = session.get(PortalSession, _token_hash(token))
        if row is None:
            return None
        if row.expires_at <= now:
            session.delete(row)
            return None
        row.expires_at = now + SESSION_IDLE
        user = session.get(Coordinator, row.coordinator_id)
        return SessionInfo(username=user.username, coordinator_id=user.id, csrf_token=row.csrf_token)


def logout(store: Store, token: Optional[str]) -> None:
    if not token:
        return
    with store.sessions.begin() as session:
        row = session.get(PortalSession, _token_hash(token))
        if row is not None:
            session.delete(row)


def csrf_ok(info: SessionInfo, submitted: Optional[str]) -> bool:
    return bool(submitted) and hmac.compare_digest(info.csrf_token, submitted)


def main() -> None:  # pragma: no cover - thin CLI around create_coordinator
    import argparse
    import getpass
    import sys

    from bot.storage import get_store

    parser = argparse.ArgumentParser(description="Create a coordinator account for the portal")
    parser.add_argument("username")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    args = parser.parse_args()
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password (12 characters or more): ")
        if password != getpass.getpass("Again: "):
            raise SystemExit("the two passwords differ")
    try:
        create_coordinator(get_store(), args.username, password)
    except AccountError as error:
        raise SystemExit(str(error)) from None
    print(f"account {args.username} created")


if __name__ == "__main__":  # pragma: no cover
    main()
