"""Answering people's questions, before and during the screening.

The topic comes from the question reader (rasa_addons/question_reader.py outside the form,
bot/understanding/questions.py inside it) or from a button; every word of the answer comes
from the trial definition (`faq`) or domain.yml. This module only picks and fills them.
"""

from __future__ import annotations

import json
from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import buttons, language, say, text, trial
from bot.flow import CONSENT_PRESCREEN, CONSENT_SHARE, CONTACT_SLOTS, checked_slot
from bot.understanding import questions

TOPIC_ENTITY = "question_topic"
CRITERION_ENTITY = "question_criterion"
NOTE_INTENT = "note_question"
# DIET's own intents for some questions (when the question reader is unsure): the same
# topic, so the words live once, in the trial definition.
INTENT_TOPICS = {"bot_challenge": "bot", "ask_medical_advice": "medical_advice", "ask_why": "why_ask"}
MAX_NOTED = 10  # questions kept for the study team (a button pressed many times adds nothing)


def entity(tracker: Tracker, name: str) -> Optional[str]:
    for e in (tracker.latest_message or {}).get("entities") or []:
        if e.get("entity") == name and isinstance(e.get("value"), str):
            return e["value"]
    return None


def intent_of(tracker: Tracker) -> Optional[str]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def topic_of(tracker: Tracker) -> Optional[str]:
    """The topic of the latest message, only if the trial definition knows it (a typed
    '/ask_question{...}' is untrusted)."""
    topic = INTENT_TOPICS.get(intent_of(tracker)) or entity(tracker, TOPIC_ENTITY)
    return topic if topic and trial().topic(topic) is not None else None


def faq_menu(dispatcher: CollectingDispatcher, lang: str) -> None:
    """The common questions as buttons (topics marked `menu` in the trial definition)."""
    choices = [(e.question.get(lang), "/ask_question" + json.dumps({TOPIC_ENTITY: e.id})) for e in trial().faq if e.menu]
    dispatcher.utter_message(response="utter_faq_menu", buttons=buttons(choices))


def offer_guesses(dispatcher: CollectingDispatcher, domain: DomainDict, lang: str, guesses, in_form: bool = False) -> bool:
    """"Just to check: is your question about one of these?" with the likeliest topics as
    buttons (clarify, never guess). Outside the form "Something else" opens the full list;
    inside it the open question comes again after. False when there is nothing to offer."""
    entries = [e for e in (trial().topic(g) for g in guesses or ()) if e is not None]
    if not entries:
        return False
    choices = [(e.question.get(lang), "/ask_question" + json.dumps({TOPIC_ENTITY: e.id})) for e in entries]
    if not in_form:
        choices.append((text(domain, "utter_label_something_else", lang), "/faq_menu"))
    dispatcher.utter_message(text=text(domain, "utter_question_guess", lang), buttons=buttons(choices))
    return True


def guesses_for(tracker: Tracker):
    """The likeliest topics of the latest typed message when the reader could not file it."""
    message = (tracker.latest_message or {}).get("text") or ""
    return questions.read(message).guesses if not message.lstrip().startswith("/") else ()


def button_topic(tracker: Tracker) -> Optional[str]:
    """The topic of a pressed question button ("/ask_question{...}", parsed by Rasa), or None
    for anything typed (typed questions go through the reader)."""
    message = (tracker.latest_message or {}).get("text") or ""
    return topic_of(tracker) if intent_of(tracker) == "ask_question" and message.lstrip().startswith("/") else None


def answer(dispatcher: CollectingDispatcher, domain: DomainDict, lang: str, topic: str,
           criterion: Optional[str] = None, open_slot: Optional[str] = None, in_form: bool = False) -> None:
    """One question's answer, with what can be done next (offers as buttons)."""
    entry = trial().topic(topic)
    if entry is None:
        return
    offers: List[tuple] = []
    if entry.special == "eligibility":
        if criterion in trial().criterion_ids:
            dispatcher.utter_message(text=trial().criterion(criterion).why.get(lang))
        else:
            dispatcher.utter_message(text=trial().topic("who").answer.get(lang))
        message = entry.answer.get(lang) if not in_form else text(domain, "utter_only_team_decides", lang)
        if not in_form:
            offers.append((text(domain, "utter_label_start", lang), "/start_screening"))
    elif entry.special == "why_ask" and open_slot:
        message = why_text(domain, lang, open_slot)
    else:
        message = entry.answer.get(lang)
    if entry.special == "contact" and trial().trial.site_contact.phone:
        message += " " + text(domain, "utter_contact_phone", lang, phone=trial().trial.site_contact.phone)
    if entry.special == "privacy":
        offers.append((text(domain, "utter_label_delete_data", lang), "/delete_my_data"))
    if entry.for_team:
        payload = "/note_question" + json.dumps({TOPIC_ENTITY: topic})
        offers.append((text(domain, "utter_label_note_question", lang), payload))
    dispatcher.utter_message(text=message, buttons=buttons(offers) if offers else None)


def why_text(domain: DomainDict, lang: str, slot: str) -> str:
    """Why the open question is asked, in the trial definition's or the domain's words."""
    slot = checked_slot(slot)
    if slot in trial().criterion_ids:
        return trial().criterion(slot).why.get(lang)
    if slot in (CONSENT_PRESCREEN, CONSENT_SHARE):
        return text(domain, "utter_why_consent", lang)
    if slot in CONTACT_SLOTS:
        return text(domain, "utter_why_contact", lang)
    return trial().topic("why_ask").answer.get(lang)


def note(tracker: Tracker, topic: Optional[str]) -> Optional[List[str]]:
    """The questions for the study team with this one added (None: not a topic the team
    answers). Only topic ids are kept: the coordinator sees "cost", never free text."""
    entry = trial().topic(topic) if isinstance(topic, str) else None
    if entry is None or not entry.for_team:
        return None
    noted = [t for t in (tracker.get_slot("questions_for_team") or []) if isinstance(t, str)]
    if topic not in noted and len(noted) < MAX_NOTED:
        noted.append(topic)
    return noted


def noted_topic(tracker: Tracker) -> Optional[str]:
    """The topic of "add my question for the study team" (a button: Rasa has parsed its
    payload into the intent and the entity), or None for any other message."""
    return entity(tracker, TOPIC_ENTITY) if intent_of(tracker) == NOTE_INTENT else None


class ActionAnswerQuestion(Action):
    """A question outside the screening questions: its answer, then what to do next."""

    def name(self) -> Text:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        if intent_of(tracker) == "ask_about_trial":  # the "About the study" button: the whole summary
            dispatcher.utter_message(text=trial().trial.summary.get(lang))
            dispatcher.utter_message(response="utter_how_can_help")
            return []
        topic = topic_of(tracker)
        if topic is None:  # a question the reader could not file: its likeliest topics, or the list
            if not offer_guesses(dispatcher, domain, lang, guesses_for(tracker)):
                faq_menu(dispatcher, lang)
            return []
        answer(dispatcher, domain, lang, topic, entity(tracker, CRITERION_ENTITY))
        if trial().topic(topic).special != "eligibility":
            dispatcher.utter_message(response="utter_how_can_help")
        return []


class ActionNoteQuestion(Action):
    """"Add my question for the study team": kept (as a topic) for the referral."""

    def name(self) -> Text:
        return "action_note_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        noted = note(tracker, entity(tracker, TOPIC_ENTITY))
        lang = language(tracker)
        if noted is None:
            dispatcher.utter_message(response="utter_how_can_help")
            return []
        say(dispatcher, domain, "utter_question_noted", lang)
        return [SlotSet("questions_for_team", noted)]


__all__ = ["ActionAnswerQuestion", "ActionNoteQuestion", "answer", "button_topic", "faq_menu", "guesses_for", "note",
           "noted_topic", "offer_guesses", "topic_of",
           "why_text"]
