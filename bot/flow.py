"""Names of the form and of its non-criterion steps (spec section 6), shared by the
domain generator, the Rasa adapters and the evaluation player."""

from __future__ import annotations

from typing import List

from bot.trial import TrialDefinition

FORM_NAME = "prescreen_form"
CONSENT_PRESCREEN = "consent_prescreen"
CONFIRM_ANSWERS = "confirm_answers"
CONSENT_SHARE = "consent_share"
CONTACT_NAME = "contact_name"
CONTACT_PHONE = "contact_phone"
CONTACT_TIME = "contact_time"
CONTACT_SLOTS = (CONTACT_NAME, CONTACT_PHONE, CONTACT_TIME)
HANDOFF_SLOTS = (CONFIRM_ANSWERS, CONSENT_SHARE) + CONTACT_SLOTS

# Why the form stopped (slot stop_reason).
PAUSED, EMERGENCY, NO_CONSENT, MINOR, COMPLETED = "paused", "emergency", "no_consent", "minor", "completed"


# A clarifying question that reads an answer back ("Just to check: …?") is asked as the slot
# <ID>__check (spec section 6); "yes" there records the reading.
CHECK_SUFFIX = "__check"
CHECKED_STEPS = (CONSENT_PRESCREEN, CONFIRM_ANSWERS, CONSENT_SHARE)


def form_slots(trial: TrialDefinition) -> List[str]:
    """Every slot the form can ask, in order (the domain's required_slots)."""
    return [CONSENT_PRESCREEN] + trial.criterion_ids + list(HANDOFF_SLOTS)


def check_slot(slot: str) -> str:
    return slot + CHECK_SUFFIX


def checked_slot(slot: str) -> str:
    """The slot a check slot reads back (age__check -> age)."""
    return slot[: -len(CHECK_SUFFIX)] if slot.endswith(CHECK_SUFFIX) else slot


def check_slots(trial: TrialDefinition) -> List[str]:
    """The clarifying slots: one per criterion and per consent or confirmation step."""
    return [check_slot(s) for s in list(CHECKED_STEPS[:1]) + trial.criterion_ids + list(CHECKED_STEPS[1:])]

# Slots the adapters keep (filled only by actions, never from a user's entities).
STATE_SLOTS = (
    "language", "criteria_verdicts", "prescreen_outcome", "referral_code", "answer_texts",
    "retry_count", "last_problem", "stop_reason", "red_flag", "consent_record", "started_at",
    "reported_stop", "pending_check", "questions_for_team",
)

# Custom actions besides the form's validation and ask actions.
ACTIONS = (
    "action_validate_slot_mappings", "action_start_prescreen", "action_finish_prescreen",
    "action_answer_question", "action_note_question", "action_faq_menu", "action_emergency", "action_emergency_in_past",
    "action_start_over", "action_default_fallback", "action_delete_referral", "validate_delete_form",
    "action_restart", "action_back", "action_emergency_followup", "action_symptom_question",
)

# "Delete my data" in the chat: a small second form.
DELETE_FORM = "delete_form"
DELETE_SLOTS = ("delete_code", "delete_phone")
# Slots whose typed text is personal and never kept in Rasa's tracker store. (The reference
# code is not personal, and the delete form needs it on the next turn.)
REDACTED_SLOTS = CONTACT_SLOTS + ("delete_phone",)
