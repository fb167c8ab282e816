""""Delete my data" in the chat: reference code plus phone number, checked server-side."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from bot.flow import DELETE_FORM
from bot.privacy import delete_referral
from bot.storage import get_store
from bot.understanding.parsing import normalize, parse_phone

CODE = re.compile(r"^([A-Z0-9]{4})-?([A-Z0-9]{4})$")


class ValidateDeleteForm(FormValidationAction):
    def name(self) -> Text:
        return f"validate_{DELETE_FORM}"

    def validate_delete_code(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[str, Any]:
        m = CODE.match(normalize(value).upper().replace(" ", "")) if isinstance(value, str) else None
        if not m:
            dispatcher.utter_message(response="utter_hint_delete_code")
            return {"delete_code": None}
        return {"delete_code": f"{m.group(1)}-{m.group(2)}"}

    def validate_delete_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Dict[str, Any]:
        parsed = parse_phone(value)
        if not parsed.ok:
            dispatcher.utter_message(response="utter_hint_phone")
            return {"delete_phone": None}
        return {"delete_phone": parsed.value}


class ActionDeleteReferral(Action):
    def name(self) -> Text:
        return "action_delete_referral"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        code, phone = tracker.get_slot("delete_code"), tracker.get_slot("delete_phone")
        deleted = bool(code and phone) and delete_referral(get_store(), code, phone, "patient (chat)")
        dispatcher.utter_message(response="utter_referral_deleted" if deleted else "utter_referral_not_deleted")
        return [SlotSet("delete_code", None), SlotSet("delete_phone", None)]
