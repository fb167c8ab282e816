"""The Rasa server's cached action-response validation accepts and rejects exactly what
Rasa's own (jsonschema.validate on every call) does, with the same error."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from rasa_addons.speedups import validate_action_result

SCHEMA = RemoteAction.action_response_format_spec()
RESULTS = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "age", "value": {"low": 58, "high": 58}}], "responses": [{"text": "hi"}]},
    {"events": [{"event": "active_loop", "name": None}, {"event": "restart"}]},
    {"events": [{"event": "slot", "name": "x", "value": "y", "timestamp": "not a number"}]},
    {"events": [{"event": "not_an_event"}]},
    {"events": [{"name": "no event key"}]},
    {"events": "not a list"},
    {"responses": ["not an object"]},
    "not an object",
]


@pytest.mark.parametrize("result", RESULTS)
def test_same_verdict_and_error_as_rasa(result):
    try:
        jsonschema.validate(result, SCHEMA)
        expected = None
    except jsonschema.ValidationError as error:
        expected = error.message
    if expected is None:
        assert validate_action_result(RemoteAction("x", None), result) is True
    else:
        with pytest.raises(jsonschema.ValidationError) as raised:
            validate_action_result(RemoteAction("x", None), result)
        assert raised.value.message.startswith(expected)
        assert "Failed to validate Action server response" in raised.value.message


def test_some_results_really_are_rejected():
    rejected = 0
    for result in RESULTS:
        try:
            jsonschema.validate(result, SCHEMA)
        except jsonschema.ValidationError:
            rejected += 1
    assert 3 <= rejected < len(RESULTS)


def test_event_lookup_gives_what_rasas_own_lookup_gives():
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    from rasa_addons.speedups import _rasa_resolve_by_type, resolve_event_type

    names = {cls.type_name for cls in all_subclasses(Event)}
    assert {"user", "bot", "slot", "action", "active_loop", "restart", "rewind"} <= names
    for name in names:
        assert resolve_event_type(name) is _rasa_resolve_by_type(name)
    assert resolve_event_type("topic") is None
    assert resolve_event_type("no_such_event", default=Event) is Event
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        resolve_event_type("no_such_event")


def test_installed_events_still_round_trip():
    from rasa.shared.core.events import Event, SlotSet, UserUttered

    from rasa_addons.speedups import install

    install()
    install()
    events = [UserUttered("hi", {"name": "greet", "confidence": 1.0}), SlotSet("language", "zh")]
    assert [Event.from_parameters(e.as_dict()) for e in events] == events
