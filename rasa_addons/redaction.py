"""Keep what people type out of Rasa's structured logs, at every log level.

Rasa 3.6 logs conversation content as structlog events when run with ``--debug``: the
user's text, entities, slot values and whole events. Its error events carry structured
tracebacks *with the local variables of every frame*, so an exception while handling a
message would print the message itself, at any level. Health answers and contact details
must never reach a log file (PIPL; see the README's privacy section), whatever level an
operator picks while chasing a bug.

:func:`harden_structlog` runs right after Rasa configures structlog and changes that
configuration in place (loggers already cached keep working with the new chain):

* a first processor keeps only the keys known to carry no conversation content
  (:data:`SAFE_KEYS`) and replaces every other value with ``[redacted]``; strings that are
  kept still pass :func:`bot.logs.redact` (phone numbers, e-mail addresses);
* tracebacks are rendered without local variables.

Why not Rasa's own ``get_anonymization_pipeline`` plugin hook: implementing it also makes
Rasa read the whole tracker again on every message (to feed an anonymised event stream we
do not have), and it only covers a fixed list of keys.

The stdlib side (Rasa, rasa_sdk, Sanic, our code) is :func:`bot.logs.install_redaction`.
``python -m rasa_addons.serve`` puts both in place before the servers start.
"""

from __future__ import annotations

from typing import Any, Dict

import structlog
from structlog.dev import ConsoleRenderer, plain_traceback
from structlog.processors import ExceptionRenderer
from structlog.tracebacks import ExceptionDictTransformer

from bot.logs import REDACTED, redact

# Keys of Rasa 3.6's structlog events (and structlog's own) that never hold what a person
# typed, the bot said to them, or slot values. Everything else is redacted.
SAFE_KEYS = frozenset({
    "event", "level", "timestamp", "logger", "logger_name", "exc_info", "exception", "stack", "stack_info",
    "event_key", "event_info", "action_name", "action_extract_slot", "parse_data_intent", "len_extraction_events",
    "filename", "host", "url", "topic", "rabbitmq_exchange", "partition_key", "placeholder_key",
    "token_start", "token_end",
})


def redact_event(_: Any, __: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    """structlog processor: conversation content out, the shape of what happened kept."""
    for key, value in event_dict.items():
        if key not in SAFE_KEYS:
            if value is not None and not isinstance(value, (bool, int, float)):
                event_dict[key] = REDACTED
        elif isinstance(value, str):
            event_dict[key] = redact(value)
    return event_dict


def _without_locals(processor: Any) -> Any:
    """The same processor, rendering tracebacks without the frames' local variables."""
    if isinstance(processor, ExceptionRenderer):
        return ExceptionRenderer(ExceptionDictTransformer(show_locals=False))
    if isinstance(processor, ConsoleRenderer):
        return type(processor)(exception_formatter=plain_traceback)
    return processor


def harden_structlog() -> None:
    """Put :func:`redact_event` first and drop traceback locals, in the current configuration."""
    processors = structlog.get_config()["processors"]
    if processors and processors[0] is redact_event:
        return
    processors[:] = [redact_event, *(_without_locals(p) for p in processors)]


def install() -> None:
    """Make Rasa's own ``configure_structlog`` call :func:`harden_structlog` when it is done."""
    import rasa.__main__ as rasa_main

    original = rasa_main.configure_structlog
    if getattr(original, "hardened", False):
        return

    def configure_structlog(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        harden_structlog()

    configure_structlog.hardened = True  # type: ignore[attr-defined]
    rasa_main.configure_structlog = configure_structlog
