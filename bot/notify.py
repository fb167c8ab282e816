"""Tell the site contact about a new referral by email, without losing a message.

Every notice goes into the outbox table first and is then delivered over SMTP. When SMTP
is not configured, or the server is down, the notice stays in the outbox and is retried
(`python -m bot.notify retry`, or the `outbox` process of `make run`). The mail carries
the reference code and a link, never health details or contact details.
"""

from __future__ import annotations

import logging
import smtplib
import threading
import time
from email.message import EmailMessage
from typing import Optional, Tuple

from bot.config import SmtpSettings, public_base_url, smtp_settings
from bot.storage import Referral, Store
from bot.trial import TrialDefinition

log = logging.getLogger(__name__)


def referral_notice(trial: TrialDefinition, referral: Referral, language: str) -> Tuple[str, str]:
    """Subject and body of the notice (English: the coordinators' working language)."""
    subject = f"New pre-screening referral {referral.code}"
    body = "\n".join(
        [
            f"A new pre-screened referral for \"{trial.trial.name.en}\" has arrived.",
            "",
            f"Reference code: {referral.code}",
            f"Language of the conversation: {'Simplified Chinese' if language == 'zh' else 'English'}",
            f"Received: {referral.created_at:%Y-%m-%d %H:%M} UTC",
            f"Patients are told to expect a call within {trial.trial.response_window_hours} hours.",
            "",
            f"Open the referral: {public_base_url()}/coordinator/referrals/{referral.code}",
            "",
            "This message contains no health or contact details by design.",
        ]
    )
    return subject, body


def queue_and_send(store: Store, trial: TrialDefinition, referral: Referral, language: str) -> threading.Thread:
    """Queue the notice, then deliver it in the background: the person who was just referred
    never waits for a slow mail server (the outbox worker retries whatever fails)."""
    subject, body = referral_notice(trial, referral, language)
    store.enqueue("referral", subject, body, recipient=trial.trial.site_contact.email)
    sender = threading.Thread(target=_deliver_quietly, args=(store, trial), name="outbox-send", daemon=True)
    sender.start()
    return sender


def _deliver_quietly(store: Store, trial: TrialDefinition) -> None:
    try:
        deliver_pending(store, trial)
    except Exception:  # noqa: BLE001 - the message stays in the outbox for the worker
        log.exception("background delivery of the outbox failed")


def deliver_pending(store: Store, trial: TrialDefinition, smtp: Optional[SmtpSettings] = None) -> Tuple[int, int]:
    """Try every unsent message once. Returns (sent, still pending)."""
    smtp = smtp or smtp_settings()
    pending = store.pending_messages()
    if smtp is None:
        return 0, len(pending)
    sent = 0
    for message in pending:
        recipient = message.recipient or trial.trial.site_contact.email
        if not recipient:
            continue  # no site contact configured yet: keep it
        if not store.claim_message(message.id, lease_seconds=4 * smtp.timeout + 30):
            continue  # sent meanwhile, or another process is sending it right now
        error = _send(smtp, recipient, message.subject, message.body)
        store.mark_attempt(message.id, error)
        if error is None:
            sent += 1
        else:
            log.warning("outbox message %s not sent (attempt failed): %s", message.id, error)
    return sent, len(pending) - sent


def _send(smtp: SmtpSettings, recipient: str, subject: str, body: str) -> Optional[str]:
    mail = EmailMessage()
    mail["From"] = smtp.sender
    mail["To"] = recipient
    mail["Subject"] = subject
    mail.set_content(body)
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as client:
            if smtp.starttls:
                client.starttls()
            if smtp.username:
                client.login(smtp.username, smtp.password or "")
            client.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        return f"{type(exc).__name__}: {exc}"[:500]
    return None


def main() -> None:  # pragma: no cover - thin CLI
    import argparse

    from bot.storage import get_store
    from bot.trial import get_trial

    parser = argparse.ArgumentParser(description="Deliver queued notifications")
    parser.add_argument("mode", choices=["retry", "loop"])
    parser.add_argument("--interval", type=float, default=60.0)
    args = parser.parse_args()
    from bot.logs import configure

    configure()
    store, trial = get_store(), get_trial()
    while True:
        sent, pending = deliver_pending(store, trial)
        print(f"outbox: {sent} sent, {pending} pending", flush=True)
        if args.mode == "retry":
            return
        time.sleep(args.interval)


if __name__ == "__main__":  # pragma: no cover
    main()
