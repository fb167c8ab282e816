"""The pre-screening form: which slot comes next, how each answer is validated, and how
each question is asked. Parsing and scoring are bot/'s job; this module only moves values
between the tracker and the engine and picks the words from the domain."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction
from rasa_sdk.types import DomainDict

from actions.common import all_form_slots, answers, buttons, language, now_iso, say, screener, text, trial
from actions.questions import answer as answer_question
from actions.questions import button_topic, note, noted_topic, offer_guesses, why_text
from bot import rules
from bot.flow import (
    CHECK_SUFFIX,
    CONFIRM_ANSWERS,
    CONSENT_PRESCREEN,
    CONSENT_SHARE,
    CONTACT_NAME,
    CONTACT_SLOTS,
    CONTACT_TIME,
    EMERGENCY,
    FORM_NAME,
    HANDOFF_SLOTS,
    MINOR,
    PAUSED,
    check_slot,
    checked_slot,
)
from bot.storage import get_store
from bot.understanding import commands, interpret, questions, redflags
from bot.understanding.parsing import NOT_SURE, PREFER_NOT, normalize, yes_no

CHANGE_MENU = "change_menu"
EDIT_ALL = "edit all"  # the button that shows every answer in the change list
CHANGE_LIST_SHORT = 6  # the latest answers shown first when something is to be changed
# The answer a change message names is offered first when the criterion finder is this sure
# (a wrong guess costs one tap: "Another answer").
CHANGE_NAMED = 0.5
STORED = "stored"  # value of a contact slot: the detail itself is kept encrypted outside Rasa
QUIET_PROBLEMS = (CHANGE_MENU, "side_answer", "check_declined")  # re-ask without "sorry, I did not understand"
YES_PAYLOAD, NO_PAYLOAD = "yes", "no"
CONSENTS = (CONSENT_PRESCREEN, CONSENT_SHARE, "sample_consent")  # where "I don't want to" is the answer
NOT_A_FIT = {"notice": "not_a_fit"}  # the page shows "this study may not suit you" as a calm notice of its own


def required_slots(tracker: Tracker) -> List[str]:
    """The form's slots for this person right now (spec sections 3 and 4)."""
    slots = [CONSENT_PRESCREEN]
    if tracker.get_slot(CONSENT_PRESCREEN) is not True:
        return slots
    given = answers(tracker)
    engine = screener()
    applicable = [c.id for c in engine.applicable(given)]
    if engine.early_exit(given):  # kind early exit: skip the questions after the last answer
        answered = [i for i, cid in enumerate(applicable) if given.get(cid) is not None]
        applicable = applicable[: answered[-1] + 1]
    slots += applicable + [CONFIRM_ANSWERS, CONSENT_SHARE]
    if tracker.get_slot(CONSENT_SHARE) is True:
        slots += list(CONTACT_SLOTS)
    return with_check(slots, tracker)


def with_check(slots: List[str], tracker: Tracker) -> List[str]:
    """A reading waiting to be confirmed is asked as <ID>__check just before <ID>."""
    pending = tracker.get_slot("pending_check") or {}
    target = pending.get("slot") if isinstance(pending, dict) else None
    if target in slots and tracker.get_slot(target) is None:
        index = slots.index(target)
        return slots[:index] + [check_slot(target)] + slots[index:]
    return slots


class ValidatePrescreenForm(FormValidationAction):
    """Validates every answer server-side: text from buttons, free text and '/intent'
    injections all go through the same parsers, so no slot ever holds a value the form
    would not accept."""

    def name(self) -> Text:
        return f"validate_{FORM_NAME}"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        return required_slots(tracker)

    async def next_requested_slot(self, dispatcher, tracker, domain) -> Optional[EventType]:
        if tracker.get_slot("stop_reason"):
            return SlotSet(REQUESTED_SLOT, None)  # pause, emergency, under 18: leave the form
        missing = next((s for s in required_slots(tracker) if tracker.get_slot(s) is None), None)
        return SlotSet(REQUESTED_SLOT, missing)

    async def get_validation_events(self, dispatcher, tracker, domain) -> List[EventType]:
        # Only the slot that was asked holds what the person typed. Slots filled earlier
        # (validated when they were answered) are re-offered by Rasa when the form is
        # re-activated; they are already canonical and are left alone.
        asked = tracker.get_slot(REQUESTED_SLOT)
        updates: Dict[str, Any] = {}
        for slot, value in tracker.slots_to_validate().items():
            if slot != asked or slot not in all_form_slots():
                continue
            result = self.validate_answer(slot, value, dispatcher, tracker, domain)
            updates.update(result)
            tracker.slots.update(result)
        return [SlotSet(key, value) for key, value in updates.items()]

    # -- one answer ----------------------------------------------------------------------
    def validate_answer(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """Reads one message in a fixed order: emergency first (always, even when it also
        answers the question), then commands, then the answer, then a side question."""
        lang = language(tracker)
        message = value if isinstance(value, str) else ""
        tracker.slots[slot] = None  # the raw text is not an answer until it is read

        flag = redflags.detect(message)
        if flag and flag.is_emergency:
            return {slot: None, "pending_check": None, "stop_reason": EMERGENCY, "red_flag": flag.category,
                    "prescreen_outcome": rules.EMERGENCY_STOP}
        if flag and flag.status == redflags.QUESTION:
            say(dispatcher, domain, "utter_symptom_question", lang)  # warning signs and 120, then go on
            return {slot: None, "last_problem": "side_answer"}
        if redflags.about_the_form(message):
            say(dispatcher, domain, "utter_form_confusion", lang)  # said kindly, then the question again
            return {slot: None, "last_problem": "side_answer"}

        command = commands.read(message)  # read once: start over, pause, change, why, language
        if command == commands.LANGUAGE:
            return {slot: None, "last_problem": "side_answer"}  # asked again in the new language
        target = commands.edit_target(message)
        if target:
            return self._edit(slot, target, dispatcher, tracker, domain)
        why_said = command == commands.WHY
        if why_said:
            # The reason first; an answer the same message gives ("女的，问这个干嘛？") is still
            # recorded below, so the person does not have to repeat it.
            dispatcher.utter_message(text=why_text(domain, lang, checked_slot(slot)))
        noted = note(tracker, noted_topic(tracker))
        if noted is not None:  # "add my question for the study team", pressed mid-form
            say(dispatcher, domain, "utter_question_noted", lang)
            return {slot: None, "questions_for_team": noted, "last_problem": "side_answer"}
        pressed = button_topic(tracker)
        if pressed is not None:  # a question button (offered after an unsure question), pressed mid-form
            self._answer_side(checked_slot(slot), dispatcher, domain, lang, pressed)
            return {slot: None, "last_problem": "side_answer"}
        if command == commands.PAUSE and checked_slot(slot) not in CONSENTS:
            # At a consent question "不想参加了" / 不弄了 is its answer (no), read below.
            return {slot: None, "stop_reason": PAUSED}
        if command == commands.CHANGE or (slot == CONFIRM_ANSWERS and yes_no(message) == "no"):
            return self._change_menu(slot, dispatcher, tracker, domain, message)
        if command == commands.START_OVER:
            say(dispatcher, domain, "utter_starting_over", lang)
            return {**{s: None for s in all_form_slots()}, **fresh_state()}

        if slot.endswith(CHECK_SUFFIX):
            result = self._check_answer(slot, message, dispatcher, tracker, domain)
            if result is not None:
                return result
            slot_read = checked_slot(slot)  # a new answer typed instead of yes / no
        else:
            slot_read = slot
        reading = self._read(slot_read, commands.without(message, commands.WHY) if why_said else message)
        if why_said:
            if reading.kind != interpret.ANSWER:
                return {slot: None, "last_problem": "side_answer"}
            asked = questions.Question(None, 0.0)  # the "why" is answered; the answer is recorded
        else:
            asked = questions.read(message, only_if_asked=True)  # only a question put as one is answered here
        if self._question_wins(reading, asked) and self._side_question(slot_read, dispatcher, tracker, domain, lang, asked):
            return {slot: None, "last_problem": "side_answer"}
        if reading.kind == interpret.ANSWER:
            result = self._record(slot_read, reading.value, message, dispatcher, tracker, domain)
            if slot_read != slot:
                result[slot] = None
            return result
        if reading.kind == interpret.CHECK:
            return {slot: None, slot_read: None, "pending_check": {"slot": slot_read, "value": reading.value},
                    "retry_count": 0, "last_problem": None}
        # At an open question only a message put as a question is answered as one: "call me
        # maybe" at the phone question is a failed answer, not a question about contact.
        if asked.asked and self._side_question(slot_read, dispatcher, tracker, domain, lang, asked):
            return {slot: None, "last_problem": "side_answer"}
        if asked.guesses and offer_guesses(dispatcher, domain, lang, asked.guesses, in_form=True):
            return {slot: None, "last_problem": "side_answer"}  # a question the reader is unsure of: which one?
        return {slot: None, "pending_check": None,
                "retry_count": (tracker.get_slot("retry_count") or 0) + 1, "last_problem": reading.problem or "not_understood"}

    @staticmethod
    def _question_wins(reading: interpret.Reading, asked: questions.Question) -> bool:
        """While a question is open an answer is an answer, unless the message is clearly a
        question about the study (put as a question and filed under a topic with confidence).
        "I have hepatitis B, can I join?" at the hepatitis question is recorded: the
        screening itself answers it."""
        if asked.topic is None or reading.kind == interpret.UNCLEAR:
            return False
        if asked.topic == "eligibility":
            return False
        return asked.asked and asked.confidence >= questions.QUESTION_WINS

    def _read(self, slot: str, message: str) -> interpret.Reading:
        if slot in trial().criterion_ids:
            return interpret.read(trial().criterion(slot), message)
        return interpret.read_step(slot, message)

    def _check_answer(self, slot, message, dispatcher, tracker, domain) -> Optional[Dict[str, Any]]:
        """Yes confirms the reading, no asks the question again, "not sure" records not sure;
        anything else is read as a new answer (None)."""
        target = checked_slot(slot)
        pending = tracker.get_slot("pending_check") or {}
        if not isinstance(pending, dict) or pending.get("slot") != target:
            return {slot: None, "pending_check": None}
        t = normalize(message)
        reply = interpret.read_step(CONFIRM_ANSWERS, message) if t not in (YES_PAYLOAD, NO_PAYLOAD, NOT_SURE) else None
        answer = t if reply is None else (reply.value if reply.kind == interpret.ANSWER else None)
        if answer == YES_PAYLOAD:
            result = self._record(target, pending.get("value"), message, dispatcher, tracker, domain)
            return {**result, slot: None}
        if answer == NOT_SURE and target in trial().criterion_ids:
            return {**self._record(target, NOT_SURE, message, dispatcher, tracker, domain), slot: None}
        if answer == NO_PAYLOAD and len(t.split()) <= 3 and len(t) <= 12:
            return {slot: None, target: None, "pending_check": None, "retry_count": 0, "last_problem": "check_declined"}
        return None

    def _record(self, slot, value, message, dispatcher, tracker, domain) -> Dict[str, Any]:
        """An answer that was understood (or confirmed): slots, verdicts, outcome, progress."""
        if slot == CONFIRM_ANSWERS and value == NO_PAYLOAD:  # something is wrong: which answer?
            return {**self._change_menu(slot, dispatcher, tracker, domain, message), "pending_check": None}
        if slot in trial().criterion_ids:
            if not screener().is_valid(slot, value):
                return {slot: None, "pending_check": None, "retry_count": 1, "last_problem": "not_understood"}
            result, _ = self._criterion(slot, value, message, dispatcher, tracker, domain)
            funnel_mark(tracker, f"answered:{slot}")
        else:
            result = self._handoff(slot, value, tracker)
            if slot == CONSENT_PRESCREEN and result.get(slot) is True:
                funnel_mark(tracker, "consented")
        return {**result, "pending_check": None}

    # -- criteria ------------------------------------------------------------------------
    def _criterion(self, slot, value, message, dispatcher, tracker, domain) -> Tuple[Dict[str, Any], str]:
        engine = screener()
        given = answers(tracker)
        given[slot] = value
        cleared = {dep: None for dep in engine.dependants(slot) if given.get(dep) is not None}
        given.update(cleared)
        texts = dict(tracker.get_slot("answer_texts") or {})
        texts[slot] = message[:500]
        also = self._also_answered(slot, given, message)
        for other, other_value in also.items():
            if given.get(other) != other_value:
                cleared.update({dep: None for dep in engine.dependants(other) if given.get(dep) is not None})
            given.update({other: other_value, **cleared})
            texts[other] = message[:500]
        evaluation = engine.evaluate(given)
        result: Dict[str, Any] = {
            slot: value,
            **also,
            **cleared,
            "answer_texts": texts,
            "criteria_verdicts": evaluation.verdicts,
            "prescreen_outcome": evaluation.outcome,
            "retry_count": 0,
            "last_problem": None,
            CONFIRM_ANSWERS: None,
        }
        if engine.is_minor(given):  # under 18: stop, keep no health data
            result.update({slot: None, "answer_texts": {}, "stop_reason": MINOR,
                           "criteria_verdicts": {trial().criterion(slot).verdict_key: rules.DOES_NOT_MEET},
                           "prescreen_outcome": rules.LIKELY_INELIGIBLE})
            return result, ""
        was_excluded = rules.DOES_NOT_MEET in (tracker.get_slot("criteria_verdicts") or {}).values()
        if evaluation.not_met and not was_excluded:
            key = evaluation.not_met[0]
            lang = language(tracker)
            dispatcher.utter_message(text=text(domain, "utter_early_exit", lang, label=engine.label_for_key(key, lang),
                                               reason=evaluation.reasons[key][lang], whom=whom(domain, given, lang)),
                                     json_message=NOT_A_FIT)
        return result, ""

    @staticmethod
    def _also_answered(slot: str, given: Dict[str, Any], message: str) -> Dict[str, Any]:
        """Steps the same message answers too, from a confident reading: "for my dad" says the
        patient is a man, so the sex step is not asked (the summary shows it, to change)."""
        engine = screener()
        if not trial().criterion(slot).also_answers or engine.patient_named(given) is None:
            return {}
        found: Dict[str, Any] = {}
        chosen = trial().criterion(slot).option(given.get(slot))
        for other in trial().criterion(slot).also_answers:
            reading = interpret.read(trial().criterion(other), message)
            if reading.kind != interpret.ANSWER and chosen is not None:  # 我是他儿媳妇: "My father-in-law" says it
                reading = interpret.read(trial().criterion(other), chosen.label.en)
            if reading.kind == interpret.ANSWER and reading.value not in (NOT_SURE, PREFER_NOT) \
                    and engine.is_valid(other, reading.value):
                found[other] = reading.value
        return found

    # -- consent, summary, hand-off ------------------------------------------------------------
    def _handoff(self, slot: str, value: Any, tracker: Tracker) -> Dict[str, Any]:
        record = dict(tracker.get_slot("consent_record") or {})
        done = {"retry_count": 0, "last_problem": None}
        if slot == CONSENT_PRESCREEN:
            if value == YES_PAYLOAD:
                record["prescreen"] = {"version": trial().consent.prescreen.version, "at": now_iso()}
                return {slot: True, "consent_record": record, "started_at": now_iso(), **done}
            if value == NO_PAYLOAD:
                return {slot: False, **done}
            return {slot: None, "retry_count": 1, "last_problem": "consent_unsure"}
        if slot == CONFIRM_ANSWERS:
            return {slot: True, **done}  # yes, or "not sure": the study team checks every answer anyway
        if slot == CONSENT_SHARE:
            if value == YES_PAYLOAD:
                record["share"] = {"version": trial().consent.share.version, "at": now_iso()}
                return {slot: True, "consent_record": record, **done}
            if value == NO_PAYLOAD:
                return {slot: False, **done}
            return {slot: None, "retry_count": 1, "last_problem": "consent_unsure"}
        if slot in CONTACT_SLOTS:
            # Contact details go straight into the encrypted store; the slot only says so.
            get_store().put_contact(tracker.sender_id, slot, value)
            return {slot: STORED, **done}
        return {slot: None, "retry_count": 1, "last_problem": "not_understood"}

    # -- side paths ----------------------------------------------------------------------
    def _change_menu(self, slot, dispatcher, tracker, domain, message: str = "", show_all: bool = False) -> Dict[str, Any]:
        """Which answer to change: the one the message names ("the hepatitis one is wrong",
        年龄写错了) offered first with "Another answer"; otherwise the latest few answers with
        "Show all answers", so a phone never shows a wall of 24 buttons."""
        lang = language(tracker)
        given = answers(tracker)
        answered = [c for c in trial().criteria if given.get(c.id) is not None]
        if not answered:
            say(dispatcher, domain, "utter_change_nothing", lang)
            return {slot: None, "last_problem": "side_answer"}
        named = None
        if message and not show_all:
            named = answered[-1].id if commands.says_previous(message) else questions.about_criterion(message, CHANGE_NAMED)
        more = text(domain, "utter_label_show_all_answers", lang)
        if named in {c.id for c in answered}:
            chosen = trial().criterion(named)
            dispatcher.utter_message(text=text(domain, "utter_change_this", lang, answer=chosen.label.get(lang)),
                                     buttons=buttons([(chosen.label.get(lang), f"edit {chosen.id}"),
                                                      (text(domain, "utter_label_another_answer", lang), EDIT_ALL)]))
            return {slot: None, "last_problem": CHANGE_MENU}
        shown = answered if show_all or len(answered) <= CHANGE_LIST_SHORT + 1 else answered[-CHANGE_LIST_SHORT:]
        pairs = [(c.label.get(lang), f"edit {c.id}") for c in shown]
        if len(shown) < len(answered):
            pairs.append((more, EDIT_ALL))
        dispatcher.utter_message(text=text(domain, "utter_change_which", lang), buttons=buttons(pairs))
        return {slot: None, "last_problem": CHANGE_MENU}

    def _edit(self, slot, target, dispatcher, tracker, domain) -> Dict[str, Any]:
        if target not in trial().criterion_ids or tracker.get_slot(target) is None:
            return self._change_menu(slot, dispatcher, tracker, domain, show_all=True)
        cleared = {target: None, **{dep: None for dep in screener().dependants(target)}}
        cleared.update({s: None for s in HANDOFF_SLOTS})
        given = {**answers(tracker), **cleared}
        evaluation = screener().evaluate(given)
        return {slot: None, **cleared, "criteria_verdicts": evaluation.verdicts, "prescreen_outcome": None,
                "retry_count": 0, "last_problem": None}

    def _side_question(self, slot, dispatcher, tracker, domain, lang: str, asked: questions.Question) -> bool:
        """A question about the study asked at an open question: answer it, then the same
        question comes again (nothing recorded, progress unchanged)."""
        if asked.topic is None:
            return False
        self._answer_side(slot, dispatcher, domain, lang, asked.topic, asked.criterion)
        return True

    @staticmethod
    def _answer_side(slot, dispatcher, domain, lang: str, topic: str, criterion: Optional[str] = None) -> None:
        if topic == "why_ask":
            dispatcher.utter_message(text=why_text(domain, lang, slot))
        else:
            answer_question(dispatcher, domain, lang, topic, criterion, open_slot=slot, in_form=True)


def funnel_mark(tracker: Tracker, kind: str) -> None:
    """An anonymous progress mark for the coordinators' funnel; never breaks the chat."""
    try:
        get_store().record_funnel(tracker.sender_id, kind)
    except Exception:  # noqa: BLE001 - the conversation matters more than the statistics
        logging.getLogger(__name__).exception("could not record a funnel mark")


def fresh_state() -> Dict[str, Any]:
    """State slots of a screening that has not started (language is kept)."""
    return {
        "criteria_verdicts": None, "prescreen_outcome": None, "referral_code": None, "answer_texts": None,
        "retry_count": 0, "last_problem": None, "stop_reason": None, "red_flag": None,
        "consent_record": None, "started_at": None, "reported_stop": None, "pending_check": None,
    }


# ----------------------------------------------------------------------------------------
# Asking
# ----------------------------------------------------------------------------------------


class AskSlot(Action):
    """Asks one form slot: progress, question and answer buttons, in the person's language.
    After a failed answer it says what went wrong; after two, it explains the options."""

    slot: str = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        problem = tracker.get_slot("last_problem")
        if problem == CHANGE_MENU:
            return [SlotSet("last_problem", None)]  # the change menu is on screen; wait for a choice
        retries = tracker.get_slot("retry_count") or 0
        if retries and problem not in QUIET_PROBLEMS:
            self.hint(dispatcher, domain, lang, problem, retries)
        elif problem == "check_declined":
            say(dispatcher, domain, "utter_check_declined", lang)
        self.ask(dispatcher, tracker, domain, lang)
        return [SlotSet("last_problem", None)] if problem else []

    def hint(self, dispatcher: CollectingDispatcher, domain: DomainDict, lang: str, problem: str, retries: int) -> None:
        """After a failed try: what went wrong, with an example answer that fits this
        question; after two, how the buttons and "not sure" work. Never the same words twice."""
        responses = domain.get("responses") or {}
        choice_question = self.slot in trial().criterion_ids and trial().criterion(self.slot).answer_type == "choice"
        if retries >= 2:
            numeric = self.slot in trial().criterion_ids and not choice_question
            say(dispatcher, domain, "utter_explain_number" if numeric else "utter_explain_choice", lang)
        elif f"utter_hint_{problem}" in responses:
            say(dispatcher, domain, f"utter_hint_{problem}", lang)
        elif choice_question:
            say(dispatcher, domain, "utter_hint_choice", lang, example=screener().example_answer(self.slot, lang))
        else:
            say(dispatcher, domain, "utter_not_understood", lang)

    def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, lang: str) -> None:
        why = (text(domain, "utter_label_why", lang), "why")
        if self.slot.endswith(CHECK_SUFFIX):
            self.ask_check(dispatcher, tracker, domain, lang)
        elif self.slot in trial().criterion_ids:
            engine = screener()
            given = answers(tracker)
            n, total = engine.progress(self.slot, given)
            question = engine.question_text(self.slot, given, lang)
            numbered = text(domain, "utter_question", lang, n=n, total=total, question=question)
            dispatcher.utter_message(
                text=numbered if n else text(domain, "utter_question_step", lang, question=question),
                buttons=buttons(engine.button_options(self.slot, lang, given) + [why]),
                json_message={"progress": {"n": n, "total": total}, "question_id": self.slot},
            )
        elif self.slot == CONSENT_PRESCREEN:
            dispatcher.utter_message(
                text=trial().consent.prescreen.text.get(lang),
                buttons=buttons([(text(domain, "utter_label_agree", lang), "agree"),
                                 (text(domain, "utter_label_decline", lang), "decline"), why]),
            )
        elif self.slot == CONFIRM_ANSWERS:
            dispatcher.utter_message(
                text=text(domain, "utter_ask_confirm", lang, summary=summary(tracker, lang)),
                buttons=buttons([(text(domain, "utter_label_confirm", lang), "yes"),
                                 (text(domain, "utter_label_change", lang), "change")]),
            )
        elif self.slot == CONSENT_SHARE:
            outcome_message(dispatcher, tracker, domain, lang)
            say(dispatcher, domain, "utter_disclaimer", lang)
            dispatcher.utter_message(
                text=trial().consent.share.text.get(lang),
                buttons=buttons([(text(domain, "utter_label_share_yes", lang), "yes"),
                                 (text(domain, "utter_label_share_no", lang), "no")]),
            )
        elif self.slot == CONTACT_TIME:
            choices = [(text(domain, f"utter_label_{key}", lang), key)
                       for key in ("morning", "afternoon", "evening", "any_time")]
            dispatcher.utter_message(text=text(domain, "utter_ask_contact_time", lang), buttons=buttons(choices))
        elif self.slot == CONTACT_NAME and screener().patient_named(answers(tracker)) is not None:
            say(dispatcher, domain, "utter_ask_contact_name_family", lang,
                patient=screener().patient_named(answers(tracker))[lang])
        else:
            say(dispatcher, domain, f"utter_ask_{self.slot}", lang)


    def ask_check(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, lang: str) -> None:
        """"Just to check: …?" with Yes / No / Not sure: the reading is recorded only on yes."""
        target = checked_slot(self.slot)
        pending = tracker.get_slot("pending_check") or {}
        value = pending.get("value") if isinstance(pending, dict) else None
        if target in trial().criterion_ids:
            other = screener().patient_named(answers(tracker)) is not None
            message = text(domain, "utter_check_answer", lang, label=trial().criterion(target).label.get(lang),
                           answer=screener().display(target, value, lang, other))
        else:
            message = text(domain, f"utter_check_{target}_{value}", lang)
        choices = [(text(domain, "utter_label_check_yes", lang), YES_PAYLOAD),
                   (text(domain, "utter_label_check_no", lang), NO_PAYLOAD)]
        if target in trial().criterion_ids:
            choices.append((trial().not_sure_label(lang), NOT_SURE))
        dispatcher.utter_message(text=message, buttons=buttons(choices), json_message={"question_id": self.slot})


def summary(tracker: Tracker, lang: str) -> str:
    engine = screener()
    given = answers(tracker)
    other = engine.patient_named(given) is not None
    lines = []
    for c in engine.applicable(given):
        if given.get(c.id) is not None:
            lines.append(f"• {c.label.get(lang)}: {engine.display(c.id, given[c.id], lang, other)}")
    return "\n".join(lines)


def outcome_message(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, lang: str) -> None:
    """The outcome in plain words, with what the study team still needs to check."""
    engine = screener()
    evaluation = engine.evaluate(answers(tracker))
    about = whom(domain, answers(tracker), lang)
    outcome = evaluation.outcome or rules.NEEDS_REVIEW
    if outcome == rules.LIKELY_INELIGIBLE:
        items = [f"• {engine.label_for_key(k, lang)}: {evaluation.reasons[k][lang]}" for k in evaluation.not_met]
        dispatcher.utter_message(text=text(domain, "utter_outcome_likely_ineligible", lang, not_met="\n".join(items),
                                           whom=about), json_message=NOT_A_FIT)
    elif outcome == rules.NEEDS_REVIEW:
        items = [f"• {engine.label_for_key(k, lang)}" for k in evaluation.unknown]
        say(dispatcher, domain, "utter_outcome_needs_review", lang, to_review="\n".join(items), whom=about)
    else:
        # plain next steps for the person; the site's checklist stays in the referral for the team
        items = [f"• {step.get(lang)}" for step in trial().trial.next_steps]
        say(dispatcher, domain, "utter_outcome_likely_eligible", lang, next_steps="\n".join(items), whom=about)


def whom(domain: DomainDict, given: Dict[str, Any], lang: str) -> str:
    """Whom an outcome is about: "you", or the patient a relative answers for ("your father")."""
    named = screener().patient_named(given)
    return named[lang] if named else text(domain, "utter_whom_self", lang)


def _ask_class(slot: str) -> type:
    return type(f"AskSlot_{slot}", (AskSlot,), {"slot": slot, "__module__": __name__})


# One ask action per form slot, generated from the trial definition (names match the
# generated part of domain.yml).
ASK_ACTIONS = [_ask_class(slot) for slot in all_form_slots()]

__all__ = ["ValidatePrescreenForm", "AskSlot", "ASK_ACTIONS", "required_slots", "fresh_state"]
