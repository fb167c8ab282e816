"""People's questions, read by bot/understanding/questions.py inside Rasa's NLU pipeline.

Runs after DIET. When the question reader files a typed message under a topic of the trial
definition's `faq` with enough confidence, the intent becomes `ask_question` and the topic is
given as the entity `question_topic`; `action_answer_question` answers it from the trial
definition. Otherwise DIET's intent stands (greetings, start, pause, language…). Messages
starting with "/" (buttons) are left alone: their intent and entities are in the payload.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.understanding import questions

ASK_QUESTION = "ask_question"
TOPIC_ENTITY = "question_topic"
# DIET's own reading stands for these when the question is only "can I join?" in general:
# starting the screening answers it best.
KEEP_INTENTS = {"start_screening"}
# A request DIET is sure of ("I'd like to check if I can join", "pause", "中文") stands unless
# the question reader is surer still.
REQUESTS = {"start_screening", "resume", "start_over", "pause", "change_answer", "set_language", "delete_my_data",
            "greet", "goodbye", "thanks", "affirm", "deny", "faq_menu", "report_emergency", "emergency_in_past"}
DIET_SURE, READER_SURER = 0.8, 0.7


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class QuestionReader(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "QuestionReader":
        return cls()

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._read(message)
        return messages

    def _read(self, message: Message) -> None:
        text: Optional[str] = message.get(TEXT)
        if not text or text.lstrip().startswith("/"):
            return
        reading = questions.read(text)
        if reading.topic is None:
            return
        current = (message.get(INTENT) or {}).get("name")
        diet_confidence = (message.get(INTENT) or {}).get("confidence") or 0.0
        if current in REQUESTS and diet_confidence >= DIET_SURE and (not reading.asked or reading.confidence < READER_SURER):
            return  # "delete my data", "I'd like to check if I can join": a request, not a question
        if current in KEEP_INTENTS and reading.topic in ("who", "eligibility") and reading.criterion is None:
            return
        intent = {"name": ASK_QUESTION, "confidence": reading.confidence}
        # DIET's other guesses keep their order but share what is left of the confidence, so
        # the FallbackClassifier does not find two intents "too close" and ask again.
        rest = 1.0 - reading.confidence
        ranking = [intent] + [{**r, "confidence": (r.get("confidence") or 0.0) * rest}
                              for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != ASK_QUESTION]
        entities = [e for e in (message.get(ENTITIES) or []) if e.get("entity") != TOPIC_ENTITY]
        entities.append({"entity": TOPIC_ENTITY, "value": reading.topic, "start": 0, "end": len(text),
                         "confidence": reading.confidence, "extractor": type(self).__name__})
        if reading.criterion:
            entities.append({"entity": "question_criterion", "value": reading.criterion, "start": 0,
                             "end": len(text), "extractor": type(self).__name__})
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        message.set(ENTITIES, entities, add_to_output=True)
