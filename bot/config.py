"""Settings from the environment (12-factor). Defaults are the embedded profile: SQLite
files under var/ and no SMTP (mail waits in the outbox)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PRESCREEN_VAR_DIR", ROOT / "var"))


def database_url() -> str:
    """The screening/referral database (separate from Rasa's tracker store)."""
    url = os.environ.get("PRESCREEN_DB_URL")
    if url:
        return url
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{VAR_DIR / 'prescreen.db'}"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: Optional[str]
    password: Optional[str]
    starttls: bool
    sender: str
    timeout: float


def smtp_settings() -> Optional[SmtpSettings]:
    """None when SMTP is not configured: notices then wait in the outbox."""
    host = os.environ.get("SMTP_HOST")
    if not host:
        return None
    return SmtpSettings(
        host=host,
        port=int(os.environ.get("SMTP_PORT", "25")),
        username=os.environ.get("SMTP_USER") or None,
        password=os.environ.get("SMTP_PASSWORD") or None,
        starttls=os.environ.get("SMTP_STARTTLS", "false").lower() in ("1", "true", "yes"),
        sender=os.environ.get("SMTP_FROM", "prescreen-assistant@localhost"),
        timeout=float(os.environ.get("SMTP_TIMEOUT", "10")),
    )


def public_base_url() -> str:
    """Where coordinators open referrals (used in notification links)."""
    return os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8080").rstrip("/")


def crisis_line() -> Optional[str]:
    """The crisis line shown with 120 to someone who mentions harming themselves
    (CRISIS_LINE, e.g. the national mental-health line 12356; the study team confirms which)."""
    value = os.environ.get("CRISIS_LINE", "").strip()
    return value or None
