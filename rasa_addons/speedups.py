"""Measured fixes for the Rasa server's two biggest CPU costs per message.

Profiling the Rasa server during screenings (py-spy, README "Benchmark") showed:

* about 57 % of its CPU time in ``jsonschema.validate`` called by
  ``RemoteAction._validate_action_result`` for every action-server response:
  ``jsonschema.validate`` first checks the *schema itself* against the JSON-Schema
  meta-schema, on every call, and Rasa's event schema is large. The schema is a constant, so
  it is checked once here and a ready validator is reused. Responses are validated exactly
  as before (same schema, same best-matching error, same message);
* then about 29 % in ``Event.resolve_by_type``, which walks every subclass of ``Event`` for
  every event read back from the tracker store. The classes do not change while the server
  runs, so the name → class table is built once (first match wins, as before; anything not
  in it still goes through Rasa's own lookup).

Installed by ``python -m rasa_addons.serve rasa …`` before the server starts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Optional, Type

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_rasa_resolve_by_type = Event.resolve_by_type


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, instead of once per action call
    return cls(schema)


def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    """Drop-in for ``RemoteAction._validate_action_result``."""
    error = best_match(_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


@lru_cache(maxsize=1)
def _event_classes() -> Dict[str, Type[Event]]:
    table: Dict[str, Type[Event]] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)
    return table


def resolve_event_type(type_name: str, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """Drop-in for ``Event.resolve_by_type``."""
    cls = _event_classes().get(type_name)
    return cls if cls is not None else _rasa_resolve_by_type(type_name, default)


def install() -> None:
    """Use both in this process (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(resolve_event_type)  # type: ignore[method-assign,assignment]


__all__ = ["install", "resolve_event_type", "validate_action_result"]
