"""Actions around the form: language, start/resume, finishing (store, refer, notify),
FAQ, emergencies and fallback."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted, SlotSet, UserUtteranceReverted
from rasa_sdk.forms import ValidationAction

from actions.common import all_form_slots, answers, buttons, language, say, screener, text, trial
from actions.form import fresh_state, funnel_mark
from actions.questions import faq_menu, guesses_for, offer_guesses
from bot import config, notify, rules
from bot.flow import (
    COMPLETED,
    CONSENT_PRESCREEN,
    CONSENT_SHARE,
    CONTACT_NAME,
    CONTACT_PHONE,
    CONTACT_TIME,
    EMERGENCY,
    MINOR,
    NO_CONSENT,
    PAUSED,
)
from bot.storage import conversation_ref, get_store
from bot.understanding import commands, redflags
from bot.understanding.parsing import has_chinese, is_command_like

log = logging.getLogger(__name__)


class ValidateSlotMappings(ValidationAction):
    """Runs after every user message: keeps the `language` slot right. The first message
    decides (Chinese characters mean Chinese); a wish for the other language ("中文", "can we
    do this in English", 我看不懂英文) switches at any time, and a message written in Chinese
    switches an English conversation to Chinese."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def extract_language(self, dispatcher, tracker: Tracker, domain) -> Dict[str, Any]:
        message = tracker.latest_message.get("text") or ""
        switch = commands.language_switch(message, tracker.get_slot("language"))
        if switch:
            return {"language": switch}
        current = tracker.get_slot("language")
        if current not in ("en", "zh"):
            return {"language": "zh" if has_chinese(message) else "en"}
        if current == "en" and has_chinese(message) and not is_command_like(message):
            return {"language": "zh"}
        return {}


class ActionStartPrescreen(Action):
    """Before the form (re)starts: clear a pause; explain when there is nothing to resume."""

    def name(self) -> Text:
        return "action_start_prescreen"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        stop = tracker.get_slot("stop_reason")
        lang = language(tracker)
        if not any(event.get("event") == "bot" for event in tracker.events):
            dispatcher.utter_message(response="utter_intro_short")  # who is talking, before anything else
        if stop == COMPLETED:
            dispatcher.utter_message(response="utter_already_done")
            return []
        if stop == EMERGENCY:
            dispatcher.utter_message(response="utter_still_stopped")
            return []
        if stop == MINOR:
            say(dispatcher, domain, "utter_under_18", lang)
            return []
        events: List[EventType] = [SlotSet("stop_reason", None), SlotSet("reported_stop", None)]
        if stop is None and not tracker.get_slot(CONSENT_PRESCREEN):
            funnel_mark(tracker, "started")
        if stop == NO_CONSENT:
            events.append(SlotSet(CONSENT_PRESCREEN, None))  # ask for consent again
        return events


class ActionFinishPrescreen(Action):
    """After the form ends: say why it stopped, or store the screening, create the referral,
    notify the site contact and give the reference code."""

    def name(self) -> Text:
        return "action_finish_prescreen"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        lang = language(tracker)
        stop = tracker.get_slot("stop_reason")
        if stop and stop == tracker.get_slot("reported_stop"):
            return []  # nothing new since it was last reported
        if stop == PAUSED:
            dispatcher.utter_message(response="utter_paused")
            return [SlotSet("reported_stop", PAUSED)]
        if stop == MINOR:
            say(dispatcher, domain, "utter_under_18", lang)
            return [SlotSet("reported_stop", MINOR)]
        if stop == EMERGENCY:
            emergency_message(dispatcher, domain, tracker, tracker.get_slot("red_flag"))
            record_screening(tracker)
            funnel_mark(tracker, "emergency")
            return [SlotSet("reported_stop", EMERGENCY)]
        if tracker.get_slot(CONSENT_PRESCREEN) is False:
            dispatcher.utter_message(response="utter_no_consent")
            return [SlotSet("stop_reason", NO_CONSENT), SlotSet("reported_stop", NO_CONSENT)]
        if tracker.get_slot(CONSENT_PRESCREEN) is not True:
            return []
        try:
            screening_id = record_screening(tracker)
            if tracker.get_slot(CONSENT_SHARE) is True:
                code = create_referral(tracker, screening_id, lang)
                t = trial().trial
                say(dispatcher, domain, "utter_referral_done", lang, code=code,
                    contact=t.site_contact.name.get(lang), hours=t.response_window_hours)
                events: List[EventType] = [SlotSet("referral_code", code)]
                funnel_mark(tracker, "referred")
            else:
                say(dispatcher, domain, "utter_share_declined", lang)
                events = []
        except Exception:  # the database is down: keep everything in the chat and let them retry
            log.exception("could not store the screening")
            say(dispatcher, domain, "utter_referral_failed", lang)
            return [SlotSet("stop_reason", PAUSED), SlotSet("reported_stop", PAUSED)]
        funnel_mark(tracker, "completed")
        evaluation = screener().evaluate(answers(tracker))
        return events + [SlotSet("prescreen_outcome", evaluation.outcome or rules.NEEDS_REVIEW),
                         SlotSet("stop_reason", COMPLETED), SlotSet("reported_stop", COMPLETED)]


def record_screening(tracker: Tracker) -> str:
    """Store the screening (answers, verdicts, outcome, consent, language, times)."""
    if tracker.get_slot(CONSENT_PRESCREEN) is not True or not tracker.get_slot("started_at"):
        return ""
    given = {k: v for k, v in answers(tracker).items() if v is not None}
    emergency = tracker.get_slot("stop_reason") == EMERGENCY
    evaluation = screener().evaluate(given, emergency=emergency)
    consent = (tracker.get_slot("consent_record") or {}).get("prescreen") or {}
    definition = trial()
    screening = get_store().save_screening(
        conversation_ref=conversation_ref(tracker.sender_id),
        trial_id=definition.trial.id,
        definition_version=definition.trial.definition_version,
        language=language(tracker),
        consent_version=consent.get("version"),
        consent_at=consent.get("at"),
        answers=given,
        answer_texts={k: v for k, v in (tracker.get_slot("answer_texts") or {}).items() if k in given},
        verdicts=evaluation.verdicts,
        outcome=evaluation.outcome or rules.NEEDS_REVIEW,
        stop_reason=tracker.get_slot("stop_reason"),
        red_flag=tracker.get_slot("red_flag"),
        questions=[t for t in (tracker.get_slot("questions_for_team") or []) if trial().topic(t) is not None],
        started_at=tracker.get_slot("started_at"),
    )
    return screening.id


def create_referral(tracker: Tracker, screening_id: str, lang: str) -> str:
    share = (tracker.get_slot("consent_record") or {}).get("share") or {}
    store = get_store()
    contact = store.contact(tracker.sender_id)
    referral = store.create_referral(
        screening_id,
        contact_name=contact[CONTACT_NAME],
        contact_phone=contact[CONTACT_PHONE],
        contact_time=contact[CONTACT_TIME],
        share_consent_version=share.get("version") or trial().consent.share.version,
        share_consent_at=share.get("at") or "",
    )
    store.drop_contact(tracker.sender_id)
    try:
        notify.queue_and_send(store, trial(), referral, lang)
    except Exception:  # the notice is in the outbox or will be retried; the referral is safe
        log.exception("notification for a referral could not be queued or sent")
    return referral.code


class ActionFaqMenu(Action):
    def name(self) -> Text:
        return "action_faq_menu"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        faq_menu(dispatcher, language(tracker))
        return []


class ActionEmergency(Action):
    """An emergency reported outside the questions: the fixed message, and no more health questions."""

    def name(self) -> Text:
        return "action_emergency"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        flag = redflags.detect(tracker.latest_message.get("text") or "")
        category = flag.category if flag else "reported"
        emergency_message(dispatcher, domain, tracker, category)
        events = [SlotSet("stop_reason", EMERGENCY), SlotSet("reported_stop", EMERGENCY),
                  SlotSet("red_flag", category), SlotSet("prescreen_outcome", rules.EMERGENCY_STOP),
                  SlotSet("pending_check", None)]
        tracker.slots.update({e["name"]: e["value"] for e in events})
        try:
            record_screening(tracker)
        except Exception:
            log.exception("could not store an emergency stop")
        return events


def emergency_message(dispatcher, domain, tracker, category: Optional[str]) -> None:
    """120 first, as its own alert; self-harm also gets the crisis line from configuration.
    "It happened in the past" is a secondary choice (never focused, never an answer by itself)."""
    lang = language(tracker)
    dispatcher.utter_message(text=text(domain, "utter_emergency", lang),
                             json_message={"alert": "emergency", "call": "120"},
                             buttons=buttons([(text(domain, "utter_label_emergency_past", lang), "/emergency_in_past")]))
    if category == redflags.SELF_HARM:
        crisis = config.crisis_line()
        say(dispatcher, domain, "utter_self_harm" if crisis else "utter_self_harm_no_line", lang, crisis=crisis or "")


class ActionEmergencyFollowup(Action):
    """Any message after an emergency stop: the emergency guidance again, 120 first."""

    def name(self) -> Text:
        return "action_emergency_followup"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        emergency_message(dispatcher, domain, tracker, tracker.get_slot("red_flag"))
        return []


class ActionSymptomQuestion(Action):
    """A question about a symptom ("is black stool dangerous?"): the warning signs and 120."""

    def name(self) -> Text:
        return "action_symptom_question"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        say(dispatcher, domain, "utter_symptom_question", language(tracker))
        return []


class ActionEmergencyInPast(Action):
    """"It happened in the past": the stop is lifted and the questions go on. Nothing is
    recorded from the button: the matching question (bleeding, liver symptoms…) asks when it
    happened, and its time window decides."""

    def name(self) -> Text:
        return "action_emergency_in_past"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        if tracker.get_slot("stop_reason") != EMERGENCY:
            dispatcher.utter_message(response="utter_how_can_help")
            return []
        evaluation = screener().evaluate(answers(tracker))
        dispatcher.utter_message(response="utter_emergency_past_noted")
        return [SlotSet("stop_reason", None), SlotSet("reported_stop", None), SlotSet("red_flag", None),
                SlotSet("criteria_verdicts", evaluation.verdicts), SlotSet("prescreen_outcome", evaluation.outcome)]


class ActionStartOver(Action):
    def name(self) -> Text:
        return "action_start_over"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        dispatcher.utter_message(response="utter_starting_over")
        state = fresh_state()
        return [SlotSet(slot, None) for slot in all_form_slots()] + [SlotSet(k, v) for k, v in state.items()]


class ActionRestart(Action):
    """Rasa's "/restart" (typed by hand: the bot offers "start over" instead). Forget the
    conversation like Rasa does, but keep the person's language and say what can be done
    next, instead of an empty answer in English."""

    def name(self) -> Text:
        return "action_restart"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        dispatcher.utter_message(response="utter_how_can_help")
        return [Restarted(), SlotSet("language", language(tracker))]


class ActionBack(Action):
    """Rasa's "/back" (typed by hand): undo the last message like Rasa does, keeping the
    language (undoing the first message would otherwise forget it)."""

    def name(self) -> Text:
        return "action_back"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        return [UserUtteranceReverted(), UserUtteranceReverted(), SlotSet("language", language(tracker))]


class ActionDefaultFallback(Action):
    """Not understood: an emergency described in words NLU did not catch still gets the
    emergency message; anything else gets the options again (never a dead end)."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        flag = redflags.detect(tracker.latest_message.get("text") or "")
        if flag and flag.is_emergency:
            return await ActionEmergency().run(dispatcher, tracker, domain)
        if not offer_guesses(dispatcher, domain, language(tracker), guesses_for(tracker)):
            dispatcher.utter_message(response="utter_default")
        return []
