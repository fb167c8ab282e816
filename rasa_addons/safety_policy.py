"""The emergency check as a dialogue policy: it reads every user message before any rule does.

Inside the questions, the form's validation reads the message first (bot/understanding,
emergency before anything else). Everywhere else (greeting, FAQ, after the questions) this
policy runs bot.understanding.redflags on the message and, when it describes an emergency
happening now, predicts `action_emergency` with full confidence and a priority above the
rules, so no FAQ answer or fallback can come first. A question about a symptom gets the
warning signs and 120. After an emergency stop, every further message gets the emergency
guidance again (120 first) until the person starts over.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.flow import EMERGENCY
from bot.understanding import redflags

ACTION_EMERGENCY = "action_emergency"
ACTION_FOLLOWUP = "action_emergency_followup"
ACTION_SYMPTOM_QUESTION = "action_symptom_question"
OWN_ACTIONS = (ACTION_EMERGENCY, ACTION_FOLLOWUP, ACTION_SYMPTOM_QUESTION)
# After an emergency stop these still do what they say (start again later, delete data, language).
ALLOWED_AFTER_EMERGENCY = ("start_over", "emergency_in_past", "delete_my_data", "set_language")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class SafetyPolicy(Policy):
    """Predicts the emergency actions; predicts nothing (all zeros) otherwise."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 7}  # above RulePolicy (6): wins a tie at full confidence

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, featurizer=None) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None, **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self.choose(tracker)
        if action and action in domain.action_names_or_texts:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)

    @staticmethod
    def choose(tracker: DialogueStateTracker) -> Optional[str]:
        latest = tracker.latest_action_name
        if latest in OWN_ACTIONS:
            return ACTION_LISTEN_NAME
        if latest != ACTION_LISTEN_NAME:
            return None
        message = tracker.latest_message
        text = (message.text or "") if message else ""
        intent = ((message.intent or {}).get("name") if message else None) or ""
        if tracker.active_loop_name:
            return None  # the form's validation reads the message, emergency first
        if tracker.get_slot("stop_reason") == EMERGENCY and intent not in ALLOWED_AFTER_EMERGENCY:
            return ACTION_FOLLOWUP
        if text.lstrip().startswith("/"):
            return None  # a button payload or command: never a symptom description
        flag = redflags.detect(text)
        if flag and flag.is_emergency:
            return ACTION_EMERGENCY
        if flag and flag.status == redflags.QUESTION:
            return ACTION_SYMPTOM_QUESTION
        return None

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "SafetyPolicy":
        return cls(config, model_storage, resource, execution_context)
