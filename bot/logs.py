"""Logging set-up that keeps what people type out of every log, at every level.

Health answers and contact details must never reach a log file (PIPL; see the README's
privacy section), whatever level an operator picks while chasing a bug. Every stdlib log
record of a process that calls :func:`install_redaction` (or :func:`configure`) passes
through :func:`redact` before any handler sees it: messages known to echo slot values or
events lose that part, and anything shaped like a phone number or e-mail address is
masked. Rasa's structured (structlog) events are handled in ``rasa_addons.redaction``.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any, Callable, List, Pattern

REDACTED = "[redacted]"

# The stdlib messages of Rasa 3.6 and rasa_sdk 3.6 that print conversation content, after
# a fixed prefix (the rest of their conversation logging is structlog: rasa_addons.redaction).
_CONTENT_AFTER: List[Pattern[str]] = [
    re.compile(r"(Validating extracted slots:).*", re.S),  # rasa.core.actions.action
    re.compile(r"(Contents of ignored event:).*", re.S),  # rasa_sdk.executor
]
# Seven or more digits, possibly grouped by spaces or dashes, optionally with a leading +:
# phone numbers (Chinese mobiles have 11). Not preceded or followed by a dot, colon or
# word character, so that IP addresses, ports, versions and hashes stay readable.
_PHONE = re.compile(r"(?<![\w.:/])\+?\d(?:[ \-]?\d){6,}(?![\w.:/])")
# Chinese mobile numbers wherever they stand (after "tel:", inside a key=value, …).
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[ \-]?)?1[3-9]\d(?:[ \-]?\d{4}){2}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def redact(message: str) -> str:
    """The log message with conversation content, phone numbers and e-mails masked."""
    for pattern in _CONTENT_AFTER:
        message = pattern.sub(lambda m: f"{m.group(1)} {REDACTED}", message)
    message = _MOBILE.sub("[number]", message)
    message = _PHONE.sub("[number]", message)
    return _EMAIL.sub("[email]", message)


def _record_factory(original: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = original(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = str(record.msg)
        redacted = redact(message)
        if redacted != message or record.args:
            record.msg, record.args = redacted, ()
        return record

    factory.redacting = True  # type: ignore[attr-defined]
    return factory


def install_redaction() -> None:
    """Redact every stdlib log record of this process (idempotent)."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "redacting", False):
        logging.setLogRecordFactory(_record_factory(current))


def configure(default_level: str = "INFO", fmt: str = "%(asctime)s %(levelname)s %(name)s %(message)s") -> None:
    """Log to stderr at ``LOG_LEVEL`` (default ``default_level``), redacted."""
    install_redaction()
    level = os.environ.get("LOG_LEVEL", default_level).upper()
    logging.basicConfig(level=getattr(logging, level, logging.INFO), format=fmt)
