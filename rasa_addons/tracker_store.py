"""Rasa's SQL tracker store, minus contact details.

Everything a person types in answer to the contact questions (name, phone, preferred time)
and to the "delete my data" phone question
is replaced by "[redacted]" before it is written, and so are the slot values extracted
from it. The action that validates those answers has already stored them, encrypted, in
the screening database (bot/storage.py PendingContact), so the conversation continues
normally after a restart while no plaintext contact detail ever reaches the tracker store.

endpoints.yml: tracker_store: {type: rasa_addons.tracker_store.RedactingSQLTrackerStore, ...}
"""

from __future__ import annotations

from typing import Any, Iterator, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.flow import REDACTED_SLOTS

REDACTED = "[redacted]"
KEEP = (None, "stored", REDACTED)  # values that are not personal


def redact(event: Event, requested_slot: Optional[str]) -> Event:
    """A copy of the event without contact details (or the event itself when it has none)."""
    if isinstance(event, UserUttered) and requested_slot in REDACTED_SLOTS:
        data = event.as_dict()
        data["text"] = REDACTED
        parse = dict(data.get("parse_data") or {})
        parse.update(text=REDACTED, entities=[])
        data["parse_data"] = parse
        return Event.from_parameters(data)
    if isinstance(event, SlotSet) and event.key in REDACTED_SLOTS and event.value not in KEEP:
        return SlotSet(event.key, REDACTED, timestamp=event.timestamp)
    return event


class RedactingSQLTrackerStore(SQLTrackerStore):
    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        new = list(super()._additional_events(session, tracker))
        first_new = len(tracker.events) - len(new)
        requested: Optional[str] = None
        redacted = []
        for index, event in enumerate(tracker.events):
            if index >= first_new:
                redacted.append(redact(event, requested))
            if isinstance(event, SlotSet) and event.key == "requested_slot":
                requested = event.value
        return iter(redacted)
